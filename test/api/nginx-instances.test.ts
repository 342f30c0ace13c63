import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD } from "./helpers.js";
import { freePort, opsSkipReason, removeFolder, startNginx, tempFolder } from "./pg-cluster.js";

/**
 * docs/OPERATIONS.md "Two instances behind nginx": two server processes (`src/main.ts`, as systemd runs
 * them) on one PostgreSQL schema, started at the same moment (their migrations take turns), behind an
 * nginx this test configures the way deploy/nginx-huying.conf does. A write load runs through nginx:
 * - instance A is killed (SIGKILL) mid-run: no acknowledged write is lost, instance B carries on;
 * - a rolling restart (SIGTERM one, start it again, then the other) answers every request: zero downtime.
 * Writes retry with the same Idempotency-Key when the proxy answers 502/503/504, so none is doubled; nginx
 * itself passes a POST on to the other instance when the first refused or reset the connection
 * (`non_idempotent`: intake carries an Idempotency-Key and transitions If-Match, so a retry never doubles).
 */
const url = process.env.DATABASE_URL;
const skip = !url ? "runs in the PostgreSQL pass (DATABASE_URL unset)" : opsSkipReason({ nginx: true });
if (skip) console.log(`nginx-instances.test.ts skipped: ${skip}`);

interface Instance {
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

describe.skipIf(!!skip)("two instances behind nginx", () => {
  const schema = `nginx_${process.pid}_${randomBytes(3).toString("hex")}`;
  let root: string;
  let nginx: ChildProcess;
  let proxy: string;
  let serverUrl: string;
  const ports: number[] = [];
  const instances: Array<Instance | null> = [null, null];
  let token: string;
  let distDir: string;

  const start = async (i: number): Promise<Instance> => {
    const child = spawn(process.execPath, [join(distDir, "main.js")], {
      env: {
        ...process.env,
        DATABASE_URL: serverUrl,
        PORT: String(ports[i]),
        HOST: "127.0.0.1",
        HUYING_ADMIN_PASSWORD: ADMIN_PASSWORD,
        HUYING_TRUST_PROXY: "loopback",
        HUYING_DEMO: "0",
        LOG_LEVEL: "warn",
        HUYING_SWEEP_INTERVAL_MS: "1000",
        HUYING_OUTBOX_INTERVAL_MS: "500",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const instance = { port: ports[i]!, child, exited };
    instances[i] = instance;
    // ready = /readyz answers 200 (migrations done)
    for (let n = 0; n < 600; n++) {
      const ok = await fetch(`http://127.0.0.1:${ports[i]}/readyz`).then((r) => r.status === 200).catch(() => false);
      if (ok) return instance;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`instance ${i} did not become ready`);
  };

  const stop = async (i: number, signal: NodeJS.Signals) => {
    const instance = instances[i];
    if (!instance) return;
    instance.child.kill(signal);
    await instance.exited;
    instances[i] = null;
  };

  beforeAll(async () => {
    root = tempFolder("huying-nginx-");
    // The server compiled as `npm start` runs it (starts in ~1 s; tsx would compile on every start).
    distDir = join(process.cwd(), "dist");
    execFileSync(process.execPath, [join(process.cwd(), "node_modules/typescript/bin/tsc"), "-p", "tsconfig.server.json", "--noCheck"], { stdio: "inherit" });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public").catch(() => undefined);
    await admin.end();
    const u = new URL(url!);
    u.searchParams.set("options", `-c search_path=${schema},public`);
    serverUrl = u.toString();
    ports.push(await freePort(), await freePort());
    const nginxPort = await freePort();
    proxy = `http://127.0.0.1:${nginxPort}`;
    // As deploy/nginx-huying.conf: no instance is ever marked down (a refused connection costs nothing on one host),
    // so a request always has somewhere to go; retry on another instance when a
    // connection fails or an instance answers 502/503 (a POST only when it never reached the upstream).
    nginx = startNginx(
      root,
      `worker_processes 1; pid ${root}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off; client_body_temp_path ${root}/body; proxy_temp_path ${root}/proxy;
  fastcgi_temp_path ${root}/fcgi; uwsgi_temp_path ${root}/uwsgi; scgi_temp_path ${root}/scgi;
  upstream huying { server 127.0.0.1:${ports[0]} max_fails=0; server 127.0.0.1:${ports[1]} max_fails=0; }
  server {
    listen 127.0.0.1:${nginxPort};
    location / {
      proxy_pass http://huying;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Request-Id $request_id;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 1s;
    }
  }
}`,
    );
    // both at once: the second waits for the first's migrations (advisory lock), neither fails
    const t0 = Date.now();
    await Promise.all([start(0), start(1)]);
    console.log(`two instances ready in ${Date.now() - t0} ms`);
    for (let n = 0; n < 50; n++) {
      if (await fetch(`${proxy}/healthz`).then((r) => r.ok).catch(() => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = await fetch(`${proxy}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }) });
    token = ((await login.json()) as any).token;
  }, 180_000);

  afterAll(async () => {
    await stop(0, "SIGKILL");
    await stop(1, "SIGKILL");
    nginx?.kill("SIGTERM");
    if (root) {
      const log = join(root, "error.log");
      if (existsSync(log)) console.log(readFileSync(log, "utf8").split("\n").filter((l) => !l.includes("[notice]")).slice(0, 15).join("\n"));
      removeFolder(root);
    }
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }, 30_000);

  /** Writes tickets through nginx until `stop` says so; returns the acknowledged ids and every non-2xx answer. */
  const load = (workers: number, isDone: () => boolean) => {
    const acked: number[] = [];
    const failures: string[] = [];
    let attempts = 0;
    const worker = async (w: number) => {
      for (let n = 0; !isDone(); n++) {
        const key = `load-${w}-${n}-${randomBytes(4).toString("hex")}`;
        const body = JSON.stringify({ channel: "phone", requester: { name: "王五", phone: "13900001111" }, title: `负载 ${w}-${n}`, content: "经代理写入" });
        for (let tries = 0; tries < 5; tries++) {
          attempts += 1;
          const res = await fetch(`${proxy}/api/tickets`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
            body,
          }).catch((err: unknown) => ({ status: 0, json: async () => ({ err: String(err) }) }) as const);
          if (res.status === 201) {
            acked.push(((await res.json()) as any).id);
            break;
          }
          failures.push(String(res.status));
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    return { acked, failures, attempts: () => attempts, done: Promise.all(Array.from({ length: workers }, (_, w) => worker(w))) };
  };

  it("an instance killed mid-run loses no acknowledged write; the other carries on", async () => {
    let done = false;
    const run = load(4, () => done);
    await new Promise((r) => setTimeout(r, 1500));
    const beforeKill = run.acked.length;
    await stop(0, "SIGKILL");
    await new Promise((r) => setTimeout(r, 2500));
    done = true;
    await run.done;
    expect(beforeKill).toBeGreaterThan(0);
    expect(run.acked.length).toBeGreaterThan(beforeKill); // B carried on
    // every acknowledged ticket is there, once, read back through nginx (i.e. from B)
    const ids = new Set(run.acked);
    expect(ids.size).toBe(run.acked.length);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const stored = await admin.query<{ id: number; n: number }>("SELECT id FROM tickets WHERE id = ANY($1::int[])", [[...ids]]);
    const titles = await admin.query<{ n: number }>("SELECT count(*)::int AS n, count(DISTINCT title)::int AS d FROM tickets WHERE title LIKE '负载 %'");
    await admin.end();
    expect(stored.rows.length).toBe(ids.size);
    // an idempotent retry never doubled a ticket: one ticket per title
    expect(titles.rows[0]).toMatchObject({ n: (titles.rows[0] as any).d });
    const read = await fetch(`${proxy}/api/tickets/${run.acked.at(-1)}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    await start(0);
  }, 60_000);

  it("a rolling restart (SIGTERM, start, then the other) answers every request", async () => {
    let done = false;
    const run = load(3, () => done);
    await new Promise((r) => setTimeout(r, 500));
    for (const i of [0, 1]) {
      const t0 = Date.now();
      await stop(i, "SIGTERM"); // graceful: finishes what it holds, nginx sends the rest to the other
      const t1 = Date.now();
      await start(i);
      console.log(`instance ${i}: stopped in ${t1 - t0} ms, ready in ${Date.now() - t1} ms`);
      // nginx keeps a refused instance out for fail_timeout (1 s): wait it out before the next
      await new Promise((r) => setTimeout(r, 1500));
    }
    await new Promise((r) => setTimeout(r, 500));
    done = true;
    await run.done;
    expect(run.acked.length).toBeGreaterThan(10);
    expect(run.failures).toEqual([]);
  }, 120_000);
});
