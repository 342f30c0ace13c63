import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";

/**
 * Third-party termination (DOMAIN.md rule 27): a repeated, unsolvable complaint reviewed by deputies, CPPCC
 * members or citizen representatives is closed and archived with their conclusion.
 */
export async function terminateTicket(deps: TicketDeps, actor: Actor, ticketId: number, input: { reviewers: string[]; conclusion: string }, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "terminate", options, async (s) => ({
    patch: { closed_at: s.now, closure_kind: "terminated", closure_remark: input.conclusion, auto_close_at: null },
    events: [
      { type: "ticket.terminated", at: s.now, actorId: actor.id, unitId: s.ticket.lead_unit_id, data: { reviewers: input.reviewers, conclusion: input.conclusion } },
      { type: "ticket.closed", at: s.now, actorId: actor.id, unitId: s.ticket.lead_unit_id, data: { kind: "terminated", remark: input.conclusion } },
    ],
  }));
}
