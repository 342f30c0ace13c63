import type { TicketRow, TicketUpdate } from "../../db/schema.js";
import type { WorkingCalendar } from "../../domain/calendar/calendar.js";
import { computeDeadlines } from "../../domain/policy/deadlines.js";
import type { PolicySettings } from "../../domain/policy/policy.js";
import type { DispatchMode, Urgency } from "../../domain/ticket/ticket.types.js";

/**
 * The columns a (re)dispatch sets: the units, and every clock started afresh at `now` (docs/API.md:
 * deadlines start at dispatch, and again at redo). Overdue flags belong to the previous cycle.
 */
export function dispatchPatch(
  policy: PolicySettings,
  calendar: WorkingCalendar,
  ticket: TicketRow,
  target: { leadUnitId: number; coUnitIds: number[]; mode: DispatchMode },
  now: Date,
): TicketUpdate {
  const d = computeDeadlines(policy, calendar, { urgency: ticket.urgency as Urgency, dispatchedAt: now, anonymous: ticket.anonymous });
  // First contact made by the same unit stays made across a redo; a new unit must make its own.
  const contactDone =
    ticket.lead_unit_id === target.leadUnitId && (ticket.first_contact_state === "reached" || ticket.first_contact_state === "deemed_reached");
  return {
    lead_unit_id: target.leadUnitId,
    co_unit_ids: target.coUnitIds,
    dispatch_mode: target.mode,
    dispatched_at: now,
    signed_at: null,
    replied_at: null,
    closed_at: null,
    closure_kind: null,
    closure_remark: null,
    resume_status: null,
    sign_due_at: d.signDueAt,
    contact_due_at: d.contactDueAt,
    reply_due_at: d.replyDueAt,
    progress_due_at: d.progressDueAt,
    auto_close_at: null,
    sign_overdue: false,
    contact_overdue: false,
    reply_overdue: false,
    progress_overdue: false,
    pending_extension: false,
    deadline_cycle: ticket.deadline_cycle + 1,
    // The unit's own desk (issue 18): another lead unit starts with no section or handler assigned.
    ...(ticket.lead_unit_id !== target.leadUnitId && { assigned_section_id: null, assigned_user_id: null, assigned_at: null }),
    first_contact_state: d.contactDueAt === null ? "not_required" : contactDone ? ticket.first_contact_state : "pending",
  };
}
