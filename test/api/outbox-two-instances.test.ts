import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SettableClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { deliverOutbox, type DeliverResult } from "../../src/modules/outbox/deliver-outbox.js";
import { enqueue } from "../../src/modules/outbox/outbox.repository.js";
import { createServer, type Server } from "../../src/server.js";
import { ADMIN_PASSWORD, START, startTestServer, type TestServer } from "./helpers.js";
import { startReceiver } from "./webhook-receiver.js";

/**
 * Two server instances on one PostgreSQL database share one outbox: both deliver at once, and a real HTTP
 * receiver gets every message exactly once (FOR UPDATE SKIP LOCKED claims + a lease). PostgreSQL only:
 * PGlite is one process (outbox.test.ts covers concurrent passes on one instance).
 */
const url = process.env.DATABASE_URL;
const N = 120;

describe.skipIf(!url)("outbox across two instances", () => {
  let a: TestServer;
  let b: Server;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    a = await startTestServer();
    const config = loadConfig({ DATABASE_URL: url, HUYING_ADMIN_PASSWORD: ADMIN_PASSWORD, HUYING_TEST_CLOCK: "1", HUYING_SWEEP_INTERVAL_MS: "0", LOG_LEVEL: "error" });
    b = await createServer({ config, schema: a.schema, clock: new SettableClock(START) });
    receiver = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await b?.close();
    await a?.close();
  });

  it("delivers N messages to a real receiver exactly once each, both instances working", async () => {
    // Half enqueued through each instance, in a few transactions.
    const ids: string[] = [];
    for (const [i, server] of [a.server, b, a.server, b].entries()) {
      const batch = Array.from({ length: N / 4 }, (_, j) => ({ kind: "webhook" as const, payload: { url: `${receiver.url}/n`, body: { n: i * (N / 4) + j } } }));
      ids.push(...(await server.ctx.db.transaction().execute((trx) => enqueue(trx, batch))));
    }
    // A slow receiver makes the passes overlap for real.
    receiver.setDelay(5);
    const drain = async (server: Server) => {
      const results: DeliverResult[] = [];
      for (;;) {
        const r = await deliverOutbox(server.ctx.db, server.ctx.outboxHandlers, { batch: 7 });
        results.push(r);
        if (r.claimed === 0) return results;
      }
    };
    // Two passes on each instance at once.
    const results = await Promise.all([drain(a.server), drain(b), drain(a.server), drain(b)]);
    const deliveredBy = results.map((rs) => rs.reduce((n, r) => n + r.delivered, 0));
    expect(deliveredBy.reduce((x, y) => x + y, 0)).toBe(N);
    // Both instances took part (the claim shares the work, it does not serialise it onto one).
    expect(deliveredBy[0]! + deliveredBy[2]!).toBeGreaterThan(0);
    expect(deliveredBy[1]! + deliveredBy[3]!).toBeGreaterThan(0);
    expect(results.flat().every((r) => r.lost === 0 && r.failed === 0)).toBe(true);
    const keys = receiver.received.filter((r) => r.path === "/n").map((r) => String(r.headers["idempotency-key"]));
    expect(keys.length).toBe(N);
    expect(new Set(keys)).toEqual(new Set(ids));
    const bodies = receiver.received.map((r) => (r.body as { n: number }).n).sort((x, y) => x - y);
    expect(bodies).toEqual(Array.from({ length: N }, (_, i) => i));
    const delivered = await a.call("GET", "/api/outbox?status=delivered&limit=200", { token: a.adminToken });
    expect(delivered.body.items.length).toBe(N);
    expect(delivered.body.items.every((m: { attempts: number }) => m.attempts === 1)).toBe(true);
  });
});
