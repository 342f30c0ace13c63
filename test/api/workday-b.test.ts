import { describe, expect, it } from "vitest";
import { standardServer } from "./helpers.js";

/** Issue 18 part B: route guards server side, queue counts and filters, admin edits (docs/WORKDAY.md "Part B"). */
const file = standardServer();
const call = (method: string, path: string, token: string, body?: unknown) => file.t.call(method, path, { token, body });

describe("the API refuses what a guarded page would show a unit user (point 4)", () => {
  it("center pages' data: 403 for unit users, checked before the body (403 before 400)", async () => {
    const { cast } = file;
    for (const token of [cast.handlerA.token, cast.leaderA.token]) {
      expect((await call("GET", "/api/users", token)).status).toBe(403); // /admin/users
      expect((await call("POST", "/api/users", token, { username: 1 })).status).toBe(403);
      expect((await call("PATCH", `/api/users/${cast.handlerB.id}`, token, { roles: "x" })).status).toBe(403);
      expect((await call("POST", `/api/users/${cast.handlerB.id}/reset-password`, token, {})).status).toBe(403);
      expect((await call("DELETE", `/api/users/${cast.handlerB.id}`, token)).status).toBe(403);
      expect((await call("PUT", "/api/policy", token, { settings: "bad" })).status).toBe(403); // /admin/policy 保存新版本
      expect((await call("POST", "/api/policy/presets/linshu/apply", token)).status).toBe(403);
      expect((await call("GET", "/api/policy/versions", token)).status).toBe(403);
      expect((await call("GET", "/api/audit-log", token)).status).toBe(403); // /admin/audit
      expect((await call("PATCH", `/api/units/${cast.unitB.id}`, token, { name: "" })).status).toBe(403);
      expect((await call("DELETE", `/api/units/${cast.unitB.id}`, token)).status).toBe(403);
      expect((await call("PATCH", "/api/categories/1", token, { name: "" })).status).toBe(403);
      expect((await call("DELETE", "/api/categories/1", token)).status).toBe(403);
      expect((await call("GET", "/api/reports/appraisal/entries?month=2025-03", token)).status).toBe(403);
      expect((await call("POST", "/api/reports/appraisal/entries", token, { bad: true })).status).toBe(403);
      expect((await call("PUT", "/api/reports/appraisal/year-end", token, { bad: true })).status).toBe(403);
    }
  });

  it("the appraisal (every town's ranking) and the annual score show a unit user only its own line", async () => {
    const { t, cast } = file;
    // Two towns with tickets in March, so the ranking has two lines.
    const unitC = await t.unit("东城街道", "town");
    const handlerC = await t.user(["unit_handler"], unitC.id);
    for (const unitId of [cast.unitB.id, unitC.id]) {
      const ticket = await t.ticket(cast.operator.token);
      expect((await call("POST", `/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId })).status).toBe(200);
    }
    const center = await call("GET", "/api/reports/appraisal?month=2025-03&group=town", cast.supervisor.token);
    expect(center.status).toBe(200);
    const ids = center.body.rows.map((r: any) => r.unitId);
    expect(ids).toEqual(expect.arrayContaining([cast.unitB.id, unitC.id]));
    expect(center.body.settings.minSample).toBe(5);
    // one ticket each: below the minimum sample, marked and unranked
    const b = center.body.rows.find((r: any) => r.unitId === cast.unitB.id);
    expect(b.insufficientSample).toBe(true);
    expect(b.rank).toBeNull();

    const own = await call("GET", "/api/reports/appraisal?month=2025-03&group=town", cast.handlerB.token);
    expect(own.status).toBe(200);
    expect(own.body.rows.map((r: any) => r.unitId)).toEqual([cast.unitB.id]);
    const other = await call("GET", "/api/reports/appraisal?month=2025-03&group=town", handlerC.token);
    expect(other.body.rows.map((r: any) => r.unitId)).toEqual([unitC.id]);
    const annual = await call("GET", "/api/reports/appraisal/annual?year=2025&group=town", cast.handlerB.token);
    expect(annual.status).toBe(200);
    expect(annual.body.rows.every((r: any) => r.unitId === cast.unitB.id)).toBe(true);
    // a unit user's drill-down names only its own unit's tickets
    const drill = await call("GET", `/api/reports/appraisal?month=2025-03&group=town&drill=volume&unitId=${unitC.id}`, cast.handlerB.token);
    expect([200, 403, 404], JSON.stringify(drill.body)).toContain(drill.status);
    if (drill.status === 200) expect(drill.body.items.length).toBe(0);
  });
});

describe("queues: counts and filters (point 5)", () => {
  it("GET /api/tickets/count answers the list's filters, scoped to the unit for unit users", async () => {
    const { t, cast } = file;
    const web = await t.ticket(cast.operator.token, { channel: "web", urgency: "urgent", title: "网上留言路灯不亮" });
    await t.ticket(cast.operator.token, { channel: "phone" });
    await call("POST", `/api/tickets/${web.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    const count = async (qs: string, token = cast.dispatcher.token) => {
      const r = await call("GET", `/api/tickets/count?${qs}`, token);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.count as number;
    };
    const list = async (qs: string) => (await call("GET", `/api/tickets?limit=200&${qs}`, cast.dispatcher.token)).body.items.length as number;
    expect(await count("channel=web")).toBe(await list("channel=web"));
    expect(await count("channel=web")).toBeGreaterThanOrEqual(1);
    expect(await count("channel=web&urgency=urgent")).toBe(await list("channel=web&urgency=urgent"));
    expect(await count("status=pending_dispatch")).toBe(await list("status=pending_dispatch"));
    expect(await count(`unitId=${cast.unitA.id}`)).toBe(await list(`unitId=${cast.unitA.id}`));
    // a unit user counts only its own unit's tickets, whatever it asks
    const ownList = (await call("GET", "/api/tickets?limit=200", cast.handlerB.token)).body.items.length;
    expect(await count("", cast.handlerB.token)).toBe(ownList);
    expect(await count(`unitId=${cast.unitA.id}`, cast.handlerB.token)).toBe(0);
    const bad = await call("GET", "/api/tickets/count?channel=fax&urgency=x", cast.dispatcher.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.field ?? f.path ?? f).join(",")).toMatch(/channel/);
  });
});

describe("admin edits, disables, deletes and resets passwords (point 8)", () => {
  it("a unit: rename and disable; delete only when unreferenced, else 409 IN_USE with the reason", async () => {
    const { t, cast } = file;
    const renamed = await call("PATCH", `/api/units/${cast.unitA.id}`, t.adminToken, { name: "市住房和城乡建设局（改）", region: "城区" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "市住房和城乡建设局（改）", region: "城区", active: true });
    const busy = await call("DELETE", `/api/units/${cast.unitA.id}`, t.adminToken);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe("IN_USE");
    expect(busy.body.error.message).toMatch(/tickets|users/);
    const disabled = await call("PATCH", `/api/units/${cast.unitA.id}`, t.adminToken, { active: false });
    expect(disabled.body.active).toBe(false);
    const units = (await call("GET", "/api/units", t.adminToken)).body;
    expect(units.find((u: any) => u.id === cast.unitA.id).active).toBe(false);
    // a disabled unit takes no new work: dispatch names the field, and the ticket stays pending
    const pending = await t.ticket(cast.operator.token);
    const refused = await call("POST", `/api/tickets/${pending.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe("unitId");
    expect((await call("GET", `/api/tickets/${pending.id}`, cast.dispatcher.token)).body.status).toBe("pending_dispatch");
    const asCo = await call("POST", `/api/tickets/${pending.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitB.id, coUnitIds: [cast.unitA.id] });
    expect(asCo.status).toBe(400);
    expect(asCo.body.error.field).toBe("coUnitIds");
    await call("PATCH", `/api/units/${cast.unitA.id}`, t.adminToken, { active: true });
    const fresh = await t.unit("临时单位");
    expect((await call("DELETE", `/api/units/${fresh.id}`, t.adminToken)).status).toBe(200);
    expect((await call("DELETE", `/api/units/${fresh.id}`, t.adminToken)).status).toBe(404);
    const center = units.find((u: any) => u.kind === "center");
    expect((await call("PATCH", `/api/units/${center.id}`, t.adminToken, { active: false })).status).toBe(400);
    expect((await call("PATCH", `/api/units/${cast.unitA.id}`, t.adminToken, {})).status).toBe(400);
    const bad = await call("PATCH", `/api/units/${cast.unitA.id}`, t.adminToken, { name: "", kind: "planet", active: "no" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.length).toBeGreaterThanOrEqual(3);
    const audit = (await call("GET", "/api/audit-log?limit=200", t.adminToken)).body;
    const actions = (audit.items ?? audit).map((a: any) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["unit.updated", "unit.deleted"]));
  });

  it("a category: rename, disable, delete when no ticket uses it", async () => {
    const { t, cast } = file;
    const parent = (await call("POST", "/api/categories", t.adminToken, { name: "城乡建设" })).body;
    const child = (await call("POST", "/api/categories", t.adminToken, { name: "物业管理", parentId: parent.id })).body;
    await t.ticket(cast.operator.token, { categoryId: child.id });
    const r = await call("PATCH", `/api/categories/${child.id}`, t.adminToken, { name: "物业服务", active: false });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: "物业服务", active: false });
    expect((await call("DELETE", `/api/categories/${child.id}`, t.adminToken)).body.error.code).toBe("IN_USE");
    const parentDelete = await call("DELETE", `/api/categories/${parent.id}`, t.adminToken);
    expect(parentDelete.status).toBe(409);
    expect(parentDelete.body.error.message).toMatch(/sub-categories/);
    const unused = (await call("POST", "/api/categories", t.adminToken, { name: "临时分类" })).body;
    expect((await call("DELETE", `/api/categories/${unused.id}`, t.adminToken)).status).toBe(200);
    expect((await call("PATCH", `/api/categories/${child.id}`, t.adminToken, { parentId: child.id })).status).toBe(400);
  });

  it("a user: delete only one that never acted; reset a password, which must be changed at the next login", async () => {
    const { t, cast } = file;
    const busy = await call("DELETE", `/api/users/${cast.operator.id}`, t.adminToken);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe("IN_USE");
    const created = await call("POST", "/api/users", t.adminToken, { username: "never_logged", password: "password-123", name: "未使用", roles: ["viewer"] });
    expect((await call("DELETE", `/api/users/${created.body.id}`, t.adminToken)).status).toBe(200);

    const reset = await call("POST", `/api/users/${cast.viewer.id}/reset-password`, t.adminToken, {});
    expect(reset.status).toBe(200);
    expect(reset.body.user.mustChangePassword).toBe(true);
    expect(reset.body.temporaryPassword).toMatch(/^.{12}$/);
    expect((await call("GET", "/api/me", cast.viewer.token)).status).toBe(401); // sessions ended
    const token = await t.login(cast.viewer.username, reset.body.temporaryPassword);
    const me = await call("GET", "/api/reports/rates?month=2025-03", token);
    expect(me.status).toBe(403);
    expect(me.body.error.code).toBe("PASSWORD_RESET_REQUIRED");
    const given = await call("POST", `/api/users/${cast.viewer.id}/reset-password`, t.adminToken, { password: "short" });
    expect(given.status).toBe(400);
    const audit = (await call("GET", "/api/audit-log?limit=200", t.adminToken)).body;
    const rows = audit.items ?? audit;
    const resetRow = rows.find((a: any) => a.action === "user.password_reset");
    expect(resetRow).toBeTruthy();
    expect(JSON.stringify(resetRow)).not.toContain(reset.body.temporaryPassword);
  });
});

describe("appraisal entries feed the per-person points (point 9)", () => {
  it("missing evidence and negative opinion entered on a ticket take points off its handler; they need the ticket", async () => {
    const { t, cast } = file;
    const ticket = await t.ticket(cast.operator.token);
    const step = async (path: string, token: string, body: unknown = {}) => {
      const r = await call("POST", `/api/tickets/${ticket.id}/${path}`, token, body);
      expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBeLessThan(300);
    };
    await step("dispatch", cast.dispatcher.token, { unitId: cast.unitB.id });
    await step("sign", cast.handlerB.token);
    await step("contact-attempts", cast.handlerB.token, { method: "phone", outcome: "reached" });
    await step("replies", cast.handlerB.token, { content: "已处理完毕", result: "resolved", handlerName: "积分测试员", leaderName: "周主任" });
    await step("follow-ups", cast.followUp.token, { outcome: "satisfied", contacted: true, informed: true, resolved: true });
    const points = async () => (await call("GET", `/api/reports/person-points?month=2025-03&unitId=${cast.unitB.id}`, cast.supervisor.token)).body.rows.find((r: any) => r.handlerName === "积分测试员");
    expect((await points()).total).toBe(1);
    expect((await call("POST", "/api/reports/appraisal/entries", cast.supervisor.token, { month: "2025-03", unitId: cast.unitB.id, kind: "missing_evidence" })).status).toBe(400);
    for (const kind of ["missing_evidence", "negative_opinion"]) {
      const r = await call("POST", "/api/reports/appraisal/entries", cast.supervisor.token, { month: "2025-03", unitId: cast.unitB.id, kind, ticketId: ticket.id });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const after = await points();
    expect(after.counts).toMatchObject({ missingEvidence: 1, negativeOpinion: 1 });
    expect(after.total).toBe(1 - 0.5 - 3);
  });
});
