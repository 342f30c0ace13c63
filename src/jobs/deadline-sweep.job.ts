import { sql } from "kysely";
import type { AppContext } from "../app-context.js";
import type { Db } from "../db/database.js";
import type { TicketRow } from "../db/schema.js";
import type { PolicySettings } from "../domain/policy/policy.js";
import { DEADLINE_BY_NAME, deadlineLabel } from "../domain/ticket/deadline-kinds.js";
import { deadlineMarks, isStaleWarning, markKey } from "../domain/ticket/deadline-marks.js";
import { decideMark, type TicketChange } from "../domain/ticket/ticket.machine.js";
import { decideCoUnitMark } from "../domain/ticket/co-units.js";
import { typedEvent } from "../domain/ticket/ticket-events.js";
import type { CoUnitStatus, TicketStatus } from "../domain/ticket/ticket.types.js";
import { factsOf } from "../modules/tickets/ticket.presenter.js";
import { applyTicketChanges, scheduleOf, type BatchItem } from "../modules/tickets/ticket-write.js";

export type SweepDeps = Pick<AppContext, "db" | "policy" | "calendar" | "notifier" | "logger">;

export interface SweepResult {
  examined: number;
  /** Warnings sent (an event and a notice each). */
  warnings: number;
  /** Warnings the sweep reached only after their deadline had passed: not sent; the deadline's overdue mark stands for them. */
  staleWarnings: number;
  overdue: number;
  autoClosed: number;
  /** Issue 18 point 1: co-units' own deadlines — warnings sent and overdue marks recorded. */
  coUnitWarnings: number;
  coUnitOverdue: number;
}

/** What one batch of tickets did (the co-units' queue is counted on its own). */
type TicketBatchResult = Omit<SweepResult, "coUnitWarnings" | "coUnitOverdue">;

/** What the sweep reads of a due ticket: its clocks, nothing of its text. */
const SWEEP_COLUMNS = [
  "id", "number", "status", "lead_unit_id", "policy_version", "deadline_cycle", "dispatched_at", "replied_at",
  "sign_due_at", "contact_due_at", "reply_due_at", "progress_due_at", "auto_close_at", "first_contact_state", "version",
  "closure_kind", "closure_remark", "closed_at", "resume_status", "pending_extension", "pending_exclusion", "excluded_from_satisfaction",
  "sign_overdue", "contact_overdue", "reply_overdue", "progress_overdue",
] as const;

/** A mark of one ticket, as the batch remembers which marks its insert recorded. */
const ticketMarkKey = (ticketId: number, m: { deadline: string; kind: string }) => `${ticketId}|${markKey(m)}`;

/**
 * The deadline sweep (docs/RULES.md rules 18, 22, 28; docs/STYLE.md "Sweeps are idempotent and bounded"): claims due
 * tickets in batches (FOR UPDATE SKIP LOCKED, so two instances split the work), records each mark in
 * deadline_marks (unique per ticket, deadline, kind and cycle, so every warning, overdue mark and auto-close
 * happens once even if the sweep runs twice or is interrupted), and applies only the marks it inserted. A
 * warning reached only after its deadline passed is not sent: the overdue mark stands for it (isStaleWarning).
 */
