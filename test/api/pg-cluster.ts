import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Throwaway PostgreSQL clusters and nginx for the operations tests (replica, two instances behind a
 * proxy): started as this test's own processes on free ports in a temp folder, stopped and removed after.
 * PostgreSQL refuses to run as root, so its binaries run as the `postgres` user (runuser) when we are root.
 */
export function pgBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "pg_basebackup"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

export function nginxBinary(): string | null {
  for (const p of ["/usr/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(p)) return p;
  return null;
}

/** Why the operations tests cannot run here, or null when they can. */
export function opsSkipReason(needs: { postgres?: boolean; nginx?: boolean }): string | null {
  if (needs.postgres && !pgBinDir()) return "PostgreSQL server binaries (postgresql-15) are not installed; .ci/run installs them";
  if (needs.postgres && process.getuid?.() === 0) {
    try {
      execFileSync("id", ["postgres"], { stdio: "ignore" });
    } catch {
      return "running as root without a postgres user to run PostgreSQL as";
    }
  }
  if (needs.nginx && !nginxBinary()) return "nginx is not installed; .ci/run installs it";
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const asPostgres = (bin: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];

function run(bin: string, args: string[]): string {
  const [cmd, argv] = asPostgres(bin, args);
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export interface Cluster {
  port: number;
  dir: string;
  url(db?: string): string;
  stop(): void;
}

/** A temp folder the postgres user may write into. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o777);
  return dir;
}

function startCluster(dir: string, port: number, log: string): Cluster {
  const bin = pgBinDir()!;
  run(join(bin, "pg_ctl"), ["-D", dir, "-l", log, "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "start"]);
  return {
    port,
    dir,
    url: (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`,
    stop: () => {
      try {
        run(join(bin, "pg_ctl"), ["-D", dir, "-m", "immediate", "-w", "stop"]);
      } catch {
        /* already stopped */
      }
    },
  };
}

/** A new primary (initdb, trust on loopback, WAL for streaming) on a free port. */
export async function startPrimary(root: string): Promise<Cluster> {
  const bin = pgBinDir()!;
  const dir = join(root, "primary");
  run(join(bin, "initdb"), ["-D", dir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const settings = ["wal_level = replica", "max_wal_senders = 4", "hot_standby = on", "fsync = off", "synchronous_commit = off", "full_page_writes = off", "shared_buffers = 32MB"];
  execFileSync("sh", ["-c", `printf '%s\\n' ${settings.map((s) => `'${s}'`).join(" ")} >> ${join(dir, "postgresql.conf")}`]);
  return startCluster(dir, await freePort(), join(root, "primary.log"));
}

/** A streaming replica of `primary` (pg_basebackup -R) on a free port. */
export async function startReplica(root: string, primary: Cluster): Promise<Cluster> {
  const bin = pgBinDir()!;
  const dir = join(root, "replica");
  run(join(bin, "pg_basebackup"), ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", dir, "-R", "-X", "stream", "--no-sync"]);
  return startCluster(dir, await freePort(), join(root, "replica.log"));
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** nginx in the foreground with the given config (its own temp folder for pid, logs and buffers). */
export function startNginx(root: string, config: string): ChildProcess {
  const conf = join(root, "nginx.conf");
  execFileSync("sh", ["-c", `cat > ${conf}`], { input: config });
  const child = spawn(nginxBinary()!, ["-p", root, "-c", conf, "-e", join(root, "error.log"), "-g", "daemon off;"], { stdio: "ignore" });
  return child;
}
