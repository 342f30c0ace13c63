import type { TicketEvent } from "../api/types.js";
import { deadlineLabel, eventKey } from "./domain.js";
import { CLOSURE_LABELS, CONTACT_OUTCOME_LABELS, EXCLUSION_REASONS, FOLLOW_UP_LABELS, REPLY_RESULT_LABELS } from "./labels.js";

/**
 * The timeline's one-line text of an event. Every data key it reads is named through eventKey (the event
 * schemas of src/domain/ticket/ticket-events.ts), so it cannot ask for a key the server never writes
 * (test/api/write-path.test.ts checks each key read here is written).
 */
const K = {
  lead: eventKey("ticket.dispatched", "leadUnitId"),
  co: eventKey("ticket.dispatched", "coUnitIds"),
  dispatchNote: eventKey("ticket.dispatched", "note"),
  outcome: eventKey("ticket.contact_attempted", "outcome"),
  counted: eventKey("ticket.contact_attempted", "counted"),
  contactNote: eventKey("ticket.contact_attempted", "note"),
  returnReason: eventKey("ticket.return_requested", "reason"),
  returnLate: eventKey("ticket.return_requested", "late"),
  replyResult: eventKey("ticket.replied", "result"),
  replyHandler: eventKey("ticket.replied", "handlerName"),
  fuOutcome: eventKey("ticket.followed_up", "outcome"),
  fuDecision: eventKey("ticket.followed_up", "decision"),
  fuNote: eventKey("ticket.followed_up", "note"),
  redoReason: eventKey("ticket.redone", "reason"),
  closedKind: eventKey("ticket.closed", "kind"),
  closedRemark: eventKey("ticket.closed", "remark"),
  extDays: eventKey("ticket.extension_requested", "workingDays"),
  extReason: eventKey("ticket.extension_requested", "reason"),
  excCode: eventKey("ticket.exclusion_requested", "reasonCode"),
  excExplanation: eventKey("ticket.exclusion_requested", "explanation"),
  warnDeadline: eventKey("ticket.deadline_warning", "deadline"),
  overdueDeadline: eventKey("ticket.overdue", "deadline"),
  returnDecisionNote: eventKey("ticket.return_approved", "note"),
  extDecisionNote: eventKey("ticket.extension_approved", "note"),
  replyDecisionNote: eventKey("ticket.reply_approved", "note"),
  conclusion: eventKey("ticket.terminated", "conclusion"),
  filename: eventKey("ticket.attachment_added", "filename"),
  // issue 18: which deadline went overdue and when it was due; the days an extension granted
  overdueDue: eventKey("ticket.overdue", "dueAt"),
  extGranted: eventKey("ticket.extension_approved", "workingDays"),
  extReplyDue: eventKey("ticket.extension_approved", "replyDueAt"),
  coSignedUnit: eventKey("ticket.co_unit_signed", "coUnitId"),
  coSignLate: eventKey("ticket.co_unit_signed", "late"),
  coSubmittedUnit: eventKey("ticket.co_unit_submitted", "coUnitId"),
  coSubmittedLate: eventKey("ticket.co_unit_submitted", "late"),
  coWarnUnit: eventKey("ticket.co_unit_warning", "coUnitId"),
  coWarnDue: eventKey("ticket.co_unit_warning", "dueAt"),
  coOverdueUnit: eventKey("ticket.co_unit_overdue", "coUnitId"),
  coOverdueDue: eventKey("ticket.co_unit_overdue", "dueAt"),
  coAdded: eventKey("ticket.co_units_added", "coUnitIds"),
  coAddedNote: eventKey("ticket.co_units_added", "note"),
  assignedUser: eventKey("ticket.assigned", "userName"),
  assignedSection: eventKey("ticket.assigned", "sectionId"),
  assignedNote: eventKey("ticket.assigned", "note"),
  scopeTitle: eventKey("ticket.closed_out_of_scope", "entryTitle"),
} as const;

