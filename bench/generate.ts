/**
 * `npm run generate -- --tickets N --months M [--seed S] [--schema huying_bench] [--database-url URL]
 *   [--truncate] [--end ISO-time] [--towns 300] [--teddy-dir DIR] [--admin-password P] [--only tickets,…]`
 *
 * Builds a realistic city (center, ~40 departments, ~300 towns/streets, sections, users of every role,
 * the Teddy Cup category taxonomy) and N tickets with full lifecycles spread over M months before
 * `--end`, and bulk-loads them with COPY. Same seed + same --end → the same data.
 */
import { hash } from "@node-rs/argon2";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDatabase } from "../src/db/database.js";
import { MIGRATIONS, migrate } from "../src/db/migrate.js";
import { importTaxonomy } from "../src/cli/import-categories.js";
import { readTaxonomyFile } from "../src/cli/taxonomy.js";
import { daySequence } from "../src/modules/tickets/ticket.repository.js";
import { intFlag, parseArgs } from "./lib/args.js";
import { createIndexes, dropIndexes, migrationIndexes, secondaryIndexes } from "./lib/bulk-load.js";
import { buildCity } from "./lib/city.js";
import { TableCopier } from "./lib/copy-writer.js";
import { productDeadlines } from "./lib/deadline-source.js";
import { Rng, WeightedPicker } from "./lib/rng.js";
import { loadCorpus } from "./lib/texts.js";
import { COLUMNS, TicketSimulator, type LeafCategory, type Sink, type TableName } from "./lib/ticket-simulator.js";
import { dayString, GeneratorCalendar, shanghaiDay, shanghaiMidnight } from "./lib/work-calendar.js";

const HOUR = 3_600_000;
/** The auth module's argon2id settings (algorithm 2 = Argon2id; the const enum is not importable here). */
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** Share of a day's calls per hour (Asia/Shanghai): 7×24 phone service with office-hour peaks. */
const HOURLY = [0.4, 0.25, 0.15, 0.1, 0.1, 0.2, 0.6, 1.6, 4.2, 6.8, 7.4, 6.6, 4.6, 4.4, 6.2, 6.6, 6.3, 5.4, 4.2, 3.6, 3.2, 2.6, 1.8, 1.0];
const DAY_WEIGHT = { workday: 1, weekend: 0.72, holiday: 0.58 } as const;
const DATA_TABLES = [
  "units", "users", "sessions", "categories", "tickets", "ticket_events", "contact_attempts", "review_requests",
  "return_requests", "extension_requests", "replies", "follow_ups", "exclusion_requests", "attachments", "deadline_marks", "notifications",
  "audit_log", "ticket_texts",
];
const LOAD_TABLES: TableName[] = ["tickets", "ticket_events", "contact_attempts", "review_requests", "replies", "follow_ups", "deadline_marks"];
/** Tables whose secondary indexes the load drops and rebuilds: the COPY targets and ticket_texts (filled from tickets). */
const INDEXED_TABLES = [...LOAD_TABLES, "ticket_texts"];

export interface GenerateOptions {
  tickets: number;
  months: number;
  seed: number;
  schema: string;
  databaseUrl: string;
  truncate: boolean;
  endMs: number;
  towns: number;
  teddyDir: string;
  adminPassword: string;
  log: (line: string) => void;
  /** Indexes not to rebuild after the load (tests that do not need them, e.g. the trigram index). */
  skipIndexes?: readonly string[];
  /** Load only these tables (a plan test needs tickets, not their timelines); default all. */
  only?: readonly TableName[];
}

export interface GenerateResult {
  tickets: number;
  events: number;
  seconds: number;
  ticketsPerSecond: number;
  statuses: Record<string, number>;
  closures: Record<string, number>;
}

function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..");
}

