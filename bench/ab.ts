/**
 * `npx tsx bench/ab.ts --a <dir of an older build's main.js> [--b dist] [--schema h19_bench] [--rounds 3]
 *    [--seconds 4] [--tickets 24] [--skip-pglite] [--skip-postgres] [--skip-lifecycle]`
 *
 * Two builds of the server side by side (docs/SCALING.md "Intake ratio"): on a shared, loaded machine one
 * figure per run says little, so build A, build B and the raw baseline take turns, round after round, and
 * each round's ratios are reported with their medians. Intake is bench 1 (POST /api/tickets, 10 connections);
 * the lifecycle is bench 2 (dispatch → sign → reply → follow-up, 8 workers) on PostgreSQL. The tickets
 * written stay in the schema (use a schema of your own).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type pg from "pg";
import { openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { ApiClient } from "./lib/api-client.js";
import { intFlag, parseArgs } from "./lib/args.js";
import { startServer, urlWithSchema, type ServerProcess } from "./lib/server-process.js";
import { benchPool } from "./lib/sql-capture.js";
import { apiIntake, rawPgIntake, rawPgliteIntake } from "./suites/intake.js";
import { apiLifecycle, createTickets, rawLifecycle, type UnitActor } from "./suites/lifecycle.js";

const args = parseArgs(process.argv.slice(2));
const url = args.get("database-url") ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = args.get("schema") ?? "h19_bench";
const rounds = intFlag(args, "rounds", 3);
const seconds = intFlag(args, "seconds", 4);
const tickets = intFlag(args, "tickets", 24);
const password = args.get("admin-password") ?? "huying-bench-root";
const builds = { A: resolve(args.get("a") ?? "dist", "main.js"), B: resolve(args.get("b") ?? "dist", "main.js") };
const log = (s: string) => process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function start(build: string, env: Record<string, string | undefined>): Promise<ServerProcess> {
  process.env.BENCH_SERVER_MAIN = build;
  try {
    return await startServer(env, 400_000); // PGlite initdb on a loaded machine
  } finally {
    delete process.env.BENCH_SERVER_MAIN;
  }
}

async function postgres(): Promise<void> {
  const pool: pg.Pool = benchPool(url, schema, 12);
  const env = { DATABASE_URL: urlWithSchema(url, schema), HUYING_ADMIN_PASSWORD: password };
  const a = await start(builds.A, env);
  const servers = { A: a, B: await start(builds.B, env).catch(async (err: unknown) => (await a.stop(), Promise.reject(err))) };
  try {
    const admin = { A: await ApiClient.login(servers.A.baseUrl, "admin", password), B: await ApiClient.login(servers.B.baseUrl, "admin", password) };
    const { rows: me } = await pool.query<{ id: number }>("SELECT id FROM users WHERE username = 'admin'");
    const { rows: busiest } = await pool.query<{ unit: number }>(
      "SELECT lead_unit_id AS unit FROM tickets WHERE status = ANY($1) AND lead_unit_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 8",
      [["dispatched", "signed", "return_requested", "reply_review"]],
    );
    const units = async (s: ServerProcess): Promise<UnitActor[]> =>
      Promise.all(busiest.map(async (b) => ({ unitId: b.unit, leader: await ApiClient.login(s.baseUrl, `u${b.unit}-leader`, "huying-bench") })));
    const leaders = { A: await units(servers.A), B: await units(servers.B) };
    const intake: Record<"A" | "B", number[]> = { A: [], B: [] };
    const life: Record<"A" | "B", number[]> = { A: [], B: [] };
    // Warm-up, not counted: the segmenter's dictionary, prepared statements, V8's optimised code.
    for (const k of ["A", "B"] as const) {
      await apiIntake(servers[k].baseUrl, admin[k].token ?? "", 10, 2);
      if (!args.has("skip-lifecycle")) await apiLifecycle(admin[k], leaders[k], await createTickets(admin[k], 8), 8);
    }
    for (let r = 1; r <= rounds; r++) {
      // A before B in odd rounds, B before A in even ones (a drifting load favours neither).
      const first = r % 2 === 1 ? "A" : "B";
      const x = await apiIntake(servers[first].baseUrl, admin[first].token ?? "", 10, seconds);
      const raw = await rawPgIntake(pool, me[0]!.id, 10, seconds);
      const y = await apiIntake(servers[first === "A" ? "B" : "A"].baseUrl, admin[first === "A" ? "B" : "A"].token ?? "", 10, seconds);
      const [a, b] = first === "A" ? [x, y] : [y, x];
      intake.A.push(a.perSecond / raw.perSecond);
      intake.B.push(b.perSecond / raw.perSecond);
      log(`postgres intake round ${r} (load ${loadNow()}): A ${a.perSecond.toFixed(1)}/s, raw ${raw.perSecond.toFixed(1)}/s, B ${b.perSecond.toFixed(1)}/s → ratios A ${(a.perSecond / raw.perSecond).toFixed(3)}, B ${(b.perSecond / raw.perSecond).toFixed(3)} (errors ${a.errors}/${b.errors})`);
      if (args.has("skip-lifecycle")) continue;
      const ids = { A: await createTickets(admin.A, tickets), B: await createTickets(admin.B, tickets), raw: await createTickets(admin.B, tickets) };
      const runLife = (k: "A" | "B") => apiLifecycle(admin[k], leaders[k], ids[k], 8);
      const lx = await runLife(first);
      const lr = await rawLifecycle(pool, busiest[0]!.unit, ids.raw, 8);
      const ly = await runLife(first === "A" ? "B" : "A");
      const [la, lb] = first === "A" ? [lx, ly] : [ly, lx];
      life.A.push(la.perSecond / lr.perSecond);
      life.B.push(lb.perSecond / lr.perSecond);
      log(`postgres lifecycle round ${r} (load ${loadNow()}): A ${la.perSecond.toFixed(1)}/s, raw ${lr.perSecond.toFixed(1)}/s, B ${lb.perSecond.toFixed(1)}/s → ratios A ${(la.perSecond / lr.perSecond).toFixed(3)}, B ${(lb.perSecond / lr.perSecond).toFixed(3)}`);
    }
    log(`postgres intake ratio medians: A ${median(intake.A).toFixed(3)}, B ${median(intake.B).toFixed(3)} (${rounds} rounds)`);
    if (!args.has("skip-lifecycle")) log(`postgres lifecycle ratio medians: A ${median(life.A).toFixed(3)}, B ${median(life.B).toFixed(3)} (${rounds} rounds)`);
  } finally {
    await servers.A.stop();
    await servers.B.stop();
    await pool.end();
  }
}

async function pglite(): Promise<void> {
  const dirs = { A: mkdtempSync(join(tmpdir(), "h19-ab-a-")), B: mkdtempSync(join(tmpdir(), "h19-ab-b-")), raw: mkdtempSync(join(tmpdir(), "h19-ab-raw-")) };
  const env = (dir: string) => ({ HUYING_DATA_DIR: dir, HUYING_ADMIN_PASSWORD: password, DATABASE_URL: undefined });
  const a = await start(builds.A, env(dirs.A));
  const servers = { A: a, B: await start(builds.B, env(dirs.B)).catch(async (err: unknown) => (await a.stop(), Promise.reject(err))) };
  const rawDb = await openDatabase({ dataDir: dirs.raw });
  try {
    await migrate(rawDb);
    const admin = { A: await ApiClient.login(servers.A.baseUrl, "admin", password), B: await ApiClient.login(servers.B.baseUrl, "admin", password) };
    const ratios: Record<"A" | "B", number[]> = { A: [], B: [] };
    for (const k of ["A", "B"] as const) await apiIntake(servers[k].baseUrl, admin[k].token ?? "", 10, 2); // warm-up
    await rawPgliteIntake(rawDb.db, null, 1);
    for (let r = 1; r <= rounds; r++) {
      const first = r % 2 === 1 ? "A" : "B";
      const x = await apiIntake(servers[first].baseUrl, admin[first].token ?? "", 10, seconds);
      const raw = await rawPgliteIntake(rawDb.db, null, seconds);
      const y = await apiIntake(servers[first === "A" ? "B" : "A"].baseUrl, admin[first === "A" ? "B" : "A"].token ?? "", 10, seconds);
      const [a, b] = first === "A" ? [x, y] : [y, x];
      ratios.A.push(a.perSecond / raw.perSecond);
      ratios.B.push(b.perSecond / raw.perSecond);
      log(`pglite intake round ${r} (load ${loadNow()}): A ${a.perSecond.toFixed(1)}/s, raw ${raw.perSecond.toFixed(1)}/s, B ${b.perSecond.toFixed(1)}/s → ratios A ${(a.perSecond / raw.perSecond).toFixed(3)}, B ${(b.perSecond / raw.perSecond).toFixed(3)}`);
    }
    log(`pglite intake ratio medians: A ${median(ratios.A).toFixed(3)}, B ${median(ratios.B).toFixed(3)} (${rounds} rounds)`);
  } finally {
    await rawDb.close();
    await servers.A.stop();
    await servers.B.stop();
    for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true });
  }
}

function loadNow(): string {
  return loadavg().map((x) => x.toFixed(1)).join(" ");
}

log(`A = ${builds.A}\nB = ${builds.B}`);
if (!args.has("skip-postgres")) await postgres();
if (!args.has("skip-pglite")) await pglite();
