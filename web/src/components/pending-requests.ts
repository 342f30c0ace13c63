import type {
  ExclusionRequestRecord,
  ExtensionRequestRecord,
  ReplyRecord,
  ReturnRequestRecord,
  TicketDetail,
  TicketEvent,
} from "../api/types.js";
import { eventKey } from "../lib/domain.js";

/** The data keys read from the timeline, named through the event schemas (src/domain/ticket/ticket-events.ts). */
const K = {
  returnId: eventKey("ticket.return_requested", "requestId"),
  returnReason: eventKey("ticket.return_requested", "reason"),
  returnBasis: eventKey("ticket.return_requested", "basis"),
  returnVerified: eventKey("ticket.return_requested", "verified"),
  returnSuggested: eventKey("ticket.return_requested", "suggestedUnitId"),
  returnLate: eventKey("ticket.return_requested", "late"),
  extensionId: eventKey("ticket.extension_requested", "requestId"),
  extensionDays: eventKey("ticket.extension_requested", "workingDays"),
  extensionReason: eventKey("ticket.extension_requested", "reason"),
  exclusionId: eventKey("ticket.exclusion_requested", "requestId"),
  exclusionCode: eventKey("ticket.exclusion_requested", "reasonCode"),
  exclusionExplanation: eventKey("ticket.exclusion_requested", "explanation"),
  replyId: eventKey("ticket.replied", "replyId"),
  replyResult: eventKey("ticket.replied", "result"),
  replyHandler: eventKey("ticket.replied", "handlerName"),
  replyLeader: eventKey("ticket.replied", "leaderName"),
  contactOutcome: eventKey("ticket.contact_attempted", "outcome"),
  contactCounted: eventKey("ticket.contact_attempted", "counted"),
  contactMethod: eventKey("ticket.contact_attempted", "method"),
} as const;

function latestEvent(t: TicketDetail, type: string): TicketEvent | undefined {
  for (let i = t.events.length - 1; i >= 0; i--) if (t.events[i].type === type) return t.events[i];
  return undefined;
}

function idFrom(e: TicketEvent | undefined, name: string): number | undefined {
  const v = e?.data[name];
  return typeof v === "number" ? v : undefined;
}

function str(e: TicketEvent | undefined, name: string): string | undefined {
  const v = e?.data[name];
  return typeof v === "string" ? v : undefined;
}

/** The return request awaiting the center's decision: from the detail's records, else from the timeline. */
export function pendingReturn(t: TicketDetail): ReturnRequestRecord | undefined {
  const rec = t.returnRequests?.filter((r) => !r.status || r.status === "pending").at(-1);
  if (rec) return rec;
  const e = latestEvent(t, "ticket.return_requested");
  const id = idFrom(e, K.returnId);
  if (id === undefined || !e) return undefined;
  return {
    id,
    reason: str(e, K.returnReason) ?? "",
    basis: str(e, K.returnBasis),
    verified: str(e, K.returnVerified),
    suggestedUnitId: idFrom(e, K.returnSuggested) ?? null,
    late: e.data[K.returnLate] === true,
  };
}

/** The extension request awaiting a decision. */
export function pendingExtension(t: TicketDetail): ExtensionRequestRecord | undefined {
  const rec = t.extensionRequests?.filter((r) => !r.status || r.status === "pending").at(-1);
  if (rec) return rec;
  const e = latestEvent(t, "ticket.extension_requested");
  const id = idFrom(e, K.extensionId);
  if (id === undefined || !e) return undefined;
  return { id, workingDays: idFrom(e, K.extensionDays) ?? 0, reason: str(e, K.extensionReason) ?? "" };
}

/** The exclusion request awaiting a decision. */
export function pendingExclusion(t: TicketDetail): ExclusionRequestRecord | undefined {
  const rec = t.exclusionRequests?.filter((r) => !r.status || r.status === "pending").at(-1);
  if (rec) return rec;
  const e = latestEvent(t, "ticket.exclusion_requested");
  const id = idFrom(e, K.exclusionId);
  if (id === undefined || !e) return undefined;
  return { id, reasonCode: str(e, K.exclusionCode) ?? "", explanation: str(e, K.exclusionExplanation) ?? "" };
}

/** The reply waiting for the unit leader's sign-off (rule 17). */
export function pendingReply(t: TicketDetail): ReplyRecord | undefined {
  const rec = t.replies?.filter((r) => r.status === "pending_review").at(-1);
  if (rec) return rec;
  const e = latestEvent(t, "ticket.replied");
  const id = idFrom(e, K.replyId);
  if (id === undefined || !e) return undefined;
  return {
    id,
    content: "", // the reply's text is in the detail's replies, not in the event
    result: (str(e, K.replyResult) as ReplyRecord["result"]) ?? "resolved",
    handlerName: str(e, K.replyHandler) ?? "",
    leaderName: str(e, K.replyLeader) ?? "",
  };
}

/** DOMAIN.md rule 15: how many failed calls count toward "3 failed calls = contacted". */
export function countedFailedCalls(t: TicketDetail): number {
  if (t.contactAttempts) {
    return t.contactAttempts.filter((a) => a.outcome !== "reached" && a.method === "phone" && a.counted !== false).length;
  }
  return t.events.filter(
    (e) => e.type === "ticket.contact_attempted" && e.data[K.contactOutcome] !== "reached" && e.data[K.contactMethod] === "phone" && e.data[K.contactCounted] !== false,
  ).length;
}
