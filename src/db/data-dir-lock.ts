import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * One process per PGlite data folder (issue 12, defect 1: two servers on one folder corrupted it). PGlite is
 * PostgreSQL in single-user mode inside the process: nothing stops a second process from opening the same
 * files. Node has no flock, so the lock is a file created with O_EXCL holding the owner's pid, its start time
 * (Linux: /proc/<pid>/stat, so a reused pid is not mistaken for the owner) and a random token. A lock whose
 * owner is gone (exit without release, kill -9, a crash) is stale and taken over.
 */
export const LOCK_FILE = "huying.lock";

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data folder ${dataDir} is in use by another Huying process (pid ${holder.pid}, since ${holder.since}). ` +
        "The embedded database allows one process per folder: stop that process first, or use PostgreSQL (DATABASE_URL) to run several servers.",
    );
    this.name = "DataDirLockedError";
  }
}

interface LockHolder {
  pid: number;
  /** The owner's start time in clock ticks after boot (Linux), null where /proc is absent. */
  startTicks: string | null;
  token: string;
  since: string;
  command?: string;
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours; idempotent. */
  release(): void;
}

/** The start time of a process (field 22 of /proc/<pid>/stat), or null when unknown. */
function startTicksOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Tokens of the locks this process holds: a second open of the same folder in this process is refused too. */
const held = new Set<string>();

function isAlive(holder: LockHolder): boolean {
  // Our own pid: ours if we hold that token, else a previous process that had our pid (containers: pid 1).
  if (holder.pid === process.pid) return held.has(holder.token);
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    // EPERM: the pid exists but belongs to another user, so it is alive.
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (holder.startTicks === null) return true;
  const now = startTicksOf(holder.pid);
  return now === null || now === holder.startTicks;
}

function readHolder(path: string): LockHolder | "missing" | "unreadable" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable";
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return typeof h.pid === "number" && typeof h.token === "string" ? h : "unreadable";
  } catch {
    return "unreadable";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds after which a lock file that cannot be parsed (its writer died between create and write) is stale. */
const UNREADABLE_STALE_MS = 5_000;

/**
 * Takes the exclusive lock on `dataDir` (created if absent), or throws DataDirLockedError naming the owner.
 * The lock is released by `release()` and, as a safety net, when the process exits.
 */
export async function lockDataDir(dataDir: string, command = "server"): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const token = randomBytes(16).toString("hex");
  const mine: LockHolder = { pid: process.pid, startTicks: startTicksOf(process.pid), token, since: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      try {
        writeSync(fd, JSON.stringify(mine));
      } finally {
        closeSync(fd);
      }
      held.add(token);
      return ownLock(path, token);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = readHolder(path);
    if (holder === "missing") continue;
    if (holder === "unreadable") {
      if (Date.now() - mtimeOf(path) < UNREADABLE_STALE_MS) {
        await sleep(100);
        continue;
      }
    } else if (isAlive(holder)) {
      throw new DataDirLockedError(dataDir, holder);
    }
    await breakStaleLock(path, holder);
  }
  throw new Error(`Could not take the lock ${path}`);
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Removes a stale lock file, guarded by a short-lived second file so that two processes breaking the same
 * stale lock at once cannot both remove it (the second would otherwise remove the first one's new lock).
 */
async function breakStaleLock(path: string, stale: LockHolder | "unreadable"): Promise<void> {
  const guard = `${path}.break`;
  let fd: number;
  try {
    fd = openSync(guard, "wx", 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    if (Date.now() - mtimeOf(guard) > UNREADABLE_STALE_MS) rmSync(guard, { force: true });
    await sleep(50);
    return;
  }
  try {
    const again = readHolder(path);
    const same = again === "unreadable" ? stale === "unreadable" : again !== "missing" && stale !== "unreadable" && again.token === stale.token;
    if (same) rmSync(path, { force: true });
  } finally {
    closeSync(fd);
    rmSync(guard, { force: true });
  }
}

function ownLock(path: string, token: string): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(token);
    process.removeListener("exit", release);
    const holder = readHolder(path);
    if (typeof holder === "object" && holder.token === token) {
      try {
        unlinkSync(path);
      } catch {
        /* already gone */
      }
    }
  };
  process.on("exit", release);
  return { path, release };
}
