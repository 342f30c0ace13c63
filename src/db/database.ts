import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { setFlagsFromString } from "node:v8";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { DB } from "./schema.js";
import { lockDataDir } from "./data-dir-lock.js";
import { PGlitePool } from "./pglite-pool.js";
import { preparingPool } from "./prepared.js";

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Runs a multi-statement SQL script (migrations). */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
  /** Connections open, idle and callers waiting for one (the /metrics pool gauges). */
  poolStats(): { total: number; idle: number; waiting: number; max: number };
  /** PGlite only: the data folder as a gzipped tarball (a consistent copy; `npm run backup`). */
  dumpDataDir?(): Promise<Blob>;
}

export interface DatabaseOptions {
  /** postgres://… for a server; unset for embedded PGlite. */
  url?: string;
  /** PGlite data folder; unset with no url means in memory (tests). */
  dataDir?: string;
  /** PostgreSQL schema to use (tests isolate each run in its own). */
  schema?: string;
  poolSize?: number;
  /** Who holds the PGlite folder's lock (shown to a second process that is refused): server, backup, … */
  lockedBy?: string;
  /** A read-only standby: no schema or extension is created (they come from the primary by replication). */
  replica?: boolean;
}

// int8 (counts, bigserial ids) and numeric (averages) come back as JS numbers: they stay far below 2^53.
const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (v: string) => Number(v);

/** Opens PostgreSQL (pg pool) or embedded PGlite behind the same Kysely type. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options);
  if (!options.dataDir) return openPGlite(undefined);
  // One process per folder (src/db/data-dir-lock.ts): taken before initdb, released when the database closes.
  const lock = await lockDataDir(options.dataDir, options.lockedBy);
  try {
    const database = await openPGlite(options.dataDir);
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") =>
      oid === INT8 || oid === NUMERIC ? toNumber : pg.types.getTypeParser(oid, format),
  };
  // JIT costs seconds on OLTP-shaped queries with large estimates (docs/SCALING.md); keep any options
  // the URL already carries (a search_path, say).
  const urlOptions = new URL(url).searchParams.get("options");
  const searchPath = options.schema ? `-c search_path=${options.schema},public` : undefined;
  const serverOptions = [urlOptions, searchPath, "-c jit=off"].filter(Boolean).join(" ");
  if (options.schema && !options.replica) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    // Shared by every schema; two test runs creating it at once may race, which is harmless.
    await admin.query("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public").catch(() => undefined);
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: types as pg.CustomTypesConfig,
    options: serverOptions,
  });
  // Marked statements (src/db/prepared.ts) go out as named prepared statements.
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    db,
    kind: "postgres",
    exec: async (sqlText) => {
      const client = await pool.connect();
      try {
        await client.query(sqlText);
      } catch (err) {
        // A script with BEGIN that failed leaves its transaction aborted: end it before the connection is reused.
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: options.poolSize ?? 10 }),
  };
}

/** Opens the read replica (DATABASE_REPLICA_URL) with the primary's schema and pool size. */
export function openReplica(url: string, options: Pick<DatabaseOptions, "schema" | "poolSize">): Promise<Database> {
  return openPostgres(url, { ...options, url, replica: true });
}

/**
 * PostgreSQL settings for the embedded engine, added to PGlite's own start parameters (which include `-F`,
 * fsync off: its Node file system cannot fsync either way). They win over the data folder's postgresql.conf
 * and never reach a PostgreSQL server. PGlite zeroes its shared memory at start, so every MB of
 * shared_buffers is resident from the first second; other pages are read from the OS page cache.
 * docs/DECISIONS.md "PGlite memory" has the measurements.
 */
const PGLITE_SETTINGS = ["shared_buffers=16MB"];

/**
 * Runs PGlite's 9 MB WebAssembly module on V8's baseline compiler (Liftoff) only. By default V8 also
 * recompiles hot functions with TurboFan on background threads, which leaves 50–90 MB of freed but
 * resident memory in the allocator; the optimised code runs CPU-bound SQL (the reports, a unit's full list)
 * 25–40 % faster and index lookups no faster. Process-wide, WebAssembly only (PGlite is the only
 * WebAssembly here); it must be set before the module is compiled.
 */
const WASM_BASELINE_ONLY = "--no-wasm-tier-up --no-wasm-dynamic-tiering";

/**
 * Creates a new PGlite data folder (initdb) in a short-lived child process. PGlite's initdb runs extra
 * WebAssembly instances (an 800–930 MB high-water mark) and leaves 110–160 MB of freed but still resident
 * memory in the process; a child gives all of it back when it exits, and the server then opens the folder
 * as it does on every later start.
 */
async function initPGliteDir(liteDir: string): Promise<void> {
  if (existsSync(join(liteDir, "PG_VERSION"))) return;
  mkdirSync(liteDir, { recursive: true });
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const script = "require(process.argv[1]).PGlite.create({ dataDir: process.argv[2] }).then((db) => db.close())";
  await promisify(execFile)(process.execPath, ["-e", script, entry, liteDir]);
}

async function openPGlite(dataDir?: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const liteDir = dataDir ? join(dataDir, "pglite") : undefined;
  if (liteDir) await initPGliteDir(liteDir);
  setFlagsFromString(WASM_BASELINE_ONLY);
  const lite = await PGlite.create({
    dataDir: liteDir,
    extensions: { pg_trgm },
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber },
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ["-c", s])],
  });
  const pool = new PGlitePool(lite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: "pglite",
    exec: async (sqlText) => {
      // Through the pool, so a script never interleaves with a transaction in flight.
      const client = await pool.connect();
      try {
        await lite.exec(sqlText);
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
    poolStats: () => pool.stats(),
    dumpDataDir: async () => {
      const client = await pool.connect();
      try {
        return await lite.dumpDataDir("gzip");
      } finally {
        client.release();
      }
    },
  };
}
