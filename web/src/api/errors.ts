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
  NOT_FOUND: "未找到，可能已被删除或无权查看",
  TICKET_NOT_FOUND: "工单不存在或无权查看",
  TRANSITION_NOT_ALLOWED: "当前状态不允许该操作",
  VERSION_CONFLICT: "工单已被他人修改，请刷新",
  CONFLICT: "数据冲突，请刷新后重试",
  DUPLICATE: "记录已存在，请勿重复提交",
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
  settings: "政策设置",
  reviewers: "评议人",
  conclusion: "评议结论",
};