/** 3月10日 23:59 (Asia/Shanghai), the way the timeline names a due time. */
function due(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

export function describeEvent(e: TicketEvent, unitName: (id: number | null) => string): string {
  const d = e.data;
  const s = (k: string) => (typeof d[k] === "string" ? (d[k] as string) : undefined);
  const n = (k: string) => (typeof d[k] === "number" ? (d[k] as number) : null);
  switch (e.type) {
    case "ticket.dispatched": {
      const co = Array.isArray(d[K.co]) ? (d[K.co] as number[]).map((id) => unitName(id)).join("、") : "";
      return `派至 ${unitName(n(K.lead))}${co ? `，协办：${co}` : ""}${s(K.dispatchNote) ? `。${s(K.dispatchNote)}` : ""}`;
    }
    case "ticket.contact_attempted":
      return `${CONTACT_OUTCOME_LABELS[s(K.outcome) as keyof typeof CONTACT_OUTCOME_LABELS] ?? s(K.outcome) ?? ""}${d[K.counted] === false ? "（不计入）" : ""}${s(K.contactNote) ? `：${s(K.contactNote)}` : ""}`;
    case "ticket.return_requested":
      return `${s(K.returnReason) ?? ""}${d[K.returnLate] ? "（逾期退单）" : ""}`;
    case "ticket.replied":
      return `${REPLY_RESULT_LABELS[s(K.replyResult) as keyof typeof REPLY_RESULT_LABELS] ?? ""}${s(K.replyHandler) ? `（承办人：${s(K.replyHandler)}）` : ""}`;
    case "ticket.followed_up":
      return `${FOLLOW_UP_LABELS[s(K.fuOutcome) as keyof typeof FOLLOW_UP_LABELS] ?? s(K.fuOutcome) ?? ""}${s(K.fuDecision) === "redo" ? "，决定重办" : s(K.fuDecision) === "close" ? "，说明后办结" : ""}${s(K.fuNote) ? `：${s(K.fuNote)}` : ""}`;
    case "ticket.redone":
      return s(K.redoReason) ?? "";
    case "ticket.closed":
      return `${CLOSURE_LABELS[s(K.closedKind) as keyof typeof CLOSURE_LABELS] ?? s(K.closedKind) ?? ""}${s(K.closedRemark) ? `：${s(K.closedRemark)}` : ""}`;
    case "ticket.extension_requested":
      return `${n(K.extDays) ?? ""} 个工作日：${s(K.extReason) ?? ""}`;
    case "ticket.exclusion_requested":
      return `${EXCLUSION_REASONS[s(K.excCode) ?? ""] ?? ""} ${s(K.excExplanation) ?? ""}`;
    case "ticket.deadline_warning":
      return `${deadlineLabel(s(K.warnDeadline) ?? "")}时限将至`;
    case "ticket.overdue":
      return `${deadlineLabel(s(K.overdueDeadline) ?? "")}时限已超期${s(K.overdueDue) ? `（应于 ${due(s(K.overdueDue))} 前完成）` : ""}`;
    case "ticket.return_approved":
    case "ticket.return_refused":
      return s(K.returnDecisionNote) ?? "";
    case "ticket.extension_approved":
      return `同意延期 ${n(K.extGranted) ?? ""} 个工作日${s(K.extReplyDue) ? `，答复时限顺延至 ${due(s(K.extReplyDue))}` : ""}${s(K.extDecisionNote) ? `。${s(K.extDecisionNote)}` : ""}`;
    case "ticket.extension_refused":
      return `不同意延期${s(K.extDecisionNote) ? `：${s(K.extDecisionNote)}` : ""}`;
    case "ticket.co_unit_signed":
      return `${unitName(n(K.coSignedUnit))} 签收协办${d[K.coSignLate] ? "（逾期签收）" : ""}`;
    case "ticket.co_unit_submitted":
      return `${unitName(n(K.coSubmittedUnit))} 向主办单位提交协办意见${d[K.coSubmittedLate] ? "（逾期提交）" : ""}`;
    case "ticket.co_unit_warning":
      return `${unitName(n(K.coWarnUnit))} 的协办意见时限将至（应于 ${due(s(K.coWarnDue))} 前提交）`;
    case "ticket.co_unit_overdue":
      return `${unitName(n(K.coOverdueUnit))} 的协办意见已超期（应于 ${due(s(K.coOverdueDue))} 前提交）`;
    case "ticket.co_units_added": {
      const co = Array.isArray(d[K.coAdded]) ? (d[K.coAdded] as number[]).map((id) => unitName(id)).join("、") : "";
      return `维持主办，增加协办：${co}${s(K.coAddedNote) ? `。${s(K.coAddedNote)}` : ""}`;
    }
    case "ticket.assigned":
      return `${n(K.assignedSection) ? `分至 ${unitName(n(K.assignedSection))}` : ""}${s(K.assignedUser) ? ` 承办人：${s(K.assignedUser)}` : ""}${s(K.assignedNote) ? `：${s(K.assignedNote)}` : ""}`;
    case "ticket.reply_approved":
      return s(K.replyDecisionNote) ?? "";
    case "ticket.terminated":
      return s(K.conclusion) ?? "";
    case "ticket.attachment_added":
      return s(K.filename) ?? "";
    case "ticket.closed_out_of_scope":
      return `依据：${s(K.scopeTitle) ?? ""}`;
    default:
      return "";
  }
}