/** The Teddy Cup folder: ../shared/data/teddycup2020-c next to the repo, or /work/shared/data/…. */
export function defaultTeddyDir(): string {
  const candidates = [join(repoRoot(), "..", "shared", "data", "teddycup2020-c"), "/work/shared/data/teddycup2020-c"];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

/** Generates and loads a city; returns counts and throughput. */
export async function generate(o: GenerateOptions): Promise<GenerateResult> {
  const started = Date.now();
  const database = await openDatabase({ url: o.databaseUrl, schema: o.schema });
  await migrate(database);
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: LOAD_TABLES.length + 2, options: `-c search_path=${o.schema},public` });
  try {
    const admin = await pool.connect();
    try {
      const { rows } = await admin.query<{ n: string }>("SELECT count(*) AS n FROM (SELECT 1 FROM tickets LIMIT 1) t");
      const { rows: u } = await admin.query<{ n: string }>("SELECT count(*) AS n FROM units");
      if ((Number(rows[0].n) > 0 || Number(u[0].n) > 0) && !o.truncate) {
        throw new Error(`schema ${o.schema} already holds data; pass --truncate to replace it`);
      }
      if (o.truncate) await admin.query(`TRUNCATE ${DATA_TABLES.join(", ")} RESTART IDENTITY CASCADE`);
    } finally {
      admin.release();
    }

    // The city: units and users (ids fixed here, so tickets reference them without lookups).
    const rng = new Rng(o.seed);
    const city = buildCity(rng.fork(1), o.towns);
    const passwordHash = await hash("huying-bench", ARGON2ID);
    const adminHash = await hash(o.adminPassword, ARGON2ID);
    await insertRows(pool, "units", ["id", "name", "kind", "parent_id", "region"], city.units.map((u) => [u.id, u.name, u.kind, u.parentId, u.region]));
    const adminId = city.users.length + 1;
    await insertRows(pool, "users", ["id", "username", "password_hash", "name", "roles", "unit_id"], [
      ...city.users.map((u) => [u.id, u.username, passwordHash, u.name, u.roles, u.unitId]),
      [adminId, "admin", adminHash, "系统管理员", ["admin"], city.center.id],
    ]);
    await pool.query("SELECT setval(pg_get_serial_sequence('units', 'id'), (SELECT max(id) FROM units))");
    await pool.query("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))");
    o.log(`city: ${city.departments.length} departments, ${city.towns.length} towns/streets, ${city.units.length} units, ${city.users.length + 1} users`);

    // Categories from the taxonomy sheet; tickets get a leaf (third level) under their first-level label.
    const taxonomy = await readTaxonomyFile(join(o.teddyDir, "attachment1-label-taxonomy.xlsx"));
    await database.db.transaction().execute((trx) => importTaxonomy(trx, taxonomy));
    const leaves = await leafCategories(pool);
    const corpus = await loadCorpus(o.teddyDir);
    o.log(`texts: ${corpus.messages.length} messages, ${corpus.replies.length} replies, ${leaves.length} leaf categories`);

    // Days and volumes: weekends and holidays are quieter (docs/RULES.md glossary 工作日).
    const endDay = shanghaiDay(o.endMs);
    const start = new Date(shanghaiMidnight(endDay) + 8 * HOUR);
    start.setUTCMonth(start.getUTCMonth() - o.months);
    const firstDay = shanghaiDay(start.getTime() - 8 * HOUR + 1);
    const calendar = new GeneratorCalendar(firstDay - 10, endDay + 400);
    const dayWeights: number[] = [];
    for (let d = firstDay; d <= endDay; d++) {
      const month = new Date(d * 86_400_000).getUTCMonth();
      dayWeights.push(DAY_WEIGHT[calendar.kind(d)] * (1 + 0.12 * Math.sin(((month - 3) / 12) * 2 * Math.PI)));
    }
    const totalWeight = dayWeights.reduce((a, b) => a + b, 0);
    const hourPicker = new WeightedPicker(HOURLY);

    // Bulk load: drop secondary indexes, COPY every table in parallel on its own connection with FK
    // triggers off (rows are consistent by construction), rebuild indexes once.
    const client = await pool.connect();
    const live = await secondaryIndexes(client, o.schema, INDEXED_TABLES);
    await dropIndexes(client, o.schema, live);
    const declared = migrationIndexes(MIGRATIONS, INDEXED_TABLES);
    const indexes = [...declared, ...live.filter((l) => !declared.some((d) => d.name === l.name))].filter((d) => !o.skipIndexes?.includes(d.name));
    client.release();
    const clients: pg.PoolClient[] = [];
    const copiers = {} as Record<TableName, TableCopier>;
    const tables = LOAD_TABLES.filter((t) => !o.only || o.only.includes(t));
    for (const table of tables) {
      const c = await pool.connect();
      await c.query("SET session_replication_role = replica");
      await c.query("SET synchronous_commit = off");
      clients.push(c);
      copiers[table] = new TableCopier(c, table, COLUMNS[table]);
      await copiers[table].open();
    }
    const sink = Object.fromEntries(LOAD_TABLES.map((t) => [t, copiers[t] ? (line: string) => copiers[t].push(line) : () => undefined])) as Sink;
    const simulator = new TicketSimulator({ city, leaves, corpus, deadlines: productDeadlines(), endMs: o.endMs }, sink, rng.fork(2));
    const counters: Array<[string, number]> = [];
    let id = 0;
    let cumulative = 0;
    let nextReport = 100_000;
    for (let d = firstDay; d <= endDay; d++) {
      const before = Math.round((cumulative / totalWeight) * o.tickets);
      cumulative += dayWeights[d - firstDay];
      const count = Math.round((cumulative / totalWeight) * o.tickets) - before;
      const dayRng = new Rng((o.seed * 1_000_003 + d) >>> 0);
      const times: number[] = [];
      // The last day stops at --end: squeeze its profile into the hours before it.
      const span = Math.min(1, (o.endMs - shanghaiMidnight(d)) / (24 * HOUR));
      for (let i = 0; i < count; i++) times.push(shanghaiMidnight(d) + Math.floor((hourPicker.pick(dayRng) * HOUR + dayRng.int(HOUR)) * span));
      times.sort((a, b) => a - b);
      const prefix = dayString(d).replace(/-/g, "");
      let seq = 0;
      for (const at of times) {
        if (at > o.endMs) continue;
        id++;
        seq++;
        simulator.generate(id, `${prefix}-${String(seq).padStart(6, "0")}`, at, new Rng((o.seed ^ Math.imul(id, 0x9e3779b1)) >>> 0));
        if (id % 2000 === 0) await Promise.all(tables.map((t) => copiers[t].flush()));
        if (id >= nextReport) {
          o.log(`  ${id.toLocaleString("en")} tickets generated (${((Date.now() - started) / 1000).toFixed(0)} s)`);
          nextReport += 100_000;
        }
      }
      if (seq > 0) counters.push([prefix, seq]);
    }
    await Promise.all(tables.map((t) => copiers[t].close()));
    for (const c of clients) c.release();
    // The searchable text, as intake writes it (src/modules/tickets/ticket.repository.ts).
    if (tables.includes("tickets")) await pool.query("INSERT INTO ticket_texts (ticket_id, body) SELECT id, title || ' ' || content FROM tickets");
    const loadedAt = Date.now();
    o.log(`copied ${id.toLocaleString("en")} tickets, ${simulator.tally.events.toLocaleString("en")} events in ${((loadedAt - started) / 1000).toFixed(1)} s; building ${indexes.length} indexes…`);

    await createIndexes(pool, indexes, (d, ms) => o.log(`  index ${d.name}: ${(ms / 1000).toFixed(1)} s`));
    for (const table of LOAD_TABLES.filter((t) => t !== "deadline_marks")) {
      await pool.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (SELECT coalesce(max(id), 0) FROM ${table})))`);
    }
    // The last days' number sequences continue after their last generated number (intake numbers by
    // today's date; older days take no new numbers, so they need no sequence).
    for (const [day, last] of counters.slice(-2)) {
      await pool.query(`CREATE SEQUENCE IF NOT EXISTS ${daySequence(day)}`);
      await pool.query("SELECT setval($1::regclass, $2)", [daySequence(day), last]);
    }
    // This schema's tables only: a bare ANALYZE would read every schema of the database (and wait for
    // an index another load is building there).
    await pool.query(`ANALYZE ${DATA_TABLES.join(", ")}`);
    const seconds = (Date.now() - started) / 1000;
    const t = simulator.tally;
    o.log(`statuses: ${JSON.stringify(t.statuses)}`);
    o.log(`closures: ${JSON.stringify(t.closures)}`);
    o.log(`overdue: ${JSON.stringify(t.overdue)}, redone: ${t.redone}, returns: ${t.returns}`);
    o.log(`done: ${id.toLocaleString("en")} tickets in ${seconds.toFixed(1)} s (${Math.round(id / seconds).toLocaleString("en")} tickets/s, indexes ${((Date.now() - loadedAt) / 1000).toFixed(1)} s)`);
    return { tickets: id, events: t.events, seconds, ticketsPerSecond: id / seconds, statuses: t.statuses, closures: t.closures };
  } finally {
    await pool.end();
    await database.close();
  }
}

async function leafCategories(pool: pg.Pool): Promise<LeafCategory[]> {
  const { rows } = await pool.query<{ id: number; level1: string }>(
    `SELECT c3.id, c1.name AS level1
       FROM categories c3 JOIN categories c2 ON c2.id = c3.parent_id JOIN categories c1 ON c1.id = c2.parent_id
      WHERE c1.parent_id IS NULL ORDER BY c3.id`,
  );
  return rows;
}

/** Multi-row INSERT in batches of 500 (small tables: units, users, counters). */
async function insertRows(pool: pg.Pool, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const params: unknown[] = [];
    const tuples = batch.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(", ")})`);
    await pool.query(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${tuples.join(", ")}`, params);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const end = args.get("end");
  const endMs = end ? Date.parse(end) : Math.floor(Date.now() / HOUR) * HOUR;
  if (!Number.isFinite(endMs)) throw new Error(`--end: not a time: ${end}`);
  const options: GenerateOptions = {
    tickets: intFlag(args, "tickets", 100_000),
    months: intFlag(args, "months", 12),
    seed: intFlag(args, "seed", 12345),
    schema: args.get("schema") ?? "huying_bench",
    databaseUrl: args.get("database-url") ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    truncate: args.has("truncate"),
    endMs,
    towns: intFlag(args, "towns", 300),
    teddyDir: args.get("teddy-dir") ?? defaultTeddyDir(),
    adminPassword: args.get("admin-password") ?? process.env.HUYING_ADMIN_PASSWORD ?? "huying-bench-root",
    log: (line) => process.stdout.write(`${line}\n`),
    // e.g. --only tickets: the ticket rows (and their searchable text) without timelines, for list benchmarks at 10 M.
    only: args.get("only")?.split(",").map((t) => {
      if (!(LOAD_TABLES as string[]).includes(t)) throw new Error(`--only: not a generated table: ${t} (${LOAD_TABLES.join(", ")})`);
      return t as TableName;
    }),
  };
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`--schema: invalid name ${options.schema}`);
  options.log(`generating ${options.tickets.toLocaleString("en")} tickets over ${options.months} months up to ${new Date(endMs).toISOString()} (seed ${options.seed}) into schema ${options.schema}`);
  await generate(options);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
