import type pg from "pg";
import pino from "pino";
import type { Db } from "../../src/db/database.js";
import { runDeadlineSweep, type SweepResult } from "../../src/jobs/deadline-sweep.job.js";
import { CalendarService } from "../../src/modules/calendar/calendar.service.js";
import { Notifier } from "../../src/modules/notifications/notifier.js";
import { PolicyService } from "../../src/modules/policy/policy.service.js";
import type { BenchRow } from "../lib/result.js";

/** A cycle number no real ticket reaches: marks written under it are the benchmark's own. */
const BENCH_CYCLE = 999;

/**
 * Turns `n` closed tickets (ids of one parity, so two disjoint sets can be made) into signed tickets whose
 * reply deadline passed an hour ago: each then owes two warnings and an overdue mark, with events and
 * notifications to the unit's users.
 */
async function makeDue(pool: pg.Pool, n: number, now: Date, parity: 0 | 1): Promise<number> {
  const r = await pool.query(
    `UPDATE tickets t SET status = 'signed', closed_at = NULL, closure_kind = NULL, closure_remark = NULL, replied_at = NULL,
       auto_close_at = NULL, first_contact_state = 'reached', contact_due_at = NULL, progress_due_at = NULL,
       dispatched_at = $1::timestamptz - interval '9 days', signed_at = $1::timestamptz - interval '9 days',
       sign_due_at = $1::timestamptz - interval '8 days', reply_due_at = $1::timestamptz - interval '1 hour',
       next_due_at = $1::timestamptz - interval '1 hour', sign_overdue = false, contact_overdue = false, reply_overdue = false,
       deadline_cycle = ${BENCH_CYCLE}
     WHERE t.id IN (SELECT id FROM tickets WHERE status = 'closed' AND lead_unit_id IS NOT NULL AND id % 2 = $2 ORDER BY id DESC LIMIT $3)`,
    [now, parity, n],
  );
  return r.rowCount ?? 0;
}

/**
 * Bench 5: the product's deadline sweep (src/jobs/deadline-sweep.job.ts) over `n` due tickets, then the
 * physical limit: one set-based statement marking as many other tickets overdue. Run it on a throwaway schema.
 */
export async function runSweep(db: Db, pool: pg.Pool, n: number): Promise<{ sweepSeconds: number; rawSeconds: number; result: SweepResult; rawMarked: number; due: number }> {
  const now = new Date();
  const deps = { db, policy: new PolicyService(), calendar: new CalendarService(), notifier: new Notifier(null), logger: pino({ level: "silent" }) };
  const due = await makeDue(pool, n, now, 0);
  const t0 = performance.now();
  const result = await runDeadlineSweep(deps, now);
  const sweepSeconds = (performance.now() - t0) / 1000;

  await makeDue(pool, n, now, 1);
  const t1 = performance.now();
  const raw = await pool.query(
    `WITH due AS (SELECT id FROM tickets WHERE next_due_at <= $1 AND deadline_cycle = ${BENCH_CYCLE} FOR UPDATE SKIP LOCKED),
     m AS (INSERT INTO deadline_marks (ticket_id, deadline, kind, cycle, at) SELECT id, 'reply', 'overdue', ${BENCH_CYCLE}, $1 FROM due
           ON CONFLICT DO NOTHING RETURNING ticket_id),
     u AS (UPDATE tickets t SET reply_overdue = true, next_due_at = NULL, version = t.version + 1 FROM m WHERE t.id = m.ticket_id RETURNING t.id, t.lead_unit_id)
     INSERT INTO ticket_events (ticket_id, type, at, unit_id, data) SELECT id, 'ticket.overdue', $1, lead_unit_id, '{"deadline":"reply"}'::jsonb FROM u`,
    [now],
  );
  const rawSeconds = (performance.now() - t1) / 1000;
  return { sweepSeconds, rawSeconds, result, rawMarked: raw.rowCount ?? 0, due };
}

export function sweepRow(engine: BenchRow["engine"], scale: string, n: number, r: Awaited<ReturnType<typeof runSweep>>): BenchRow {
  const goalSeconds = (10 * n) / 100_000;
  return {
    engine,
    bench: "5 deadline sweep",
    scale,
    unit: "s",
    value: r.sweepSeconds,
    baseline: r.rawSeconds,
    ratio: r.rawSeconds / r.sweepSeconds,
    goal: n >= 100_000 ? "≤ 10 s for 100k" : `≤ ${goalSeconds.toFixed(1)} s (10 s per 100k)`,
    met: r.sweepSeconds <= goalSeconds && r.result.overdue >= r.due,
    detail: { ...r.result, rawMarked: r.rawMarked, dueTickets: r.due },
  };
}
