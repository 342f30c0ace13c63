/**
 * `npm run bench [-- --quick] [--partitions [--partitions-only] [--partition-tickets N]] [--database-url URL] [--schema huying_bench] [--big-schema huying_bench_10m] [--big-only]
 *   [--skip-pglite] [--skip-postgres] [--skip-sweep] [--skip-channels] [--only intake|lifecycle|channels|…]`; `--only channels` runs the channels suite alone (bench/suites/channels.ts)
 *
 * The scaling suite (docs/SCALING.md): intake, lifecycle, list queries, reports, deadline sweep and server
 * memory, each beside its baseline in the same run, on PostgreSQL and on PGlite. Prints a table and writes
 * JSON to bench/results/ (after every suite). `--quick` runs a small profile (a 50k-ticket schema it
 * generates if missing). The load average is recorded: other work on the machine slows every figure.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import type { Actor } from "../src/http/auth.js";
import { PolicyService } from "../src/modules/policy/policy.service.js";
import { systemClock } from "../src/clock.js";
import type { Role } from "../src/domain/ticket/ticket.types.js";
import { defaultTeddyDir, generate } from "./generate.js";
import { ApiClient } from "./lib/api-client.js";
import { intFlag, parseArgs } from "./lib/args.js";
import { formatTable, type BenchRow } from "./lib/result.js";
import { rssSampler, startServer, urlWithSchema, type ServerProcess } from "./lib/server-process.js";
import { benchPool } from "./lib/sql-capture.js";
import { apiIntake, intakeRow, rawPgIntake, rawPgliteIntake, removeIntakeTickets } from "./suites/intake.js";
import { apiLifecycle, createTickets, lifecycleRow, rawLifecycle, type UnitActor } from "./suites/lifecycle.js";
import { listCases, listRows, runListCases } from "./suites/queries.js";
import { reportRows, runReports } from "./suites/reports.js";
import { runSweep, sweepRow } from "./suites/sweep.js";
import { runCallCenterBench } from "./suites/call-center.js";
import { runPartitionBench } from "./suites/partitions.js";
import { runWorkday } from "./suites/workday.js";
import { runKnowledgeBench } from "./suites/knowledge.js";

import { suggestionsSuite } from "./suites/suggestions.js";
import { channelsSuite } from "./suites/channels.js";
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OPEN = ["dispatched", "signed", "return_requested", "reply_review"];
const BENCH_PASSWORD = "huying-bench";

interface Profile {
  quick: boolean;
  intakeSeconds: number;
  connections: number;
  lifecycleTickets: number;
  listRuns: number;
  reportRuns: number;
  sweepTickets: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Rough row count from the planner's statistics: list pages never count the whole table, neither do we. */
async function estimatedTickets(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>("SELECT coalesce((SELECT reltuples FROM pg_class WHERE oid = to_regclass('tickets')), -1)::float8 AS n");
  return Math.max(0, Math.round(Number(rows[0].n)));
}

async function schemaExists(pool: pg.Pool, schema: string): Promise<boolean> {
  const { rows } = await pool.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
  return rows.length > 0;
}

async function actorOf(pool: pg.Pool, username: string): Promise<Actor> {
  const { rows } = await pool.query<{ id: number; username: string; name: string; roles: Role[]; unit_id: number | null }>(
    "SELECT id, username, name, roles, unit_id FROM users WHERE username = $1",
    [username],
  );
  const u = rows[0];
  if (!u) throw new Error(`no user ${username}`);
  return { id: u.id, username: u.username, name: u.name, roles: u.roles, unitId: u.unit_id };
}

