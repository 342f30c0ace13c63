import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import type { DB } from "../../src/db/schema.js";
import { shanghaiDate } from "../../src/domain/calendar/calendar.js";
import { DEFAULT_SUPERVISION } from "../../src/domain/supervision/supervision.js";
import { placeSqlText } from "../../src/modules/supervision/alert-detectors.js";
import { computeSections } from "../../src/modules/supervision/special-report.js";
import { runDetection } from "../../src/modules/supervision/supervision.service.js";
import { termsOf } from "../../src/modules/suggestions/suggestion.service.js";
import { Notifier } from "../../src/modules/notifications/notifier.js";
import { PolicyService } from "../../src/modules/policy/policy.service.js";
import type { BenchRow } from "../lib/result.js";
import { benchPool } from "../lib/sql-capture.js";

const DAY = 86_400_000;

/**
 * One connection inside a transaction that the bench rolls back at the end: the product's own transactions
 * become savepoints, so the detection inserts its alerts, notifications and audit row as it does in
 * production (and is timed doing so) but nothing stays in the schema. The bench can so run on a schema it
 * must not change (the lead's `huying_bench`).
 */
async function rolledBack(pool: pg.Pool): Promise<{ db: Kysely<DB>; client: pg.PoolClient; end: () => Promise<void> }> {
  const client = await pool.connect();
  await client.query("BEGIN");
  const asSavepoint = (text: unknown) => {
    if (typeof text !== "string") return text;
    const t = text.trim().toLowerCase();
    if (t === "begin" || t.startsWith("start transaction")) return "SAVEPOINT bench_tx";
    if (t === "commit") return "RELEASE SAVEPOINT bench_tx";
    if (t === "rollback") return "ROLLBACK TO SAVEPOINT bench_tx";
    return text;
  };
  const wrapped = { query: (text: unknown, ...rest: unknown[]) => (client.query as (...a: unknown[]) => unknown)(asSavepoint(text), ...rest), release: () => undefined };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: { connect: async () => wrapped, end: async () => undefined } as never }) });
  return {
    db,
    client,
    end: async () => {
      await client.query("ROLLBACK");
      client.release();
      await db.destroy();
    },
  };
}

/**
 * Hot-issue clusters read each ticket's concept words (ticket_terms, written at intake). A bulk-loaded schema
 * has none until the suggestions job indexes them; the bench must not write the schema, so on this session's
 * connection a TEMP ticket_terms (searched before the schema's) gets the windows' words, segmented here
 * (untimed), plus an empty row for every other ticket so the join reads a table of the real row count.
 * Answers how many tickets it segmented (0: the schema's own ticket_terms cover the windows).
 */
async function termsForWindows(client: pg.PoolClient, schema: string, from: Date, to: Date, log: (s: string) => void): Promise<number> {
  const missing = await client.query(
    `SELECT t.id, t.title, left(t.content, 4000) AS content FROM tickets t LEFT JOIN ticket_terms x ON x.ticket_id = t.id
     WHERE t.received_at >= $1 AND t.received_at < $2 AND x.ticket_id IS NULL`,
    [from, to],
  );
  if (missing.rows.length === 0) return 0;
  log(`  ${missing.rows.length.toLocaleString("en")} tickets of the windows have no ticket_terms: segmenting them into a TEMP ticket_terms (untimed)…`);
  await client.query(`CREATE TEMP TABLE ticket_terms (LIKE ${schema}.ticket_terms INCLUDING ALL)`);
  await client.query(`INSERT INTO pg_temp.ticket_terms SELECT * FROM ${schema}.ticket_terms`);
  for (let i = 0; i < missing.rows.length; i += 2000) {
    const chunk = missing.rows.slice(i, i + 2000).map((r: { id: number; title: string; content: string }) => ({ ticket_id: r.id, terms: termsOf(r.title, r.content, null).terms }));
    await client.query(
      `INSERT INTO pg_temp.ticket_terms (ticket_id, terms) SELECT x.ticket_id, ARRAY(SELECT jsonb_array_elements_text(x.terms)) FROM jsonb_to_recordset($1::jsonb) AS x(ticket_id integer, terms jsonb)`,
      [JSON.stringify(chunk)],
    );
  }
  await client.query(`INSERT INTO pg_temp.ticket_terms (ticket_id, terms) SELECT t.id, '{}' FROM ${schema}.tickets t WHERE NOT EXISTS (SELECT 1 FROM pg_temp.ticket_terms x WHERE x.ticket_id = t.id)`);
  await client.query("ANALYZE pg_temp.ticket_terms");
  return missing.rows.length;
}

