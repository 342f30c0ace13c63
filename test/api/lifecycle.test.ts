import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;

beforeAll(async () => {
  t = await startTestServer();
  cast = await standardCast(t);
});
afterAll(async () => t?.close());

const post = (path: string, token: string, body?: unknown, headers?: Record<string, string>) => t.call("POST", path, { token, body: body ?? {}, headers });
const get = (path: string, token: string) => t.call("GET", path, { token });

async function dispatched(unitId = cast.unitA.id, overrides: Record<string, unknown> = {}) {
  const ticket = await t.ticket(cast.operator.token, overrides);
  const res = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId });
  expect(res.status).toBe(200);
  return res.body;
}

async function replied(unitToken = cast.handlerA.token, unitId = cast.unitA.id) {
  const ticket = await dispatched(unitId);
  expect((await post(`/api/tickets/${ticket.id}/sign`, unitToken)).status).toBe(200);
  expect((await post(`/api/tickets/${ticket.id}/contact-attempts`, unitToken, { method: "phone", outcome: "reached" })).status).toBe(201);
  const r = await post(`/api/tickets/${ticket.id}/replies`, unitToken, { content: "已协调物业处理完毕", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
  expect(r.status).toBe(201);
  return r.body.ticket;
}

describe("a ticket from intake to closure", () => {
  it("goes through dispatch, sign, contact, reply and follow-up, with a timeline of every step", async () => {
    const created = await t.ticket(cast.operator.token, { urgency: "ordinary", business: true });
    expect(created.status).toBe("pending_dispatch");
    expect(created.number).toMatch(/^20250303-\d{6}$/);
    expect(created.business).toBe(true);
    expect(created.allowedActions).not.toContain("dispatch"); // operators take calls; dispatchers dispatch

    const d = await post(`/api/tickets/${created.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    expect(d.status).toBe(200);
    expect(d.body.status).toBe("dispatched");
    expect(d.body.leadUnitId).toBe(cast.unitA.id);
    expect(d.body.deadlines.signDueAt).toBe("2025-03-04T15:59:59.999Z"); // 1 working day, end of day, Shanghai
    expect(d.body.deadlines.replyDueAt).toBe("2025-03-10T15:59:59.999Z"); // 5 working days
    expect(d.body.deadlines.contactDueAt).not.toBeNull();

    const unitView = await get(`/api/tickets/${created.id}`, cast.handlerA.token);
    expect(unitView.body.allowedActions).toEqual(expect.arrayContaining(["sign", "request_return", "record_contact"]));

    const s = await post(`/api/tickets/${created.id}/sign`, cast.handlerA.token);
    expect(s.body.status).toBe("signed");
    expect(s.body.deadlines.signDueAt).toBeNull();

    const c = await post(`/api/tickets/${created.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached", note: "已联系" });
    expect(c.status).toBe(201);
    expect(c.body.id).toEqual(expect.any(Number));
    expect(c.body.ticket.firstContact.state).toBe("reached");

    const r = await post(`/api/tickets/${created.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    expect(r.status).toBe(201);
    expect(r.body.ticket.status).toBe("replied");
    expect(r.body.ticket.deadlines.autoCloseAt).not.toBeNull();

    const f = await post(`/api/tickets/${created.id}/follow-ups`, cast.followUp.token, { outcome: "satisfied", contacted: true, informed: true, resolved: true });
    expect(f.status).toBe(201);
    expect(f.body.ticket.status).toBe("closed");
    expect(f.body.ticket.closure.kind).toBe("satisfied");

    const detail = await get(`/api/tickets/${created.id}`, cast.supervisor.token);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual([
      "ticket.created",
      "ticket.dispatched",
      "ticket.signed",
      "ticket.contact_attempted",
      "ticket.first_contact_reached",
      "ticket.replied",
      "ticket.followed_up",
      "ticket.closed",
    ]);
    expect(detail.body.events[1].actor.id).toBe(cast.dispatcher.id);
    expect(detail.body.events[2].data).toMatchObject({ from: "dispatched", to: "signed" });
    expect(detail.body.replies[0]).toMatchObject({ handlerName: "小孙", leaderName: "张科长", result: "resolved" });
  });

  it("records a request answered on the call as closed answered_directly (rule 2)", async () => {
    const ticket = await t.ticket(cast.operator.token, { answeredDirectly: true });
    expect(ticket.status).toBe("closed");
    expect(ticket.closure.kind).toBe("answered_directly");
    expect(ticket.allowedActions).not.toContain("dispatch");
  });

  it("accepts anonymous requests and needs no first contact for them (rule 4)", async () => {
    const ticket = await t.ticket(cast.operator.token, { requester: { anonymous: true } });
    expect(ticket.requester.anonymous).toBe(true);
    expect(ticket.firstContact.state).toBe("not_required");
    const d = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    expect(d.body.deadlines.contactDueAt).toBeNull();
  });

  it("dispatches designated (lead + co-units) and co-units see but cannot act", async () => {
    const ticket = await t.ticket(cast.operator.token);
    const d = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id, coUnitIds: [cast.unitB.id], mode: "designated" });
    expect(d.status).toBe(200);
    expect(d.body.coUnitIds).toEqual([cast.unitB.id]);
    const co = await get(`/api/tickets/${ticket.id}`, cast.handlerB.token);
    expect(co.status).toBe(200);
    expect(co.body.allowedActions).not.toContain("sign");
    expect((await post(`/api/tickets/${ticket.id}/sign`, cast.handlerB.token)).status).toBe(403);
    const bad = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id, coUnitIds: [cast.unitB.id], mode: "direct" });
    expect(bad.status).toBe(400); // direct transfer takes no co-units
    expect(bad.body.error.message).toContain("coUnitIds");
    const twice = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitB.id });
    expect(twice.status).toBe(409); // already dispatched
  });
});

describe("returns (rule 16)", () => {
  it("refused: the unit keeps the ticket in the status it had", async () => {
    const ticket = await dispatched();
    await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
    const rr = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位职责", basis: "三定方案", suggestedUnitId: cast.unitB.id });
    expect(rr.status).toBe(201);
    expect(rr.body.late).toBe(false);
    expect(rr.body.ticket.status).toBe("return_requested");
    const refuse = await post(`/api/tickets/${ticket.id}/return-requests/${rr.body.id}/decision`, cast.dispatcher.token, { approve: false, note: "属于你单位职责" });
    expect(refuse.status).toBe(200);
    expect(refuse.body.status).toBe("signed");
    expect(refuse.body.leadUnitId).toBe(cast.unitA.id);
    const again = await post(`/api/tickets/${ticket.id}/return-requests/${rr.body.id}/decision`, cast.dispatcher.token, { approve: true });
    expect(again.status).toBe(409);
  });

  it("approved: back to the dispatch queue, the old unit loses sight of it", async () => {
    const ticket = await dispatched();
    const rr = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位职责" });
    const ok = await post(`/api/tickets/${ticket.id}/return-requests/${rr.body.id}/decision`, cast.supervisor.token, { approve: true });
    expect(ok.body.status).toBe("pending_dispatch");
    expect(ok.body.leadUnitId).toBeNull();
    expect((await get(`/api/tickets/${ticket.id}`, cast.handlerA.token)).status).toBe(404);
  });

  it("approved with reassignTo: dispatched straight to the other unit with fresh clocks", async () => {
    const ticket = await dispatched();
    const rr = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "属地问题" });
    const ok = await post(`/api/tickets/${ticket.id}/return-requests/${rr.body.id}/decision`, cast.dispatcher.token, { approve: true, reassignTo: cast.unitB.id });
    expect(ok.body.status).toBe("dispatched");
    expect(ok.body.leadUnitId).toBe(cast.unitB.id);
    expect((await post(`/api/tickets/${ticket.id}/sign`, cast.handlerB.token)).status).toBe(200);
  });

  it("a return after the window is accepted and flagged late", async () => {
    const ticket = await dispatched();
    t.clock.advance(3 * 86_400_000); // past the 1-working-day window of the default policy
    const rr = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位职责" });
    expect(rr.status).toBe(201);
    expect(rr.body.late).toBe(true);
  });
});

describe("redo (rule 23)", () => {
  it("redo twice: same lead unit, redoCount counts, clocks restart at each re-dispatch", async () => {
    t.clock.set(new Date("2025-03-03T09:00:00+08:00")); // Monday
    let ticket = await replied();
    const firstDispatch = (await get(`/api/tickets/${ticket.id}`, cast.supervisor.token)).body.dispatchedAt;
    t.clock.advance(86_400_000);
    const f1 = await post(`/api/tickets/${ticket.id}/follow-ups`, cast.followUp.token, { outcome: "unsatisfied", contacted: true, informed: true, resolved: false, decision: "redo", note: "问题未解决" });
    expect(f1.status).toBe(201);
    ticket = f1.body.ticket;
    expect(ticket.status).toBe("dispatched");
    expect(ticket.redoCount).toBe(1);
    expect(ticket.leadUnitId).toBe(cast.unitA.id);
    expect(new Date(ticket.dispatchedAt).getTime()).toBe(new Date(firstDispatch).getTime() + 86_400_000);
    expect(ticket.deadlines.signDueAt).not.toBeNull();

    await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
    await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, { content: "再次处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    t.clock.advance(86_400_000);
    const redo = await post(`/api/tickets/${ticket.id}/redo`, cast.supervisor.token, { reason: "回访仍不满意" });
    expect(redo.status).toBe(200);
    expect(redo.body.redoCount).toBe(2);
    expect(ticket.deadlines.replyDueAt).toBe("2025-03-11T15:59:59.999Z"); // redo on Tuesday + 5 working days
    expect(redo.body.deadlines.replyDueAt).toBe("2025-03-12T15:59:59.999Z"); // redo on Wednesday + 5 working days
    const detail = await get(`/api/tickets/${ticket.id}`, cast.supervisor.token);
    expect(detail.body.events.filter((e: { type: string }) => e.type === "ticket.redone")).toHaveLength(2);
  });

  it("an unsatisfied follow-up without a decision is a 400 naming the field", async () => {
    const ticket = await replied();
    const res = await post(`/api/tickets/${ticket.id}/follow-ups`, cast.followUp.token, { outcome: "unsatisfied", contacted: true, informed: true, resolved: false });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("FOLLOW_UP_DECISION_REQUIRED");
    expect(res.body.error.field).toBe("decision");
    expect(res.body.error.message).toContain("decision");
  });

  it("unsatisfied + close ends the ticket as unsatisfied_closed with the remark (rule 25)", async () => {
    const ticket = await replied();
    const res = await post(`/api/tickets/${ticket.id}/follow-ups`, cast.followUp.token, { outcome: "unsatisfied", contacted: true, informed: true, resolved: false, decision: "close", note: "诉求超出政策规定，已解释" });
    expect(res.body.ticket.closure).toMatchObject({ kind: "unsatisfied_closed", remark: "诉求超出政策规定，已解释" });
  });
});

describe("first contact (rule 15)", () => {
  const hour = 3_600_000;
  it("three failed calls, each ≥ 1 h after the previous, inside the limit, count as contacted", async () => {
    const ticket = await dispatched();
    const base = new Date(ticket.dispatchedAt).getTime();
    const at = (h: number) => new Date(base + h * hour).toISOString();
    const call = (h: number, outcome = "no_answer") => post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome, at: at(h) });
    t.clock.set(new Date(base + 5 * hour));
    expect((await call(0.1)).body.counted).toBe(true);
    const tooSoon = await call(0.5); // within the hour: does not count
    expect(tooSoon.body.counted).toBe(false);
    const hungUp = await call(1.5, "hung_up"); // hung up before ringing out: does not count
    expect(hungUp.body.counted).toBe(false);
    expect((await call(1.2, "busy")).body.ticket.firstContact.state).toBe("pending");
    const third = await call(2.3);
    expect(third.body.counted).toBe(true);
    expect(third.body.countedFailedCalls).toBe(3);
    expect(third.body.ticket.firstContact.state).toBe("deemed_reached");
  });

  it("failed calls after the limit do not count", async () => {
    const ticket = await dispatched();
    const due = new Date(ticket.deadlines.contactDueAt).getTime();
    t.clock.set(new Date(due + 10 * hour));
    for (const h of [1, 2.5, 4]) {
      const res = await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "no_answer", at: new Date(due + h * hour).toISOString() });
      expect(res.body.counted).toBe(false);
    }
    const detail = await get(`/api/tickets/${ticket.id}`, cast.handlerA.token);
    expect(detail.body.firstContact.state).not.toBe("deemed_reached");
    expect(detail.body.overdue.contact).toBe(true);
  });
});

describe("access and personal data", () => {
  it("a unit user cannot see or act on another unit's ticket: 404, and it is not in their list", async () => {
    const ticket = await dispatched(cast.unitA.id);
    expect((await get(`/api/tickets/${ticket.id}`, cast.handlerB.token)).status).toBe(404);
    expect((await get(`/api/tickets/${ticket.id}`, cast.leaderB.token)).status).toBe(404);
    expect((await post(`/api/tickets/${ticket.id}/sign`, cast.handlerB.token)).status).toBe(404);
    expect((await post(`/api/tickets/${ticket.id}/reveal-phone`, cast.handlerB.token)).status).toBe(404);
    const list = await get(`/api/tickets?limit=200`, cast.handlerB.token);
    expect(list.body.items.map((x: { id: number }) => x.id)).not.toContain(ticket.id);
    const own = await get(`/api/tickets?limit=200`, cast.handlerA.token);
    expect(own.body.items.map((x: { id: number }) => x.id)).toContain(ticket.id);
    expect(own.body.items.every((x: { leadUnitId: number; coUnitIds: number[] }) => x.leadUnitId === cast.unitA.id || x.coUnitIds.includes(cast.unitA.id))).toBe(true);
  });

  it("roles without the right get 403: a viewer reads but cannot act, a handler cannot dispatch", async () => {
    const ticket = await t.ticket(cast.operator.token);
    expect((await get(`/api/tickets/${ticket.id}`, cast.viewer.token)).status).toBe(200);
    expect((await post(`/api/tickets/${ticket.id}/dispatch`, cast.viewer.token, { unitId: cast.unitA.id })).status).toBe(403);
    expect((await t.call("POST", "/api/tickets", { token: cast.handlerA.token, body: { channel: "web", requester: { anonymous: true }, title: "x", content: "y" } })).status).toBe(403);
  });

  it("masks phones for roles without the right; a reveal shows it and is audited", async () => {
    const ticket = await dispatched();
    expect(ticket.requester.phone).toBe("138****5678"); // dispatcher's view
    const operatorView = await get(`/api/tickets/${ticket.id}`, cast.operator.token);
    expect(operatorView.body.requester.phone).toBe("13812345678");
    const viewer = await get(`/api/tickets/${ticket.id}`, cast.viewer.token);
    expect(viewer.body.requester.phone).toBe("138****5678");
    expect(viewer.body.allowedActions).not.toContain("reveal_phone");
    expect((await post(`/api/tickets/${ticket.id}/reveal-phone`, cast.viewer.token)).status).toBe(403);
    const handler = await get(`/api/tickets/${ticket.id}`, cast.handlerA.token);
    expect(handler.body.requester.phone).toBe("138****5678");
    const reveal = await post(`/api/tickets/${ticket.id}/reveal-phone`, cast.handlerA.token);
    expect(reveal.status).toBe(200);
    expect(reveal.body.phone).toBe("13812345678");
    expect((await get(`/api/tickets/${ticket.id}`, cast.handlerA.token)).body.version).toBe(ticket.version); // a reveal is not an edit
    const audit = await t.server.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "phone.revealed").where("target_id", "=", String(ticket.id)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(cast.handlerA.id);
  });

  it("needs a valid token; logout revokes it", async () => {
    expect((await t.call("GET", "/api/tickets")).status).toBe(401);
    expect((await t.call("GET", "/api/tickets", { token: "nonsense" })).body.error.code).toBe("UNAUTHENTICATED");
    const u = await t.user(["viewer"]);
    expect((await get("/api/me", u.token)).body.username).toBe(u.username);
    expect((await post("/api/auth/logout", u.token)).status).toBe(200);
    expect((await get("/api/me", u.token)).status).toBe(401);
  });

  it("slows down repeated failed logins of an account, with a short Retry-After", async () => {
    // A user who never logged in from this address: the account's wait applies to it.
    const username = `slow_${Date.now()}`;
    const created = await t.call("POST", "/api/users", { token: t.adminToken, body: { username, password: "password-123", name: "慢", roles: ["viewer"] } });
    expect(created.status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.call("POST", "/api/auth/login", { body: { username, password: "wrong-password" } })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[6]).toBe(429);
    const res = await fetch(`${t.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: "password-123" }) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(30);
  });
});

describe("integrity", () => {
  it("the same Idempotency-Key returns the same ticket and creates no duplicate", async () => {
    const body = { channel: "web", requester: { name: "李四", phone: "13900001111" }, title: "路灯不亮", content: "和平路路灯坏了一周" };
    const headers = { "idempotency-key": "call-abc-123" };
    const [a, b] = await Promise.all([
      t.call("POST", "/api/tickets", { token: cast.operator.token, body, headers }),
      t.call("POST", "/api/tickets", { token: cast.operator.token, body, headers }),
    ]);
    const c = await t.call("POST", "/api/tickets", { token: cast.operator.token, body, headers });
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(c.body.id).toBe(a.body.id);
    const rows = await t.server.ctx.db.selectFrom("tickets").select("id").where("title", "=", "路灯不亮").execute();
    expect(rows).toHaveLength(1);
  });

  it("two concurrent signs: exactly one 200, the other 409", async () => {
    const ticket = await dispatched();
    const [a, b] = await Promise.all([post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token), post(`/api/tickets/${ticket.id}/sign`, cast.leaderA.token)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const detail = await get(`/api/tickets/${ticket.id}`, cast.handlerA.token);
    expect(detail.body.events.filter((e: { type: string }) => e.type === "ticket.signed")).toHaveLength(1);
  });

  it("If-Match with a stale version is a 409 VERSION_CONFLICT and changes nothing", async () => {
    const ticket = await dispatched();
    const stale = await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token, undefined, { "if-match": String(ticket.version - 1) });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("VERSION_CONFLICT");
    expect((await get(`/api/tickets/${ticket.id}`, cast.handlerA.token)).body.status).toBe("dispatched");
    const fresh = await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token, undefined, { "if-match": String(ticket.version) });
    expect(fresh.status).toBe(200);
  });

  it("a forbidden transition is a 409 naming the status and the action", async () => {
    const ticket = await t.ticket(cast.operator.token);
    const res = await post(`/api/tickets/${ticket.id}/redo`, cast.supervisor.token, { reason: "x" });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("REDO_NOT_ALLOWED_IN_STATUS");
    expect(res.body.error.message).toContain("pending_dispatch");
    expect(res.body.error.message).toContain("redo");
  });

  it.each([
    ["missing title", { channel: "phone", requester: { anonymous: true }, content: "x" }, "title"],
    ["unknown channel", { channel: "fax", requester: { anonymous: true }, title: "t", content: "x" }, "channel"],
    ["bad urgency", { channel: "phone", requester: { anonymous: true }, title: "t", content: "x", urgency: "asap" }, "urgency"],
    ["bad receivedAt", { channel: "phone", requester: { anonymous: true }, title: "t", content: "x", receivedAt: "yesterday" }, "receivedAt"],
    ["unknown category", { channel: "phone", requester: { anonymous: true }, title: "t", content: "x", categoryId: 999999 }, "categoryId"],
    ["no requester", { channel: "phone", requester: {}, title: "t", content: "x" }, "requester"],
  ])("intake with %s is a 400 naming the field, and writes nothing", async (_name, body, field) => {
    const before = await t.server.ctx.db.selectFrom("tickets").select(t.server.ctx.db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const res = await t.call("POST", "/api/tickets", { token: cast.operator.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.message).toContain(field);
    const after = await t.server.ctx.db.selectFrom("tickets").select(t.server.ctx.db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("malformed JSON, bad ids and unknown ids answer 400/404, never 500", async () => {
    const raw = await fetch(`${t.url}/api/tickets`, { method: "POST", headers: { authorization: `Bearer ${cast.operator.token}`, "content-type": "application/json" }, body: "{not json" });
    expect(raw.status).toBe(400);
    expect((await get("/api/tickets/abc", cast.operator.token)).status).toBe(400);
    expect((await get("/api/tickets/99999999", cast.operator.token)).status).toBe(404);
    expect((await post("/api/tickets/99999999/sign", cast.handlerA.token)).status).toBe(404);
    expect((await post(`/api/tickets/1/dispatch`, cast.dispatcher.token, { unitId: "x" })).status).toBe(400);
    expect((await get("/api/tickets?cursor=garbage", cast.operator.token)).status).toBe(400);
    expect((await get("/api/tickets?status=nope", cast.operator.token)).status).toBe(400);
    const ticket = await t.ticket(cast.operator.token);
    const d = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: 99999 });
    expect(d.status).toBe(400);
    expect(d.body.error.message).toContain("unitId");
    expect((await get(`/api/tickets/${ticket.id}`, cast.operator.token)).body.status).toBe("pending_dispatch");
  });
});

describe("extension, exclusion, termination, no-change replies", () => {
  it("an approved extension moves replyDueAt by the granted working days", async () => {
    t.clock.set(new Date("2025-03-03T09:00:00+08:00"));
    const ticket = await dispatched();
    await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
    const req = await post(`/api/tickets/${ticket.id}/extension-requests`, cast.handlerA.token, { workingDays: 3, reason: "需协调多部门" });
    expect(req.status).toBe(201);
    expect((await post(`/api/tickets/${ticket.id}/extension-requests`, cast.handlerA.token, { workingDays: 1, reason: "again" })).status).toBe(409);
    const ok = await post(`/api/tickets/${ticket.id}/extension-requests/${req.body.id}/decision`, cast.supervisor.token, { approve: true, workingDays: 2 });
    expect(ok.status).toBe(200);
    // 2025-03-10 (Mon) end of day + 2 working days = 2025-03-12 end of day (Shanghai)
    expect(ticket.deadlines.replyDueAt).toBe("2025-03-10T15:59:59.999Z");
    expect(ok.body.deadlines.replyDueAt).toBe("2025-03-12T15:59:59.999Z");
  });

  it("an approved exclusion takes the ticket out of satisfaction scoring", async () => {
    const ticket = await replied();
    const req = await post(`/api/tickets/${ticket.id}/exclusions`, cast.handlerA.token, { reasonCode: "beyond_policy", explanation: "诉求超出政策，附依据" });
    expect(req.status).toBe(201);
    const bad = await post(`/api/tickets/${ticket.id}/exclusions`, cast.handlerB.token, { reasonCode: "beyond_policy", explanation: "x" });
    expect(bad.status).toBe(404);
    const ok = await post(`/api/tickets/${ticket.id}/exclusions/${req.body.id}/decision`, cast.supervisor.token, { approve: true });
    expect(ok.body.excludedFromSatisfaction).toBe(true);
    expect((await post(`/api/tickets/${ticket.id}/exclusions`, cast.handlerA.token, { reasonCode: "nope", explanation: "x" })).status).toBe(400);
  });

  it("third-party termination closes the ticket as terminated (rule 27)", async () => {
    const ticket = await dispatched();
    const res = await post(`/api/tickets/${ticket.id}/terminate`, cast.supervisor.token, { reviewers: ["人大代表王某", "市民代表李某"], conclusion: "诉求过高，经第三方评议终结" });
    expect(res.status).toBe(200);
    expect(res.body.closure.kind).toBe("terminated");
  });

  it("three replies in a row with no substantive change flag the ticket (rule 24)", async () => {
    let ticket = await dispatched();
    for (let i = 0; i < 3; i++) {
      await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
      await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
      const r = await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, { content: "经核实，该问题正在协调处理中。", result: "explained", handlerName: "小孙", leaderName: "张科长" });
      ticket = r.body.ticket;
      expect(ticket.flaggedNoChange).toBe(i === 2);
      if (i < 2) ticket = (await post(`/api/tickets/${ticket.id}/redo`, cast.supervisor.token, { reason: "未实质处理" })).body;
    }
  });
});
