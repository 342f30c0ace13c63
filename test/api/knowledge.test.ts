import { describe, expect, it } from "vitest";
import { RANKING_ENTRIES, RANKING_QUESTIONS } from "../fixtures/knowledge-ranking.js";
import { knowledgeContributionScore } from "../../src/domain/metrics/knowledge-contributions.js";
import { knowledgeContributions } from "../../src/modules/reports/knowledge-contributions.repository.js";
import { START, standardServer } from "./helpers.js";

const file = standardServer();
const call = (method: string, path: string, token: string, body?: unknown) => file.t.call(method, path, { token, body });
const admin = () => file.t.adminToken;

async function published(token: string, body: Record<string, unknown>) {
  const created = await call("POST", "/api/knowledge", token, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const pub = await call("POST", `/api/knowledge/${created.body.id}/publish`, admin(), {});
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  return created.body.id as number;
}

describe("knowledge base: workflow, versions, validity", () => {
  it("a unit submits a draft, the center publishes it; operators see only published entries in force", async () => {
    const { cast } = file;
    const created = await call("POST", "/api/knowledge", cast.handlerA.token, { title: "二次供水水箱清洗周期", body: "<p>二次供水设施每半年至少清洗消毒一次。</p>", kind: "faq", tags: ["二次供水"] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, status: "draft" });
    const id = created.body.id;
    expect((await call("GET", `/api/knowledge/${id}`, cast.operator.token)).status).toBe(404);
    expect((await call("GET", "/api/knowledge?q=水箱清洗", cast.operator.token)).body.items).toEqual([]);
    const queue = await call("GET", "/api/knowledge/reviews", cast.supervisor.token);
    expect(queue.body.items.some((r: { entryId: number; kind: string }) => r.entryId === id && r.kind === "publish")).toBe(true);
    expect((await call("POST", `/api/knowledge/${id}/publish`, cast.handlerA.token, {})).status).toBe(403);
    expect((await call("POST", `/api/knowledge/${id}/publish`, cast.supervisor.token, {})).status).toBe(200);
    const found = await call("GET", "/api/knowledge?q=水箱多久清洗一次", cast.operator.token);
    expect(found.status).toBe(200);
    expect(found.body.items[0]).toMatchObject({ id, title: "二次供水水箱清洗周期", kind: "faq", status: "published", version: 1 });
    expect(found.body.items[0].snippet).toContain("<mark>");
    expect(found.body).toHaveProperty("nextCursor");
    // A second publish of the same version: nothing is waiting → 409.
    expect((await call("POST", `/api/knowledge/${id}/publish`, cast.supervisor.token, {})).status).toBe(409);
  });

  it("every edit is a new version; a published entry keeps its live version until the new one is published", async () => {
    const { cast } = file;
    const id = await published(cast.leaderA.token, { title: "物业维修基金使用流程", body: "<p>维修基金使用须经业主大会表决。</p>", kind: "procedure" });
    const put = await call("PUT", `/api/knowledge/${id}`, cast.leaderA.token, { title: "物业维修基金使用流程（2025修订）", body: "<p>维修基金使用须经三分之二业主同意。</p>", kind: "procedure", version: 1 });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ version: 2, status: "published", pendingVersion: 2 });
    expect((await call("PUT", `/api/knowledge/${id}`, cast.leaderA.token, { title: "x", body: "y", kind: "procedure", version: 1 })).status).toBe(409);
    const op = await call("GET", `/api/knowledge/${id}`, cast.operator.token);
    expect(op.body.title).toBe("物业维修基金使用流程");
    expect(op.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    const unit = await call("GET", `/api/knowledge/${id}`, cast.leaderA.token);
    expect(unit.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(unit.body.versions[1].body).toContain("业主大会");
    expect((await call("POST", `/api/knowledge/${id}/publish`, admin(), {})).status).toBe(200);
    const after = await call("GET", `/api/knowledge/${id}`, cast.operator.token);
    expect(after.body).toMatchObject({ title: "物业维修基金使用流程（2025修订）", version: 2, liveVersion: 2, pendingVersion: null });
    // Retire: it leaves search; its versions stay readable to the center.
    expect((await call("POST", `/api/knowledge/${id}/retire`, admin(), {})).status).toBe(200);
    expect((await call("GET", "/api/knowledge?q=维修基金", cast.operator.token)).body.items).toEqual([]);
    expect((await call("GET", `/api/knowledge/${id}`, admin())).body.versions).toHaveLength(2);
  });

  it("a published entry past its validity stops showing to operators and raises an expiry task for its owner", async () => {
    const { cast, t } = file;
    const id = await published(cast.leaderA.token, { title: "临时停车收费减免政策", body: "<p>节假日期间临时停车免费。</p>", kind: "policy", validFrom: "2025-01-01", validTo: "2025-03-05" });
    expect((await call("GET", "/api/knowledge?q=临时停车收费", cast.operator.token)).body.items.map((i: { id: number }) => i.id)).toContain(id);
    expect((await call("POST", "/api/test/clock", admin(), { now: "2025-03-07T09:00:00+08:00" })).status).toBe(200);
    expect((await call("GET", "/api/knowledge?q=临时停车收费", cast.operator.token)).body.items.map((i: { id: number }) => i.id)).not.toContain(id);
    const tasks = await call("GET", "/api/knowledge/reviews?kind=expiry", cast.leaderA.token);
    expect(tasks.body.items.map((r: { entryId: number }) => r.entryId)).toContain(id);
    expect((await call("GET", "/api/knowledge/reviews?kind=expiry", cast.leaderB.token)).body.items.map((r: { entryId: number }) => r.entryId)).not.toContain(id);
    await call("POST", "/api/test/clock", admin(), { now: START.toISOString() });
    void t;
  });
});

describe("knowledge base: the Linshu year-end item", () => {
  it("counts each unit's published contributions (its own users' submissions) instead of a hand-entered score", async () => {
    const { cast, t } = file;
    const counts = await knowledgeContributions(t.server.ctx.db, 2025);
    // Unit A: the draft handlerA submitted, leaderA's two entries and the version leaderA published (see above).
    expect(counts.get(cast.unitA.id)).toBe(4);
    expect(counts.get(cast.unitB.id) ?? 0).toBe(0);
    expect(knowledgeContributionScore(counts.get(cast.unitA.id)!)).toBe(8);
  });
});

describe("knowledge base: bad input", () => {
  it("unsafe HTML is stripped: script, iframe and on* attributes", async () => {
    const res = await call("POST", "/api/knowledge", admin(), {
      title: "安全测试",
      body: '<p onclick="alert(1)">正文<script>alert(2)</script><iframe src="https://evil.example"></iframe><a href="javascript:alert(3)">链接</a><img src=x onerror="alert(4)"></p>',
      kind: "faq",
    });
    expect(res.status).toBe(201);
    const body = (await call("GET", `/api/knowledge/${res.body.id}`, admin())).body.body as string;
    expect(body).toContain("正文");
    expect(body).not.toMatch(/script|iframe|onclick|onerror|javascript:|alert/);
  });

  it("validity end before start, unknown category or unit → 400; a unit writing for another unit → 403", async () => {
    const { cast } = file;
    const base = { title: "测试", body: "<p>正文</p>", kind: "faq" };
    const w = await call("POST", "/api/knowledge", admin(), { ...base, validFrom: "2025-05-01", validTo: "2025-04-01" });
    expect(w.status).toBe(400);
    expect(w.body.error.fields.map((f: { field: string }) => f.field)).toContain("validTo");
    expect((await call("POST", "/api/knowledge", admin(), { ...base, categoryId: 999999 })).body.error.field).toBe("categoryId");
    expect((await call("POST", "/api/knowledge", admin(), { ...base, unitId: 999999 })).body.error.field).toBe("unitId");
    expect((await call("POST", "/api/knowledge", cast.handlerA.token, { ...base, unitId: cast.unitB.id })).status).toBe(403);
    const other = await call("POST", "/api/knowledge", cast.handlerB.token, base);
    expect((await call("PUT", `/api/knowledge/${other.body.id}`, cast.handlerA.token, base)).status).toBe(404);
    const pub = await published(cast.handlerB.token, { ...base, title: "城关街道办事指南" });
    expect((await call("PUT", `/api/knowledge/${pub}`, cast.handlerA.token, base)).status).toBe(403);
    // 403 before 400: an operator may not write at all.
    expect((await call("POST", "/api/knowledge", cast.operator.token, {})).status).toBe(403);
  });
});

describe("knowledge base: ranking and synonyms", () => {
  it("the committed fixture: every question finds its entry in the top 3 (title over body)", async () => {
    const ids = new Map<string, number>();
    for (const e of RANKING_ENTRIES) ids.set(e.key, await published(admin(), { title: e.title, body: `<p>${e.body}</p>`, kind: "faq", tags: e.tags }));
    let top1 = 0;
    for (const { q, key } of RANKING_QUESTIONS) {
      const res = await call("GET", `/api/knowledge?kind=faq&limit=3&q=${encodeURIComponent(q)}`, file.cast.operator.token);
      const got = res.body.items.map((i: { id: number }) => i.id);
      expect(got, q).toContain(ids.get(key));
      if (got[0] === ids.get(key)) top1++;
    }
    expect(top1).toBeGreaterThanOrEqual(16);
  });

  it("synonyms the center maintains expand the query (医保 = 医疗保险)", async () => {
    const id = await published(admin(), { title: "城乡居民医疗保险缴费标准", body: "<p>城乡居民医疗保险个人缴费标准每年公布。</p>", kind: "policy" });
    const before = await call("GET", `/api/knowledge?q=${encodeURIComponent("居民医保交多少")}`, file.cast.operator.token);
    const syn = await call("POST", "/api/knowledge/synonyms", admin(), { words: ["医保", "医疗保险"] });
    expect(syn.status).toBe(201);
    const after = await call("GET", `/api/knowledge?q=${encodeURIComponent("居民医保交多少")}`, file.cast.operator.token);
    const hit = after.body.items.find((i: { id: number }) => i.id === id);
    expect(after.body.items.slice(0, 3).map((i: { id: number }) => i.id)).toContain(id);
    expect(hit.score).toBeGreaterThan(before.body.items.find((i: { id: number }) => i.id === id)?.score ?? 0);
    expect(hit.snippet).toContain("<mark>医疗保险</mark>");
  });
});

describe("acceptance scope and the dispatch catalogue", () => {
  it("intake text matching a non-acceptance item; the ticket closes as out_of_scope citing it", async () => {
    const { cast, t } = file;
    const scopeId = await published(admin(), { title: "已进入诉讼程序的事项不予受理", body: "<p>已经进入诉讼、仲裁程序的事项，请通过司法途径解决。</p>", kind: "scope", scopeType: "reject", tags: ["起诉", "诉讼", "仲裁"] });
    const assist = await call("POST", "/api/knowledge/assist", cast.operator.token, { text: "我已经向法院起诉了开发商，想让你们催一下" });
    expect(assist.status).toBe(200);
    expect(assist.body.scope).toEqual([expect.objectContaining({ id: scopeId, matched: ["起诉"] })]);
    const ticket = await t.ticket(cast.operator.token, { title: "催办诉讼", content: "已向法院起诉开发商" });
    const faq = await published(admin(), { title: "一般问答", body: "<p>正文</p>", kind: "faq" });
    expect((await call("POST", `/api/tickets/${ticket.id}/out-of-scope`, cast.operator.token, { entryId: faq })).body.error.field).toBe("entryId");
    expect((await call("POST", `/api/tickets/${ticket.id}/out-of-scope`, cast.handlerA.token, { entryId: scopeId })).status).toBe(403);
    const closed = await call("POST", `/api/tickets/${ticket.id}/out-of-scope`, cast.operator.token, { entryId: scopeId, note: "已告知走司法途径" });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe("closed");
    expect(closed.body.closure).toMatchObject({ kind: "out_of_scope", remark: "不予受理：已进入诉讼程序的事项不予受理" });
    const events = await t.server.ctx.db.selectFrom("ticket_events").select(["type", "data"]).where("ticket_id", "=", ticket.id).execute();
    expect(events.find((e) => e.type === "ticket.closed_out_of_scope")?.data).toMatchObject({ entryId: scopeId, entryTitle: "已进入诉讼程序的事项不予受理" });
    expect((await call("POST", `/api/tickets/${ticket.id}/out-of-scope`, cast.operator.token, { entryId: scopeId })).status).toBe(409);
  });

  it("answering on the call from an entry records its use", async () => {
    const { cast, t } = file;
    const id = await published(admin(), { title: "社保卡挂失", body: "<p>拨打社保服务热线即可挂失。</p>", kind: "faq", answer: "社保卡可拨打社保服务热线挂失。" });
    const res = await call("POST", "/api/tickets", cast.operator.token, { channel: "phone", requester: { name: "李四", phone: "13800001111" }, title: "社保卡丢了", content: "社保卡丢了怎么挂失", answeredDirectly: true, knowledgeEntryId: id });
    expect(res.status).toBe(201);
    expect(res.body.closure.kind).toBe("answered_directly");
    expect((await call("GET", `/api/knowledge/${id}`, cast.operator.token)).body.useCount).toBe(1);
    const unused = await call("GET", "/api/knowledge/unused?limit=200", admin());
    expect(unused.body.items.map((i: { id: number }) => i.id)).not.toContain(id);
    expect((await call("POST", "/api/tickets", cast.operator.token, { channel: "phone", requester: { anonymous: true }, title: "x", content: "y", knowledgeEntryId: id })).body.error.field).toBe("knowledgeEntryId");
    void t;
  });

  it("the catalogue's unit comes first with its justification; dispatching against it needs a reason", async () => {
    const { cast, t } = file;
    const cat = await call("POST", "/api/categories", admin(), { name: "供热" });
    const categoryId = cat.body.id;
    const general = await call("POST", "/api/dispatch-catalogue", cast.supervisor.token, { categoryId, leadUnitId: cast.unitA.id, dutyText: "住建局负责城市供热行业管理" });
    expect(general.status, JSON.stringify(general.body)).toBe(201);
    const local = await call("POST", "/api/dispatch-catalogue", cast.supervisor.token, { categoryId, areaKeywords: ["城关"], leadUnitId: cast.unitB.id, coUnitIds: [cast.unitA.id], dutyText: "街道负责辖区内小区供热协调" });
    expect(local.status).toBe(201);
    expect((await call("POST", "/api/dispatch-catalogue", cast.supervisor.token, { categoryId, leadUnitId: 999999, dutyText: "x" })).body.error.field).toBe("leadUnitId");
    expect((await call("POST", "/api/dispatch-catalogue", cast.operator.token, {})).status).toBe(403);
    const ticket = await t.ticket(cast.operator.token, { title: "暖气不热", content: "城关小区暖气不热", categoryId, address: "城关镇幸福小区" });
    const lookup = await call("GET", `/api/tickets/${ticket.id}/catalogue`, cast.dispatcher.token);
    expect(lookup.body.items[0]).toMatchObject({ unitId: cast.unitB.id, role: "lead", entryId: local.body.id });
    expect(lookup.body.items[0].justification).toContain("街道负责辖区内小区供热协调");
    expect(lookup.body.items[1]).toMatchObject({ unitId: cast.unitA.id, role: "co" });
    const against = await call("POST", `/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    expect(against.status).toBe(400);
    expect(against.body.error.field).toBe("catalogueReason");
    const ok = await call("POST", `/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id, catalogueReason: "该小区为住建局直管供热站" });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const ev = await t.server.ctx.db.selectFrom("ticket_events").select(["type", "data"]).where("ticket_id", "=", ticket.id).where("type", "=", "ticket.dispatched_against_catalogue").executeTakeFirst();
    expect(ev?.data).toMatchObject({ catalogueItemId: local.body.id, catalogueUnitId: cast.unitB.id, unitId: cast.unitA.id, reason: "该小区为住建局直管供热站" });
    const follows = await t.ticket(cast.operator.token, { title: "暖气", content: "暖气不热", categoryId, address: "开发区" });
    expect((await call("POST", `/api/tickets/${follows.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id })).status).toBe(200);
    // Versioned: an edit keeps the old version readable.
    const put = await call("PUT", `/api/dispatch-catalogue/${general.body.id}`, cast.supervisor.token, { categoryId, leadUnitId: cast.unitA.id, dutyText: "住建局负责供热行业监管（修订）", version: 1 });
    expect(put.body.version).toBe(2);
    expect((await call("GET", `/api/dispatch-catalogue/${general.body.id}`, cast.dispatcher.token)).body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });
});
