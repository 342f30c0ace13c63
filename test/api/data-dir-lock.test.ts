import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirLockedError, LOCK_FILE, lockDataDir } from "../../src/db/data-dir-lock.js";
import { openDatabase } from "../../src/db/database.js";

const MAIN_TS = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

interface Started {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and everything written to stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** Resolves when the server logged that it is serving; rejects if it exits first. */
  serving: Promise<void>;
}

/** `node src/main.ts` (through tsx) on `dataDir`, as `npm start` runs it, on a random port. */
function startServer(dataDir: string): Started {
  const { DATABASE_URL: _none, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", MAIN_TS], {
    env: { ...env, PORT: "0", HUYING_DATA_DIR: dataDir, HUYING_ADMIN_PASSWORD: "lock-test-pass", HUYING_SWEEP_INTERVAL_MS: "0", HUYING_DEMO: "0", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  const serving = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => {
      if (c.toString().includes("Huying serving")) resolve();
    });
    void exited.then((e) => reject(new Error(`server exited (${e.code ?? e.signal}) before serving: ${e.stderr}`)));
  });
  serving.catch(() => undefined);
  return { child, exited, serving };
}

// Issue 12 defect 1: the embedded engine's folder belongs to one process. PostgreSQL runs have no folder.
describe.skipIf(Boolean(process.env.DATABASE_URL))("one process per PGlite data folder", () => {
  const root = mkdtempSync(join(tmpdir(), "huying-lock-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("refuses a second server on the same folder with a clear message and exit 1, and frees the folder after kill -9 and after a clean stop", async () => {
    const dataDir = join(root, "servers");
    const first = startServer(dataDir);
    await first.serving;

    const second = startServer(dataDir);
    const refused = await second.exited;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`The data folder ${dataDir} is in use by another Huying process (pid ${first.child.pid}`);

    first.child.kill("SIGKILL");
    await first.exited;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true); // left behind by the crash, and stale

    const third = startServer(dataDir);
    await third.serving;
    third.child.kill("SIGTERM");
    expect((await third.exited).code).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 120_000);

  it("refuses a second open of the same folder in one process until the first closes", async () => {
    const dataDir = join(root, "in-process");
    const first = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    await first.close();
    const again = await openDatabase({ dataDir });
    await again.close();
  }, 60_000);

  it("takes over a lock whose pid now belongs to another process (pid reuse: the start time differs)", async () => {
    const dataDir = join(root, "reused");
    mkdirSync(dataDir, { recursive: true });
    // pid 1 is alive, but it is not the process that wrote this lock (a different start time).
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: 1, startTicks: "-1", token: "old", since: "2026-01-01T00:00:00Z" }));
    const lock = await lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it("refuses while the pid and start time in the lock are a live process", async () => {
    const dataDir = join(root, "alive");
    mkdirSync(dataDir, { recursive: true });
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      const stat = readFileSync(`/proc/${sleeper.pid}/stat`, "utf8");
      const startTicks = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
      writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: sleeper.pid, startTicks, token: "t", since: "2026-01-01T00:00:00Z" }));
      await expect(lockDataDir(dataDir)).rejects.toThrow(/in use by another Huying process/);
    } finally {
      sleeper.kill("SIGKILL");
    }
  });
});
