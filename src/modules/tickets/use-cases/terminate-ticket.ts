import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";

/**
 * Third-party termination (docs/RULES.md rule 27): a repeated, unsolvable complaint reviewed by deputies, CPPCC
 * members or citizen representatives is closed and archived with their conclusion.
 */
export async function terminateTicket(deps: TicketDeps, actor: Actor, ticketId: number, input: { reviewers: string[]; conclusion: string }, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "terminate", options, async (s) => ({
    closure: { kind: "terminated", remark: input.conclusion },
    events: [ticketEvent("ticket.terminated", s.now, actor.id, s.ticket.lead_unit_id, { reviewers: input.reviewers, conclusion: input.conclusion })],
  }));
}
