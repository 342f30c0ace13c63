import type {
  ExclusionRequestRecord,
  ExtensionRequestRecord,
  ReplyRecord,
  ReturnRequestRecord,
  TicketDetail,
  TicketEvent,
} from "../api/types.js";

function latestEvent(t: TicketDetail, type: string): TicketEvent | undefined {
  for (let i = t.events.length - 1; i >= 0; i--) if (t.events[i].type === type) return t.events[i];
  return undefined;
}

function idFrom(e: TicketEvent | undefined, ...names: string[]): number | undefined {
  if (!e) return undefined;
  for (const n of names) {
    const v = e.data[n];
    if (typeof v === "number") return v;
    if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  }
  return undefined;
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
  const id = idFrom(e, "requestId", "returnRequestId", "id");
  if (id === undefined || !e) return undefined;
  return {
    id,
    reason: str(e, "reason") ?? "",
    basis: str(e, "basis"),
    verified: str(e, "verified"),
    suggestedUnitId: idFrom(e, "suggestedUnitId") ?? null,
    late: e.data.late === true,
  };
}

/** The extension request awaiting a decision. */
export function pendingExtension(t: TicketDetail): ExtensionRequestRecord | undefined {
  const rec = t.extensionRequests?.filter((r) => !r.status || r.status === "pending").at(-1);
  if (rec) return rec;
  const e = latestEvent(t, "ticket.extension_requested");
  const id = idFrom(e, "requestId", "extensionRequestId", "id");
  if (id === undefined || !e) return undefined;
  return { id, workingDays: idFrom(e, "workingDays") ?? 0, reason: str(e, "reason") ?? "" };
}

/** The exclusion request awaiting a decision. */
export function pendingExclusion(t: TicketDetail): ExclusionRequestRecord | undefined {
  const rec = t.exclusionRequests?.filter((r) => !r.status || r.status === "pending").at(-1);
  if (rec) return rec;
  const e = latestEvent(t, "ticket.exclusion_requested");
  const id = idFrom(e, "requestId", "exclusionRequestId", "id");
  if (id === undefined || !e) return undefined;
  return { id, reasonCode: str(e, "reasonCode") ?? "", explanation: str(e, "explanation") ?? "" };
}

/** The reply waiting for the unit leader's sign-off (rule 17). */
export function pendingReply(t: TicketDetail): ReplyRecord | undefined {
  const rec = t.replies?.filter((r) => r.status === "pending_review").at(-1);
  if (rec) return rec;
  const e = latestEvent(t, "ticket.replied");
  const id = idFrom(e, "replyId", "id");
  if (id === undefined || !e) return undefined;
  return {
    id,
    content: str(e, "content") ?? "",
    result: (str(e, "result") as ReplyRecord["result"]) ?? "resolved",
    handlerName: str(e, "handlerName") ?? "",
    leaderName: str(e, "leaderName") ?? "",
  };
}

/** DOMAIN.md rule 15: how many failed calls count toward "3 failed calls = contacted". */
export function countedFailedCalls(t: TicketDetail): number {
  if (t.contactAttempts) {
    return t.contactAttempts.filter((a) => a.outcome !== "reached" && a.method === "phone" && a.counted !== false).length;
  }
  return t.events.filter(
    (e) => e.type === "ticket.contact_attempted" && e.data.outcome !== "reached" && e.data.counted !== false,
  ).length;
}
