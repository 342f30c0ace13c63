import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";

const DATABASE_TS = fileURLToPath(new URL("../../src/db/database.ts", import.meta.url));

/** A server process that commits one row, says so, and is then killed with SIGKILL (no clean close). */
const COMMIT_THEN_WAIT = `
const { openDatabase } = await import(process.argv[1]);
const database = await openDatabase({ dataDir: process.argv[2] });
await database.exec("CREATE TABLE IF NOT EXISTS kept (v text)");
await database.exec("INSERT INTO kept VALUES ('committed before the kill')");
process.stdout.write("committed\\n");
setInterval(() => undefined, 1000);
`;

function commitThenKill(dataDir: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", COMMIT_THEN_WAIT, DATABASE_TS, dataDir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("committed")) child.kill("SIGKILL");
    });
    child.once("exit", (_code, signal) => (signal === "SIGKILL" ? done() : fail(new Error(`child exited without being killed (${signal})`))));
  });
}

// The embedded engine's own data folder; PostgreSQL runs (DATABASE_URL) have no such folder.
describe.skipIf(Boolean(process.env.DATABASE_URL))("PGlite data folder", () => {
  const root = mkdtempSync(join(tmpdir(), "huying-pglite-folder-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("is created on first start and keeps its data across a restart, with the memory settings applied", async () => {
    const dataDir = join(root, "restart");
    const first = await openDatabase({ dataDir });
    expect(existsSync(join(dataDir, "pglite", "PG_VERSION"))).toBe(true);
    await first.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before restart')");
    await first.close();

    const second = await openDatabase({ dataDir });
    const { rows } = await sql<{ v: string }>`SELECT v FROM kept`.execute(second.db);
    const settings = await sql<{ shared_buffers: string; timezone: string }>`
      SELECT current_setting('shared_buffers') AS shared_buffers, current_setting('TimeZone') AS timezone`.execute(second.db);
    await second.close();
    expect(rows).toEqual([{ v: "before restart" }]);
    // shared_buffers comes from our start parameters; the folder's postgresql.conf (timezone) still applies.
    expect(settings.rows[0]).toEqual({ shared_buffers: "16MB", timezone: "UTC" });
  });

  it("keeps a committed row when the server process is killed without closing", async () => {
    const dataDir = join(root, "killed");
    await commitThenKill(dataDir);
    const reopened = await openDatabase({ dataDir });
    const { rows } = await sql<{ v: string }>`SELECT v FROM kept`.execute(reopened.db);
    await reopened.close();
    expect(rows).toEqual([{ v: "committed before the kill" }]);
  });
});
