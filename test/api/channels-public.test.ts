import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * The citizen channel (docs/CHANNELS.md "Citizen pages"): submit without login, look up by number + query
 * code (no personal data), rate after the reply; script tags stored as text; the captcha after N submissions
 * per address; a flood gets 429. PGlite and PostgreSQL.
 */
describe("citizen channel /api/public", () => {
  let t: TestServer;
  let cast: Awaited<ReturnType<typeof standardCast>>;
  const submit = (body: unknown, headers: Record<string, string> = {}) => t.call("POST", "/api/public/requests", { body, headers });
  let first: { number: string; queryCode: string };

  beforeAll(async () => {
    t = await startTestServer({ env: { HUYING_PUBLIC_RATE_MAX: "40", HUYING_PUBLIC_CAPTCHA_AFTER: "3" } });
    cast = await standardCast(t);
  });
  afterAll(async () => t?.close());

  it("takes a request without login and answers the number and a query code; the code is stored hashed", async () => {
    const res = await submit({ content: "小区门口路灯坏了一个月没人修", name: "王五", phone: "13912345678", address: "幸福路 8 号", smsNotify: true });
    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^\d{8}-\d{6}$/);
    expect(res.body.queryCode).toMatch(/^[2-9A-Z]{8}$/);
    first = res.body;
    const list = await t.call("GET", `/api/tickets?q=${encodeURIComponent(first.number)}`, { token: cast.dispatcher.token });
    const ticket = list.body.items[0];
    expect(ticket).toMatchObject({ channel: "web", status: "pending_dispatch", requester: { name: "王五" } });
    const outbox = await t.call("GET", "/api/outbox", { token: t.adminToken });
    expect(outbox.body.items.some((m: any) => m.kind === "phone_sms" && m.target.includes("5678") && m.target.includes("intake"))).toBe(true);
    expect(JSON.stringify(outbox.body)).not.toContain(first.queryCode);
  });

  it("looks a request up by number and code with no personal data; a wrong code is 404", async () => {
    const res = await t.call("GET", `/api/public/requests/${first.number}?code=${first.queryCode.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ number: first.number, status: "pending_dispatch", replies: [], rating: null, canRate: false });
    expect(JSON.stringify(res.body)).not.toMatch(/王五|13912345678|幸福路/);
    expect((await t.call("GET", `/api/public/requests/${first.number}?code=ZZZZZZZZ`)).status).toBe(404);
    expect((await t.call("GET", `/api/public/requests/20990101-000001?code=ZZZZZZZZ`)).status).toBe(404);
    const bad = await t.call("GET", `/api/public/requests/abc`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.field)).toContain("number");
  });

  it("the mailbox form is channel mailbox; the enterprise box marks business; script tags are stored as text", async () => {
    const res = await submit({ content: "<script>alert(1)</script>企业开办审批<b>太慢</b>", title: "<img src=x onerror=alert(1)>审批", phone: "13700001111", mailbox: "enterprise", companyName: "某某科技有限公司" });
    expect(res.status).toBe(201);
    const list = await t.call("GET", `/api/tickets?q=${encodeURIComponent(res.body.number)}`, { token: cast.dispatcher.token });
    const ticket = list.body.items[0];
    expect(ticket).toMatchObject({ channel: "mailbox", business: true });
    expect(ticket.title).toBe("【企业信箱】审批");
    expect(ticket.content).toBe("企业开办审批太慢（企业：某某科技有限公司）");
    expect(ticket.content + ticket.title).not.toMatch(/[<>]/);
  });

  it("rating waits for the reply; then once; the rating shows on the ticket's channel record", async () => {
    const tickets = await t.call("GET", `/api/tickets?q=${encodeURIComponent(first.number)}`, { token: cast.dispatcher.token });
    const id = tickets.body.items[0].id;
    const rate = (body: unknown) => t.call("POST", `/api/public/requests/${first.number}/rating?code=${first.queryCode}`, { body });
    expect((await rate({ outcome: "satisfied" })).body.error.code).toBe("RATING_NOT_OPEN");
    expect((await t.call("POST", `/api/tickets/${id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } })).status).toBe(200);
    expect((await t.call("POST", `/api/tickets/${id}/sign`, { token: cast.handlerA.token })).status).toBe(200);
    await t.call("POST", `/api/tickets/${id}/contact-attempts`, { token: cast.handlerA.token, body: { method: "phone", outcome: "reached" } }); // rule 15: first contact before the reply
    const replied = await t.call("POST", `/api/tickets/${id}/replies`, { token: cast.handlerA.token, body: { content: "路灯已更换", result: "resolved", handlerName: "李工", leaderName: "赵科长" } });
    expect(replied.status).toBe(201);
    const seen = await t.call("GET", `/api/public/requests/${first.number}?code=${first.queryCode}`);
    expect(seen.body).toMatchObject({ status: "replied", canRate: true, replies: [{ content: "路灯已更换" }] });
    expect(JSON.stringify(seen.body)).not.toMatch(/李工|赵科长/);
    // The reply also asked the citizen by SMS (they opted in).
    const outbox = await t.call("GET", "/api/outbox", { token: t.adminToken });
    expect(outbox.body.items.some((m: any) => m.kind === "phone_sms" && m.target.includes("rating_request"))).toBe(true);
    const [a, b] = await Promise.all([rate({ outcome: "basically_satisfied", comment: "<i>还行</i>" }), rate({ outcome: "satisfied" })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const after = await t.call("GET", `/api/public/requests/${first.number}?code=${first.queryCode}`);
    expect(after.body.canRate).toBe(false);
    expect(after.body.rating.outcome).toMatch(/satisfied/);
    const channel = await t.call("GET", `/api/tickets/${id}/channel`, { token: cast.followUp.token });
    expect(channel.status).toBe(200);
    expect(channel.body.ratings).toHaveLength(1);
    const detail = await t.call("GET", `/api/tickets/${id}`, { token: cast.followUp.token });
    expect(detail.body.events.some((e: any) => e.type === "ticket.citizen_rated")).toBe(true);
    // Still open for the center's human follow-up (rule 21).
    expect(detail.body.status).toBe("replied");
  });

  it("past N submissions a day the address must solve a captcha", async () => {
    const body = { content: "第四次提交的诉求内容", phone: "13600002222" };
    expect((await submit(body)).status).toBe(201); // the third of the day is still free
    const res = await submit(body);
    expect(res.status).toBe(428);
    expect(res.body.error.code).toBe("CAPTCHA_REQUIRED");
    const captchaRes = await fetch(`${t.url}/api/public/captcha`);
    const captcha = (await captchaRes.json()) as { id: string; svg: string };
    expect(captcha.svg).toContain("<svg");
    const answer = captchaRes.headers.get("x-test-captcha-answer")!;
    expect((await submit({ ...body, captchaId: captcha.id, captchaAnswer: "wrong" })).body.error.code).toBe("CAPTCHA_INVALID");
    expect((await submit({ ...body, captchaId: captcha.id, captchaAnswer: answer })).status).toBe(201);
    // One use only.
    expect((await submit({ ...body, captchaId: captcha.id, captchaAnswer: answer })).body.error.code).toBe("CAPTCHA_INVALID");
  });

  it("refuses oversized bodies and names every bad field", async () => {
    const big = await submit({ content: "长".repeat(20_000), phone: "13600002222" });
    expect([400, 413]).toContain(big.status);
    const bad = await submit({ content: "", phone: "x" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.field).sort()).toEqual(["content", "phone"]);
  });

  it("a flood from one address is cut off with 429 and writes nothing more", async () => {
    const before = (await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.length;
    const results = await Promise.all(Array.from({ length: 45 }, () => submit({ content: "刷单内容刷单内容", phone: "13600009999" })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 429 || s === 428)).toBe(true);
    expect(results.find((r) => r.status === 429)!.body.error.code).toBe("RATE_LIMITED");
    const after = (await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.length;
    expect(after).toBe(before);
  });
});
