/** Chinese labels and tag colours, from docs/RULES.md's glossary. */
import type {
  Channel,
  ClosureKind,
  ContactOutcome,
  FirstContactState,
  FollowUpOutcome,
  ReplyResult,
  Role,
  TicketActionName,
  TicketStatus,
  Urgency,
} from "../api/types.js";
import { EXCLUSION_REASON_LABELS } from "./domain.js";

export const STATUS_LABELS: Record<TicketStatus, string> = {
  pending_dispatch: "待派单",
  dispatched: "待签收",
  signed: "办理中",
  return_requested: "退单审核中",
  reply_review: "答复待签批",
  replied: "待回访",
  closed: "已办结",
};

export const STATUS_COLORS: Record<TicketStatus, string> = {
  pending_dispatch: "orange",
  dispatched: "gold",
  signed: "blue",
  return_requested: "magenta",
  reply_review: "purple",
  replied: "cyan",
  closed: "green",
};

export const URGENCY_LABELS: Record<Urgency, string> = {
  ordinary: "一般",
  urgent: "紧急",
  special: "特殊",
  special_urgent: "特急",
};

export const URGENCY_COLORS: Record<Urgency, string> = {
  ordinary: "default",
  urgent: "orange",
  special: "volcano",
  special_urgent: "red",
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: "电话",
  web: "网站",
  wechat: "微信",
  app: "APP",
  mailbox: "信箱",
  weibo: "微博",
  upstream: "上级转办",
  open311: "Open311",
  sms: "短信",
  email: "电子邮件",
};

export const CLOSURE_LABELS: Record<ClosureKind, string> = {
  satisfied: "满意",
  basically_satisfied: "基本满意",
  auto_basically_satisfied: "逾期未评价，视为基本满意",
  unsatisfied_closed: "不满意，说明后办结",
  answered_directly: "即时答复办结",
  terminated: "第三方评议终结",
  merged: "并单办结",
  out_of_scope: "不予受理",
};

export const FIRST_CONTACT_LABELS: Record<FirstContactState, string> = {
  pending: "待先行联系",
  reached: "已联系",
  deemed_reached: "三次未接通，视为已联系",
  missed: "未按时联系",
  not_required: "无需联系（匿名）",
};

export const CONTACT_OUTCOME_LABELS: Record<ContactOutcome, string> = {
  reached: "已接通",
  no_answer: "无人接听",
  busy: "占线",
  hung_up: "响铃未满被挂断",
  refused: "拒绝沟通",
};

export const REPLY_RESULT_LABELS: Record<string, string> = {
  resolved: "已解决",
  explained: "已解释说明",
  unresolved: "未解决",
};

export const FOLLOW_UP_LABELS: Record<string, string> = {
  satisfied: "满意",
  basically_satisfied: "基本满意",
  unsatisfied: "不满意",
  unreachable: "无法联系",
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: "系统管理员",
  operator: "话务员",
  dispatcher: "派单员",
  supervisor: "督办审核",
  follow_up: "回访员",
  unit_leader: "单位领导",
  unit_handler: "单位承办人",
  viewer: "领导查看",
  social_supervisor: "社会监督员",
  qa_reviewer: "质检员",
};

export const ACTION_LABELS: Record<TicketActionName, string> = {
  auto_close: "自动办结",
  dispatch: "派单",
  sign: "签收",
  record_contact: "先行联系",
  request_return: "申请退单",
  decide_return: "退单审核",
  request_extension: "申请延期",
  decide_extension: "延期审核",
  reply: "答复",
  approve_reply: "签批答复",
  follow_up: "回访",
  redo: "重办",
  request_exclusion: "申请不纳入满意度测评",
  decide_exclusion: "剔除审核",
  terminate: "终结",
  reveal_phone: "查看完整号码",
  report_progress: "报送进展",
  co_sign: "协办签收",
  co_submit: "提交协办意见",
  assign: "分办",
  merge: "并单",
  close_out_of_scope: "不予受理",
};

/** The reasons a unit picks from (rule 26): the server's own list. */
export const EXCLUSION_REASONS: Record<string, string> = EXCLUSION_REASON_LABELS;

export const EVENT_LABELS: Record<string, string> = {
  "ticket.created": "登记工单",
  "ticket.dispatched": "派单",
  "ticket.signed": "签收",
  "ticket.contact_attempted": "先行联系（拨打）",
  "ticket.first_contact_reached": "先行联系完成",
  "ticket.return_requested": "申请退单",
  "ticket.return_approved": "同意退单",
  "ticket.return_refused": "驳回退单",
  "ticket.extension_requested": "申请延期",
  "ticket.extension_approved": "同意延期",
  "ticket.extension_refused": "驳回延期",
  "ticket.replied": "答复",
  "ticket.reply_approved": "领导签批答复",
  "ticket.followed_up": "回访",
  "ticket.redone": "重办",
  "ticket.closed": "办结",
  "ticket.exclusion_requested": "申请不纳入满意度测评",
  "ticket.exclusion_approved": "同意剔除",
  "ticket.exclusion_refused": "驳回剔除",
  "ticket.terminated": "终结",
  "ticket.phone_revealed": "查看完整号码",
  "ticket.deadline_warning": "临期预警",
  "ticket.overdue": "超期",
  "ticket.no_change_flagged": "连续三次答复无实质变化",
  "ticket.attachment_added": "上传附件",
  "ticket.progress_reported": "报送进展",
  "ticket.citizen_rated": "市民评价",
  "ticket.co_unit_signed": "协办签收",
  "ticket.co_unit_submitted": "提交协办意见",
  "ticket.co_unit_warning": "协办预警",
  "ticket.co_unit_overdue": "协办超期",
  "ticket.co_units_added": "增加协办单位",
  "ticket.assigned": "分办",
  "ticket.merged": "并单（并入其他工单）",
  "ticket.repeat_linked": "关联重复件",
  "ticket.master_update": "主工单进展已告知诉求人",
  "ticket.closed_out_of_scope": "不予受理办结",
  "ticket.dispatched_against_catalogue": "未按派单口径派单",
};

/** A co-unit's own progress (rule 10, issue 18). */
export const CO_UNIT_STATUS_LABELS: Record<string, string> = { dispatched: "待签收", signed: "协办中", submitted: "已提交协办意见" };

export const UNIT_KIND_LABELS: Record<string, string> = {
  center: "热线中心",
  department: "县直部门",
  town: "镇街",
  section: "科室",
};

/** Call center (docs/CALL-CENTER.md). */
export const DAY_KIND_LABELS: Record<string, string> = { workday: "工作日", weekend: "周末", holiday: "法定节假日", makeup: "调休上班日" };
export const SHIFT_LABELS: Record<string, string> = { night: "夜班（0–8时）", day: "白班（8–16时）", evening: "中班（16–24时）" };
export const TRAINING_KIND_LABELS: Record<string, string> = { induction: "岗前培训（20天）", monthly: "月度培训", weekly: "周培训" };
export const QA_CRITERIA_LABELS: Record<string, string> = { wording: "用语规范", tone: "服务态度", correctness: "答复正确", completeness: "记录完整" };
