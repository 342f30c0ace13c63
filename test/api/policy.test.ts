import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;

beforeAll(async () => {
  t = await startTestServer();
  cast = await standardCast(t);
});
afterAll(async () => t?.close());

const get = (path: string, token = t.adminToken) => t.call("GET", path, { token });
const put = (body: unknown, token = t.adminToken) => t.call("PUT", "/api/policy", { token, body });
const post = (path: string, token = t.adminToken, body: unknown = {}) => t.call("POST", path, { token, body });

async function dispatchedAt(at: string, overrides: Record<string, unknown> = {}) {
  await t.setClock(at);
  const ticket = await t.ticket(cast.operator.token, overrides);
  const res = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
  expect(res.status).toBe(200);
  return res.body;
}

const auditRows = (action: string) =>
  t.server.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("id").execute();

describe("the policy API", () => {
  it("starts with the documented default, stored as version 1", async () => {
    const res = await get("/api/policy", cast.handlerA.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, name: "default", createdBy: null });
    expect((await get("/api/policy")).body.version).toBe(1); // not a new row per read
    expect(res.body.settings.reply.ordinary).toEqual({ workingDays: 5 });
    expect(res.body.settings.countingMode).toBe("end_of_day");
  });

  it("warns about a year without holiday data, visibly", async () => {
    await t.setClock("2026-11-20T10:00:00+08:00"); // deadlines may reach 2027, whose notice is not in the data
    const res = await get("/api/policy");
    expect(res.body.missingYears).toEqual([2027]);
    expect(res.body.warnings).toEqual([expect.objectContaining({ code: "CALENDAR_DATA_MISSING", year: 2027 })]);
    await t.setClock("2025-03-03T09:00:00+08:00");
    expect((await get("/api/policy")).body.warnings).toEqual([]);
  });

  it("lists the four presets with their sources", async () => {
    const res = await get("/api/policy/presets", cast.viewer.token);
    expect(res.body.map((p: { name: string }) => p.name)).toEqual(["chengdu", "qingpu", "ankang", "linshu"]);
    const chengdu = res.body[0];
    expect(chengdu.settings.returnWindow).toEqual({ limit: { workingDays: 2 }, from: "sign" });
    expect(chengdu.sources.returnWindow).toMatch(/rule 16/);
  });

  it("PUT is for admins, validates every field and names the bad one", async () => {
    const current = (await get("/api/policy")).body;
    expect((await put({ settings: current.settings }, cast.supervisor.token)).status).toBe(403);

    const bad = structuredClone(current.settings);
    bad.reply.urgent = { workingDays: 0 };
    const res = await put({ settings: bad });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "VALIDATION_FAILED", field: "settings.reply.urgent.workingDays" });

    const unknown = { ...current.settings, colour: "red" };
    expect((await put({ settings: unknown })).status).toBe(400);
    expect((await get("/api/policy")).body.version).toBe(current.version);
  });

  it("a ticket dispatched under the default keeps it after the first admin change", async () => {
    const under = await dispatchedAt("2025-03-03T09:00:00+08:00");
    expect(under.policyVersion).toBe(1);
    const settings = structuredClone((await get("/api/policy")).body.settings);
    settings.autoClose = { workingDays: 3 };
    expect((await put({ settings, name: "三日自动办结" })).status).toBe(200);
    // sign, reply: the auto-close of this ticket still follows the default's 5 working days
    expect((await post(`/api/tickets/${under.id}/sign`, cast.handlerA.token)).status).toBe(200);
    await post(`/api/tickets/${under.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" });
    const reply = await post(`/api/tickets/${under.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    expect(reply.body.ticket.deadlines.autoCloseAt).toBe("2025-03-10T15:59:59.999Z"); // Mon 09:00 + 5
  });

  it("a change is a new audited version; tickets dispatched before keep theirs", async () => {
    const before = await dispatchedAt("2025-03-03T09:00:00+08:00");
    expect(before.deadlines.replyDueAt).toBe("2025-03-10T15:59:59.999Z"); // Mon + 5 working days

    const current = (await get("/api/policy")).body;
    const settings = structuredClone(current.settings);
    settings.reply.ordinary = { workingDays: 3 };
    const res = await put({ settings, name: "提速试点", basedOnVersion: current.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "提速试点", version: expect.any(Number) });
    expect(res.body.version).toBeGreaterThan(current.version);
    expect(res.body.settings.reply.ordinary).toEqual({ workingDays: 3 });

    const after = await dispatchedAt("2025-03-03T10:00:00+08:00");
    expect(after.deadlines.replyDueAt).toBe("2025-03-06T15:59:59.999Z"); // Mon + 3
    expect((await get(`/api/tickets/${before.id}`)).body.deadlines.replyDueAt).toBe("2025-03-10T15:59:59.999Z");

    const audit = await auditRows("policy.changed");
    expect(audit.at(-1)).toMatchObject({ target_type: "policy", target_id: String(res.body.version) });
    expect(audit.at(-1)?.data).toMatchObject({ previousVersion: current.version, changed: ["reply.ordinary"] });

    // an admin editing the old version loses the race with 409
    const stale = await put({ settings: current.settings, basedOnVersion: current.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("VERSION_CONFLICT");

    const versions = await get("/api/policy/versions");
    expect(versions.body[0]).toMatchObject({ version: res.body.version, name: "提速试点" });
    const old = await get(`/api/policy/versions/${current.version}`);
    expect(old.body.settings.reply.ordinary).toEqual({ workingDays: 5 });
  });

  it("applying a preset makes it current: chengdu's urgent tickets must be signed at once", async () => {
    expect((await post("/api/policy/presets/chengdu/apply", cast.dispatcher.token)).status).toBe(403);
    expect((await post("/api/policy/presets/beijing/apply")).status).toBe(404);

    const res = await post("/api/policy/presets/chengdu/apply");
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("chengdu");
    expect((await get("/api/policy")).body.settings.returnWindow.from).toBe("sign");
    expect((await auditRows("policy.preset_applied")).at(-1)?.data).toMatchObject({ preset: "chengdu" });

    const urgent = await dispatchedAt("2025-03-04T14:00:00+08:00", { urgency: "urgent" });
    expect(urgent.deadlines.signDueAt).toBe("2025-03-04T06:30:00.000Z"); // "at once": atOnceMinutes, 30 in the preset
    expect(urgent.deadlines.replyDueAt).toBe("2025-03-06T15:59:59.999Z"); // 2 working days

    const special = await dispatchedAt("2025-03-04T14:00:00+08:00", { urgency: "special" });
    expect(special.deadlines.signDueAt).toBe("2025-03-04T08:00:00.000Z"); // initial response within 2 h
  });

  it("linshu turns leader sign-off on: a reply waits in reply_review", async () => {
    expect((await post("/api/policy/presets/linshu/apply")).status).toBe(200);
    const ticket = await dispatchedAt("2025-03-05T09:00:00+08:00");
    expect((await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token)).status).toBe(200);
    await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" });
    const reply = await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, {
      content: "已处理",
      result: "resolved",
      handlerName: "小孙",
      leaderName: "张科长",
    });
    expect(reply.status).toBe(201);
    expect(reply.body.ticket.status).toBe("reply_review");
  });
});
