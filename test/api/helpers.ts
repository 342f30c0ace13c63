import { randomBytes } from "node:crypto";
import pg from "pg";
import type { DestinationStream } from "pino";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "../../src/config.js";
import { SettableClock } from "../../src/clock.js";
import { createServer, type Server } from "../../src/server.js";

/**
 * API test harness: the real server listening on a random port, on in-memory PGlite by default or on
 * PostgreSQL (its own throwaway schema) when DATABASE_URL is set. Each test file builds its own units,
 * users and tickets through the API with the factories below.
 */
/** Meets the password policy (10+ characters, not containing the username "admin"). */
export const ADMIN_PASSWORD = "hotline-root-1";
export const START = new Date("2025-03-03T09:00:00+08:00"); // a Monday

export interface TestServer {
  url: string;
  server: Server;
  clock: SettableClock;
  adminToken: string;
  schema?: string;
  call<T = any>(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T }>;
  login(username: string, password: string): Promise<string>;
  setClock(at: Date | string): Promise<unknown>;
  unit(name: string, kind?: "department" | "town" | "center"): Promise<{ id: number; name: string }>;
  user(roles: string[], unitId?: number | null): Promise<{ id: number; username: string; token: string }>;
  ticket(token: string, overrides?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestServer(
  options: { env?: Record<string, string>; logStream?: DestinationStream; databaseUrl?: string; /** HUYING_DEMO=1 with fewer tickets than the full demo city. */ demoTickets?: number } = {},
): Promise<TestServer> {
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  const schema = url ? `t_${process.pid}_${randomBytes(4).toString("hex")}` : undefined;
  const config = loadConfig({
    HUYING_TEST_CLOCK: "1",
    HUYING_ADMIN_PASSWORD: ADMIN_PASSWORD,
    HUYING_SWEEP_INTERVAL_MS: "0",
    HUYING_DATA_DIR: `/tmp/huying-test-${process.pid}`,
    LOG_LEVEL: "error",
    ...(url ? { DATABASE_URL: url } : {}),
    ...options.env,
  });
  const clock = new SettableClock(START);
  const demoHooks = options.demoTickets === undefined ? undefined : { tickets: options.demoTickets };
  const server = await createServer({ config, schema, inMemory: !url, clock, logStream: options.logStream, ...(demoHooks ? { demoHooks } : {}) });
  const address = await server.app.listen({ port: 0, host: "127.0.0.1" });

  const call: TestServer["call"] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(address + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON (csv, xlsx) */
    }
    return { status: res.status, body };
  };
  const login = async (username: string, password: string) => {
    const res = await call("POST", "/api/auth/login", { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  const adminToken = await login("admin", ADMIN_PASSWORD);

  const t: TestServer = {
    url: address,
    server,
    clock,
    adminToken,
    schema,
    call,
    login,
    setClock: async (at) => {
      const res = await call("POST", "/api/test/clock", { token: adminToken, body: { now: new Date(at).toISOString() } });
      if (res.status !== 200) throw new Error(`set clock: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    unit: async (name, kind = "department") => {
      const res = await call("POST", "/api/units", { token: adminToken, body: { name: `${name}-${++counter}`, kind } });
      if (res.status !== 201) throw new Error(`unit: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    user: async (roles, unitId = null) => {
      const username = `u${++counter}_${randomBytes(3).toString("hex")}`;
      const res = await call("POST", "/api/users", { token: adminToken, body: { username, password: "password-123", name: `用户${counter}`, roles, unitId } });
      if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id, username, token: await login(username, "password-123") };
    },
    ticket: async (token, overrides = {}) => {
      const res = await call("POST", "/api/tickets", {
        token,
        body: { channel: "phone", requester: { name: "张三", phone: "13812345678" }, title: "小区噪音扰民", content: "晚上十点后广场舞音响声音太大", ...overrides },
      });
      if (res.status !== 201) throw new Error(`ticket: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    close: async () => {
      await server.close();
      if (url && schema) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
    },
  };
  return t;
}

/** A center (dispatcher, follow-up, supervisor, operator) and two units with a leader and a handler each. */
export async function standardCast(t: TestServer) {
  const center = (await t.call("GET", "/api/units", { token: t.adminToken })).body.find((u: any) => u.kind === "center");
  const unitA = await t.unit("住建局");
  const unitB = await t.unit("城关街道", "town");
  const [operator, dispatcher, followUp, supervisor, viewer, leaderA, handlerA, leaderB, handlerB] = await Promise.all([
    t.user(["operator"], center.id),
    t.user(["dispatcher"], center.id),
    t.user(["follow_up"], center.id),
    t.user(["supervisor"], center.id),
    t.user(["viewer"], center.id),
    t.user(["unit_leader"], unitA.id),
    t.user(["unit_handler"], unitA.id),
    t.user(["unit_leader"], unitB.id),
    t.user(["unit_handler"], unitB.id),
  ]);
  return { center, unitA, unitB, operator, dispatcher, followUp, supervisor, viewer, leaderA, handlerA, leaderB, handlerB };
}

/**
 * A test file's server with the standard cast: started before its tests, closed after them. Read `t` and
 * `cast` inside the tests (they are set once beforeAll has run).
 */
export function standardServer(): { t: TestServer; cast: Awaited<ReturnType<typeof standardCast>> } {
  const file = {} as { t: TestServer; cast: Awaited<ReturnType<typeof standardCast>> };
  beforeAll(async () => {
    file.t = await startTestServer();
    file.cast = await standardCast(file.t);
  });
  afterAll(async () => file.t?.close());
  return file;
}
