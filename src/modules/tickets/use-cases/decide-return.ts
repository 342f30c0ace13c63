import type { Actor } from "../../../http/auth.js";
import { returnRequest } from "../../reviews/review-kinds.js";
import { decideReviewRequest } from "../../reviews/review-workflow.js";
import type { ActionOptions, TicketDeps } from "../ticket-action.js";

export type ReturnDecisionInput = {
  approve: boolean;
  note?: string;
  reassignTo?: number;
  coUnitIds?: number[];
  /** Rule 16 (issue 18): refuse, keep the unit as lead and add `coUnitIds`. */
  keepAsLead?: boolean;
};

/**
 * The center decides a return request (docs/RULES.md rule 16): refuse → the unit keeps the ticket in the status
 * it had; approve → back to the dispatch queue, or straight to `reassignTo` (the `return` review kind).
 */
export async function decideReturn(deps: TicketDeps, actor: Actor, ticketId: number, requestId: number, input: ReturnDecisionInput, options: ActionOptions = {}) {
  return decideReviewRequest(deps, actor, ticketId, returnRequest, requestId, input, options);
}
