import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import type { DB } from "../../src/db/schema.js";
import { shanghaiDate } from "../../src/domain/calendar/calendar.js";
import { DEFAULT_SUPERVISION } from "../../src/domain/supervision/supervision.js";
import { placeSqlText } from "../../src/modules/supervision/alert-detectors.js";
import { computeSections } from "../../src/modules/supervision/special-report.js";
import { runDetection } from "../../src/modules/supervision/supervision.service.js";
import { Notifier } from "../../src/modules/notifications/notifier.js";
import { PolicyService } from "../../src/modules/policy/policy.service.js";
import type { BenchRow } from "../lib/result.js";
import { benchPool } from "../lib/sql-capture.js";

const DAY = 86_400_000;

/**
 * Bench "supervision" (issue 13, docs/SUPERVISION.md "Speed"): the daily alert detection (every detector of the
 * registry, alerts inserted) and the weekly special report, on a PostgreSQL schema of generated tickets; each
 * beside its baseline, the same counts in one raw SQL statement. Writes supervision_alerts of that schema only:
 * run it on a bench schema of your own.
 */
export async function supervisionSuite(url: string, schema: string, log: (s: string) => void): Promise<BenchRow[]> {
  const pool: pg.Pool = benchPool(url, schema, 4);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    const n = Number((await pool.query("SELECT count(*) AS n FROM tickets")).rows[0].n);
    const last = (await pool.query("SELECT max(received_at) AS m FROM tickets")).rows[0].m as Date;
    const now = new Date(last.getTime() + 3_600_000);
    const perDay = Number((await pool.query("SELECT count(*) AS n FROM tickets WHERE received_at > $1", [new Date(now.getTime() - DAY)])).rows[0].n);
    const scale = `${n.toLocaleString("en")} tickets (${perDay.toLocaleString("en")} in the last day)`;
    await pool.query("DELETE FROM supervision_alerts");
    log(`supervision: daily detection on ${schema}, ${scale}…`);
    const deps = { db, policy: new PolicyService(), notifier: new Notifier(null) };
    const t0 = performance.now();
    const detected = await runDetection(deps, now);
    const detectMs = performance.now() - t0;
    const s = DEFAULT_SUPERVISION;
    const since7 = new Date(now.getTime() - 7 * DAY);
    const since90 = new Date(now.getTime() - s.repeatWindowDays * DAY);
    const sinceConc = new Date(now.getTime() - s.concentrated.windowDays * DAY);
    const t1 = performance.now();
    await pool.query(
      `SELECT
        (SELECT count(*) FROM tickets WHERE redo_count >= $1 AND (closed_at IS NULL OR closed_at >= $2)) AS redo,
        (SELECT count(*) FROM (SELECT 1 FROM tickets WHERE requester_phone IS NOT NULL AND received_at >= $3 AND repeat_of IS NULL AND merged_into IS NULL GROUP BY requester_phone, category_id HAVING count(*) >= $4) x) AS repeat,
        (SELECT count(*) FROM (SELECT 1 FROM (SELECT category_id, requester_phone, id, ${placeSqlText("address")} AS place FROM tickets WHERE received_at >= $5 AND received_at <= $6 AND address IS NOT NULL) w WHERE place IS NOT NULL GROUP BY category_id, place HAVING count(DISTINCT coalesce(requester_phone, id::text)) >= $7) y) AS conc,
        (SELECT count(DISTINCT lead_unit_id) FROM tickets WHERE (sign_overdue OR reply_overdue OR progress_overdue) AND status <> 'closed') AS overdue,
        (SELECT count(DISTINCT lead_unit_id) FROM tickets WHERE first_contact_state = 'missed' AND status <> 'closed') AS missed,
        (SELECT count(*) FROM tickets WHERE flagged_no_change AND (closed_at IS NULL OR closed_at >= $2)) AS perf,
        (SELECT count(*) FROM (SELECT lead_unit_id, received_at >= $8 AS cur, count(*) FROM tickets WHERE received_at >= $9 AND lead_unit_id IS NOT NULL GROUP BY 1, 2) z) AS rates`,
      [s.redoThreshold, since7, since90, s.repeatThreshold, sinceConc, now, s.concentrated.minRequesters, new Date(now.getTime() - 30 * DAY), new Date(now.getTime() - 60 * DAY)],
    );
    const detectRaw = performance.now() - t1;
    log(`  raised ${detected.raised} alerts: ${JSON.stringify(detected.byKind)}`);

    const weekOf = shanghaiDate(new Date(now.getTime() - 7 * DAY));
    const t2 = performance.now();
    const report = await computeSections(db, weekOf, s);
    const reportMs = performance.now() - t2;
    const from = new Date(`${report.start}T00:00:00+08:00`);
    const to = new Date(`${report.end}T00:00:00+08:00`);
    const t3 = performance.now();
    await pool.query(
      `SELECT
        (SELECT count(*) FROM tickets WHERE redo_count >= 3 AND received_at < $2 AND (closed_at IS NULL OR closed_at >= $1)) AS redone,
        (SELECT count(*) FROM (SELECT 1 FROM (SELECT category_id, requester_phone, id, ${placeSqlText("address")} AS place FROM tickets WHERE received_at >= $1 AND received_at < $2 AND address IS NOT NULL) w WHERE place IS NOT NULL GROUP BY category_id, place HAVING count(DISTINCT coalesce(requester_phone, id::text)) >= $3) y) AS conc,
        (SELECT count(*) FROM tickets WHERE received_at >= $1 AND received_at < $2 AND cardinality(co_unit_ids) > 0) AS multi,
        (SELECT count(DISTINCT category_id) FROM tickets WHERE received_at >= $1 AND received_at < $2) AS hot,
        (SELECT count(DISTINCT lead_unit_id) FROM tickets WHERE received_at >= $1 AND received_at < $2 AND (sign_overdue OR reply_overdue OR first_contact_state = 'missed')) AS units,
        (SELECT count(*) FROM tickets WHERE received_at >= $1 AND received_at < $2) AS volume`,
      [from, to, s.concentrated.minRequesters],
    );
    const reportRaw = performance.now() - t3;
    log(`  week of ${report.start}: ${report.sections.summary.volume} tickets, ${report.sections.redoneThreePlus.length} redone 3+, ${report.sections.concentrated.length} concentrated, ${report.sections.multiUnit.length} multi-unit`);
    return [
      { engine: "postgres", bench: "13 supervision: daily alert detection", scale, unit: "ms", value: detectMs, baseline: detectRaw, ratio: detectRaw / detectMs, goal: "≤ 30000 ms at 1 M", met: detectMs <= 30_000, detail: { ...detected } },
      { engine: "postgres", bench: "13 supervision: weekly special report", scale, unit: "ms", value: reportMs, baseline: reportRaw, ratio: reportRaw / reportMs, goal: "≤ 10000 ms at 1 M", met: reportMs <= 10_000 },
    ];
  } finally {
    await db.destroy();
  }
}
