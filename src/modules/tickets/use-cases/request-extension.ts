import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";

/** Extension request: the unit asks the center for more working days on the reply deadline. */
export async function requestExtension(deps: TicketDeps, actor: Actor, ticketId: number, input: { workingDays: number; reason: string }, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "request_extension", options, async (s) => {
    const row = await s.trx
      .insertInto("extension_requests")
      .values({ ticket_id: s.ticket.id, unit_id: s.ticket.lead_unit_id!, working_days: input.workingDays, reason: input.reason, actor_id: actor.id, created_at: s.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      patch: { pending_extension: true },
      events: [ticketEvent("ticket.extension_requested", s.now, actor.id, s.ticket.lead_unit_id, { requestId: row.id, workingDays: input.workingDays, reason: input.reason })],
      result: { id: row.id, workingDays: row.working_days, reason: row.reason, status: row.status, createdAt: row.created_at.toISOString() },
    };
  });
}
