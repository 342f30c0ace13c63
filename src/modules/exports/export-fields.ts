import type { TicketRow } from "../../db/schema.js";
import { invalid } from "../../domain/errors.js";

/** Lookups a row needs besides the ticket: names of units and categories, the viewer's phone right. */
export interface ExportContext {
  unitNames: Map<number, string>;
  categoryNames: Map<number, string>;
  /** Shows phone numbers in full (roles with the right); otherwise 138****5678. */
  phone: (t: TicketRow) => string | null;
}

const SHANGHAI_MS = 8 * 60 * 60 * 1000;
/** 2026-03-02 09:00:00 in Asia/Shanghai, the way a hotline reads times. */
export function shanghaiTime(d: Date | null): string {
  if (!d) return "";
  return new Date(d.getTime() + SHANGHAI_MS).toISOString().replace("T", " ").slice(0, 19);
}

const STATUS: Record<string, string> = {
  pending_dispatch: "待派单",
  dispatched: "待签收",
  signed: "办理中",
  return_requested: "退单审核中",
  reply_review: "答复待审核",
  replied: "待回访",
  closed: "已办结",
};
const CHANNEL: Record<string, string> = { phone: "电话", web: "网站", wechat: "微信", app: "APP", mailbox: "信箱", weibo: "微博", upstream: "上级转办", open311: "Open311", sms: "短信", email: "电子邮件" };
const URGENCY: Record<string, string> = { ordinary: "一般", urgent: "紧急", special: "特急", special_urgent: "特特急" };
const CLOSURE: Record<string, string> = {
  satisfied: "满意办结",
  basically_satisfied: "基本满意办结",
  auto_basically_satisfied: "逾期未评价视为基本满意",
  unsatisfied_closed: "不满意办结",
  answered_directly: "直接答复",
  terminated: "终止办理",
  merged: "并单办结",
  out_of_scope: "不予受理",
};

interface Field {
  header: string;
  width: number;
  value: (t: TicketRow, c: ExportContext) => string | number;
  /** Issue 18: a real date cell in xlsx (Asia/Shanghai wall time; csv keeps `value`). */
  date?: (t: TicketRow) => Date | null;
}

/** The Shanghai wall time as a date cell: Excel has no time zones, so the cell holds what a hotline reads. */
export function shanghaiCell(d: Date | null): Date | null {
  return d ? new Date(d.getTime() + SHANGHAI_MS) : null;
}
export const DATE_CELL_FORMAT = "yyyy-mm-dd hh:mm:ss";

/** Every field an export may carry, with its Chinese header (docs/RULES.md rule 40). */
export const EXPORT_FIELDS: Readonly<Record<string, Field>> = {
  number: { header: "工单编号", width: 18, value: (t) => t.number },
  receivedAt: { header: "来电时间", width: 20, value: (t) => shanghaiTime(t.received_at), date: (t) => t.received_at },
  channel: { header: "渠道", width: 8, value: (t) => CHANNEL[t.channel] ?? t.channel },
  requesterName: { header: "诉求人", width: 10, value: (t) => (t.anonymous ? "匿名" : (t.requester_name ?? "")) },
  phone: { header: "联系电话", width: 14, value: (t, c) => c.phone(t) ?? "" },
  title: { header: "诉求标题", width: 30, value: (t) => t.title },
  category: { header: "诉求分类", width: 16, value: (t, c) => (t.category_id === null ? "" : (c.categoryNames.get(t.category_id) ?? "")) },
  content: { header: "诉求内容", width: 60, value: (t) => t.content },
  address: { header: "地址", width: 30, value: (t) => t.address ?? "" },
  urgency: { header: "紧急程度", width: 8, value: (t) => URGENCY[t.urgency] ?? t.urgency },
  business: { header: "营商环境工单", width: 8, value: (t) => (t.business ? "是" : "否") },
  status: { header: "工单状态", width: 10, value: (t) => STATUS[t.status] ?? t.status },
  leadUnit: { header: "承办单位", width: 18, value: (t, c) => (t.lead_unit_id === null ? "" : (c.unitNames.get(t.lead_unit_id) ?? "")) },
  redoCount: { header: "重办次数", width: 8, value: (t) => t.redo_count },
  closure: { header: "办结方式", width: 14, value: (t) => (t.closure_kind ? (CLOSURE[t.closure_kind] ?? t.closure_kind) : "") },
  repliedAt: { header: "答复时间", width: 20, value: (t) => shanghaiTime(t.replied_at), date: (t) => t.replied_at },
  closedAt: { header: "办结时间", width: 20, value: (t) => shanghaiTime(t.closed_at), date: (t) => t.closed_at },
  overdue: { header: "是否超期", width: 8, value: (t) => (t.sign_overdue || t.contact_overdue || t.reply_overdue ? "是" : "否") },
  excluded: { header: "不纳入满意度测评", width: 10, value: (t) => (t.excluded_from_satisfaction ? "是" : "否") },
};

/** Rule 40's list: call time, requester, phone, subject, category, request — plus the number and the unit. */
export const DEFAULT_EXPORT_FIELDS = ["number", "receivedAt", "requesterName", "phone", "title", "category", "content", "leadUnit", "status"];

/** Parses `fields=a,b,c`; 400 naming an unknown field. */
export function parseFields(raw: string | undefined): string[] {
  if (!raw?.trim()) return DEFAULT_EXPORT_FIELDS;
  const keys = [...new Set(raw.split(",").map((s) => s.trim()).filter(Boolean))];
  // an own key only: `__proto__`, `constructor` or `toString` are not fields (`in` would see Object.prototype's)
  const unknown = keys.find((k) => !Object.hasOwn(EXPORT_FIELDS, k));
  if (unknown) throw invalid("fields", `unknown field ${unknown}; known: ${Object.keys(EXPORT_FIELDS).join(",")}`);
  return keys;
}