/** The month before the newest ticket's month (a complete month of the generated data). */
async function lastFullMonth(pool: pg.Pool): Promise<{ month: string; from: string; to: string }> {
  const { rows } = await pool.query<{ m: string }>(
    "SELECT to_char(date_trunc('month', (SELECT max(received_at) FROM tickets) AT TIME ZONE 'Asia/Shanghai') - interval '1 month', 'YYYY-MM') AS m",
  );
  const month = rows[0].m;
  const [y, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { month, from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** Runs benches 1–4 and 6 against a running server whose database `pool` also reaches (PostgreSQL). */
/** `--only intake` / `--only lifecycle`: bench 1 or 2 alone (the intake-ratio work, docs/SCALING.md); undefined: all. */
type Part = "intake" | "lifecycle" | undefined;

async function postgresSuite(url: string, schema: string, p: Profile, adminPassword: string, rows: BenchRow[], only?: Part): Promise<void> {
  const pool = benchPool(url, schema, p.connections + 2);
  const size = await estimatedTickets(pool);
  const scale = `${size.toLocaleString("en")} tickets`;
  log(`PostgreSQL schema ${schema}: ~${scale}`);
  const server = await startServer({ DATABASE_URL: urlWithSchema(url, schema), HUYING_ADMIN_PASSWORD: adminPassword });
  const rss = rssSampler(server);
  try {
    const admin = await ApiClient.login(server.baseUrl, "admin", adminPassword);
    const adminActor = await actorOf(pool, "admin");
    const { rows: busiest } = await pool.query<{ unit: number }>(
      `SELECT lead_unit_id AS unit FROM tickets WHERE status = ANY($1) AND lead_unit_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 8`,
      [OPEN],
    );
    const units: UnitActor[] = [];
    for (const b of busiest) units.push({ unitId: b.unit, leader: await ApiClient.login(server.baseUrl, `u${b.unit}-leader`, BENCH_PASSWORD) });
    const unitActor = await actorOf(pool, `u${units[0].unitId}-leader`);

    if (only !== "lifecycle") {
    log("1 intake…");
    const { rows: last } = await pool.query<{ id: number | null }>("SELECT max(id) AS id FROM tickets");
    const api = await apiIntake(server.baseUrl, admin.token ?? "", p.connections, p.intakeSeconds);
    const raw = await rawPgIntake(pool, adminActor.id, p.connections, p.intakeSeconds);
    rows.push(intakeRow("postgres", `${scale}, ${p.connections} conns, ${p.intakeSeconds} s`, api, raw));
    log(`  ${api.perSecond.toFixed(0)} tickets/s through the API, ${raw.perSecond.toFixed(0)} raw: ratio ${(api.perSecond / raw.perSecond).toFixed(2)}`);
    log(`  removed the ${(await removeIntakeTickets(pool, last[0]?.id ?? 0)).toLocaleString("en")} tickets bench 1 wrote`);
    }
    if (only === "intake") return;

    log("2 lifecycle…");
    const apiIds = await createTickets(admin, p.lifecycleTickets);
    const rawIds = await createTickets(admin, p.lifecycleTickets);
    const life = await apiLifecycle(admin, units, apiIds, 8);
    const rawLife = await rawLifecycle(pool, units[0].unitId, rawIds, 8);
    rows.push(lifecycleRow("postgres", `${scale}, 8 workers, ${p.lifecycleTickets} tickets`, life, rawLife));
    if (only === "lifecycle") return;

    log("3 list queries…");
    const month = await lastFullMonth(pool);
    const lists = await runListCases(listCases(month), { unit: units[0].leader, center: admin }, { unit: unitActor, center: adminActor }, pool, p.listRuns);
    rows.push(...listRows("postgres", `${scale}, unit ${units[0].unitId}, ${p.listRuns} runs`, lists));

    log("4 reports…");
    const reports = await runReports(admin, adminActor, { clock: systemClock, policy: new PolicyService() }, pool, month.month, p.reportRuns);
    rows.push(...reportRows("postgres", `${scale}, ${p.reportRuns} runs`, reports));
  } finally {
    const mem = rss.stop();
    rows.push(rssRow("postgres", server, mem));
    await server.stop();
    await pool.end();
  }
}

function rssRow(engine: BenchRow["engine"], server: ServerProcess, mem: { peakMb: number; lastMb: number; samples: number }): BenchRow {
  return {
    engine,
    bench: "6 server RSS under load (benches 1–4)",
    scale: `pid ${server.pid}, ${mem.samples} samples`,
    unit: "MB peak",
    value: mem.peakMb,
    goal: "≤ 300 MB",
    met: mem.peakMb <= 300,
    detail: mem,
  };
}

/**
 * Bench 5 on a throwaway schema of ~2.3 × n generated tickets: n closed tickets are made due for the
 * product's sweep, n others for the raw baseline; the schema is dropped afterwards.
 */
async function sweepSuite(url: string, schema: string, p: Profile, adminPassword: string, rows: BenchRow[]): Promise<void> {
  const sweepSchema = `${schema}_sweep`;
  const tickets = Math.ceil(p.sweepTickets * 2.3);
  log(`5 deadline sweep: generating ${tickets.toLocaleString("en")} tickets into ${sweepSchema}…`);
  await generate({ tickets, months: 3, seed: 5, schema: sweepSchema, databaseUrl: url, truncate: true, endMs: Math.floor(Date.now() / 3_600_000) * 3_600_000, towns: 300, teddyDir: defaultTeddyDir(), adminPassword, log: () => undefined });
  log(`5 deadline sweep over ${p.sweepTickets.toLocaleString("en")} due tickets…`);
  const pool = benchPool(url, sweepSchema, 4);
  const database = await openDatabase({ url, schema: sweepSchema });
  try {
    const r = await runSweep(database.db, pool, p.sweepTickets);
    rows.push(sweepRow("postgres", `${tickets.toLocaleString("en")} tickets, ${r.due.toLocaleString("en")} due`, p.sweepTickets, r));
  } finally {
    await database.close();
    await pool.query(`DROP SCHEMA "${sweepSchema}" CASCADE`);
    await pool.end();
  }
}

/** Benches 1–4 and 6 on embedded PGlite: a fresh data folder, tickets created through the API. */
async function pgliteSuite(p: Profile, rows: BenchRow[], only?: Part): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "huying-bench-pglite-"));
  const scratch = mkdtempSync(join(tmpdir(), "huying-bench-pglite-raw-"));
  const password = "huying-bench-root";
  const server = await startServer({ HUYING_DATA_DIR: dir, HUYING_ADMIN_PASSWORD: password, DATABASE_URL: undefined });
  const rss = rssSampler(server);
  try {
    const admin = await ApiClient.login(server.baseUrl, "admin", password);
    const units: UnitActor[] = [];
    for (let i = 0; i < 4; i++) {
      const unit = await admin.post<{ id: number }>("/api/units", { name: `基准街道${i + 1}`, kind: "town" });
      await admin.post("/api/users", { username: `bench-leader-${i}`, password: BENCH_PASSWORD, name: `负责人${i}`, roles: ["unit_leader"], unitId: unit.id });
      units.push({ unitId: unit.id, leader: await ApiClient.login(server.baseUrl, `bench-leader-${i}`, BENCH_PASSWORD) });
    }
    let intakeCreated = 0;
    if (only !== "lifecycle") {
    log("PGlite 1 intake…");
    const api = await apiIntake(server.baseUrl, admin.token ?? "", p.connections, p.intakeSeconds);
    const rawDb = await openDatabase({ dataDir: scratch });
    await migrate(rawDb);
    const raw = await rawPgliteIntake(rawDb.db, null, p.intakeSeconds).finally(() => rawDb.close());
    const intake = intakeRow("pglite", `${api.created.toLocaleString("en")} created, ${p.connections} conns, ${p.intakeSeconds} s`, api, raw);
    intake.detail = { ...intake.detail, baseline: "same insert in-process on a scratch PGlite (no network, no HTTP)" };
    rows.push(intake);
    log(`  ${api.perSecond.toFixed(0)} tickets/s through the API, ${raw.perSecond.toFixed(0)} raw: ratio ${(api.perSecond / raw.perSecond).toFixed(2)}`);
    intakeCreated = api.created;
    }
    if (only === "intake") return;

    log("PGlite 2 lifecycle…");
    const n = Math.max(20, Math.round(p.lifecycleTickets / 2));
    const ids = await createTickets(admin, n);
    rows.push(lifecycleRow("pglite", `8 workers, ${n} tickets`, await apiLifecycle(admin, units, ids, 8)));
    if (only === "lifecycle") return;

    log("PGlite 3 list queries…");
    const now = new Date();
    const month = now.toISOString().slice(0, 7);
    const cases = listCases({ from: `${month}-01`, to: now.toISOString().slice(0, 10) });
    for (const c of cases) {
      const client = c.who === "unit" ? units[0].leader : admin;
      const qs = new URLSearchParams(Object.entries(c.params).filter(([k]) => k !== "page")).toString();
      const samples: number[] = [];
      for (let i = 0; i < p.listRuns + 3; i++) {
        const t = performance.now();
        await client.get(`/api/tickets?${qs}`);
        if (i >= 3) samples.push(performance.now() - t);
      }
      samples.sort((a, b) => a - b);
      const p99 = samples[Math.min(samples.length - 1, Math.ceil(0.99 * samples.length) - 1)];
      rows.push({
        engine: "pglite",
        bench: `3 list: ${c.name}`,
        scale: `${(intakeCreated + 2 * n).toLocaleString("en")} tickets, ${p.listRuns} runs`,
        unit: "ms p99",
        value: p99,
        goal: c.inbox ? "p99 ≤ 50 ms" : "measured",
        met: c.inbox ? p99 <= 50 : null,
        detail: { p50: samples[Math.floor(samples.length / 2)] },
      });
    }
    log("PGlite 4 reports…");
    for (const [name, path] of [
      ["rates by unit, this month", `/api/reports/rates?month=${month}&groupBy=unit`],
      ["appraisal towns, this month", `/api/reports/appraisal?month=${month}&group=town`],
    ] as const) {
      const t = performance.now();
      await admin.get(path);
      const ms = performance.now() - t;
      rows.push({ engine: "pglite", bench: `4 report: ${name}`, scale: `${(intakeCreated + 2 * n).toLocaleString("en")} tickets`, unit: "ms max", value: ms, goal: "≤ 5000 ms", met: ms <= 5000 });
    }
  } finally {
    const mem = rss.stop();
    rows.push(rssRow("pglite", server, mem));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const quick = args.has("quick");
  const url = args.get("database-url") ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const adminPassword = args.get("admin-password") ?? process.env.HUYING_ADMIN_PASSWORD ?? "huying-bench-root";
  const profile: Profile = quick
    ? { quick, intakeSeconds: intFlag(args, "intake-seconds", 5), connections: 10, lifecycleTickets: intFlag(args, "lifecycle-tickets", 40), listRuns: 20, reportRuns: 1, sweepTickets: intFlag(args, "sweep", 2_000) }
    : { quick, intakeSeconds: intFlag(args, "intake-seconds", 15), connections: 10, lifecycleTickets: intFlag(args, "lifecycle-tickets", 400), listRuns: 100, reportRuns: 2, sweepTickets: intFlag(args, "sweep", 100_000) };
  const schema = args.get("schema") ?? (quick ? "huying_bench_quick" : "huying_bench");
  const onlyFlag = args.get("only");
  const only: Part = onlyFlag === "intake" || onlyFlag === "lifecycle" ? onlyFlag : undefined;
  const started = Date.now();
  const rows: BenchRow[] = [];
  const dir = join(ROOT, "bench", "results");
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${quick ? "quick" : "full"}.json`);
  // Written after every suite, so a long run that stops early keeps what it measured.
  const save = (): string => {
    mkdirSync(dir, { recursive: true });
    const seconds = (Date.now() - started) / 1000;
    writeFileSync(file, JSON.stringify({ profile, schema, seconds, machine: { cores: cpus().length, memGb: Math.round(totalmem() / 2 ** 30), loadAvg: loadavg() }, rows }, null, 2));
    return file;
  };
  log(`Huying bench (${quick ? "quick" : "full"} profile) on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB RAM`);
  // Issue 18 part B: `--workday` runs only the demo city's seed and the queue tab counts (PGlite, in memory).
  if (args.has("workday")) {
    rows.push(...(await runWorkday(intFlag(args, "tickets", 3000), quick ? 5 : 20)));
    log(formatTable(rows));
    log(`saved ${save()}`);
    return;
  }

  // Call center (docs/CALL-CENTER.md): `--only call-center [--calls 1M] [--call-center-schema h17_bench]`; 20k calls in --quick.
  const callCenter = () => runCallCenterBench(url, args.get("call-center-schema") ?? "huying_bench_calls", intFlag(args, "calls", quick ? 20_000 : 1_000_000), log);
  if (args.get("only") === "call-center") {
    rows.push(...(await callCenter()));
    log(`\n${formatTable(rows)}\n`);
    log(`results: ${save()}`);
    return;
  }
  // Issue 19: partitioned vs plain ticket_events (docs/SCALING.md "Partitions"); only with --partitions.
  if (args.has("partitions")) {
    await runPartitionBench({ url, tickets: intFlag(args, "partition-tickets", quick ? 50_000 : 250_000), months: intFlag(args, "partition-months", 12), runs: quick ? 100 : 500, log }, rows);
    log(formatTable(rows));
    save();
    if (args.has("partitions-only")) return;
  }

  // Issue 13: `--only supervision` (or `--supervision`) runs the supervision suite alone on --schema (a bench schema of your own).
  if (args.get("only") === "supervision" || args.has("supervision")) {
    const { supervisionSuite } = await import("./suites/supervision.js");
    rows.push(...(await supervisionSuite(url, schema, log)));
    log(`\n${formatTable(rows)}\n`);
    log(`results: ${save()}`);
    return;
  }
  // Issue 15: `--only suggestions` (or `--suggestions`) runs the smart-intake figures alone (bench/suites/suggestions.ts).
  if (args.has("suggestions") || args.get("only") === "suggestions") {
    await suggestionsSuite({ quick, teddyDir: defaultTeddyDir(), log, skipCv: args.has("skip-cv"), trainSize: args.has("train-size") ? intFlag(args, "train-size", 100_000) : undefined }, rows);
    log(`\n${formatTable(rows)}\n`);
    log(`results: ${save()}`);
    return;
  }
  // Issue 16: `--only channels [--channels-schema NAME] [--skip-channel-intake] [--skip-open311]`: public vs operator intake on a
  // scratch schema it creates and drops (default `${schema}_channels`), Open311 GET on --schema (read only).
  const channels = () =>
    channelsSuite({
      url,
      schema,
      scratchSchema: args.get("channels-schema") ?? `${schema}_channels`,
      adminPassword,
      seconds: intFlag(args, "channels-seconds", quick ? 5 : 10),
      connections: profile.connections,
      runs: intFlag(args, "channels-runs", quick ? 30 : 100),
      skipIntake: args.has("skip-channel-intake"),
      skipOpen311: args.has("skip-open311"),
      log,
    });
  if (args.get("only") === "channels") {
    rows.push(...(await channels()));
    log(`\n${formatTable(rows)}\n`);
    log(`results: ${save()}`);
    return;
  }
  // Issue 14: knowledge search quality and speed, on its own (docs/KNOWLEDGE.md "Measured").
  if (args.get("only") === "knowledge" || args.has("knowledge")) {
    await runKnowledgeBench(
      {
        url,
        teddyDir: defaultTeddyDir(),
        postgresEntries: intFlag(args, "knowledge-pg", 100_000),
        pgliteEntries: intFlag(args, "knowledge-lite", 20_000),
        queries: intFlag(args, "knowledge-queries", 300),
        runs: intFlag(args, "knowledge-runs", 200),
        skipPostgres: args.has("skip-postgres"),
        skipPglite: args.has("skip-pglite"),
        schema: /^[a-z_][a-z0-9_]{0,40}$/.test(args.get("knowledge-schema") ?? "") ? args.get("knowledge-schema")! : "huying_bench_knowledge",
        log,
      },
      rows,
    );
    log(`\n${formatTable(rows)}\n`);
    log(`results: ${save()}`);
    return;
  }

  if (!args.has("skip-postgres") && !args.has("big-only")) {
    const probe = benchPool(url, "public", 1);
    const exists = await schemaExists(probe, schema);
    await probe.end();
    const probeSchema = benchPool(url, schema, 1);
    const size = exists ? await estimatedTickets(probeSchema) : 0;
    await probeSchema.end();
    if (size < (quick ? 10_000 : 100_000)) {
      if (!quick) throw new Error(`schema ${schema} holds ~${size} tickets: run \`npm run generate -- --tickets 1000000\` first`);
      log(`generating 50,000 tickets into ${schema} for the quick profile…`);
      await generate({ tickets: 50_000, months: 6, seed: 7, schema, databaseUrl: url, truncate: true, endMs: Math.floor(Date.now() / 3_600_000) * 3_600_000, towns: 300, teddyDir: defaultTeddyDir(), adminPassword, log: () => undefined });
    }
    await postgresSuite(url, schema, profile, adminPassword, rows, only);
    log(formatTable(rows));
    save();
    if (!args.has("skip-sweep") && !only) await sweepSuite(url, schema, profile, adminPassword, rows);
    save();
    if (!args.has("skip-channels") && !only) rows.push(...(await channels()));
    save();
  }
  if (!args.has("skip-postgres") && !only) {
    const big = args.get("big-schema") ?? "huying_bench_10m";
    const probeBig = benchPool(url, "public", 1);
    const hasBig = !quick && (await schemaExists(probeBig, big));
    await probeBig.end();
    if (hasBig) {
      log(`3 list queries on ${big}…`);
      const bigRows: BenchRow[] = [];
      await postgresListOnly(url, big, profile, adminPassword, bigRows);
      rows.push(...bigRows);
      save();
    }
  }
  if (!args.has("skip-pglite")) await pgliteSuite(profile, rows, only);
  if (quick && !args.has("skip-postgres") && !only) {
    rows.push(...(await callCenter()));
    save();
  }

  log(`\n${formatTable(rows)}\n`);
  log(`finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  log(`results: ${save()}`);
}

/** Bench 3 only (the list queries) on a bigger schema, e.g. 10 M tickets. */
async function postgresListOnly(url: string, schema: string, p: Profile, adminPassword: string, rows: BenchRow[]): Promise<void> {
  const pool = benchPool(url, schema, 4);
  const size = await estimatedTickets(pool);
  const server = await startServer({ DATABASE_URL: urlWithSchema(url, schema), HUYING_ADMIN_PASSWORD: adminPassword });
  try {
    const admin = await ApiClient.login(server.baseUrl, "admin", adminPassword);
    const { rows: busiest } = await pool.query<{ unit: number }>(
      "SELECT lead_unit_id AS unit FROM tickets WHERE status = ANY($1) AND lead_unit_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
      [OPEN],
    );
    const unitId = busiest[0].unit;
    const leader = await ApiClient.login(server.baseUrl, `u${unitId}-leader`, BENCH_PASSWORD);
    const month = await lastFullMonth(pool);
    const lists = await runListCases(listCases(month), { unit: leader, center: admin }, { unit: await actorOf(pool, `u${unitId}-leader`), center: await actorOf(pool, "admin") }, pool, p.listRuns);
    rows.push(...listRows("postgres", `${size.toLocaleString("en")} tickets, unit ${unitId}, ${p.listRuns} runs`, lists));
  } finally {
    await server.stop();
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