export async function runDeadlineSweep(deps: SweepDeps, now: Date, batchSize = 1000, workers = 2): Promise<SweepResult> {
  const total: SweepResult = { examined: 0, warnings: 0, staleWarnings: 0, overdue: 0, autoClosed: 0, coUnitWarnings: 0, coUnitOverdue: 0 };
  // Each worker walks the queue with its own keyset; SKIP LOCKED hands the two of them disjoint batches,
  // so a backlog uses a database core each (on PGlite's one connection they simply take turns).
  const worker = async (): Promise<void> => {
    let after: QueueKey | null = null;
    for (;;) {
      const r: TicketBatchResult & { last: QueueKey | null } = await deps.db.transaction().execute((trx) => sweepBatch(deps, trx, now, batchSize, after));
      after = r.last;
      total.examined += r.examined;
      total.warnings += r.warnings;
      total.staleWarnings += r.staleWarnings;
      total.overdue += r.overdue;
      total.autoClosed += r.autoClosed;
      if (r.examined < batchSize) return;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
  // Co-units' own deadlines (rule 10, issue 18): their rows are a queue of their own (next_mark_at).
  for (;;) {
    const r = await deps.db.transaction().execute((trx) => sweepCoUnitBatch(deps, trx, now, batchSize));
    total.coUnitWarnings += r.warnings;
    total.coUnitOverdue += r.overdue;
    if (r.examined < batchSize) break;
  }
  return total;
}

/**
 * One batch of co-unit rows whose next mark is due (issue 18 point 1, docs/WORKDAY.md "Co-unit deadlines"): each
 * row's warning and overdue mark happen once (warned_at / overdue_at, claimed FOR UPDATE SKIP LOCKED so two
 * instances split the rows), as events on the ticket through the one write path, and a notice to the co-unit.
 */
async function sweepCoUnitBatch(deps: SweepDeps, trx: Db, now: Date, batchSize: number): Promise<{ examined: number; warnings: number; overdue: number }> {
  const rows = await trx
    .selectFrom("ticket_co_units")
    .select(["id", "ticket_id", "unit_id", "status", "due_at", "warned_at", "overdue_at"])
    .where("next_mark_at", "<=", now)
    .orderBy("next_mark_at")
    .orderBy("id")
    .limit(batchSize)
    .forUpdate()
    .skipLocked()
    .execute();
  const out = { examined: rows.length, warnings: 0, overdue: 0 };
  if (rows.length === 0) return out;
  const tickets = new Map((await trx.selectFrom("tickets").selectAll().where("id", "in", [...new Set(rows.map((r) => r.ticket_id))]).execute()).map((t) => [t.id, t]));
  const changes = new Map<number, TicketChange[]>();
  const notices: Array<{ unitId: number; ticketId: number; kind: string; title: string }> = [];
  for (const r of rows) {
    const t = tickets.get(r.ticket_id);
    const mark = decideCoUnitMark({ status: r.status as CoUnitStatus, dueAt: r.due_at, warnedAt: r.warned_at, overdueAt: r.overdue_at, ticketStatus: t?.status ?? "closed" }, now);
    await trx
      .updateTable("ticket_co_units")
      .set({ next_mark_at: mark.next, ...(mark.kind === "warning" ? { warned_at: now } : mark.kind === "overdue" ? { overdue_at: now } : {}) })
      .where("id", "=", r.id)
      .execute();
    if (!mark.kind || !t || !r.due_at) continue;
    const status = t.status as TicketStatus;
    const payload = { coUnitId: r.unit_id, dueAt: r.due_at.toISOString() };
    const event = mark.kind === "warning" ? typedEvent("ticket.co_unit_warning", now, null, r.unit_id, payload) : typedEvent("ticket.co_unit_overdue", now, null, r.unit_id, payload);
    const list = changes.get(t.id) ?? [];
    list.push({ action: mark.kind === "warning" ? "deadline_warning" : "deadline_overdue", from: status, to: status, patch: {}, events: [event] });
    changes.set(t.id, list);
    if (mark.kind === "warning") out.warnings++;
    else out.overdue++;
    notices.push({
      unitId: r.unit_id,
      ticketId: t.id,
      kind: mark.kind === "warning" ? "co_unit.warning" : "co_unit.overdue",
      title: mark.kind === "warning" ? `预警：工单 ${t.number} 协办意见时限将至` : `工单 ${t.number} 协办意见已超期`,
    });
  }
  // Events only: the ticket's status, clocks and version do not move (next_due_at stays as it is).
  await applyTicketChanges(trx, [...changes].map(([id, cs]) => ({ ticket: tickets.get(id)!, changes: cs, nextDueAt: tickets.get(id)!.next_due_at })));
  await deps.notifier.notifyUnits(trx, notices, now);
  return out;
}

/** Where a sweep's previous batch ended in the (next_due_at, id) queue. */
interface QueueKey {
  at: Date;
  id: number;
}

/**
 * One batch: the next due tickets after `after` in (next_due_at, id) order. A handled ticket's next mark lies
 * after `now`, so nothing this run still owes lies before the key; the keyset keeps each batch from walking
 * the index entries the earlier batches left behind.
 */
async function sweepBatch(deps: SweepDeps, trx: Db, now: Date, batchSize: number, after: QueueKey | null): Promise<TicketBatchResult & { last: QueueKey | null }> {
  const result = { examined: 0, warnings: 0, staleWarnings: 0, overdue: 0, autoClosed: 0, last: null as QueueKey | null };
  let claim = trx.selectFrom("tickets").select(SWEEP_COLUMNS).select("next_due_at").where("next_due_at", "<=", now);
  if (after) claim = claim.where((eb) => eb(eb.refTuple("next_due_at", "id"), ">", eb.tuple(after.at, after.id)));
  const tickets = await claim.orderBy("next_due_at").orderBy("id").limit(batchSize).forUpdate().skipLocked().execute();
  result.examined = tickets.length;
  if (tickets.length === 0) return result;
  const lastTicket = tickets[tickets.length - 1]!;
  result.last = { at: lastTicket.next_due_at!, id: lastTicket.id };
  const calendar = await deps.calendar.get(trx);

  // One policy read per version in the batch (null = the version in force), not one per ticket.
  const policies = new Map<number | null, PolicySettings>();
  for (const v of new Set(tickets.map((t) => t.policy_version))) policies.set(v, await deps.policy.byVersion(trx, v));
  const planned = tickets.map((t) => ({ t, marks: deadlineMarks(policies.get(t.policy_version)!, calendar, t) }));
  // Stale warnings are not recorded: the overdue mark of their deadline stands for them (isMarkDone).
  const due = planned.flatMap(({ t, marks }) => marks.filter((m) => m.at <= now && !isStaleWarning(m, marks, now)).map((m) => ({ t, m })));
  const inserted = new Set<string>();
  if (due.length > 0) {
    // One JSON parameter rather than five bound values a mark: a batch owes thousands of marks.
    const marks = due.map(({ t, m }) => ({ ticket_id: t.id, deadline: m.deadline, kind: m.kind, cycle: t.deadline_cycle }));
    const { rows } = await sql<{ ticket_id: number; deadline: string; kind: string }>`
      INSERT INTO deadline_marks (ticket_id, deadline, kind, cycle, at)
      SELECT m.ticket_id, m.deadline, m.kind, m.cycle, ${now}::timestamptz
      FROM jsonb_to_recordset(${JSON.stringify(marks)}::jsonb) AS m(ticket_id integer, deadline text, kind text, cycle integer)
      ON CONFLICT DO NOTHING
      RETURNING ticket_id, deadline, kind`.execute(trx);
    for (const r of rows) inserted.add(ticketMarkKey(r.ticket_id, r));
  }
  const doneRows = await trx
    .selectFrom("deadline_marks")
    .select(["ticket_id", "deadline", "kind", "cycle"])
    .where("ticket_id", "in", tickets.map((t) => t.id))
    .execute();
  const cycleOf = new Map(tickets.map((t) => [t.id, t.deadline_cycle]));
  const done = new Map<number, Set<string>>();
  for (const d of doneRows) {
    if (cycleOf.get(d.ticket_id) !== d.cycle) continue;
    if (!done.has(d.ticket_id)) done.set(d.ticket_id, new Set());
    done.get(d.ticket_id)!.add(markKey(d));
  }

  // Every mark goes through the state machine (decideMark: warning, overdue mark, AutoClose) and the one
  // apply function, batched: one UPDATE and one events append for the whole batch.
  const items: BatchItem[] = [];
  const notices: Array<{ unitId: number | null; ticketId: number; kind: string; title: string }> = [];
  for (const { t, marks } of planned) {
    const row = t as unknown as TicketRow;
    const mine = marks.filter((m) => inserted.has(ticketMarkKey(t.id, m)));
    const recorded = done.get(t.id) ?? new Set<string>();
    // Counted once, by the sweep that recorded the overdue mark standing for them.
    result.staleWarnings += marks.filter(
      (m) => isStaleWarning(m, marks, now) && inserted.has(ticketMarkKey(t.id, { deadline: m.deadline, kind: "overdue" })) && !recorded.has(markKey(m)),
    ).length;
    const changes: TicketChange[] = [];
    let state = row;
    for (const m of mine) {
      const k = DEADLINE_BY_NAME.get(m.deadline);
      const dueAt = k ? ((row[k.dueColumn] as Date | null) ?? null) : null;
      const change = decideMark({ ...factsOf(state), firstContactState: state.first_contact_state }, { ...m, dueAt }, { now, actorId: null, unitId: t.lead_unit_id });
      changes.push(change);
      state = { ...state, ...change.patch, status: change.to } as TicketRow;
      if (m.kind === "close") result.autoClosed++;
      else if (m.kind === "overdue") {
        result.overdue++;
        notices.push({ unitId: t.lead_unit_id, ticketId: t.id, kind: "deadline.overdue", title: `工单 ${t.number} ${deadlineLabel(m.deadline)}已超期` });
      } else {
        result.warnings++;
        notices.push({ unitId: t.lead_unit_id, ticketId: t.id, kind: "deadline.warning", title: `预警：工单 ${t.number} ${deadlineLabel(m.deadline)}时限将至` });
      }
    }
    // The one schedule: the next mark not yet done of the clocks running after these changes.
    const nextDueAt = scheduleOf(policies.get(t.policy_version)!, calendar, state, done.get(t.id) ?? new Set());
    items.push({ ticket: row, changes, nextDueAt });
  }
  await applyTicketChanges(trx, items);

  // Every active user of the ticket's unit gets the notice, and its SMS through the outbox (after commit).
  await deps.notifier.notifyUnits(
    trx,
    notices.filter((n) => n.unitId !== null).map((n) => ({ unitId: n.unitId!, ticketId: n.ticketId, kind: n.kind, title: n.title })),
    now,
  );
  return result;
}

/** Runs the sweep every `intervalMs` on the given clock, never two at once in this process. */
export function startDeadlineSweeper(
  deps: SweepDeps,
  clock: { now(): Date },
  intervalMs: number,
  metrics?: { sweepRun(seconds: number, ok: boolean, marks: number): void },
): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const started = performance.now();
    runDeadlineSweep(deps, clock.now())
      .then((r) => {
        metrics?.sweepRun((performance.now() - started) / 1000, true, r.warnings + r.overdue + r.autoClosed);
        if (r.warnings + r.overdue + r.autoClosed > 0) deps.logger.info(r, "deadline sweep");
      })
      .catch((err: unknown) => {
        metrics?.sweepRun((performance.now() - started) / 1000, false, 0);
        deps.logger.error({ err }, "deadline sweep failed");
      })
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
