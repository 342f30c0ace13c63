import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrate.js";
import { verifyAuditChain } from "../../src/modules/audit/audit-chain.js";
import { writeAudit } from "../../src/modules/audit/audit.repository.js";
import { START, startTestServer, type TestServer } from "./helpers.js";

const VERIFY_TS = fileURLToPath(new URL("../../src/cli/verify-audit.ts", import.meta.url));
const url = process.env.DATABASE_URL;

/** Runs `npm run audit:verify`'s script with `env`; resolves with its exit code and output. */
async function runVerify(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const { DATABASE_URL: _none, ...base } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", VERIFY_TS], { env: { ...base, ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe("audit log: wall-clock time, hash chain, append-only (issue 12, defect 17)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("chains concurrent writers without a fork, and records wall-clock time beside the business time", async () => {
    const center = (await t.call("GET", "/api/units", { token: t.adminToken })).body.find((u: any) => u.kind === "center");
    await Promise.all(Array.from({ length: 12 }, () => t.user(["operator"], center.id)));
    const rows = await t.server.ctx.db.selectFrom("audit_log").select(["seq", "at", "recorded_at", "prev_hash", "hash"]).orderBy("seq").execute();
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length); // no two rows claim the same predecessor
    const userCreated = rows.filter((r) => r.at.getTime() === START.getTime());
    expect(userCreated.length).toBeGreaterThanOrEqual(12); // business time: the test clock
    for (const r of rows) expect(Math.abs(r.recorded_at.getTime() - Date.now())).toBeLessThan(120_000); // wall clock
    const report = await verifyAuditChain(t.server.ctx.db);
    expect(report.firstBreak).toBeNull();
    expect(report.rows).toBe(rows.length);
    expect(report.head.hash).toBe(rows.at(-1)!.hash);
    const listed = (await t.call("GET", "/api/audit-log?action=user.created&limit=1", { token: t.adminToken })).body.items[0];
    expect(listed.at).toBe(START.toISOString());
    expect(Math.abs(Date.parse(listed.recordedAt) - Date.now())).toBeLessThan(120_000);
  });

  it("refuses UPDATE and DELETE of audit rows in the database", async () => {
    const db = t.server.ctx.db;
    await expect(db.updateTable("audit_log").set({ action: "nothing.happened" }).execute()).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only: DELETE refused/);
    expect((await verifyAuditChain(db)).firstBreak).toBeNull();
  });

  it("names the first edited row, and a removed one, when someone bypasses the trigger", async () => {
    const db = t.server.ctx.db;
    const bypass = async (statement: ReturnType<typeof sql>) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
      await statement.execute(db);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(db);
    };
    await bypass(sql`UPDATE audit_log SET data = '{"username": "someone-else"}' WHERE seq = 5`);
    const edited = await verifyAuditChain(db);
    expect(edited.firstBreak).toMatchObject({ seq: 5, reason: expect.stringMatching(/edited/) });
    expect(edited.rows).toBe(4);

    await bypass(sql`DELETE FROM audit_log WHERE seq = 5`);
    expect((await verifyAuditChain(db)).firstBreak).toMatchObject({ seq: 5, id: null, reason: expect.stringMatching(/missing/) });
  });
});

describe("npm run audit:verify", () => {
  const root = mkdtempSync(join(tmpdir(), "huying-audit-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("prints OK with the head hash for an intact chain, and exits 1 naming the first broken row", async () => {
    const schema = `t_audit_${process.pid}`;
    const dataDir = join(root, "db");
    const database = await openDatabase({ url, dataDir: url ? undefined : dataDir, schema: url ? schema : undefined });
    await migrate(database);
    for (let i = 0; i < 3; i++) await writeAudit(database.db, { at: START, actorId: null, action: "auth.login_failed", data: { username: `u${i}` } });
    await database.close();
    const env: Record<string, string> = url ? { DATABASE_URL: `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}` } : { HUYING_DATA_DIR: dataDir };

    const ok = await runVerify(env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit chain OK: 3 rows, head [0-9a-f]{64}/);

    const tamper = await openDatabase({ url, dataDir: url ? undefined : dataDir, schema: url ? schema : undefined });
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(tamper.db);
    await sql`UPDATE audit_log SET actor_id = NULL, target_id = 'x' WHERE seq = 2`.execute(tamper.db);
    await tamper.close();
    const broken = await runVerify(env);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/audit chain BROKEN at seq 2 \(audit_log id \d+\): content does not match its hash/);
    if (url) {
      const cleanup = await openDatabase({ url });
      await sql.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).execute(cleanup.db);
      await cleanup.close();
    }
  }, 120_000);
});
