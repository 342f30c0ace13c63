import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { openDatabase } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrate.js";
import type { Actor } from "../../src/http/auth.js";
import { importCalls, MAX_IMPORT_ROWS } from "../../src/modules/call-center/use-cases/record-calls.js";
import { getCallRates } from "../../src/modules/call-center/use-cases/call-figures.js";
import type { BenchRow } from "../lib/result.js";
import { benchPool } from "../lib/sql-capture.js";

/**
 * Call-center bench (docs/CALL-CENTER.md "Speed"): importing N call records through the product's CSV
 * import (parse, validate, multi-row INSERT … unnest, one transaction per file of ≤ 200k rows) beside
 * COPY of the same rows into a twin table; and the month's connection figures over those N calls
 * (getCallRates, per day and per hour) beside the bare aggregate in raw SQL. Its own schema, dropped
 * and rebuilt each run.
 */
const OPERATORS = 60;
const MONTH = "2025-03";

/** Deterministic calls spread over March 2025 (Shanghai), ~8 % abandoned. */
function callLines(n: number, offset: number, count: number): string[] {
  const start = Date.parse("2025-02-28T16:00:00Z");
  const span = 31 * 86_400_000 - 3_600_000;
  const out: string[] = [];
  for (let i = offset; i < offset + count; i++) {
    const s = start + Math.floor((i / n) * span);
    const wait = (i * 7919) % 40;
    const abandoned = i % 13 === 0;
    const end = s + (wait + (abandoned ? 0 : 60 + ((i * 104729) % 400))) * 1000;
    const answered = abandoned ? "" : new Date(s + wait * 1000).toISOString();
    out.push(`b${i},${new Date(s).toISOString()},${answered},${new Date(end).toISOString()},${abandoned ? "" : `bop${i % OPERATORS}`}`);
  }
  return out;
}

const HEADER = "externalId,startedAt,answeredAt,endedAt,operator";

export async function runCallCenterBench(url: string, schema: string, n: number, log: (s: string) => void): Promise<BenchRow[]> {
  const admin = benchPool(url, "public", 1);
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  const database = await openDatabase({ url, schema });
  const pool = benchPool(url, schema, 2);
  const rows: BenchRow[] = [];
  try {
    await migrate(database);
    await pool.query(
      `INSERT INTO users (username, password_hash, name, roles) SELECT 'bop' || g, 'x', '话务员' || g, ARRAY['operator'] FROM generate_series(0, ${OPERATORS - 1}) g`,
    );
    const { rows: adminRows } = await pool.query<{ id: number }>("INSERT INTO users (username, password_hash, name, roles) VALUES ('bench-admin', 'x', 'bench', ARRAY['admin']) RETURNING id");
    const actor: Actor = { id: adminRows[0]!.id, username: "bench-admin", name: "bench", roles: ["admin"], unitId: null };

    log(`call center: importing ${n.toLocaleString("en")} calls (CSV files of ${MAX_IMPORT_ROWS.toLocaleString("en")})…`);
    let t0 = performance.now();
    let imported = 0;
    for (let off = 0; off < n; off += MAX_IMPORT_ROWS) {
      const csv = [HEADER, ...callLines(n, off, Math.min(MAX_IMPORT_ROWS, n - off))].join("\n");
      imported += (await importCalls(database.db, actor, csv, new Date())).imported;
    }
    const importS = (performance.now() - t0) / 1000;

    // Baseline: COPY of the same rows (operator ids resolved by the same join) into a twin table.
    await pool.query("CREATE TABLE calls_copy (LIKE calls INCLUDING DEFAULTS)");
    const client = await pool.connect();
    t0 = performance.now();
    try {
      await client.query("CREATE TEMP TABLE calls_stage (e text, s timestamptz, a timestamptz, n timestamptz, o text)");
      for (let off = 0; off < n; off += MAX_IMPORT_ROWS) {
        const lines = callLines(n, off, Math.min(MAX_IMPORT_ROWS, n - off));
        await pipeline(Readable.from([lines.join("\n") + "\n"]), client.query(copyFrom("COPY calls_stage FROM STDIN WITH (FORMAT csv)")));
      }
      await client.query(
        "INSERT INTO calls_copy (external_id, started_at, answered_at, ended_at, operator_id) SELECT e, s, a, n, u.id FROM calls_stage LEFT JOIN users u ON u.username = o",
      );
    } finally {
      client.release();
    }
    const copyS = (performance.now() - t0) / 1000;
    rows.push({
      engine: "postgres",
      bench: "call import",
      scale: `${imported.toLocaleString("en")} calls`,
      unit: "s",
      value: importS,
      baseline: copyS,
      ratio: copyS / importS,
      goal: "≤ 60 s",
      met: importS <= 60,
      detail: { baseline: "COPY FROM STDIN of the same rows + one INSERT … SELECT resolving operators (no validation, no indexes on the twin)" },
    });

    await pool.query("ANALYZE calls");
    for (const interval of ["day", "hour"] as const) {
      const runs = 3;
      let best = Infinity;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await getCallRates(database.db, { from: `${MONTH}-01`, to: `${MONTH}-31`, interval });
        best = Math.min(best, performance.now() - t);
      }
      let base = Infinity;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await pool.query(
          "SELECT count(*), count(answered_at), count(*) FILTER (WHERE answered_at - started_at <= interval '15 seconds') FROM calls WHERE started_at >= '2025-02-28T16:00:00Z' AND started_at < '2025-03-31T16:00:00Z'",
        );
        base = Math.min(base, performance.now() - t);
      }
      rows.push({
        engine: "postgres",
        bench: `month's connection figures (per ${interval})`,
        scale: `${n.toLocaleString("en")} calls`,
        unit: "ms",
        value: best,
        baseline: base,
        ratio: base / best,
        goal: "≤ 2,000 ms",
        met: best <= 2000,
        detail: { baseline: "one raw aggregate (offered, answered, within 15 s) over the month, no grouping", runs },
      });
    }
  } finally {
    await pool.end();
    await database.close();
  }
  return rows;
}
