import type { ExclusionReason } from "../../../domain/ticket/ticket.types.js";
import type { Actor } from "../../../http/auth.js";
import { exclusionRequest } from "../../reviews/review-kinds.js";
import { decideReviewRequest, fileReviewRequest } from "../../reviews/review-workflow.js";
import type { ActionOptions, TicketDeps } from "../ticket-action.js";

/** Exclusion request (docs/RULES.md rule 26): the unit picks a reason from the list and gives its explanation. */
export async function requestExclusion(deps: TicketDeps, actor: Actor, ticketId: number, input: { reasonCode: ExclusionReason; explanation: string }, options: ActionOptions = {}) {
  return fileReviewRequest(deps, actor, ticketId, exclusionRequest, { reasonCode: input.reasonCode, explanation: input.explanation }, options);
}

/** The center approves (the ticket leaves satisfaction scoring) or refuses an exclusion request. */
export async function decideExclusion(deps: TicketDeps, actor: Actor, ticketId: number, requestId: number, input: { approve: boolean; note?: string }, options: ActionOptions = {}) {
  return decideReviewRequest(deps, actor, ticketId, exclusionRequest, requestId, input, options);
}
