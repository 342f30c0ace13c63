import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A Huying server started as a child process (`node dist/main.js`, built by `npm run build:server`), as in production. */
export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** Resident set size of the server process now, in MB (Linux /proc). */
  rssMb(): number;
  stop(): Promise<void>;
  output(): string;
}

/** A free port: any, or the first free one of BENCH_PORTS (`47600-47699`) on a machine shared by several benches. */
export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? "");
  if (!range) return tryPort(0);
  for (let port = Number(range[1]); port <= Number(range[2]); port++) {
    const got = await tryPort(port).catch(() => null);
    if (got) return got;
  }
  throw new Error(`no free port in BENCH_PORTS=${process.env.BENCH_PORTS}`);
}

function tryPort(wanted: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.listen(wanted, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
    srv.on("error", reject);
  });
}

/** DATABASE_URL that puts a schema first on the search path (the server reads no schema setting). */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema},public`);
  return u.toString();
}

/** Starts the server with the given environment (undefined removes a variable) and waits for GET /healthz. */
export async function startServer(env: Record<string, string | undefined>, timeoutMs = 120_000): Promise<ServerProcess> {
  const port = await freePort();
  let log = "";
  const childEnv: Record<string, string | undefined> = { ...process.env, HUYING_DEMO: "0", LOG_LEVEL: "warn", ...env, PORT: String(port), HOST: "127.0.0.1" };
  // An undefined value removes the variable (PGlite: no DATABASE_URL at all).
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  // BENCH_SERVER_MAIN: another build to time against this one (an A/B in one run); BENCH_SERVER_NODE_ARGS:
  // node flags for the server alone, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (docs/SCALING.md "Intake ratio").
  const main = process.env.BENCH_SERVER_MAIN ? resolve(process.env.BENCH_SERVER_MAIN) : join(REPO, "dist", "main.js");
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build:server\` (npm run bench does)`);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, main], {
    cwd: REPO,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const pid = child.pid ?? 0;
  return {
    baseUrl,
    pid,
    rssMb: () => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        return m ? Number(m[1]) / 1024 : NaN;
      } catch {
        return NaN;
      }
    },
    output: () => log,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          done();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Samples a server's RSS every `everyMs` until stopped; returns the peak and the last sample. */
export function rssSampler(server: ServerProcess, everyMs = 250): { stop(): { peakMb: number; lastMb: number; samples: number } } {
  let peak = 0;
  let last = 0;
  let samples = 0;
  const timer = setInterval(() => {
    last = server.rssMb();
    if (last > peak) peak = last;
    samples++;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { peakMb: Math.round(peak), lastMb: Math.round(last), samples };
    },
  };
}
