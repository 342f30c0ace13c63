import type { ErrorCode } from "./types.js";

/**
 * A Chinese message for every code the server can send (ErrorCode comes from the OpenAPI document, so a
 * new server code does not compile until it has a message here); test/api/error-messages.test.ts checks
 * the list against src/domain/errors.ts both ways.
 */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: "输入有误，请检查标红的项目",
  UNAUTHENTICATED: "登录已失效或用户名、密码错误，请重新登录",
  FORBIDDEN: "没有权限执行该操作",
  PASSWORD_RESET_REQUIRED: "管理员已重置您的密码，请先设置新密码",
  NOT_FOUND: "未找到，可能已被删除或无权查看",
  TICKET_NOT_FOUND: "工单不存在或无权查看",
  // The state machine's fine refusals (src/domain/errors.ts ERROR_CODES); `<ACTION>_NOT_ALLOWED_IN_STATUS` below.
  RETURN_ALREADY_PENDING: "已有退单申请待审核",
  EXTENSION_ALREADY_PENDING: "已有延期申请待审核",
  NO_EXTENSION_PENDING: "没有待审核的延期申请",
  EXCLUSION_ALREADY_PENDING: "已有不纳入满意度测评的申请待审核",
  NO_EXCLUSION_PENDING: "没有待审核的剔除申请",
  ALREADY_EXCLUDED: "该工单已不纳入满意度测评",
  CLOSURE_NOT_SCORED: "该工单的办结方式不参加满意度测评",
  REDO_NOT_ALLOWED_FOR_CLOSURE: "只有不满意办结的工单可以重办",
  REQUEST_ALREADY_DECIDED: "该申请已处理",
  FOLLOW_UP_DECISION_REQUIRED: "不满意时须选择重办或办结",
  DISPATCH_NOT_ALLOWED_IN_STATUS: "只有待派单的工单可以派单",
  SIGN_NOT_ALLOWED_IN_STATUS: "只有已派单、待签收的工单可以签收",
  RECORD_CONTACT_NOT_ALLOWED_IN_STATUS: "当前状态不能登记先行联系",
  REQUEST_RETURN_NOT_ALLOWED_IN_STATUS: "当前状态不能申请退单（签收前后办理中的工单才可申请）",
  DECIDE_RETURN_NOT_ALLOWED_IN_STATUS: "该工单没有待审核的退单申请",
  REQUEST_EXTENSION_NOT_ALLOWED_IN_STATUS: "当前状态不能申请延期",
  DECIDE_EXTENSION_NOT_ALLOWED_IN_STATUS: "当前状态不能审核延期",
  REPLY_NOT_ALLOWED_IN_STATUS: "只有已签收、办理中的工单可以答复",
  APPROVE_REPLY_NOT_ALLOWED_IN_STATUS: "该工单没有待签批的答复",
  FOLLOW_UP_NOT_ALLOWED_IN_STATUS: "只有已答复的工单可以回访",
  REDO_NOT_ALLOWED_IN_STATUS: "当前状态不能重办",
  REQUEST_EXCLUSION_NOT_ALLOWED_IN_STATUS: "当前状态不能申请不纳入满意度测评",
  DECIDE_EXCLUSION_NOT_ALLOWED_IN_STATUS: "当前状态不能审核剔除申请",
  TERMINATE_NOT_ALLOWED_IN_STATUS: "只有未办结的工单可以终结",
  REVEAL_PHONE_NOT_ALLOWED_IN_STATUS: "当前状态不能查看完整号码",
  AUTO_CLOSE_NOT_ALLOWED_IN_STATUS: "当前状态不能自动办结",
  CLOSE_OUT_OF_SCOPE_NOT_ALLOWED_IN_STATUS: "只有待派单的工单可以按不予受理办结",
  VERSION_CONFLICT: "工单已被他人修改，请刷新",
  KNOWLEDGE_RETIRED: "该知识条目已停用，不能再修改或发布",
  CONFLICT: "数据冲突，请刷新后重试",
  DUPLICATE: "记录已存在，请勿重复提交",
  ATTACHMENT_QUOTA_EXCEEDED: "该工单的附件数量或总大小已达上限",
  IDEMPOTENCY_KEY_REUSED: "该请求标识已用于另一份内容，请刷新后重新提交",
  PAYLOAD_TOO_LARGE: "文件过大，无法上传",
  UNSUPPORTED_MEDIA_TYPE: "不支持该文件类型，请上传图片、录音、PDF 或 Office 文档",
  RATE_LIMITED: "操作过于频繁，请稍后再试",
  INTERNAL: "服务器内部错误，请稍后再试",
};

/** Codes the web itself raises (no answer from the server). */
export const CLIENT_ERROR_MESSAGES = {
  NETWORK: "网络异常，无法连接服务器",
} as const;

/** Chinese names of request fields, so "VALIDATION_FAILED on title" reads as 输入有误：标题. */
export const FIELD_LABELS: Record<string, string> = {
  title: "标题",
  content: "诉求内容",
  channel: "来源渠道",
  "requester.phone": "来电号码",
  "requester.name": "诉求人",
  phone: "来电号码",
  categoryId: "诉求分类",
  urgency: "紧急程度",
  unitId: "承办单位",
  coUnitIds: "协办单位",
  reason: "理由",
  workingDays: "延期工作日",
  handlerName: "承办人",
  leaderName: "签批领导",
  decision: "处理决定",
  username: "用户名",
  password: "密码",
  name: "名称",
  outcome: "回访结果",
  file: "附件",
  filename: "附件文件名",
  receivedAt: "来电时间",
  settings: "政策设置",
  reviewers: "评议人",
  conclusion: "评议结论",
};
