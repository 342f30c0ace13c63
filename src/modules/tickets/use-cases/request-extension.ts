import type { Actor } from "../../../http/auth.js";
import { extensionRequest } from "../../reviews/review-kinds.js";
import { fileReviewRequest } from "../../reviews/review-workflow.js";
import type { ActionOptions, TicketDeps } from "../ticket-action.js";

/** Extension request: the unit asks the center for more working days on the reply deadline (the `extension` review kind). */
export async function requestExtension(deps: TicketDeps, actor: Actor, ticketId: number, input: { workingDays: number; reason: string }, options: ActionOptions = {}) {
  return fileReviewRequest(deps, actor, ticketId, extensionRequest, { workingDays: input.workingDays, reason: input.reason }, options);
}
