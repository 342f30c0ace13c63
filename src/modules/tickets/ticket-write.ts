import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { TicketRow, TicketUpdate } from "../../db/schema.js";
import type { WorkingCalendar } from "../../domain/calendar/calendar.js";
import type { PolicySettings } from "../../domain/policy/policy.js";
import { OVERDUE_KINDS } from "../../domain/ticket/deadline-kinds.js";
import { deadlineMarks, markKey, nextDueAt } from "../../domain/ticket/deadline-marks.js";
import { decideAttachment, type TicketChange, type TicketWriteKind } from "../../domain/ticket/ticket.machine.js";
import { ticketEvent, type TicketEventInput } from "../../domain/ticket/ticket-events.js";
import type { TicketStatus } from "../../domain/ticket/ticket.types.js";
import { appendEventRows, updateTicketWithEvents } from "./ticket.repository.js";
import { channelEffects } from "../channels/channel-outbox.js";
import { syncCoUnits } from "../co-units/co-unit.repository.js";

/**
 * The one function that applies what the state machine decided to a ticket (docs/STYLE.md "one write path"):
 * the machine's change plus the use case's own columns and events, as one conditional update and one
 * events append, with `next_due_at` recomputed here and nowhere else. Scheduling bookkeeping (next_due_at,
 * overdue flags, first contact `missed`) never bumps the optimistic-concurrency version; every other
 * column does. Every applied write is reported to the listeners (tests check each write went through here).
 */

/** Columns that are scheduling bookkeeping: writing only these keeps the version (no open form goes stale). */
export const BOOKKEEPING_COLUMNS: ReadonlySet<string> = new Set(["next_due_at", "first_contact_state", ...OVERDUE_KINDS.map((k) => k.overdue!.column)]);

export interface AppliedWrite {
  ticketId: number;
  action: TicketWriteKind;
  from: TicketStatus | null;
  to: TicketStatus;
  versionBefore: number | null;
  versionAfter: number;
  events: string[];
}

const listeners = new Set<(w: AppliedWrite) => void>();

