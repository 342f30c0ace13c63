import { DomainError } from "../../../domain/errors.js";
import { EXCLUSION_REASONS, type ExclusionReason } from "../../../domain/ticket/ticket.types.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";

/** Exclusion request (DOMAIN.md rule 26): the unit picks a reason from the list and gives its explanation. */
export async function requestExclusion(deps: TicketDeps, actor: Actor, ticketId: number, input: { reasonCode: ExclusionReason; explanation: string }, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "request_exclusion", options, async (s) => {
    const row = await s.trx
      .insertInto("exclusion_requests")
      .values({ ticket_id: s.ticket.id, unit_id: s.ticket.lead_unit_id, reason_code: input.reasonCode, explanation: input.explanation, actor_id: actor.id, created_at: s.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      patch: { pending_exclusion: true },
      events: [
        ticketEvent("ticket.exclusion_requested", s.now, actor.id, s.ticket.lead_unit_id, {
          requestId: row.id,
          reasonCode: input.reasonCode,
          reason: EXCLUSION_REASONS[input.reasonCode],
          explanation: input.explanation,
        }),
      ],
      result: { id: row.id, reasonCode: row.reason_code, explanation: row.explanation, status: row.status, createdAt: row.created_at.toISOString() },
    };
  });
}

/** The center approves (the ticket leaves satisfaction scoring) or refuses an exclusion request. */
export async function decideExclusion(deps: TicketDeps, actor: Actor, ticketId: number, requestId: number, input: { approve: boolean; note?: string }, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "decide_exclusion", options, async (s) => {
    const request = await s.trx.selectFrom("exclusion_requests").selectAll().where("id", "=", requestId).where("ticket_id", "=", s.ticket.id).executeTakeFirst();
    if (!request) throw new DomainError("NOT_FOUND", `exclusion request ${requestId} not found on this ticket`);
    if (request.status !== "pending") throw new DomainError("REQUEST_ALREADY_DECIDED", `exclusion request ${requestId} is already ${request.status}`);
    await s.trx.updateTable("exclusion_requests").set({ status: input.approve ? "approved" : "refused", decided_by: actor.id, decided_at: s.now }).where("id", "=", requestId).execute();
    return {
      patch: { pending_exclusion: false, ...(input.approve && { excluded_from_satisfaction: true }) },
      events: [ticketEvent(input.approve ? "ticket.exclusion_approved" : "ticket.exclusion_refused", s.now, actor.id, request.unit_id, { requestId, reasonCode: request.reason_code, note: input.note ?? null })],
    };
  });
}
