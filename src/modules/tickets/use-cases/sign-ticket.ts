import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";

/** Sign (docs/RULES.md rule 14): the lead unit accepts the ticket; signing after the limit is recorded as late. */
export async function signTicket(deps: TicketDeps, actor: Actor, ticketId: number, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "sign", options, async (s) => {
    const late = !!s.ticket.sign_due_at && s.now.getTime() > s.ticket.sign_due_at.getTime();
    return {
      patch: { signed_at: s.now, ...(late && { sign_overdue: true }) },
      events: [ticketEvent("ticket.signed", s.now, actor.id, s.ticket.lead_unit_id, { late })],
    };
  });
}
