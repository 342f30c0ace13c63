import { DomainError } from "../../../domain/errors.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";

/**
 * Rule 8 (issue 13): the lead unit files the progress report a special or special-urgent ticket owes. Filing
 * stops the progress clock (`progress_due_at` null); a later report is recorded too. Other tickets owe none: 409.
 */
export async function reportProgress(deps: TicketDeps, actor: Actor, ticketId: number, content: string, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "report_progress", options, async (s) => {
    if (s.ticket.urgency !== "special" && s.ticket.urgency !== "special_urgent") {
      throw new DomainError("PROGRESS_NOT_REQUIRED", `ticket ${s.ticket.number} is ${s.ticket.urgency}: only special and special-urgent tickets report progress`);
    }
    const due = s.ticket.progress_due_at;
    const late = !!due && s.now.getTime() > due.getTime();
    return {
      patch: { progress_due_at: null, ...(late && { progress_overdue: true }) },
      events: [ticketEvent("ticket.progress_reported", s.now, actor.id, s.ticket.lead_unit_id, { content, late, progressDueAt: due ? due.toISOString() : null })],
      after: async (ticket) => {
        const ev = await s.trx.selectFrom("ticket_events").select("id").where("ticket_id", "=", ticket.id).where("type", "=", "ticket.progress_reported").orderBy("id", "desc").executeTakeFirstOrThrow();
        return { id: ev.id, content, late, at: s.now.toISOString() };
      },
    };
  });
}
