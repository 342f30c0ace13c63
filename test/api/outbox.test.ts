import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDeadlineSweep } from "../../src/jobs/deadline-sweep.job.js";
import { startOutboxDelivery } from "../../src/jobs/outbox-delivery.job.js";
import { deliverOutbox } from "../../src/modules/outbox/deliver-outbox.js";
import { webhookHandler } from "../../src/modules/outbox/outbox-handlers.js";
import { claimDue, enqueue, markDelivered } from "../../src/modules/outbox/outbox.repository.js";
import { DEFAULT_MAX_ATTEMPTS, retryDelayMs } from "../../src/modules/outbox/outbox.types.js";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";
import { startReceiver } from "./webhook-receiver.js";

/**
 * The transactional outbox (docs/ARCHITECTURE.md "Outbox"): messages are rows of the business transaction,
 * delivered after commit by deliverOutbox (the worker's pass; tests call it instead of the interval), with
 * exponential backoff, a dead state, and an admin list and retry. PGlite and PostgreSQL.
 */
describe("outbox", () => {
  let t: TestServer;
  let cast: Awaited<ReturnType<typeof standardCast>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const sms: Array<{ userId: number; text: string; idempotencyId: string }> = [];
  const deliver = (now?: Date) => deliverOutbox(t.server.ctx.db, t.server.ctx.outboxHandlers, { now });
  const list = async (query = "") => {
    const res = await t.call("GET", `/api/outbox${query}`, { token: t.adminToken });
    expect(res.status).toBe(200);
    return res.body as { items: any[]; nextCursor: string | null };
  };
  const webhook = (path: string, body: unknown = { hello: path }) =>
    t.server.ctx.db.transaction().execute((trx) => enqueue(trx, { kind: "webhook", payload: { url: `${receiver.url}${path}`, body } }));

  beforeAll(async () => {
    t = await startTestServer();
    cast = await standardCast(t);
    receiver = await startReceiver();
    t.server.ctx.outboxHandlers.sms = async (m) => {
      sms.push({ userId: m.payload.userId, text: m.payload.text, idempotencyId: m.idempotencyId });
    };
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it("a dispatch's SMS to the unit is written with it and sent only by the worker, once per user", async () => {
    const ticket = await t.ticket(cast.operator.token);
    const d = await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
    expect(d.status).toBe(200);
    expect(sms).toEqual([]); // nothing left the process inside the request
    const pending = await list("?status=pending");
    expect(pending.items.filter((m) => m.kind === "sms").map((m) => m.target).sort()).toEqual([`user:${cast.handlerA.id}`, `user:${cast.leaderA.id}`].sort());

    const r = await deliver();
    expect(r).toMatchObject({ claimed: 2, delivered: 2, failed: 0 });
    expect(sms.map((s) => s.userId).sort()).toEqual([cast.leaderA.id, cast.handlerA.id].sort());
    expect(new Set(sms.map((s) => s.idempotencyId)).size).toBe(2);
    expect((await deliver()).claimed).toBe(0); // delivered rows are never claimed again
    expect(sms.length).toBe(2);

    const delivered = await list("?status=delivered");
    const row = delivered.items.find((m) => m.idempotencyId === sms[0]!.idempotencyId);
    expect(row).toMatchObject({ kind: "sms", status: "delivered", attempts: 1, lastError: null, nextAttemptAt: null });
    expect(row.deliveredAt).toEqual(expect.any(String));
    // The admin list names the target, never the text (it may hold personal data).
    expect(JSON.stringify(delivered)).not.toContain(ticket.title);
  });

  it("rows rolled back with the business transaction are never delivered", async () => {
    const before = (await list()).items.length;
    await expect(
      t.server.ctx.db.transaction().execute(async (trx) => {
        await enqueue(trx, { kind: "webhook", payload: { url: `${receiver.url}/rolled-back`, body: {} } });
        await t.server.ctx.notifier.notify(trx, { userIds: [cast.leaderA.id], ticketId: null, kind: "test", title: "回滚的短信", at: new Date() });
        throw new Error("the business step failed");
      }),
    ).rejects.toThrow("the business step failed");
    expect((await deliver()).claimed).toBe(0);
    expect(receiver.received.filter((r) => r.path === "/rolled-back")).toEqual([]);
    expect(sms.filter((s) => s.text === "回滚的短信")).toEqual([]);
    expect((await list()).items.length).toBe(before);
  });

  it("a webhook is a JSON POST with the same idempotency key on every attempt; 2xx is delivered", async () => {
    const [id] = await webhook("/ok", { ticket: 1, 内容: "中文" });
    receiver.setStatus((r) => (r.path === "/ok" && receiver.received.filter((x) => x.path === "/ok").length === 1 ? 503 : 204));
    const now = new Date();
    expect(await deliver(now)).toMatchObject({ claimed: 1, failed: 1 });
    expect(await deliver(new Date(now.getTime() + retryDelayMs(1)))).toMatchObject({ claimed: 1, delivered: 1 });
    const got = receiver.received.filter((r) => r.path === "/ok");
    expect(got.map((r) => r.headers["idempotency-key"])).toEqual([id, id]);
    expect(got.map((r) => r.headers["x-huying-attempt"])).toEqual(["1", "2"]);
    expect(got[0]!.headers["content-type"]).toBe("application/json");
    expect(got[1]!.body).toEqual({ ticket: 1, 内容: "中文" });
    receiver.setStatus(() => 200);
  });

  it("a failing receiver is retried with exponential backoff, then dead; an admin retries it (audited)", async () => {
    receiver.setStatus((r) => (r.path === "/down" ? 500 : 200));
    const [id] = await webhook("/down");
    let now = new Date();
    for (let attempt = 1; attempt <= DEFAULT_MAX_ATTEMPTS; attempt++) {
      expect((await deliver(now)).claimed).toBe(1);
      const row = (await list()).items.find((m) => m.idempotencyId === id);
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toBe("HTTP 500");
      if (attempt === DEFAULT_MAX_ATTEMPTS) {
        expect(row.status).toBe("dead");
        break;
      }
      expect(row.status).toBe("pending");
      const due = now.getTime() + retryDelayMs(attempt);
      expect(new Date(row.nextAttemptAt).getTime()).toBe(due);
      // Not before the backoff has passed.
      expect((await deliver(new Date(due - 1))).claimed).toBe(0);
      now = new Date(due);
    }
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    expect(receiver.received.filter((r) => r.path === "/down").length).toBe(DEFAULT_MAX_ATTEMPTS);
    // Dead stays dead, whatever time it is.
    expect((await deliver(new Date(now.getTime() + 86_400_000))).claimed).toBe(0);
    const dead = await list("?status=dead");
    const row = dead.items.find((m) => m.idempotencyId === id);
    expect(row).toMatchObject({ status: "dead", target: `${receiver.url}/down`, nextAttemptAt: null });

    expect((await t.call("POST", `/api/outbox/${row.id}/retry`, { token: cast.supervisor.token })).status).toBe(403);
    expect((await t.call("POST", "/api/outbox/999999999/retry", { token: t.adminToken })).status).toBe(404);
    receiver.setStatus(() => 200);
    const retried = await t.call("POST", `/api/outbox/${row.id}/retry`, { token: t.adminToken });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: "pending", attempts: 0 });
    const audit = await t.call("GET", "/api/audit-log?action=outbox.retried", { token: t.adminToken });
    expect(audit.body.items[0]).toMatchObject({ targetType: "outbox", targetId: String(row.id), data: { previousStatus: "dead" } });
    expect(await deliver()).toMatchObject({ claimed: 1, delivered: 1 });
    const again = await t.call("POST", `/api/outbox/${row.id}/retry`, { token: t.adminToken });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("CONFLICT");
  });

  it("a receiver slower than the timeout is a failed attempt", async () => {
    const handlers = t.server.ctx.outboxHandlers;
    receiver.setDelay(1_000);
    const [id] = await webhook("/slow");
    const r = await deliverOutbox(t.server.ctx.db, { ...handlers, webhook: webhookHandler(100) });
    receiver.setDelay(0);
    expect(r).toMatchObject({ claimed: 1, failed: 1 });
    const row = (await list("?status=pending")).items.find((m) => m.idempotencyId === id);
    expect(row.lastError).toBe("timeout after 100 ms");
    // Leave nothing due for the next tests.
    expect(await deliver(new Date(Date.now() + retryDelayMs(1)))).toMatchObject({ delivered: 1 });
  });

  it("one instance's concurrent passes deliver every message exactly once", async () => {
    const ids = await t.server.ctx.db.transaction().execute((trx) =>
      enqueue(trx, Array.from({ length: 30 }, (_, i) => ({ kind: "webhook" as const, payload: { url: `${receiver.url}/many`, body: { i } } }))),
    );
    const results = await Promise.all([1, 2, 3].map(() => deliverOutbox(t.server.ctx.db, t.server.ctx.outboxHandlers, { batch: 4 })));
    let total = results.reduce((n, r) => n + r.delivered, 0);
    while (total < ids.length) {
      const r = await deliver();
      if (r.claimed === 0) break;
      total += r.delivered;
    }
    const keys = receiver.received.filter((r) => r.path === "/many").map((r) => r.headers["idempotency-key"]);
    expect(keys.length).toBe(ids.length);
    expect(new Set(keys)).toEqual(new Set(ids));
  });

  it("a claim holds for its lease; a worker that died mid-delivery loses it to the next one", async () => {
    const [id] = await webhook("/lease");
    const now = new Date();
    const claimed = await claimDue(t.server.ctx.db, now, 10, 1_000, "dead-worker");
    expect(claimed.map((r) => r.idempotency_id)).toEqual([id]);
    // While the lease holds, nobody else takes it.
    expect((await deliver(new Date(now.getTime() + 999))).claimed).toBe(0);
    expect(await deliver(new Date(now.getTime() + 1_000))).toMatchObject({ claimed: 1, delivered: 1 });
    // The first worker comes back: its claim is gone, so it records nothing (the receiver may see a repeat: idempotency id).
    expect(await markDelivered(t.server.ctx.db, claimed[0]!.id, "dead-worker", new Date())).toBe(false);
    const row = (await list("?status=delivered")).items.find((m) => m.idempotencyId === id);
    expect(row.attempts).toBe(2);
  });

  it("the worker delivers on its interval after commit; interval 0 never starts it", async () => {
    const [id] = await webhook("/worker");
    const never = startOutboxDelivery(t.server.ctx, 0);
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.received.filter((r) => r.path === "/worker")).toEqual([]);
    await never();
    // A week-old delivered message is purged by the worker's first pass; a dead one of the same age stays.
    const old = new Date(Date.now() - 8 * 86_400_000);
    const aged = (status: "delivered" | "dead", idem: string) => ({
      idempotency_id: idem, kind: "webhook", payload: JSON.stringify({ url: `${receiver.url}/old`, body: {} }), status,
      max_attempts: 1, attempts: 1, next_attempt_at: old, created_at: old, delivered_at: status === "delivered" ? old : null,
    });
    await t.server.ctx.db.insertInto("outbox").values([aged("delivered", "old-delivered"), aged("dead", "old-dead")]).execute();
    const stop = startOutboxDelivery(t.server.ctx, 20);
    for (let i = 0; i < 100 && !receiver.received.some((r) => r.path === "/worker"); i++) await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(receiver.received.filter((r) => r.path === "/worker").map((r) => r.headers["idempotency-key"])).toEqual([id]);
    const left = await t.server.ctx.db.selectFrom("outbox").select("idempotency_id").where("idempotency_id", "in", ["old-delivered", "old-dead"]).execute();
    expect(left.map((r) => r.idempotency_id)).toEqual(["old-dead"]);
    expect((await list()).items.some((m) => m.idempotencyId === sms[0]!.idempotencyId)).toBe(true); // recent ones stay
  });

  it("the list is for admins, filtered and keyset-paged; 403 comes before 400", async () => {
    expect((await t.call("GET", "/api/outbox", { token: cast.dispatcher.token })).status).toBe(403);
    expect((await t.call("GET", "/api/outbox?status=nope", { token: cast.dispatcher.token })).status).toBe(403);
    const bad = await t.call("GET", "/api/outbox?status=nope&limit=0", { token: t.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect((await t.call("GET", "/api/outbox?cursor=abc", { token: t.adminToken })).status).toBe(400);
    const first = await list("?limit=5");
    expect(first.items.length).toBe(5);
    const second = await list(`?limit=5&cursor=${first.nextCursor}`);
    expect(second.items[0].id).toBeLessThan(first.items[4].id);
    const all = await list("?limit=200");
    expect(all.items.map((m) => m.id)).toEqual([...all.items.map((m) => m.id)].sort((a, b) => b - a));
    expect((await list("?status=dead")).items.every((m) => m.status === "dead")).toBe(true);
  });

  it("the sweep's warnings and overdue notices send their SMS through the outbox too, after commit", async () => {
    const ticket = await t.ticket(cast.operator.token);
    expect((await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitB.id } })).status).toBe(200);
    await deliver();
    const before = sms.length;
    const later = new Date(t.clock.now().getTime() + 30 * 86_400_000);
    t.clock.set(later);
    const r = await runDeadlineSweep(t.server.ctx, later);
    expect(r.overdue).toBeGreaterThan(0);
    expect(sms.length).toBe(before); // nothing sent inside the sweep's transaction
    await deliver();
    const mine = sms.slice(before).filter((s) => s.text.includes(ticket.number));
    const unitB = [cast.leaderB.id, cast.handlerB.id];
    expect(new Set(mine.map((s) => s.userId))).toEqual(new Set(unitB));
    expect(mine.some((s) => s.text.includes("已超期"))).toBe(true);
    // As many SMS as in-app notices, one each.
    const inApp = await t.call("GET", "/api/notifications?limit=200", { token: cast.leaderB.token });
    const notices = (inApp.body as any[]).filter((n: any) => n.title.includes(ticket.number) && n.kind.startsWith("deadline."));
    expect(mine.filter((s) => s.userId === cast.leaderB.id).length).toBe(notices.length);
  });
});
