import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * Smart intake (issue 15): suggestions after training on a small labelled set of our own writing
 * (test/fixtures/suggestions/labelled.json), bad input, repeat candidates, repeat links, merge rules, and
 * the master's reply reaching the requesters of merged tickets.
 */

const fixture = JSON.parse(readFileSync(new URL("../fixtures/suggestions/labelled.json", import.meta.url), "utf8")) as {
  categories: Record<string, Array<[string, string]>>;
  clear: Array<[string, string, string]>;
};

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;
const categoryIds = new Map<string, number>();
let phoneSeq = 0;
const phone = () => `139${String(10_000_000 + ++phoneSeq).slice(-8)}`;

beforeAll(async () => {
  t = await startTestServer();
  cast = await standardCast(t);
  for (const name of Object.keys(fixture.categories)) {
    const res = await t.call("POST", "/api/categories", { token: t.adminToken, body: { name: `${name}${Date.now() % 1000}` } });
    categoryIds.set(name, res.body.id);
  }
  for (const [name, rows] of Object.entries(fixture.categories)) {
    for (const [title, content] of rows) {
      await t.ticket(cast.operator.token, { title, content, categoryId: categoryIds.get(name), requester: { name: "市民", phone: phone() } });
    }
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("suggestions", () => {
  it("answers empty lists before any training", async () => {
    const res = await t.call("POST", "/api/suggestions", { token: cast.operator.token, body: { title: "停水", content: "小区停水" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ modelVersion: null, categories: [], knowledge: [] });
  });

  it("training is for admins (403 before 400), versioned with its evaluation", async () => {
    expect((await t.call("POST", "/api/suggestions/train", { token: cast.operator.token })).status).toBe(403);
    const res = await t.call("POST", "/api/suggestions/train", { token: t.adminToken });
    expect(res.status).toBe(200);
    expect(res.body.modelVersion).toBeGreaterThan(0);
    expect(res.body.examples).toBeGreaterThanOrEqual(24);
    expect(res.body.evaluation.category.holdout).toBeGreaterThan(0);
    const models = await t.call("GET", "/api/suggestions/models", { token: t.adminToken });
    expect(models.status).toBe(200);
    expect(models.body.items[0]).toMatchObject({ version: res.body.modelVersion, examples: res.body.examples });
    expect(models.body.items[0].evaluation.category.top3).not.toBeNull();
    expect(models.body).toHaveProperty("nextCursor");
  });

  it("ranks the right category first for clear cases", async () => {
    for (const [title, content, expected] of fixture.clear) {
      const res = await t.call("POST", "/api/suggestions", { token: cast.operator.token, body: { title, content } });
      expect(res.status).toBe(200);
      expect(res.body.categories.length).toBeGreaterThan(0);
      expect(res.body.categories.length).toBeLessThanOrEqual(3);
      expect(res.body.categories[0].categoryId, `${title} → ${expected}`).toBe(categoryIds.get(expected));
    }
  });

  it("maps an address to its territorial town", async () => {
    const town = await t.call("POST", "/api/units", { token: t.adminToken, body: { name: "青山镇", kind: "town" } });
    const res = await t.call("POST", "/api/suggestions", { token: cast.dispatcher.token, body: { title: "路灯不亮", content: "路灯坏了", address: "本市青山镇幸福路 12 号" } });
    expect(res.status).toBe(200);
    expect(res.body.units).toContainEqual(expect.objectContaining({ unitId: town.body.id, reasons: expect.arrayContaining(["address"]) }));
  });

  it.each([
    ["empty", { title: "", content: "" }],
    ["20,000 characters", { title: "噪音", content: "噪".repeat(20_000) }],
    ["only punctuation", { title: "！？。，", content: "……——（）【】!!!???" }],
    ["only English", { title: "noise", content: "The construction site is very noisy at night" }],
    ["emoji", { title: "😡😡", content: "🚧🔊🔊🔊 💧❌" }],
  ])("bad input (%s) → a valid answer", async (_name, body) => {
    const res = await t.call("POST", "/api/suggestions", { token: cast.operator.token, body });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.categories)).toBe(true);
    expect(Array.isArray(res.body.similar)).toBe(true);
  });

  it("unit users may not ask for suggestions (403)", async () => {
    expect((await t.call("POST", "/api/suggestions", { token: cast.handlerA.token, body: { content: 1 } })).status).toBe(403);
  });
});

describe("repeats and merges", () => {
  it("finds candidates by phone, address and similar text (工地噪音 ~ 夜间施工扰民)", async () => {
    const p = phone();
    const a = await t.ticket(cast.operator.token, { title: "工地噪音", content: "旁边工地噪音很大", address: "和平路 88 号 幸福小区", requester: { name: "李四", phone: p } });
    const b = await t.ticket(cast.operator.token, { title: "夜间施工扰民", content: "晚上施工扰民睡不着", address: "和平路88号幸福小区", requester: { name: "王五", phone: phone() } });
    const c = await t.ticket(cast.operator.token, { title: "公交问题", content: "公交车太少", requester: { name: "李四", phone: p } });
    const sim = await t.call("GET", `/api/tickets/${b.id}/similar`, { token: cast.dispatcher.token });
    expect(sim.status).toBe(200);
    const hit = sim.body.items.find((i: any) => i.ticketId === a.id);
    expect(hit).toBeDefined();
    expect(hit.reasons).toEqual(expect.arrayContaining(["address", "text"]));
    const byPhone = await t.call("GET", `/api/tickets/${c.id}/similar`, { token: cast.dispatcher.token });
    expect(byPhone.body.items.find((i: any) => i.ticketId === a.id)?.reasons).toContain("phone");
    // Unit users see only their unit's tickets: none of these is theirs.
    const unit = await t.call("GET", `/api/tickets/${b.id}/similar`, { token: cast.handlerA.token });
    expect(unit.status).toBe(404);
  });

  it("links a new ticket as a repeat of an open one (repeatOf); a closed target → 409", async () => {
    const master = await t.ticket(cast.operator.token, { title: "停电", content: "整栋楼停电", requester: { name: "赵", phone: phone() } });
    const rep = await t.ticket(cast.operator.token, { title: "又停电了", content: "楼里停电", repeatOf: master.id, requester: { name: "钱", phone: phone() } });
    expect(rep.repeatOf).toBe(master.id);
    const m = await t.call("GET", `/api/tickets/${master.id}`, { token: cast.dispatcher.token });
    expect(m.body.repeatCount).toBe(1);
    expect(m.body.events.some((e: any) => e.type === "ticket.repeat_linked")).toBe(true);
    const closed = await t.ticket(cast.operator.token, { title: "咨询", content: "问一下", answeredDirectly: true, requester: { name: "孙", phone: phone() } });
    const refused = await t.call("POST", "/api/tickets", { token: cast.operator.token, body: { channel: "phone", requester: { name: "周", phone: phone() }, title: "x", content: "y", repeatOf: closed.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("REPEAT_TARGET_CLOSED");
    const missing = await t.call("POST", "/api/tickets", { token: cast.operator.token, body: { channel: "phone", requester: { name: "周", phone: phone() }, title: "x", content: "y", repeatOf: 99_999_999 } });
    expect(missing.status).toBe(400);
  });

  it("merge rules: self, closed target, cycle → 409; unknown target → 404; operators → 403", async () => {
    const a = await t.ticket(cast.operator.token, { title: "占道经营", content: "路边摆摊占道", requester: { name: "吴", phone: phone() } });
    const b = await t.ticket(cast.operator.token, { title: "占道经营", content: "摆摊占道", repeatOf: a.id, requester: { name: "郑", phone: phone() } });
    const closed = await t.ticket(cast.operator.token, { title: "咨询", content: "问一下", answeredDirectly: true, requester: { name: "王", phone: phone() } });
    const merge = (id: number, into: number, token = cast.dispatcher.token) => t.call("POST", `/api/tickets/${id}/merge`, { token, body: { intoTicketId: into } });
    expect((await merge(a.id, a.id)).body.error.code).toBe("MERGE_INTO_SELF");
    const r2 = await merge(a.id, closed.id);
    expect(r2.status).toBe(409);
    expect(r2.body.error.code).toBe("REPEAT_TARGET_CLOSED");
    const r3 = await merge(a.id, b.id);
    expect(r3.status).toBe(409);
    expect(r3.body.error.code).toBe("MERGE_CYCLE");
    expect((await merge(a.id, 99_999_999)).status).toBe(404);
    expect((await merge(a.id, b.id, cast.operator.token)).status).toBe(403);
    expect((await t.call("POST", `/api/tickets/${a.id}/merge`, { token: cast.operator.token, body: {} })).status).toBe(403);
    const bad = await t.call("POST", `/api/tickets/${a.id}/merge`, { token: cast.dispatcher.token, body: { intoTicketId: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.field)).toContain("intoTicketId");
  });

  it("a merge closes the duplicate (merged, mergedInto); the master's reply reaches its requester", async () => {
    const master = await t.ticket(cast.operator.token, { title: "垃圾清运不及时", content: "小区垃圾堆放三天没人清运", requester: { name: "甲", phone: phone() } });
    const dup = await t.ticket(cast.operator.token, { title: "垃圾没人收", content: "垃圾堆了好几天", requester: { name: "乙", phone: phone() } });
    const res = await t.call("POST", `/api/tickets/${dup.id}/merge`, { token: cast.dispatcher.token, body: { intoTicketId: master.id, note: "同一小区垃圾问题" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "closed", mergedInto: master.id, closure: { kind: "merged" } });
    const again = await t.call("POST", `/api/tickets/${dup.id}/merge`, { token: cast.dispatcher.token, body: { intoTicketId: master.id } });
    expect(again.status).toBe(409);
    const m = await t.call("GET", `/api/tickets/${master.id}`, { token: cast.dispatcher.token });
    expect(m.body.repeatCount).toBe(1);
    // The master goes its way: dispatched, signed, replied.
    expect((await t.call("POST", `/api/tickets/${master.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } })).status).toBe(200);
    expect((await t.call("POST", `/api/tickets/${master.id}/sign`, { token: cast.handlerA.token })).status).toBe(200);
    await t.call("POST", `/api/tickets/${master.id}/contact-attempts`, { token: cast.handlerA.token, body: { method: "phone", outcome: "reached" } }); // rule 15: first contact before the reply
    const reply = await t.call("POST", `/api/tickets/${master.id}/replies`, { token: cast.handlerA.token, body: { content: "已安排环卫每日清运", result: "resolved", handlerName: "张", leaderName: "李" } });
    expect(reply.status).toBe(201);
    const d = await t.call("GET", `/api/tickets/${dup.id}`, { token: cast.dispatcher.token });
    const update = d.body.events.find((e: any) => e.type === "ticket.master_update");
    expect(update?.data).toMatchObject({ masterTicketId: master.id, kind: "reply", content: "已安排环卫每日清运" });
    const outbox = await t.server.ctx.db.selectFrom("outbox").select(["kind", "payload"]).where("kind", "=", "requester_sms").execute();
    expect(outbox.some((o: any) => o.payload.ticketId === dup.id && String(o.payload.text).includes("已安排环卫每日清运"))).toBe(true);
  });

  it("two merges of one ticket at once: one wins, the other 409", async () => {
    const x = await t.ticket(cast.operator.token, { title: "井盖缺失", content: "人行道井盖缺失", requester: { name: "丙", phone: phone() } });
    const y = await t.ticket(cast.operator.token, { title: "井盖缺失", content: "井盖没了", requester: { name: "丁", phone: phone() } });
    const z = await t.ticket(cast.operator.token, { title: "井盖缺失", content: "井盖丢了", requester: { name: "戊", phone: phone() } });
    const [r1, r2] = await Promise.all([
      t.call("POST", `/api/tickets/${z.id}/merge`, { token: cast.dispatcher.token, body: { intoTicketId: x.id } }),
      t.call("POST", `/api/tickets/${z.id}/merge`, { token: cast.supervisor.token, body: { intoTicketId: y.id } }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
  });

  it("batch dispatch: each ticket is its own dispatch; a refused one does not stop the rest", async () => {
    const p1 = await t.ticket(cast.operator.token, { title: "批量1", content: "路灯不亮", requester: { name: "甲", phone: phone() } });
    const p2 = await t.ticket(cast.operator.token, { title: "批量2", content: "路灯不亮", requester: { name: "乙", phone: phone() } });
    const res = await t.call("POST", "/api/tickets/batch-dispatch", { token: cast.dispatcher.token, body: { items: [{ ticketId: p1.id, unitId: cast.unitA.id }, { ticketId: p2.id, unitId: cast.unitB.id, version: 99 }] } });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ ticketId: p1.id, ok: true }),
      expect.objectContaining({ ticketId: p2.id, ok: false, code: "VERSION_CONFLICT" }),
    ]);
    expect((await t.call("POST", "/api/tickets/batch-dispatch", { token: cast.operator.token, body: {} })).status).toBe(403);
  });
});

describe("hot issues and heat", () => {
  it("clusters recent tickets with ticket and requester counts", async () => {
    await t.call("POST", "/api/units", { token: t.adminToken, body: { name: "白沙镇", kind: "town" } });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await t.ticket(cast.operator.token, { title: "油烟扰民", content: `楼下饭店油烟太大 ${i}`, address: "白沙镇人民路", requester: { name: `民${i}`, phone: phone() } })).id);
    }
    const res = await t.call("GET", "/api/analytics/hot-issues?limit=50", { token: cast.supervisor.token });
    expect(res.status).toBe(200);
    const c = res.body.items.find((i: any) => i.sampleTicketIds.includes(ids[2]));
    expect(c).toBeDefined();
    expect(c.ticketCount).toBeGreaterThanOrEqual(3);
    expect(c.requesterCount).toBeGreaterThanOrEqual(3);
    expect(c.label).toContain("白沙镇");
    expect(res.body).toHaveProperty("nextCursor");
    const heat = await t.call("GET", "/api/analytics/heat", { token: cast.supervisor.token });
    expect(heat.status).toBe(200);
    expect(heat.body.items.find((h: any) => h.name === "白沙镇")?.ticketCount).toBeGreaterThanOrEqual(3);
    expect((await t.call("GET", "/api/analytics/hot-issues?from=2025-03-05&to=2025-03-01", { token: cast.supervisor.token })).status).toBe(400);
  });
});