/** Subscribes to every applied ticket write; returns the unsubscribe. */
export function onTicketWrite(listener: (w: AppliedWrite) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportWrite(w: AppliedWrite): void {
  for (const l of listeners) l(w);
}

/** Whether a patch holds anything beyond scheduling bookkeeping (then the version is bumped). */
export function bumpsVersion(patch: Record<string, unknown>): boolean {
  return Object.keys(patch).some((k) => !BOOKKEEPING_COLUMNS.has(k));
}

/** The done marks of a ticket's current deadline cycle (what the sweep recorded). */
export async function doneMarks(db: Db, ticketId: number, cycle: number): Promise<Set<string>> {
  const rows = await db.selectFrom("deadline_marks").select(["deadline", "kind"]).where("ticket_id", "=", ticketId).where("cycle", "=", cycle).execute();
  return new Set(rows.map(markKey));
}

/** The next thing the sweep must do for a ticket: the earliest mark of its running clocks not yet done. Pure. */
export function scheduleOf(policy: PolicySettings, calendar: WorkingCalendar, t: TicketRow, done: ReadonlySet<string>): Date | null {
  return nextDueAt(deadlineMarks(policy, calendar, t), done);
}

export interface ApplyInput {
  ticket: TicketRow;
  change: TicketChange;
  /** The use case's own columns and events (added before the machine's: "followed up", then "closed"). */
  patch?: TicketUpdate;
  events?: readonly TicketEventInput[];
  /** Needed when the change writes columns (the next due time is recomputed). */
  policy?: PolicySettings;
  calendar?: WorkingCalendar;
  /** The write's time (co-units added now start their part now). */
  now?: Date;
  /** The done marks of the ticket's current deadline cycle, when read with its lock (saves a round trip). */
  done?: ReadonlySet<string>;
}

/**
 * Applies one change to one locked ticket. Returns the row as saved, or undefined when another writer
 * moved the version (the caller answers 409).
 */
export async function applyTicketChange(trx: Db, a: ApplyInput): Promise<TicketRow | undefined> {
  const { ticket, change } = a;
  const patch: TicketUpdate = { ...a.patch, ...change.patch };
  if (change.to !== ticket.status) patch.status = change.to;
  let updated: TicketRow | undefined = ticket;
  const events = [...(a.events ?? []), ...change.events];
  const envelope = { from: change.from ?? undefined, to: change.to };
  const eventRows = events.map((e) => ({ ...e, ticketId: ticket.id, data: change.from === null ? e.data : { ...envelope, ...e.data } }));
  let eventsWritten = false;
  if (Object.keys(patch).length > 0) {
    const merged = { ...ticket, ...patch } as TicketRow;
    if (!a.policy || !a.calendar) throw new Error("a ticket write that changes columns needs the policy and calendar");
    const done = a.done && merged.deadline_cycle === ticket.deadline_cycle ? a.done : await doneMarks(trx, ticket.id, merged.deadline_cycle);
    const next = scheduleOf(a.policy, a.calendar, merged, done);
    if (next?.getTime() !== ticket.next_due_at?.getTime()) patch.next_due_at = next;
    const bump = bumpsVersion(patch);
    if (Object.keys(patch).length > 0) {
      // The conditional update and the events in one statement (events only when the version matched).
      updated = await updateTicketWithEvents(trx, ticket, { ...patch, ...(bump && { version: ticket.version + 1 }) }, eventRows);
      if (!updated) return undefined;
      eventsWritten = true;
      // Rule 10 (issue 18): a (re)dispatch or added co-units give each co-unit its own row and deadline.
      if ("co_unit_ids" in patch) await syncCoUnits(trx, ticket, updated, a.now ?? change.events[0]?.at ?? a.events?.[0]?.at ?? new Date(), a.policy, a.calendar);
    }
  }
  if (!eventsWritten) await appendEventRows(trx, eventRows);
  await channelEffects(trx, updated, events); // outbox rows for upstream pushes and citizen SMS (docs/CHANNELS.md)
  reportWrite({ ticketId: ticket.id, action: change.action, from: change.from, to: change.to, versionBefore: ticket.version, versionAfter: updated.version, events: events.map((e) => e.type) });
  return updated;
}

/** An attachment added to a ticket (any status): the machine's no-status change and its event, applied here. */
export async function applyAttachmentAdded(trx: Db, ticket: TicketRow, event: Extract<TicketEventInput, { type: "ticket.attachment_added" }>): Promise<void> {
  const change = decideAttachment({ status: ticket.status as TicketStatus });
  await applyTicketChange(trx, { ticket, change, events: [ticketEvent(event.type, event.at, event.actorId, event.unitId, event.data)] });
}

/** SQL types of the columns a batched apply may write (the sweep's marks and auto-close). */
const BATCH_COLUMNS: Record<string, string> = {
  status: "text",
  next_due_at: "timestamptz",
  sign_overdue: "boolean",
  contact_overdue: "boolean",
  reply_overdue: "boolean",
  progress_overdue: "boolean",
  first_contact_state: "text",
  closed_at: "timestamptz",
  closure_kind: "text",
  closure_remark: "text",
  auto_close_at: "timestamptz",
};

export interface BatchItem {
  ticket: TicketRow;
  /** The machine's changes for this ticket, in order (several marks may fall due at once). */
  changes: readonly TicketChange[];
  /** The next due time, from scheduleOf with the marks done. */
  nextDueAt: Date | null;
}

/**
 * The same apply for many locked tickets at once (the sweep's batches): one UPDATE from a JSON record set and
 * one events append, each ticket's patch and events being what the machine decided for it.
 */
export async function applyTicketChanges(trx: Db, items: readonly BatchItem[]): Promise<void> {
  const rows: Array<Record<string, unknown>> = [];
  const cols = new Set<string>(["next_due_at"]);
  const prepared = items.map((it) => {
    const patch: Record<string, unknown> = {};
    for (const c of it.changes) Object.assign(patch, c.patch);
    const to = it.changes.length > 0 ? it.changes[it.changes.length - 1]!.to : (it.ticket.status as TicketStatus);
    if (to !== it.ticket.status) patch.status = to;
    if (it.nextDueAt?.getTime() !== it.ticket.next_due_at?.getTime()) patch.next_due_at = it.nextDueAt;
    for (const k of Object.keys(patch)) {
      if (!(k in BATCH_COLUMNS)) throw new Error(`a batched ticket write cannot set ${k}`);
      cols.add(k);
    }
    return { it, patch, bump: bumpsVersion(patch) };
  });
  for (const { it, patch, bump } of prepared) {
    if (Object.keys(patch).length === 0) continue;
    const row: Record<string, unknown> = { id: it.ticket.id, version: it.ticket.version, bump };
    for (const c of cols) row[c] = c in patch ? patch[c] : (it.ticket as unknown as Record<string, unknown>)[c];
    rows.push(row);
  }
  if (rows.length > 0) {
    const list = [...cols];
    await sql`
      UPDATE tickets AS t SET
        ${sql.join(list.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`))},
        version = t.version + CASE WHEN v.bump THEN 1 ELSE 0 END
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS v(id integer, version integer, bump boolean, ${sql.raw(list.map((c) => `${c} ${BATCH_COLUMNS[c]}`).join(", "))})
      WHERE t.id = v.id AND t.version = v.version`.execute(trx);
  }
  const events = prepared.flatMap(({ it }) =>
    it.changes.flatMap((c) => c.events.map((e) => ({ ...e, ticketId: it.ticket.id, data: c.from !== c.to ? { from: c.from ?? undefined, to: c.to, ...e.data } : e.data }))),
  );
  await appendEventRows(trx, events);
  for (const { it } of prepared) await channelEffects(trx, it.ticket, it.changes.flatMap((c) => c.events));
  if (listeners.size > 0) {
    for (const { it, bump } of prepared) {
      for (const c of it.changes) {
        reportWrite({ ticketId: it.ticket.id, action: c.action, from: c.from, to: c.to, versionBefore: it.ticket.version, versionAfter: it.ticket.version + (bump ? 1 : 0), events: c.events.map((e) => e.type) });
      }
    }
  }
}
