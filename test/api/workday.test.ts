import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { standardServer } from "./helpers.js";

/**
 * Issue 18 part A (docs/WORKDAY.md): co-units (rule 10), the unit's own desk, notifications read, returns
 * (keep as lead + co-units, no refiling without new facts, no reply while first contact is owed), leader
 * sign-off names the signing leader, reply templates, xlsx cells.
 */
const file = standardServer();
const post = (path: string, token: string, body: unknown = {}) => file.t.call("POST", path, { token, body });
const get = (path: string, token: string) => file.t.call("GET", path, { token });

async function designated() {
  const { t, cast } = file;
  const ticket = await t.ticket(cast.operator.token);
  const d = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id, coUnitIds: [cast.unitB.id], mode: "designated" });
  expect(d.status).toBe(200);
  return ticket.id as number;
}

describe("co-handling (rule 10)", () => {
  it("a co-unit signs, submits its part with its own deadline; the lead unit sees it; the figures count it", async () => {
    const { cast } = file;
    const id = await designated();
    const asCo = await get(`/api/tickets/${id}`, cast.handlerB.token);
    expect(asCo.status).toBe(200);
    expect(asCo.body.allowedActions).toEqual(expect.arrayContaining(["co_sign", "record_contact"]));
    expect(asCo.body.allowedActions).not.toContain("sign");
    expect(asCo.body.coUnits).toHaveLength(1);
    expect(asCo.body.coUnits[0]).toMatchObject({ unitId: cast.unitB.id, status: "dispatched", overdue: false });
    expect(asCo.body.coUnits[0].dueAt).not.toBeNull();

    expect((await post(`/api/tickets/${id}/co-units/part`, cast.handlerB.token, { content: "先交" })).body.error.code).toBe("CO_UNIT_NOT_SIGNED");
    expect((await post(`/api/tickets/${id}/co-units/sign`, cast.handlerA.token)).status).toBe(403); // the lead unit is no co-unit
    const signed = await post(`/api/tickets/${id}/co-units/sign`, cast.handlerB.token);
    expect(signed.status).toBe(201);
    expect(signed.body.coUnit.status).toBe("signed");
    expect((await post(`/api/tickets/${id}/co-units/sign`, cast.handlerB.token)).body.error.code).toBe("CO_UNIT_ALREADY_SIGNED");
    expect((await post(`/api/tickets/${id}/co-units/part`, cast.handlerB.token, {})).status).toBe(400);
    const part = await post(`/api/tickets/${id}/co-units/part`, cast.handlerB.token, { content: "街道已现场核查，协调物业整改" });
    expect(part.status).toBe(201);
    expect(part.body.coUnit).toMatchObject({ status: "submitted", late: false });
    expect((await post(`/api/tickets/${id}/co-units/part`, cast.handlerB.token, { content: "再交" })).body.error.code).toBe("CO_PART_ALREADY_SUBMITTED");

    const lead = await get(`/api/tickets/${id}`, cast.leaderA.token);
    expect(lead.body.coUnits[0].content).toBe("街道已现场核查，协调物业整改");
    expect(lead.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(["ticket.co_unit_signed", "ticket.co_unit_submitted"]));
    const notes = await get("/api/notifications", cast.leaderA.token);
    expect((notes.body.items ?? notes.body).some((n: { kind: string }) => n.kind === "co_unit.submitted")).toBe(true);

    const figures = await get(`/api/reports/co-units?from=2025-03-01&to=2025-03-31`, cast.supervisor.token);
    expect(figures.status).toBe(200);
    expect(figures.body.items.find((r: { unitId: number }) => r.unitId === cast.unitB.id)).toMatchObject({ given: 1, signed: 1, submitted: 1, submittedOnTime: 1, overdue: 0 });
    const own = await get(`/api/reports/co-units?from=2025-03-01&to=2025-03-31`, cast.leaderA.token);
    expect(own.body.items.every((r: { unitId: number }) => r.unitId === cast.unitA.id)).toBe(true);
  });

  it("two co-signs at once: one wins, the other 409; another unit sees nothing", async () => {
    const { t, cast } = file;
    const id = await designated();
    const [a, b] = await Promise.all([post(`/api/tickets/${id}/co-units/sign`, cast.handlerB.token), post(`/api/tickets/${id}/co-units/sign`, cast.leaderB.token)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const other = await t.unit("水务局");
    const stranger = await t.user(["unit_handler"], other.id);
    expect((await get(`/api/tickets/${id}`, stranger.token)).status).toBe(404);
    expect((await post(`/api/tickets/${id}/co-units/sign`, stranger.token)).status).toBe(404);
  });

  it("a late part is marked late and overdue in the figures", async () => {
    const { t, cast } = file;
    const id = await designated();
    await post(`/api/tickets/${id}/co-units/sign`, cast.handlerB.token);
    await t.setClock("2025-03-20T10:00:00+08:00");
    const part = await post(`/api/tickets/${id}/co-units/part`, cast.handlerB.token, { content: "迟交的协办意见" });
    expect(part.body.coUnit.late).toBe(true);
    await t.setClock("2025-03-03T09:00:00+08:00");
  });

  it("the deadline sweep marks a co-unit's own deadline: a warning, then overdue, each once; the co-unit is told; its own figures count it", async () => {
    const { t, cast } = file;
    const town = await t.unit("协办街道", "town");
    const coHandler = await t.user(["unit_handler"], town.id);
    const ticket = await t.ticket(cast.operator.token);
    const id = ticket.id as number;
    expect((await post(`/api/tickets/${id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id, coUnitIds: [town.id], mode: "designated" })).status).toBe(200);
    expect((await post(`/api/tickets/${id}/co-units/sign`, coHandler.token)).status).toBe(201);
    const before = await get(`/api/tickets/${id}`, cast.leaderA.token);
    const dueAt = before.body.coUnits[0].dueAt as string;
    // 3 working days from Monday 09:00: Thursday 23:59 (end_of_day), before the lead unit's reply deadline.
    expect(dueAt).toBe("2025-03-06T15:59:59.999Z");
    const types = async () => ((await get(`/api/tickets/${id}`, cast.leaderA.token)).body.events as Array<{ type: string; data: Record<string, unknown> }>).filter((e) => e.type.startsWith("ticket.co_unit_"));

    // 4 hours before the due time (and past 75 % of the working time): the warning, once, with its deadline.
    const warned = (await t.setClock("2025-03-06T21:00:00+08:00")) as { sweep: { coUnitWarnings: number; coUnitOverdue: number } };
    expect(warned.sweep.coUnitWarnings).toBeGreaterThanOrEqual(1);
    await t.setClock("2025-03-06T21:30:00+08:00");
    expect((await types()).filter((e) => e.type === "ticket.co_unit_warning")).toEqual([expect.objectContaining({ data: expect.objectContaining({ coUnitId: town.id, dueAt }) })]);
    expect((await types()).some((e) => e.type === "ticket.co_unit_overdue")).toBe(false);

    // Past the due time: overdue once; the ticket's own status and version do not move; the co-unit is told.
    const overdue = (await t.setClock("2025-03-07T09:00:00+08:00")) as { sweep: { coUnitOverdue: number } };
    expect(overdue.sweep.coUnitOverdue).toBeGreaterThanOrEqual(1);
    await t.setClock("2025-03-07T10:00:00+08:00");
    expect((await types()).filter((e) => e.type === "ticket.co_unit_overdue")).toHaveLength(1);
    const after = await get(`/api/tickets/${id}`, cast.leaderA.token);
    expect(after.body.status).toBe(before.body.status);
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.coUnits[0].overdue).toBe(true);
    const notes = await get("/api/notifications", coHandler.token);
    const kinds = (notes.body.items ?? notes.body).map((n: { kind: string }) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(["co_unit.warning", "co_unit.overdue"]));
    // The lead unit is not told that another unit is late with its part (its own clocks are not overdue).
    const leadNotes = await get("/api/notifications", cast.leaderA.token);
    expect((leadNotes.body.items ?? leadNotes.body).some((n: { kind: string; ticketId: number }) => n.kind === "co_unit.overdue" && n.ticketId === id)).toBe(false);

    // The co-unit's own figures: given 1, overdue 1, on time 0 — and still 1 overdue after the late part.
    const figures = async () => (await get(`/api/reports/co-units?from=2025-03-01&to=2025-03-31`, coHandler.token)).body.items as Array<Record<string, unknown>>;
    expect(await figures()).toEqual([expect.objectContaining({ unitId: town.id, given: 1, signed: 1, submitted: 0, overdue: 1, onTimeRate: 0 })]);
    const part = await post(`/api/tickets/${id}/co-units/part`, coHandler.token, { content: "逾期提交的协办意见" });
    expect(part.body.coUnit).toMatchObject({ late: true, overdue: true });
    expect(await figures()).toEqual([expect.objectContaining({ unitId: town.id, given: 1, submitted: 1, submittedOnTime: 0, overdue: 1, onTimeRate: 0 })]);
    await t.setClock("2025-03-03T09:00:00+08:00");
  });

  it("a part submitted in time owes no mark and counts on time in the co-unit's figures", async () => {
    const { t, cast } = file;
    const town = await t.unit("协办街道二", "town");
    const coHandler = await t.user(["unit_handler"], town.id);
    const ticket = await t.ticket(cast.operator.token);
    const id = ticket.id as number;
    await post(`/api/tickets/${id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id, coUnitIds: [town.id], mode: "designated" });
    await post(`/api/tickets/${id}/co-units/sign`, coHandler.token);
    expect((await post(`/api/tickets/${id}/co-units/part`, coHandler.token, { content: "按时提交的协办意见" })).status).toBe(201);
    await t.setClock("2025-03-07T09:00:00+08:00");
    const events = (await get(`/api/tickets/${id}`, cast.leaderA.token)).body.events as Array<{ type: string }>;
    expect(events.filter((e) => e.type === "ticket.co_unit_warning" || e.type === "ticket.co_unit_overdue")).toEqual([]);
    const row = ((await get(`/api/reports/co-units?from=2025-03-01&to=2025-03-31`, coHandler.token)).body.items as Array<Record<string, unknown>>)[0];
    expect(row).toMatchObject({ given: 1, submittedOnTime: 1, overdue: 0, onTimeRate: 1 });
    await t.setClock("2025-03-03T09:00:00+08:00");
  });
});

describe("the unit's own desk", () => {
  it("the leader assigns to a section and handler, reassigns; workload per person; handlers cannot assign", async () => {
    const { t, cast } = file;
    const section = await post("/api/units", t.adminToken, { name: `综合科-${Date.now()}`, kind: "section", parentId: cast.unitA.id });
    expect(section.status).toBe(201);
    const ticket = await t.ticket(cast.operator.token);
    await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    expect((await post(`/api/tickets/${ticket.id}/assign`, cast.handlerA.token, { userId: cast.handlerA.id })).status).toBe(403);
    expect((await post(`/api/tickets/${ticket.id}/assign`, cast.leaderB.token, { userId: cast.handlerB.id })).status).toBe(404);
    const bad = await post(`/api/tickets/${ticket.id}/assign`, cast.leaderA.token, { userId: cast.handlerB.id, sectionId: cast.unitB.id });
    expect(bad.status).toBe(400);
    const ok = await post(`/api/tickets/${ticket.id}/assign`, cast.leaderA.token, { userId: cast.handlerA.id, sectionId: section.body.id, note: "请综合科办理" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ assignedUserId: cast.handlerA.id, assignedSectionId: section.body.id, status: "dispatched" });
    const stale = await t.call("POST", `/api/tickets/${ticket.id}/assign`, { token: cast.leaderA.token, body: { userId: cast.leaderA.id }, headers: { "if-match": String(ok.body.version - 1) } });
    expect(stale.status).toBe(409);
    const work = await get(`/api/units/${cast.unitA.id}/workload`, cast.leaderA.token);
    expect(work.status).toBe(200);
    expect(work.body.items.find((u: { userId: number }) => u.userId === cast.handlerA.id).open).toBeGreaterThanOrEqual(1);
    expect(work.body.sections.find((s: { id: number }) => s.id === section.body.id).open).toBe(1);
    expect((await get(`/api/units/${cast.unitA.id}/workload`, cast.leaderB.token)).status).toBe(403);
    expect((await get(`/api/units/${cast.unitA.id}/workload`, cast.handlerA.token)).status).toBe(403);
    const re = await post(`/api/tickets/${ticket.id}/assign`, cast.leaderA.token, { userId: cast.leaderA.id });
    expect(re.body.assignedUserId).toBe(cast.leaderA.id);
    const detail = await get(`/api/tickets/${ticket.id}`, cast.leaderA.token);
    const assigned = detail.body.events.filter((e: { type: string }) => e.type === "ticket.assigned");
    expect(assigned.at(-1).data).toMatchObject({ userId: cast.leaderA.id, previousUserId: cast.handlerA.id });
    // 我的工单 and its tab count: the list and the count filter by the handler holding the ticket (point 5).
    const mine = await get(`/api/tickets?assignedUserId=${cast.leaderA.id}`, cast.leaderA.token);
    expect(mine.body.items.map((x: { id: number }) => x.id)).toContain(ticket.id);
    expect(mine.body.items.every((x: { assignedUserId: number }) => x.assignedUserId === cast.leaderA.id)).toBe(true);
    const count = await get(`/api/tickets/count?assignedUserId=${cast.leaderA.id}`, cast.leaderA.token);
    expect(count.body.count).toBe(mine.body.items.length);
    expect((await get(`/api/tickets/count?assignedUserId=${cast.handlerA.id}&status=dispatched`, cast.leaderA.token)).body.count).toBe(0);
    expect((await get(`/api/tickets/count?assignedUserId=abc`, cast.leaderA.token)).status).toBe(400);
    const audit = await get("/api/audit-log?action=ticket.assigned", t.adminToken);
    expect(JSON.stringify(audit.body)).toContain("ticket.assigned");
  });
});

describe("notifications are read", () => {
  it("mark all read brings the unread count to 0", async () => {
    const { cast } = file;
    await designated();
    const before = await get("/api/notifications/unread-count", cast.handlerA.token);
    expect(before.body.count).toBeGreaterThan(0);
    const all = await post("/api/notifications/read-all", cast.handlerA.token);
    expect(all.body).toMatchObject({ ok: true, count: before.body.count });
    expect((await get("/api/notifications/unread-count", cast.handlerA.token)).body.count).toBe(0);
    await designated();
    const list = await get("/api/notifications?unread=true", cast.handlerA.token);
    const one = (list.body.items ?? list.body)[0];
    expect((await post(`/api/notifications/${one.id}/read`, cast.handlerA.token)).status).toBe(200);
    expect((await get("/api/notifications/unread-count", cast.handlerA.token)).body.count).toBe(0);
  });
});

describe("returns (rule 16)", () => {
  it("a refused return needs new facts to be filed again; keep as lead adds co-units", async () => {
    const { t, cast } = file;
    const ticket = await t.ticket(cast.operator.token);
    await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
    const r1 = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位职责", basis: "三定方案", verified: "已现场核实" });
    expect(r1.status).toBe(201);
    await post(`/api/tickets/${ticket.id}/return-requests/${r1.body.id}/decision`, cast.dispatcher.token, { approve: false, note: "属于职责范围" });
    const again = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位职责" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("RETURN_NEEDS_NEW_FACTS");
    expect((await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位职责", newFacts: "不属于本单位职责" })).status).toBe(409);
    const r2 = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位职责", newFacts: "经产权查询，该道路已移交城关街道管养" });
    expect(r2.status).toBe(201);
    expect((await post(`/api/tickets/${ticket.id}/return-requests/${r2.body.id}/decision`, cast.dispatcher.token, { approve: true, keepAsLead: true, coUnitIds: [cast.unitB.id] })).status).toBe(400);
    expect((await post(`/api/tickets/${ticket.id}/return-requests/${r2.body.id}/decision`, cast.dispatcher.token, { approve: false, keepAsLead: true })).status).toBe(400);
    const kept = await post(`/api/tickets/${ticket.id}/return-requests/${r2.body.id}/decision`, cast.dispatcher.token, { approve: false, keepAsLead: true, coUnitIds: [cast.unitB.id], note: "住建局牵头，街道协办" });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: "signed", leadUnitId: cast.unitA.id, coUnitIds: [cast.unitB.id], dispatchMode: "designated" });
    const detail = await get(`/api/tickets/${ticket.id}`, cast.handlerB.token);
    expect(detail.status).toBe(200);
    expect(detail.body.coUnits[0]).toMatchObject({ unitId: cast.unitB.id, status: "dispatched" });
    expect(detail.body.returnRequests.at(-1)).toMatchObject({ keptAsLead: true, addedCoUnitIds: [cast.unitB.id], newFacts: "经产权查询，该道路已移交城关街道管养" });
    expect(detail.body.events.map((e: { type: string }) => e.type)).toContain("ticket.co_units_added");
  });

  it("by default no reply while first contact is pending; anonymous, deemed reached and (once the window passed) missed may reply; a city may turn it off", async () => {
    const { t, cast } = file;
    const current = (await get("/api/policy", t.adminToken)).body;
    expect(current.settings.replyNeedsFirstContact).toBe(true); // the default (rules 4, 15)
    for (const preset of ["chengdu", "qingpu", "ankang", "linshu"]) {
      const p = ((await get("/api/policy/presets", t.adminToken)).body as Array<{ name: string; settings: { replyNeedsFirstContact: boolean } }>).find((x) => x.name === preset)!;
      expect(p.settings.replyNeedsFirstContact, preset).toBe(true);
    }
    const reply = (id: number) => post(`/api/tickets/${id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    const signed = async (overrides: Record<string, unknown> = {}) => {
      const tk = await t.ticket(cast.operator.token, overrides);
      await post(`/api/tickets/${tk.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
      await post(`/api/tickets/${tk.id}/sign`, cast.handlerA.token);
      return tk.id as number;
    };
    const pending = await signed();
    const refused = await reply(pending);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("FIRST_CONTACT_PENDING");
    const anon = await signed({ requester: { anonymous: true } });
    expect((await reply(anon)).status).toBe(201);
    const deemed = await signed();
    await t.setClock("2025-03-03T12:30:00+08:00");
    for (const h of [0, 1, 2]) {
      const at = new Date(new Date("2025-03-03T09:30:00+08:00").getTime() + h * 61 * 60_000).toISOString();
      expect((await post(`/api/tickets/${deemed}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "no_answer", at })).status).toBe(201);
    }
    expect((await reply(deemed)).status).toBe(201);
    await t.setClock("2025-03-03T09:00:00+08:00");
    // Missed: the window passed without contact; the reply is taken (failed calls no longer count, so refusing
    // would strand the ticket) and the miss stays on the record.
    const missed = await signed();
    await t.setClock("2025-03-05T09:00:00+08:00");
    expect((await get(`/api/tickets/${missed}`, cast.handlerA.token)).body.firstContact.state).toBe("missed");
    expect((await reply(missed)).status).toBe(201);
    await t.setClock("2025-03-03T09:00:00+08:00");
    // A city whose rules say otherwise turns it off: then a pending ticket may be answered.
    expect((await t.call("PUT", "/api/policy", { token: t.adminToken, body: { settings: { ...current.settings, replyNeedsFirstContact: false }, name: "不强制先联系" } })).status).toBe(200);
    expect((await reply(await signed())).status).toBe(201);
    expect((await t.call("PUT", "/api/policy", { token: t.adminToken, body: { settings: current.settings, name: "恢复" } })).status).toBe(200);
  });
});

describe("leader sign-off names the signing leader (rule 17)", () => {
  it("the approved reply carries the leader's own name, not the handler's text", async () => {
    const { t, cast } = file;
    const current = (await get("/api/policy", t.adminToken)).body;
    await t.call("PUT", "/api/policy", { token: t.adminToken, body: { settings: { ...current.settings, replySignOff: true }, name: "签批" } });
    const tk = await t.ticket(cast.operator.token);
    await post(`/api/tickets/${tk.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    await post(`/api/tickets/${tk.id}/sign`, cast.handlerA.token);
    await post(`/api/tickets/${tk.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
    const r = await post(`/api/tickets/${tk.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙" });
    expect(r.status).toBe(201);
    expect(r.body.leaderName).toBe("（待领导签批）");
    const back = await post(`/api/tickets/${tk.id}/replies/${r.body.id}/approve`, cast.leaderA.token, { approve: false, note: "请补充整改照片" });
    expect(back.body.status).toBe("signed");
    const r2 = await post(`/api/tickets/${tk.id}/replies`, cast.handlerA.token, { content: "已处理并附照片", result: "resolved", handlerName: "小孙", leaderName: "随便写的" });
    await post(`/api/tickets/${tk.id}/replies/${r2.body.id}/approve`, cast.leaderA.token);
    const me = (await get("/api/me", cast.leaderA.token)).body;
    const detail = await get(`/api/tickets/${tk.id}`, cast.handlerA.token);
    expect(detail.body.replies.at(-1)).toMatchObject({ leaderName: me.name, status: "approved" });
    expect(detail.body.events.find((e: { type: string; data: { approved?: boolean } }) => e.type === "ticket.reply_approved" && e.data.approved === false).data.note).toBe("请补充整改照片");
    await t.call("PUT", "/api/policy", { token: t.adminToken, body: { settings: { ...current.settings, replySignOff: false }, name: "不签批" } });
  });
});

describe("reply templates and xlsx cells", () => {
  it("admins maintain templates per category; handlers read them", async () => {
    const { t, cast } = file;
    const cat = await post("/api/categories", t.adminToken, { name: `噪音-${Date.now()}` });
    expect(cat.status).toBe(201);
    expect((await post("/api/reply-templates", cast.handlerA.token, { title: "x", body: "y" })).status).toBe(403);
    expect((await post("/api/reply-templates", t.adminToken, { title: "", body: "" })).body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(["body", "title"]);
    const tpl = await post("/api/reply-templates", t.adminToken, { categoryId: cat.body.id, title: "噪音已处理", body: "{诉求人}您好：您反映的{诉求标题}（{工单编号}）已由{办理单位}处理。" });
    expect(tpl.status).toBe(201);
    await post("/api/reply-templates", t.adminToken, { title: "通用", body: "您好，{诉求人}。" });
    const list = await get(`/api/reply-templates?categoryId=${cat.body.id}`, cast.handlerA.token);
    expect(list.body.items.map((x: { title: string }) => x.title)).toEqual(expect.arrayContaining(["噪音已处理", "通用"]));
    const put = await file.t.call("PUT", `/api/reply-templates/${tpl.body.id}`, { token: t.adminToken, body: { categoryId: cat.body.id, title: "噪音已处理", body: "改过", active: false } });
    expect(put.body.active).toBe(false);
    expect((await get(`/api/reply-templates?categoryId=${cat.body.id}`, cast.handlerA.token)).body.items.map((x: { title: string }) => x.title)).not.toContain("噪音已处理");
    expect((await file.t.call("DELETE", `/api/reply-templates/${tpl.body.id}`, { token: t.adminToken })).status).toBe(200);
  });

  it("the tickets xlsx has real date cells, a frozen header and an autofilter", async () => {
    const { t } = file;
    const res = await fetch(`${t.url}/api/exports/tickets.xlsx?fields=number,receivedAt,title`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const cell = sheet.getRow(2).getCell(2);
    expect(cell.value).toBeInstanceOf(Date);
    expect(cell.numFmt).toBe("yyyy-mm-dd hh:mm:ss");
    expect((cell.value as Date).toISOString().slice(0, 16)).toBe("2025-03-03T09:00"); // Shanghai wall time
  });
});
