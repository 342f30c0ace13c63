import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import type { Config } from "../config.js";
import { lockDataDir } from "../db/data-dir-lock.js";
import { openDatabase, type Database } from "../db/database.js";
import { tableChecksums, type TableChecksums } from "../db/table-checksums.js";

/**
 * `npm run backup` / `npm run restore` (docs/SECURITY.md "Backup and restore"). A backup is a folder:
 * `manifest.json` (engine, time, row counts and checksums of the key tables), the database
 * (`database.pgdump` from pg_dump's custom format, or `pglite.tar.gz` from PGlite's dumpDataDir) and a copy of
 * `uploads/` (evidence attachments live in HUYING_DATA_DIR/uploads, outside the database).
 */
export interface Manifest {
  format: "huying-backup-1";
  engine: "postgres" | "pglite";
  createdAt: string;
  schema: string | null;
  tables: TableChecksums;
  uploads: boolean;
}

export class BackupError extends Error {
  override name = "BackupError";
}

const run = promisify(execFile);
const PGLITE_FILE = "pglite.tar.gz";
const PG_FILE = "database.pgdump";

function isEmptyDir(path: string): boolean {
  return !existsSync(path) || readdirSync(path).length === 0;
}

/** The database the server would use, opened for a command (PGlite: takes the folder's lock). */
function openFor(config: Config, schema: string | undefined, command: string): Promise<Database> {
  return openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, schema, lockedBy: command, poolSize: 2 });
}

/** Writes a backup of the configured database into `out` (which must not exist or be empty). */
export async function backup(config: Config, out: string, schema?: string): Promise<Manifest> {
  if (!isEmptyDir(out)) throw new BackupError(`${out} is not empty: choose a new folder for the backup`);
  if (!config.databaseUrl && !existsSync(join(config.dataDir, "pglite", "PG_VERSION"))) {
    throw new BackupError(`${config.dataDir} holds no database to back up (set HUYING_DATA_DIR, or DATABASE_URL for PostgreSQL)`);
  }
  mkdirSync(out, { recursive: true });
  const database = await openFor(config, schema, "backup");
  let tables: TableChecksums;
  try {
    if (database.kind === "pglite") {
      // The lock is ours: no server writes while the folder is dumped, so the copy is consistent.
      const blob = await database.dumpDataDir!();
      writeFileSync(join(out, PGLITE_FILE), Buffer.from(await blob.arrayBuffer()));
      tables = await tableChecksums(database.db);
    } else {
      // pg_dump reads one snapshot; the checksums are read just before it (a busy server may add rows between).
      tables = await tableChecksums(database.db);
      await run("pg_dump", ["--format=custom", "--no-owner", `--file=${join(out, PG_FILE)}`, ...(schema ? [`--schema=${schema}`] : []), config.databaseUrl!]);
    }
  } finally {
    await database.close();
  }
  const uploadsDir = join(config.dataDir, "uploads");
  const uploads = existsSync(uploadsDir);
  if (uploads) cpSync(uploadsDir, join(out, "uploads"), { recursive: true });
  const manifest: Manifest = { format: "huying-backup-1", engine: database.kind, createdAt: new Date().toISOString(), schema: schema ?? null, tables, uploads };
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function readManifest(from: string): Manifest {
  const path = join(from, "manifest.json");
  if (!existsSync(path)) throw new BackupError(`${from} is not a Huying backup (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  if (manifest.format !== "huying-backup-1") throw new BackupError(`${path}: unknown backup format ${String(manifest.format)}`);
  return manifest;
}

/** Tables whose figures differ between the backup's manifest and the restored database (empty: identical). */
export function compareChecksums(expected: TableChecksums, actual: TableChecksums): string[] {
  return Object.keys(expected).filter((t) => expected[t]!.rows !== actual[t]?.rows || expected[t]!.checksum !== actual[t]?.checksum);
}

/**
 * Restores the backup in `from` into the configured database, then compares its row counts and checksums with
 * the manifest. Refused into a database that holds data, or one in use, unless `force` (PGlite: the old folder
 * is kept beside the new one; a running server's folder is never restored over).
 */
export async function restore(config: Config, from: string, options: { force?: boolean; schema?: string } = {}): Promise<{ manifest: Manifest; mismatched: string[] }> {
  const manifest = readManifest(from);
  const engine = config.databaseUrl ? "postgres" : "pglite";
  if (manifest.engine !== engine) {
    throw new BackupError(`this backup is of ${manifest.engine}, the configuration points at ${engine}${engine === "pglite" ? " (set DATABASE_URL to restore it into PostgreSQL)" : " (unset DATABASE_URL to restore it into HUYING_DATA_DIR)"}`);
  }
  const schema = options.schema ?? manifest.schema ?? undefined;
  if (engine === "pglite") await restorePGlite(config, from, options.force === true);
  else await restorePostgres(config, from, schema, options.force === true);
  const uploadsDir = join(config.dataDir, "uploads");
  if (manifest.uploads) {
    if (!isEmptyDir(uploadsDir)) renameSync(uploadsDir, `${uploadsDir}.before-restore-${Date.now()}`);
    cpSync(join(from, "uploads"), uploadsDir, { recursive: true });
  }
  const database = await openFor(config, schema, "restore");
  try {
    return { manifest, mismatched: compareChecksums(manifest.tables, await tableChecksums(database.db)) };
  } finally {
    await database.close();
  }
}

async function restorePGlite(config: Config, from: string, force: boolean): Promise<void> {
  const lock = await lockDataDir(config.dataDir, "restore"); // refuses while a server uses the folder
  try {
    const liteDir = join(config.dataDir, "pglite");
    if (!isEmptyDir(liteDir)) {
      if (!force) throw new BackupError(`${liteDir} already holds a database: restore into an empty HUYING_DATA_DIR, or pass --force (the old folder is kept as pglite.before-restore-…)`);
      renameSync(liteDir, `${liteDir}.before-restore-${Date.now()}`);
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const tarball = new Blob([readFileSync(join(from, PGLITE_FILE))]);
    const lite = await PGlite.create({ dataDir: liteDir, loadDataDir: tarball, extensions: { pg_trgm } });
    await lite.close();
  } finally {
    lock.release();
  }
}

async function restorePostgres(config: Config, from: string, schema: string | undefined, force: boolean): Promise<void> {
  const database = await openDatabase({ url: config.databaseUrl, poolSize: 1 });
  try {
    const { rows } = await sql<{ tables: number; others: number }>`
      SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = ${schema ?? "public"}) AS tables,
             (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) AS others`.execute(database.db);
    const { tables, others } = rows[0]!;
    if (Number(tables) > 0 && !force) throw new BackupError(`the target database already holds ${tables} tables in schema ${schema ?? "public"}: restore into a new database, or pass --force to replace them`);
    if (Number(others) > 0 && !force) throw new BackupError(`${others} other sessions are connected to the target database (a server is running?): stop them, or pass --force`);
    // --force replaces the schema: dropped whole, then restored from the dump. (pg_restore --clean cannot drop a
    // partitioned table's inherited constraints partition by partition, issue 19's monthly partitions.)
    if (Number(tables) > 0 && force) {
      const name = schema ?? "public";
      await sql`DROP SCHEMA IF EXISTS ${sql.id(name)} CASCADE`.execute(database.db);
      if (name === "public") await sql`CREATE SCHEMA public`.execute(database.db);
    }
    // pg_trgm lives in public (migrations create it there); a schema-only dump does not carry it.
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`.execute(database.db);
  } finally {
    await database.close();
  }
  await run("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${config.databaseUrl!}`, join(from, PG_FILE)]);
}
