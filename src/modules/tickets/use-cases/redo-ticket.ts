import type { TicketRow, TicketUpdate } from "../../../db/schema.js";
import type { WorkingCalendar } from "../../../domain/calendar/calendar.js";
import type { PolicySettings } from "../../../domain/policy/policy.js";
import type { DispatchMode } from "../../../domain/ticket/ticket.types.js";
import type { Actor } from "../../../http/auth.js";
import { dispatchPatch } from "../dispatch-plan.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";
import { ticketEvent, type TicketEventInput } from "../../../domain/ticket/ticket-events.js";

/** The columns of a redo: the same lead unit, redoCount + 1, every clock restarted now (rule 23). */
export function redoPatch(policy: PolicySettings, calendar: WorkingCalendar, t: TicketRow, now: Date): TicketUpdate {
  return {
    ...dispatchPatch(policy, calendar, t, { leadUnitId: t.lead_unit_id!, coUnitIds: t.co_unit_ids, mode: (t.dispatch_mode ?? "direct") as DispatchMode }, now),
    redo_count: t.redo_count + 1,
  };
}

export function redoEvent(t: TicketRow, actor: Actor, now: Date, reason: string): TicketEventInput {
  return ticketEvent("ticket.redone", now, actor.id, t.lead_unit_id, { reason, redoCount: t.redo_count + 1 });
}

/** Redo (docs/RULES.md rule 23): the center sends the ticket back to the same lead unit. */
export async function redoTicket(deps: TicketDeps, actor: Actor, ticketId: number, input: { reason: string }, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "redo", options, async (s) => {
    await s.notify({
      userIds: await s.unitUserIds([s.ticket.lead_unit_id!]),
      ticketId: s.ticket.id,
      kind: "ticket.redone",
      title: `工单 ${s.ticket.number} 被退回重办`,
      body: input.reason,
      at: s.now,
    });
    return {
      patch: redoPatch(await s.policy(), await s.calendar(), s.ticket, s.now),
      events: [redoEvent(s.ticket, actor, s.now, input.reason)],
    };
  });
}
