import type {
  ExclusionRequestRecord,
  ExtensionRequestRecord,
  ReplyRecord,
  ReturnRequestRecord,
  TicketWithRecords,
} from "../api/types.js";

/** The return request awaiting the center's decision, from the detail's records. */
export function pendingReturn(t: TicketWithRecords): ReturnRequestRecord | undefined {
  return t.returnRequests?.filter((r) => r.status === "pending").at(-1);
}

/** The extension request awaiting a decision. */
export function pendingExtension(t: TicketWithRecords): ExtensionRequestRecord | undefined {
  return t.extensionRequests?.filter((r) => r.status === "pending").at(-1);
}

/** The exclusion request awaiting a decision. */
export function pendingExclusion(t: TicketWithRecords): ExclusionRequestRecord | undefined {
  return t.exclusionRequests?.filter((r) => r.status === "pending").at(-1);
}

/** The reply waiting for the unit leader's sign-off (rule 17). */
export function pendingReply(t: TicketWithRecords): ReplyRecord | undefined {
  return t.replies?.filter((r) => r.status === "pending_review").at(-1);
}

/** Rule 15: the failed calls the server counted toward first contact (`counted` is its decision). */
export function countedFailedCalls(t: TicketWithRecords): number {
  return (t.contactAttempts ?? []).filter((a) => a.outcome !== "reached" && a.counted).length;
}
