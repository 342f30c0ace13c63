import type { Actor } from "../../../http/auth.js";
import { extensionRequest } from "../../reviews/review-kinds.js";
import { decideReviewRequest } from "../../reviews/review-workflow.js";
import type { ActionOptions, TicketDeps } from "../ticket-action.js";

/**
 * The center decides an extension: approval moves replyDueAt by the granted working days (default: those
 * asked for) and starts a new warning cycle for it (the `extension` review kind).
 */
export async function decideExtension(deps: TicketDeps, actor: Actor, ticketId: number, requestId: number, input: { approve: boolean; workingDays?: number; note?: string }, options: ActionOptions = {}) {
  return decideReviewRequest(deps, actor, ticketId, extensionRequest, requestId, input, options);
}
