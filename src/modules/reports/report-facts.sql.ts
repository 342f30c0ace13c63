import { type RawBuilder, sql } from "kysely";
import type { Period } from "../../domain/metrics/period.js";
import { eventKey, type EventData } from "../../domain/ticket/ticket-events.js";
import type { TicketEventType } from "../../domain/ticket/ticket.types.js";

/** The event types the facts read; the others (created, contact attempts, warnings, …) are skipped early. */
const FACT_EVENT_TYPES: TicketEventType[] = [
  "ticket.dispatched",
  "ticket.return_approved",
  "ticket.first_contact_reached",
  "ticket.signed",
  "ticket.replied",
  "ticket.reply_approved",
  "ticket.overdue",
  "ticket.redone",
  "ticket.closed",
  "ticket.exclusion_approved",
  "ticket.return_requested",
  "ticket.exclusion_requested",
];

/** Which tickets a report looks at besides the period (docs/API.md list filters that make sense here). */
export interface FactFilters {
  /** Business-environment tickets only (true), or all others (false); rule 5. */
  business?: boolean;
  categoryId?: number;
  unitId?: number;
}

/**
 * One row per ticket of the cohort with its state AT THE CUT-OFF (docs/METRICS.md "Period and cut-off"):
 * tickets received in the period, with a lead unit at the cut-off, every fact read from ticket_events and
 * follow_ups with `at` before the cut-off. Ticket columns that later events overwrite (signed_at,
 * closure_kind, the overdue flags, …) are never read, so a closed month recomputes to the same numbers.
 *
 * The reports aggregate this set with FILTER counts, and the drill-down lists it with the same
 * conditions (report-indicators.ts), so a drill-down shows exactly the tickets behind a number.
 * Indexed paths: tickets_received_idx for the cohort, ticket_events_ticket_idx and
 * follow_ups_ticket_idx per ticket.
 */
/**
 * `e.data->>'key'` for an event data key, the key checked against the event's schema (ticket-events.ts): a
 * report cannot read a key no writer writes.
 */
export function ed<T extends TicketEventType, K extends keyof EventData<T> & string>(type: T, key: K): RawBuilder<string> {
  return sql.raw(`e.data->>'${eventKey(type, key)}'`);
}

