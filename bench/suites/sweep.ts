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

interface Saved {
  maxEvent: number;
  maxNotification: number;
  columns: string[];
}

/**
 * Turns `n` closed tickets into signed tickets whose reply deadline passed an hour ago (each then owes
 * two warnings and an overdue mark, with events and notifications), remembering them to restore after.
 */
async function makeDue(pool: pg.Pool, n: number, now: Date): Promise<Saved> {
  await pool.query("DROP TABLE IF EXISTS bench_sweep_saved");
  await pool.query(
    `CREATE UNLOGGED TABLE bench_sweep_saved AS SELECT * FROM tickets WHERE id IN (
       SELECT id FROM tickets WHERE status = 'closed' AND lead_unit_id IS NOT NULL AND id % 3 = 0 ORDER BY id DESC LIMIT $1)`,
    [n],
  );
  const { rows: c } = await pool.query<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'tickets' AND column_name <> 'id' ORDER BY ordinal_position",
  );
  const { rows: m } = await pool.query<{ e: string; n: string }>(
    "SELECT (SELECT coalesce(max(id), 0) FROM ticket_events) AS e, (SELECT coalesce(max(id), 0) FROM notifications) AS n",
  );
  await pool.query(
    `UPDATE tickets t SET status = 'signed', closed_at = NULL, closure_kind = NULL, closure_remark = NULL, replied_at = NULL,
       auto_close_at = NULL, first_contact_state = 'reached', contact_due_at = NULL, progress_due_at = NULL,
       dispatched_at = $1::timestamptz - interval '9 days', signed_at = $1::timestamptz - interval '9 days',
       sign_due_at = $1::timestamptz - interval '8 days', reply_due_at = $1::timestamptz - interval '1 hour',
       next_due_at = $1::timestamptz - interval '1 hour', sign_overdue = false, contact_overdue = false, reply_overdue = false,
       deadline_cycle = ${BENCH_CYCLE}
     FROM bench_sweep_saved s WHERE t.id = s.id`,
    [now],
  );
  return { maxEvent: Number(m[0].e), maxNotification: Number(m[0].n), columns: c.map((r) => r.column_name) };
}

async function restore(pool: pg.Pool, saved: Saved): Promise<void> {
  const cols = saved.columns.map((c) => `"${c}"`);
  await pool.query(`UPDATE tickets t SET (${cols.join(", ")}) = (${cols.map((c) => `s.${c}`).join(", ")}) FROM bench_sweep_saved s WHERE t.id = s.id`);
  await pool.query("DELETE FROM ticket_events WHERE id > $1", [saved.maxEvent]);
  await pool.query("DELETE FROM notifications WHERE id > $1", [saved.maxNotification]);
  await pool.query("DELETE FROM deadline_marks WHERE cycle = $1", [BENCH_CYCLE]);
  await pool.query("DROP TABLE bench_sweep_saved");
}

/**
 * Bench 5: the product's deadline sweep (src/jobs/deadline-sweep.job.ts) over `n` due tickets, then the
 * physical limit: one set-based statement marking the same tickets overdue. The data is restored after each.
 */
export async function runSweep(db: Db, pool: pg.Pool, n: number): Promise<{ sweepSeconds: number; rawSeconds: number; result: SweepResult; rawMarked: number }> {
  const now = new Date();
  const deps = { db, policy: new PolicyService(), calendar: new CalendarService(), notifier: new Notifier(null), logger: pino({ level: "silent" }) };
  let saved = await makeDue(pool, n, now);
  const t0 = performance.now();
  const result = await runDeadlineSweep(deps, now);
  const sweepSeconds = (performance.now() - t0) / 1000;
  await restore(pool, saved);

  saved = await makeDue(pool, n, now);
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
  await restore(pool, saved);
  return { sweepSeconds, rawSeconds, result, rawMarked: raw.rowCount ?? 0 };
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
    met: r.sweepSeconds <= goalSeconds && r.result.overdue >= n,
    detail: { ...r.result, rawMarked: r.rawMarked, dueTickets: n },
  };
}