/**
 * Bench "supervision" (issue 13, docs/SUPERVISION.md "Speed"): the daily alert detection (every detector of the
 * registry, alerts inserted) and the weekly special report, on a PostgreSQL schema of generated tickets; each
 * beside its baseline, the same counts in one raw SQL statement. Everything runs in one transaction rolled back
 * at the end: the schema is left as it was.
 */
export async function supervisionSuite(url: string, schema: string, log: (s: string) => void): Promise<BenchRow[]> {
  const pool: pg.Pool = benchPool(url, schema, 2);
  const { db, client, end } = await rolledBack(pool);
  try {
    const n = Number((await client.query("SELECT count(*) AS n FROM tickets")).rows[0].n);
    const last = (await client.query("SELECT max(received_at) AS m FROM tickets")).rows[0].m as Date;
    const now = new Date(last.getTime() + 3_600_000);
    const perDay = Number((await client.query("SELECT count(*) AS n FROM tickets WHERE received_at > $1", [new Date(now.getTime() - DAY)])).rows[0].n);
    const scale = `${n.toLocaleString("en")} tickets (${perDay.toLocaleString("en")} in the last day)`;
    const weekOf = shanghaiDate(new Date(now.getTime() - 7 * DAY));
    const weekStart = new Date(`${weekOf}T00:00:00+08:00`);
    const segmented = await termsForWindows(client, schema, new Date(Math.min(now.getTime() - 14 * DAY, weekStart.getTime() - 14 * DAY)), now, log);
    const multiIndex = (await client.query("SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND indexname = 'tickets_multi_unit_received_idx'", [schema])).rows.length > 0;
    await client.query("DELETE FROM supervision_alerts");
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
    await client.query(
      `SELECT
        (SELECT count(*) FROM tickets WHERE redo_count >= $1 AND (closed_at IS NULL OR closed_at >= $2)) AS redo,
        (SELECT count(*) FROM (SELECT 1 FROM tickets WHERE requester_phone IS NOT NULL AND received_at >= $3 AND repeat_of IS NULL AND merged_into IS NULL GROUP BY requester_phone, category_id HAVING count(*) >= $4) x) AS repeat,
        (SELECT count(*) FROM (SELECT 1 FROM (SELECT category_id, requester_phone, id, ${placeSqlText("address")} AS place FROM tickets WHERE received_at >= $5 AND received_at <= $6 AND address IS NOT NULL) w WHERE place IS NOT NULL GROUP BY category_id, place HAVING count(DISTINCT coalesce(requester_phone, id::text)) >= $7) y) AS conc,
        (SELECT count(DISTINCT lead_unit_id) FROM tickets WHERE (sign_overdue OR reply_overdue OR progress_overdue) AND status <> 'closed') AS overdue,
        (SELECT count(DISTINCT lead_unit_id) FROM tickets WHERE first_contact_state = 'missed' AND status <> 'closed') AS missed,
        (SELECT count(*) FROM tickets WHERE flagged_no_change AND (closed_at IS NULL OR closed_at >= $2)) AS perf,
        (SELECT count(*) FROM (SELECT lead_unit_id, received_at >= $8 AS cur, count(*) FROM tickets WHERE received_at >= $9 AND lead_unit_id IS NOT NULL GROUP BY 1, 2) z) AS rates,
        (SELECT count(*) FROM tickets t JOIN ticket_terms x ON x.ticket_id = t.id WHERE t.received_at >= $10 AND t.received_at < $6 AND t.merged_into IS NULL AND cardinality(x.terms) > 0) AS rising`,
      [s.redoThreshold, since7, since90, s.repeatThreshold, sinceConc, now, s.concentrated.minRequesters, new Date(now.getTime() - 30 * DAY), new Date(now.getTime() - 60 * DAY), new Date(now.getTime() - 14 * DAY)],
    );
    const detectRaw = performance.now() - t1;
    log(`  raised ${detected.raised} alerts: ${JSON.stringify(detected.byKind)}`);

    const t2 = performance.now();
    const report = await computeSections(db, weekOf, s);
    const reportMs = performance.now() - t2;
    const from = new Date(`${report.start}T00:00:00+08:00`);
    const to = new Date(`${report.end}T00:00:00+08:00`);
    const t3 = performance.now();
    await client.query(
      `SELECT
        (SELECT count(*) FROM tickets WHERE redo_count >= 3 AND received_at < $2 AND (closed_at IS NULL OR closed_at >= $1)) AS redone,
        (SELECT count(*) FROM (SELECT 1 FROM (SELECT category_id, requester_phone, id, ${placeSqlText("address")} AS place FROM tickets WHERE received_at >= $1 AND received_at < $2 AND address IS NOT NULL) w WHERE place IS NOT NULL GROUP BY category_id, place HAVING count(DISTINCT coalesce(requester_phone, id::text)) >= $3) y) AS conc,
        (SELECT count(*) FROM tickets WHERE received_at >= $1 AND received_at < $2 AND cardinality(co_unit_ids) > 0) AS multi,
        (SELECT count(*) FROM tickets t JOIN ticket_terms x ON x.ticket_id = t.id WHERE t.received_at >= $4 AND t.received_at < $2 AND t.merged_into IS NULL AND cardinality(x.terms) > 0) AS hot,
        (SELECT count(DISTINCT lead_unit_id) FROM tickets WHERE received_at >= $1 AND received_at < $2 AND (sign_overdue OR reply_overdue OR first_contact_state = 'missed')) AS units,
        (SELECT count(*) FROM tickets WHERE received_at >= $1 AND received_at < $2) AS volume`,
      [from, to, s.concentrated.minRequesters, new Date(from.getTime() - 7 * DAY)],
    );
    const reportRaw = performance.now() - t3;
    const sec = report.sections;
    log(
      `  week of ${report.start}: ${sec.summary.volume} tickets, ${sec.redoneThreePlus.length} redone 3+, ${sec.concentrated.length} concentrated, ${sec.multiUnit.length} multi-unit, ${sec.hotIssues.length} hot clusters (biggest: ${sec.hotIssues[0] ? `${sec.hotIssues[0].label} ${sec.hotIssues[0].ticketCount}` : "—"})`,
    );
    const conditions = { segmentedForBench: segmented, multiUnitIndex: multiIndex };
    return [
      { engine: "postgres", bench: "13 supervision: daily alert detection", scale, unit: "ms", value: detectMs, baseline: detectRaw, ratio: detectRaw / detectMs, goal: "≤ 30000 ms at 1 M", met: detectMs <= 30_000, detail: { ...detected, ...conditions } },
      {
        engine: "postgres",
        bench: "13 supervision: weekly special report",
        scale,
        unit: "ms",
        value: reportMs,
        baseline: reportRaw,
        ratio: reportRaw / reportMs,
        goal: "≤ 10000 ms at 1 M",
        met: reportMs <= 10_000,
        detail: { hotIssues: sec.hotIssues.length, concentrated: sec.concentrated.length, multiUnit: sec.multiUnit.length, ...conditions },
      },
    ];
  } finally {
    await end();
    await pool.end();
  }
}