export function factsCte(period: Period, filters: FactFilters = {}): RawBuilder<unknown> {
  const cutoff = period.to;
  const business = filters.business === undefined ? sql`` : sql`AND t.business = ${filters.business}`;
  const category = filters.categoryId === undefined ? sql`` : sql`AND t.category_id = ${filters.categoryId}`;
  const unit = filters.unitId === undefined ? sql`` : sql`AND ev.unit_id = ${filters.unitId}`;
  return sql`
cohort AS (
  SELECT t.id, t.number, t.title, t.received_at, t.anonymous, t.business, t.category_id, t.channel
  FROM tickets t
  WHERE t.received_at >= ${period.from} AND t.received_at < ${period.to} ${business} ${category}
),
ev AS (
  SELECT e.ticket_id,
    (array_agg(e.unit_id ORDER BY e.id DESC) FILTER (WHERE e.type = 'ticket.dispatched'))[1] AS unit_id,
    max(e.id) FILTER (WHERE e.type = 'ticket.dispatched') AS dispatch_id,
    max(e.id) FILTER (WHERE e.type = 'ticket.return_approved') AS return_approved_id,
    (array_agg(${ed("ticket.first_contact_reached", "state")} ORDER BY e.id DESC) FILTER (WHERE e.type = 'ticket.first_contact_reached'))[1] AS contact_state,
    coalesce(bool_or(e.type = 'ticket.first_contact_reached' AND ${ed("ticket.first_contact_reached", "late")} = 'true'), false) AS contact_late,
    coalesce(bool_or(e.type = 'ticket.signed'), false) AS signed,
    coalesce(bool_or(e.type = 'ticket.signed' AND ${ed("ticket.signed", "late")} = 'true'), false) AS sign_late,
    coalesce(bool_or((e.type = 'ticket.replied' AND ${ed("ticket.replied", "awaitingSignOff")} = 'false') OR (e.type = 'ticket.reply_approved' AND ${ed("ticket.reply_approved", "approved")} = 'true')), false) AS replied,
    coalesce(bool_or(e.type = 'ticket.replied' AND ${ed("ticket.replied", "late")} = 'true'), false) AS reply_late,
    coalesce(bool_or(e.type = 'ticket.overdue' AND ${ed("ticket.overdue", "deadline")} = 'sign'), false) AS sign_overdue_mark,
    coalesce(bool_or(e.type = 'ticket.overdue' AND ${ed("ticket.overdue", "deadline")} = 'contact'), false) AS contact_overdue_mark,
    coalesce(bool_or(e.type = 'ticket.overdue' AND ${ed("ticket.overdue", "deadline")} = 'reply'), false) AS reply_overdue_mark,
    count(*) FILTER (WHERE e.type = 'ticket.redone') AS redo_count,
    max(e.id) FILTER (WHERE e.type = 'ticket.redone') AS redo_id,
    (array_agg(${ed("ticket.closed", "kind")} ORDER BY e.id DESC) FILTER (WHERE e.type = 'ticket.closed'))[1] AS closure_kind,
    max(e.id) FILTER (WHERE e.type = 'ticket.closed') AS closed_id,
    coalesce(bool_or(e.type = 'ticket.exclusion_approved'), false) AS exclusion_approved,
    array_agg(e.unit_id) FILTER (WHERE e.type = 'ticket.return_requested') AS return_units,
    coalesce(bool_or(e.type = 'ticket.exclusion_requested'), false) AS exclusion_filed
  FROM ticket_events e
  JOIN cohort c ON c.id = e.ticket_id
  -- A cohort ticket's events all come after it was received (so after the period start): bounding
  -- both ends lets the (type, at) index read the month's events only, not the whole history.
  WHERE e.at >= ${period.from} AND e.at < ${cutoff} AND e.type IN (${sql.join(FACT_EVENT_TYPES)})
  GROUP BY e.ticket_id
),
-- the latest follow-up that reached the requester before the cut-off
fu AS (
  SELECT DISTINCT ON (f.ticket_id) f.ticket_id, f.outcome, f.contacted, f.informed, f.resolved
  FROM follow_ups f JOIN cohort c ON c.id = f.ticket_id
  WHERE f.at >= ${period.from} AND f.at < ${cutoff} AND f.outcome <> 'unreachable'
  ORDER BY f.ticket_id, f.at DESC, f.id DESC
),
base AS (
  SELECT c.*, ev.*, u.name AS unit_name, u.kind AS unit_kind, u.region,
    fu.outcome AS last_verdict, fu.contacted AS fu_contacted, fu.informed AS fu_informed, fu.resolved AS fu_resolved,
    -- closed at the cut-off: a close not followed by a redo
    (ev.closed_id IS NOT NULL AND ev.closed_id > coalesce(ev.redo_id, 0)) AS closed
  FROM cohort c
  JOIN ev ON ev.ticket_id = c.id
  LEFT JOIN units u ON u.id = ev.unit_id
  LEFT JOIN fu ON fu.ticket_id = c.id
  -- with a unit at the cut-off: dispatched, and not handed back by an approved return since
  WHERE ev.dispatch_id IS NOT NULL AND ev.dispatch_id > coalesce(ev.return_approved_id, 0) ${unit}
),
facts AS (
  SELECT b.id, b.number, b.title, b.received_at, b.business, b.category_id, b.channel, b.unit_id, b.unit_name, b.unit_kind, b.region,
    b.redo_count::int AS redo_count,
    NOT b.anonymous AS fc_required,
    CASE WHEN b.anonymous THEN 'not_required'
         WHEN b.contact_state IS NOT NULL THEN b.contact_state
         WHEN b.contact_overdue_mark THEN 'missed'
         ELSE 'pending' END AS fc_state,
    (b.signed OR b.sign_overdue_mark) AS sign_due,
    (b.signed AND NOT b.sign_late AND NOT b.sign_overdue_mark) AS signed_on_time,
    (b.replied OR b.reply_overdue_mark) AS reply_due,
    (b.replied AND NOT b.reply_late AND NOT b.reply_overdue_mark) AS replied_on_time,
    (b.fu_resolved IS NOT NULL) AS followed_up,
    coalesce(b.fu_resolved, false) AS resolved,
    CASE WHEN b.exclusion_approved OR (b.closed AND b.closure_kind = 'terminated') THEN 'excluded'
         WHEN b.closed AND b.closure_kind = 'satisfied' THEN 'satisfied'
         WHEN b.closed AND b.closure_kind IN ('basically_satisfied', 'auto_basically_satisfied') THEN 'basic'
         WHEN b.closed AND b.closure_kind = 'unsatisfied_closed' THEN 'unsatisfied'
         WHEN b.last_verdict = 'unsatisfied' THEN 'unsatisfied'
         ELSE 'unfinished' END AS verdict,
    (b.closed AND b.closure_kind IN ('satisfied', 'basically_satisfied', 'auto_basically_satisfied')) AS ended_satisfied,
    -- a return asked by the unit that holds the ticket at the cut-off (an approved return moved it on)
    coalesce(b.unit_id = ANY(b.return_units), false) AS returned,
    b.exclusion_filed,
    (b.sign_late OR b.sign_overdue_mark) AS sign_overdue,
    (b.contact_late OR b.contact_overdue_mark) AS contact_overdue,
    (b.reply_late OR b.reply_overdue_mark) AS reply_overdue,
    -- Linshu service process: the follow-up says the unit never contacted or never told the result
    (b.fu_contacted = false OR b.fu_informed = false) AS unresponded
  FROM base b
)`;
}
