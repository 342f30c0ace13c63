import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { SettableClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/database.js";
import { tableChecksums } from "../../src/db/table-checksums.js";
import { verifyAuditChain } from "../../src/modules/audit/audit-chain.js";
import { createServer } from "../../src/server.js";
import { ADMIN_PASSWORD, START } from "./helpers.js";

const BACKUP_TS = fileURLToPath(new URL("../../src/cli/backup.ts", import.meta.url));
const RESTORE_TS = fileURLToPath(new URL("../../src/cli/restore.ts", import.meta.url));
const url = process.env.DATABASE_URL;
const root = mkdtempSync(join(tmpdir(), "huying-backup-"));
const tag = `${process.pid}_${randomBytes(3).toString("hex")}`;
const sourceSchema = url ? `t_backup_${tag}` : undefined;
const targetDb = `huying_restore_${tag}`;
const targetUrl = url ? Object.assign(new URL(url), { pathname: `/${targetDb}` }).toString() : undefined;

async function cli(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const { DATABASE_URL: _none, ...base } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", script, ...args], { env: { ...base, ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const envFor = (dataDir: string, dbUrl?: string): Record<string, string> => ({ HUYING_DATA_DIR: dataDir, ...(dbUrl ? { DATABASE_URL: dbUrl } : {}) });

/** A database with tickets at several stages, audit rows and an uploaded file, made through the API. */
async function fillSource(dataDir: string): Promise<void> {
  const config = loadConfig({ ...envFor(dataDir, url), HUYING_ADMIN_PASSWORD: ADMIN_PASSWORD, HUYING_SWEEP_INTERVAL_MS: "0", LOG_LEVEL: "silent" });
  const server = await createServer({ config, schema: sourceSchema, clock: new SettableClock(START) });
  const call = async (method: "GET" | "POST", path: string, token?: string, payload?: object) => {
    const res = await server.app.inject({ method, url: path, payload, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return res.json();
  };
  const admin = (await call("POST", "/api/auth/login", undefined, { username: "admin", password: ADMIN_PASSWORD })).token as string;
  const unit = await call("POST", "/api/units", admin, { name: "住建局", kind: "department" });
  for (let i = 0; i < 5; i++) {
    const ticket = await call("POST", "/api/tickets", admin, { channel: "phone", requester: { name: `张${i}`, phone: `1381234000${i}` }, title: `噪音扰民${i}`, content: "晚上十点后施工" });
    if (i % 2 === 0) await call("POST", `/api/tickets/${ticket.id}/dispatch`, admin, { unitId: unit.id, mode: "direct" });
  }
  await call("POST", "/api/users", admin, { username: "backup_op", password: "password-123", name: "话务员", roles: ["operator"], unitId: null });
  await server.close();
  mkdirSync(join(dataDir, "uploads", "1"), { recursive: true });
  writeFileSync(join(dataDir, "uploads", "1", "evidence.bin"), "photo bytes");
}

describe("npm run backup / npm run restore (issue 12, defect 17)", () => {
  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    if (url) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${sourceSchema}" CASCADE`);
      await admin.query(`DROP DATABASE IF EXISTS "${targetDb}"`);
      await admin.end();
    }
  });

  it("restores a backup into a fresh database with the same rows, checksums, audit chain and uploads, and refuses a database that holds data", async () => {
    const source = join(root, "source");
    const target = join(root, "target");
    const backupDir = join(root, "backup");
    await fillSource(source);
    const schemaArgs = sourceSchema ? ["--schema", sourceSchema] : [];

    const made = await cli(BACKUP_TS, ["--out", backupDir, ...schemaArgs], envFor(source, url));
    expect(made.code, made.out).toBe(0);
    expect(made.out).toMatch(/tickets 5/);

    if (url) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${targetDb}"`);
      await admin.end();
    }
    const restored = await cli(RESTORE_TS, [backupDir], envFor(target, targetUrl));
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toMatch(/every key table matches/);

    const a = await openDatabase({ url, dataDir: url ? undefined : source, schema: sourceSchema });
    const b = await openDatabase({ url: targetUrl, dataDir: url ? undefined : target, schema: sourceSchema });
    try {
      const [sa, sb] = [await tableChecksums(a.db), await tableChecksums(b.db)];
      expect(sa.tickets!.rows).toBe(5);
      expect(sa.ticket_events!.rows).toBeGreaterThan(5);
      expect(sa.audit_log!.rows).toBeGreaterThan(0);
      expect(sb).toEqual(sa);
      expect((await verifyAuditChain(b.db)).firstBreak).toBeNull();
      // The restored database takes new writes: its sequences came along (no duplicate ids).
      const next = await b.db.insertInto("units").values({ name: "新单位", kind: "department", parent_id: null, region: null }).returning("id").executeTakeFirstOrThrow();
      expect(next.id).toBeGreaterThan(2);
    } finally {
      await a.close();
      await b.close();
    }
    expect(readFileSync(join(target, "uploads", "1", "evidence.bin"), "utf8")).toBe("photo bytes");

    const again = await cli(RESTORE_TS, [backupDir], envFor(target, targetUrl));
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/already holds .*--force/);
    const forced = await cli(RESTORE_TS, [backupDir, "--force"], envFor(target, targetUrl));
    expect(forced.code, forced.out).toBe(0);
  }, 240_000);

  it.skipIf(Boolean(url))("refuses to back up or restore a PGlite folder while a server uses it, and a folder with no database", async () => {
    const empty = await cli(BACKUP_TS, ["--out", join(root, "empty-backup")], envFor(join(root, "nothing-here")));
    expect(empty.code).toBe(1);
    expect(empty.out).toMatch(/holds no database to back up/);
    const live = join(root, "live");
    const database = await openDatabase({ dataDir: live });
    try {
      const b = await cli(BACKUP_TS, ["--out", join(root, "live-backup")], envFor(live));
      expect(b.code).toBe(1);
      expect(b.out).toMatch(/in use by another Huying process/);
      const manifestOnly = join(root, "manifest-only");
      mkdirSync(manifestOnly, { recursive: true });
      writeFileSync(join(manifestOnly, "manifest.json"), JSON.stringify({ format: "huying-backup-1", engine: "pglite", createdAt: "", schema: null, tables: {}, uploads: false }));
      const r = await cli(RESTORE_TS, [manifestOnly, "--force"], envFor(live));
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/in use by another Huying process/);
    } finally {
      await database.close();
    }
  }, 120_000);
});
