import type { Actor } from "../../../http/auth.js";
import { replySignOff } from "../../reviews/review-kinds.js";
import { decideReviewRequest } from "../../reviews/review-workflow.js";
import type { ActionOptions, TicketDeps } from "../ticket-action.js";

/**
 * Leader sign-off (docs/RULES.md rule 17): the unit leader approves the pending reply (→ replied, the follow-up
 * and auto-close clocks start) or sends it back to the handler (→ signed). The `reply_sign_off` review kind,
 * whose request carries the reply's id.
 */
export async function approveReply(deps: TicketDeps, actor: Actor, ticketId: number, replyId: number, input: { approve?: boolean; note?: string }, options: ActionOptions = {}) {
  return decideReviewRequest(deps, actor, ticketId, replySignOff, replyId, input, options);
}
