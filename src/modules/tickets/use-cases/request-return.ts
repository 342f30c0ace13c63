import type { Actor } from "../../../http/auth.js";
import { returnRequest } from "../../reviews/review-kinds.js";
import { fileReviewRequest } from "../../reviews/review-workflow.js";
import type { ActionOptions, TicketDeps } from "../ticket-action.js";

export interface ReturnRequestInput {
  reason: string;
  basis?: string;
  verified?: string;
  suggestedUnitId?: number;
  /** Issue 18: required when this unit's return was refused in this dispatch cycle (docs/WORKDAY.md). */
  newFacts?: string;
}

/**
 * Return request (docs/RULES.md rule 16): the unit asks the center to take the ticket back, giving the reason,
 * the basis, what it verified and a suggested unit. A request after the window is accepted and marked late
 * (the `return` review kind, src/modules/reviews/review-kinds.ts).
 */
export async function requestReturn(deps: TicketDeps, actor: Actor, ticketId: number, input: ReturnRequestInput, options: ActionOptions = {}) {
  const payload = { reason: input.reason, basis: input.basis ?? null, verified: input.verified ?? null, suggestedUnitId: input.suggestedUnitId ?? null, ...(input.newFacts !== undefined && { newFacts: input.newFacts }) };
  return fileReviewRequest(deps, actor, ticketId, returnRequest, payload, options);
}
