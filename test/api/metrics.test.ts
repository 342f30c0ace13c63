import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * docs/OPERATIONS.md "Metrics" and "Logs": GET /metrics in Prometheus text (request latency by route
 * pattern, pools, sweep and outbox queues), open to loopback only unless the caller brings
 * HUYING_METRICS_TOKEN; every log line of a request carries its request id, which the answer echoes.
 */
const TOKEN = "metrics-token-0123456789";

describe("metrics and request ids", () => {
  let t: TestServer;
  const lines: any[] = [];
  const logStream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });

  beforeAll(async () => {
    t = await startTestServer({ env: { HUYING_METRICS_TOKEN: TOKEN, LOG_LEVEL: "info" }, logStream });
  }, 60_000);
  afterAll(async () => t?.close());

  it("serves request counts and latency by route pattern, pools and queues, to loopback", async () => {
    const cast = await standardCast(t);
    const ticket = await t.ticket(cast.operator.token);
    expect((await t.call("GET", `/api/tickets/${ticket.id}`, { token: cast.operator.token })).status).toBe(200);
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    // the pattern, never the raw URL with the id
    expect(text).toMatch(/huying_http_request_duration_seconds_count\{method="GET",route="\/api\/tickets\/:id",status_code="200"\} 1/);
    expect(text).toMatch(/huying_http_request_duration_seconds_count\{method="POST",route="\/api\/tickets",status_code="201"\} \d+/);
    expect(text).not.toContain(`/api/tickets/${ticket.id}"`);
    expect(text).toMatch(/huying_db_pool_connections\{pool="primary",state="max"\} \d+/);
    expect(text).toMatch(/huying_sweep_due_tickets \d+/);
    expect(text).toMatch(/huying_sweep_lag_seconds [\d.e+-]+/);
    expect(text).toMatch(/huying_outbox_messages\{status="pending"\} \d+/);
    expect(text).toMatch(/huying_outbox_lag_seconds [\d.e+-]+/);
    expect(text).toContain("huying_nodejs_eventloop_lag_seconds");
  });

  it("the sweep lag grows with the oldest due ticket", async () => {
    const cast = await standardCast(t);
    const ticket = await t.ticket(cast.operator.token);
    expect((await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } })).status).toBe(200);
    // the server's clock moved without the test route (which would run the sweep)
    t.clock.set(new Date(Date.parse("2025-03-20T09:00:00+08:00")));
    const text = await (await fetch(`${t.url}/metrics`)).text();
    const due = Number(/huying_sweep_due_tickets (\d+)/.exec(text)?.[1]);
    const lag = Number(/huying_sweep_lag_seconds ([\d.e+]+)/.exec(text)?.[1]);
    expect(due).toBeGreaterThanOrEqual(1);
    expect(lag).toBeGreaterThan(3600);
  });

  it("a request relayed by a proxy needs the bearer token", async () => {
    const relayed = await fetch(`${t.url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(relayed.status).toBe(401);
    const wrong = await fetch(`${t.url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9", authorization: "Bearer not-the-token-000000" } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${t.url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9", authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("huying_http_request_duration_seconds");
  });

  it("every metric the alert rules in deploy/prometheus-rules.yml use is served", async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    const served = new Set([...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));
    const rules = readFileSync("deploy/prometheus-rules.yml", "utf8");
    const used = new Set([...rules.matchAll(/\b(huying_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, "")));
    // the replica gauge exists only with DATABASE_REPLICA_URL (test/api/replica.test.ts checks it)
    used.delete("huying_replica_lag_seconds");
    expect([...used].filter((name) => !served.has(name))).toEqual([]);
  });

  it("/healthz and /readyz answer separately", async () => {
    expect((await t.call("GET", "/healthz")).body).toEqual({ status: "ok" });
    const ready = await t.call("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe("ready");
  });

  it("every log line of a request carries its id; a proxy's X-Request-Id is kept, a hostile one replaced", async () => {
    const given = "nginx-5f2b9c0d1e3a4b6c";
    const res = await fetch(`${t.url}/api/tickets?limit=1`, { headers: { "x-request-id": given, authorization: `Bearer ${t.adminToken}` } });
    expect(res.headers.get("x-request-id")).toBe(given);
    const hostile = await fetch(`${t.url}/healthz`, { headers: { "x-request-id": 'x" {"level":60}' } });
    const replaced = hostile.headers.get("x-request-id")!;
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 50));
    const mine = lines.filter((l) => l.reqId === given);
    expect(mine.length).toBeGreaterThanOrEqual(2); // "incoming request" and "request completed"
    expect(lines.some((l) => l.reqId === replaced)).toBe(true);
  });
});
