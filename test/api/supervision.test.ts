import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ALERT_KINDS } from "../../src/domain/supervision/supervision.js";
import { standardServer } from "./helpers.js";

/** The text of a .docx's word/document.xml (read from the zip's central directory), tags removed. */
function docxText(bytes: Buffer): string {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = bytes.readUInt32LE(eocd + 16);
  for (let i = 0, n = bytes.readUInt16LE(eocd + 10); i < n; i++) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLen = bytes.readUInt16LE(at + 28);
    const skip = nameLen + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    if (bytes.subarray(at + 46, at + 46 + nameLen).toString() === "word/document.xml") {
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      const data = bytes.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString("utf8").replace(/<[^>]+>/g, "");
    }
    at += 46 + skip;
  }
  throw new Error("no word/document.xml");
}

/**
 * Supervision 督办 (issue 13, docs/SUPERVISION.md) through the real server: every alert kind (trigger, no
 * duplicate, handled), notices and orders (deadline, response, overdue alert), the appraisal's supervision
 * indicator from orders, the special report's sections, urgent linkage in the outbox and the progress clock.
 * One timeline: everything is set up in the week of Monday 2025-03-03, then the clock moves to Friday.
 */
const file = standardServer();
const WEEK = "2025-03-03";
let phoneSeq = 0;
const phone = () => `1390000${String(1000 + ++phoneSeq).slice(-4)}`;

describe("supervision", () => {
  const call = (method: string, path: string, token: string, body?: unknown) => file.t.call(method, path, { token, body });
  const post = (path: string, token: string, body?: unknown) => call("POST", path, token, body);
  const get = (path: string, token: string) => call("GET", path, token);
  const detect = async () => (await post("/api/supervision/detect", file.cast.supervisor.token)).body;
  const alerts = async (q: string) => (await get(`/api/supervision/alerts?limit=200&${q}`, file.cast.supervisor.token)).body.items as any[];

  async function dispatched(overrides: Record<string, unknown> = {}, unitId = file.cast.unitA.id, extra: Record<string, unknown> = {}) {
    const tk = await file.t.ticket(file.cast.operator.token, { requester: { name: "王五", phone: phone() }, ...overrides });
    const d = await post(`/api/tickets/${tk.id}/dispatch`, file.cast.dispatcher.token, { unitId, ...extra });
    expect(d.status).toBe(200);
    return d.body;
  }
  async function redone(times: number, unitToken = file.cast.handlerA.token) {
    let tk = await dispatched();
    for (let i = 0; i < times; i++) {
      expect((await post(`/api/tickets/${tk.id}/sign`, unitToken)).status).toBe(200);
      await post(`/api/tickets/${tk.id}/contact-attempts`, unitToken, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
      const r = await post(`/api/tickets/${tk.id}/replies`, unitToken, { content: `第${i + 1}次答复：已安排处理`, result: "resolved", handlerName: "小孙", leaderName: "张科长" });
      expect(r.status).toBe(201);
      const f = await post(`/api/tickets/${tk.id}/follow-ups`, file.cast.followUp.token, { outcome: "unsatisfied", contacted: true, informed: true, resolved: false, decision: "redo" });
      expect(f.status).toBe(201);
      tk = f.body.ticket;
    }
    return tk;
  }
  async function setSupervision(change: (s: any) => void) {
    const current = (await get("/api/policy", file.t.adminToken)).body;
    const settings = structuredClone(current.settings);
    change(settings.supervision);
    const put = await call("PUT", "/api/policy", file.t.adminToken, { settings });
    expect(put.status).toBe(200);
  }

  let redoTicket: any;
  let redoAlert: any;
  let warningNotice: any;
  let openOrderTicket: any;
  let dueOrder: any;
  let specialTicket: any;

  it("redo_repeated: a ticket redone twice raises one prompt; again after three redos a warning; handled closes it", async () => {
    redoTicket = await redone(2);
    expect(redoTicket.redoCount).toBe(2);
    const first = await detect();
    expect(first.byKind.redo_repeated).toBeGreaterThanOrEqual(1);
    const mine = (await alerts("kind=redo_repeated&status=open")).filter((a) => a.ticketIds.includes(redoTicket.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: "redo_repeated", unitId: file.cast.unitA.id, count: 2, severity: "prompt", status: "open" });
    await detect();
    expect((await alerts("kind=redo_repeated")).filter((a) => a.ticketIds.includes(redoTicket.id))).toHaveLength(1);
    const handled = await post(`/api/supervision/alerts/${mine[0].id}/handle`, file.cast.supervisor.token, { note: "已电话督办" });
    expect(handled.status).toBe(200);
    expect(handled.body.status).toBe("handled");
    expect((await post(`/api/supervision/alerts/${mine[0].id}/handle`, file.cast.supervisor.token, {})).status).toBe(409);
    // the third redo is a new condition, graded warning (rule 29's 3+)
    const s = await post(`/api/tickets/${redoTicket.id}/sign`, file.cast.handlerA.token);
    expect(s.status).toBe(200);
    await post(`/api/tickets/${redoTicket.id}/contact-attempts`, file.cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
    await post(`/api/tickets/${redoTicket.id}/replies`, file.cast.handlerA.token, { content: "第三次答复", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    redoTicket = (await post(`/api/tickets/${redoTicket.id}/follow-ups`, file.cast.followUp.token, { outcome: "unsatisfied", contacted: true, informed: true, resolved: false, decision: "redo" })).body.ticket;
    await detect();
    const open = (await alerts("kind=redo_repeated&status=open")).filter((a) => a.ticketIds.includes(redoTicket.id));
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ count: 3, severity: "warning" });
    redoAlert = open[0];
    // the list pages with a cursor
    const p1 = (await get("/api/supervision/alerts?limit=1", file.cast.supervisor.token)).body;
    expect(p1.items).toHaveLength(1);
    expect(p1.nextCursor).not.toBeNull();
  });

  it("a warning letter from the alert: number, due date, SMS to the leaders through the outbox, .docx", async () => {
    const leaders = await call("PUT", `/api/units/${file.cast.unitA.id}/leaders`, file.cast.supervisor.token, {
      leaders: [
        { name: "李局长", role: "principal", title: "局长", phone: "13700001111" },
        { name: "赵副局长", role: "supervising", title: "副局长", phone: "13700002222" },
      ],
    });
    expect(leaders.status).toBe(200);
    expect((await call("PUT", `/api/units/${file.cast.unitA.id}/leaders`, file.cast.supervisor.token, { leaders: [{ name: "x", role: "principal", phone: "abc" }] })).status).toBe(400);
    const res = await post("/api/supervision/notices", file.cast.supervisor.token, { kind: "warning", form: "letter", unitId: file.cast.unitA.id, alertIds: [redoAlert.id], content: "你单位承办的工单多次重办仍未解决。" });
    expect(res.status).toBe(201);
    warningNotice = res.body;
    expect(res.body).toMatchObject({ kind: "warning", form: "letter", unitId: file.cast.unitA.id, status: "open" });
    expect(res.body.number).toMatch(/^督警〔2025〕\d+号$/);
    expect(res.body.ticketIds).toContain(redoTicket.id);
    expect(new Date(res.body.dueAt).getTime()).toBeGreaterThan(new Date("2025-03-05T00:00:00+08:00").getTime());
    const alert = (await alerts("kind=redo_repeated")).find((a) => a.id === redoAlert.id);
    expect(alert.status).toBe("handled");
    const outbox = (await get("/api/outbox?limit=50", file.t.adminToken)).body.items as any[];
    expect(outbox.filter((m) => m.kind === "sms" && /^phone:137\*\*\*\*(1111|2222)$/.test(m.target))).toHaveLength(2);
    const doc = await fetch(`${file.t.url}/api/supervision/notices/${res.body.id}/document`, { headers: { authorization: `Bearer ${file.cast.leaderA.token}` } });
    expect(doc.status).toBe(200);
    expect(doc.headers.get("content-type")).toContain("wordprocessingml");
    const bytes = Buffer.from(await doc.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
  });

  it("bad notices: a unit that is not the ticket's, a closed ticket, a due date in the past → 4xx naming the field", async () => {
    const other = await post("/api/supervision/notices", file.cast.supervisor.token, { kind: "prompt", form: "sms", unitId: file.cast.unitB.id, ticketIds: [redoTicket.id], content: "x" });
    expect(other.status).toBe(400);
    expect(other.body.error.fields.map((f: any) => f.field)).toContain("ticketIds");
    const closed = await file.t.ticket(file.cast.operator.token, { answeredDirectly: true, requester: { name: "甲", phone: phone() } });
    const onClosed = await post("/api/supervision/notices", file.cast.supervisor.token, { kind: "prompt", form: "sms", unitId: file.cast.unitA.id, ticketIds: [closed.id], content: "x" });
    expect(onClosed.status).toBe(400); // a closed ticket is no ticket of the unit's
    const past = await post("/api/supervision/notices", file.cast.supervisor.token, { kind: "prompt", form: "sms", unitId: file.cast.unitA.id, content: "x", dueAt: "2025-03-01T00:00:00+08:00" });
    expect(past.status).toBe(400);
    expect(past.body.error.fields.map((f: any) => f.field)).toContain("dueAt");
    expect((await post("/api/supervision/notices", file.cast.handlerA.token, { kind: "bogus" })).status).toBe(403);
  });

  it("the unit's leader answers; a handler or another unit cannot; unit users see only their unit's notices", async () => {
    expect((await post(`/api/supervision/notices/${warningNotice.id}/response`, file.cast.handlerA.token, { content: "x" })).status).toBe(403);
    expect((await post(`/api/supervision/notices/${warningNotice.id}/response`, file.cast.leaderB.token, { content: "x" })).status).toBe(404);
    const ok = await post(`/api/supervision/notices/${warningNotice.id}/response`, file.cast.leaderA.token, { content: "已召开专题会，落实整改。" });
    expect(ok.status).toBe(201);
    expect(ok.body.status).toBe("answered");
    expect((await post(`/api/supervision/notices/${warningNotice.id}/response`, file.cast.leaderA.token, { content: "again" })).status).toBe(409);
    const bList = (await get("/api/supervision/notices", file.cast.leaderB.token)).body;
    expect(bList.items.every((n: any) => n.unitId === file.cast.unitB.id)).toBe(true);
    expect((await get(`/api/supervision/notices?unitId=${file.cast.unitA.id}`, file.cast.leaderB.token)).status).toBe(403);
    expect((await get(`/api/supervision/notices/${warningNotice.id}/document`, file.cast.leaderB.token)).status).toBe(404);
    const notes = (await get("/api/notifications", file.cast.supervisor.token)).body;
    expect(JSON.stringify(notes)).toContain("已反馈");
  });

  it("repeat_requests: one caller asking N+ times (threshold a setting) raises one alert", async () => {
    await setSupervision((s) => {
      s.repeatThreshold = 3;
      s.concentrated = { minRequesters: 4, windowDays: 7 };
    });
    const caller = phone();
    for (let i = 0; i < 3; i++) await file.t.ticket(file.cast.operator.token, { requester: { name: "老刘", phone: caller }, title: "路灯不亮", content: `第${i + 1}次反映路灯不亮` });
    await detect();
    await detect();
    const found = (await alerts("kind=repeat_requests&status=open")).filter((a) => a.count === 3 && a.label.includes("同一来电人"));
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found)).not.toContain(caller);
    // repeat linking (issue 15): tickets filed with repeatOf a master count for the master
    const master = await dispatched({ title: "排水沟堵塞", content: "排水沟堵塞发臭" });
    for (let i = 0; i < 2; i++) {
      const r = await file.t.ticket(file.cast.operator.token, { requester: { name: `邻居${i}`, phone: phone() }, title: "排水沟堵塞", content: "排水沟又堵了", repeatOf: master.id });
      expect(r.repeatOf).toBe(master.id);
    }
    await detect();
    await detect();
    const linked = (await alerts("kind=repeat_requests&status=open")).filter((a) => a.ticketIds[0] === master.id);
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ count: 3, unitId: file.cast.unitA.id });
    expect(linked[0].label).toContain("同一诉求已反映 3 次");
  });

  it("concentrated: many requesters on one category and place within the window", async () => {
    for (const house of ["3栋", "5栋201", "7栋", "12栋502"]) {
      await dispatched({ title: "小区停水", content: "小区停水两天", address: `城关镇幸福小区${house}` });
    }
    await detect();
    const found = (await alerts("kind=concentrated&status=open")).filter((a) => a.label.includes("幸福小区"));
    expect(found).toHaveLength(1);
    expect(found[0].count).toBe(4);
    expect(found[0].unitId).toBe(file.cast.unitA.id);
    await detect();
    expect((await alerts("kind=concentrated")).filter((a) => a.label.includes("幸福小区"))).toHaveLength(1);
  });

  it("perfunctory: three replies without substantive change (rule 24)", async () => {
    let tk = await dispatched();
    for (let i = 0; i < 3; i++) {
      await post(`/api/tickets/${tk.id}/sign`, file.cast.handlerA.token);
      await post(`/api/tickets/${tk.id}/contact-attempts`, file.cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
      tk = (await post(`/api/tickets/${tk.id}/replies`, file.cast.handlerA.token, { content: "经核实，该问题正在协调处理中。", result: "explained", handlerName: "小孙", leaderName: "张科长" })).body.ticket;
      if (i < 2) tk = (await post(`/api/tickets/${tk.id}/redo`, file.cast.supervisor.token, { reason: "未实质处理" })).body;
    }
    expect(tk.flaggedNoChange).toBe(true);
    await detect();
    expect((await alerts("kind=perfunctory&status=open")).filter((a) => a.ticketIds.includes(tk.id))).toHaveLength(1);
  });

  it("low_rates: a unit whose satisfaction ranks last (rule 32) gets an alert and a talk suggestion", async () => {
    await setSupervision((s) => {
      s.lowRates = { windowDays: 30, minVolume: 1, bottomRanks: 1, dropBy: 0 };
    });
    const close = async (unitId: number, token: string, satisfied: boolean) => {
      const tk = await dispatched({}, unitId);
      await post(`/api/tickets/${tk.id}/sign`, token);
      await post(`/api/tickets/${tk.id}/contact-attempts`, token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
      await post(`/api/tickets/${tk.id}/replies`, token, { content: "已处理完毕", result: "resolved", handlerName: "甲", leaderName: "乙" });
      const f = await post(`/api/tickets/${tk.id}/follow-ups`, file.cast.followUp.token, satisfied ? { outcome: "satisfied", contacted: true, informed: true, resolved: true } : { outcome: "unsatisfied", contacted: true, informed: true, resolved: false, decision: "close" });
      expect(f.status).toBe(201);
    };
    await close(file.cast.unitA.id, file.cast.handlerA.token, false);
    await close(file.cast.unitB.id, file.cast.handlerB.token, true);
    await detect();
    const mine = (await alerts("kind=low_rates&status=open")).filter((a) => a.unitId === file.cast.unitA.id && a.label.includes("满意率"));
    expect(mine).toHaveLength(1);
    expect((await alerts("kind=low_rates&status=open")).filter((a) => a.unitId === file.cast.unitB.id && a.label.includes("满意率"))).toHaveLength(0);
    const sug = (await get("/api/supervision/talk-suggestions", file.cast.supervisor.token)).body.items as any[];
    expect(sug.find((x) => x.unitId === file.cast.unitA.id)?.alertIds).toContain(mine[0].id);
  });

  it("petition_risk: marked by staff, at once, once while open", async () => {
    const tk = await dispatched();
    const res = await post("/api/supervision/alerts", file.cast.dispatcher.token, { kind: "petition_risk", ticketId: tk.id, note: "来电人称要去上访" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: "petition_risk", severity: "warning", ticketIds: [tk.id] });
    expect((await post("/api/supervision/alerts", file.cast.dispatcher.token, { kind: "petition_risk", ticketId: tk.id })).status).toBe(409);
    expect((await post("/api/supervision/alerts", file.cast.handlerA.token, { kind: "petition_risk", ticketId: tk.id })).status).toBe(403);
  });

  it("orders: a double click creates one; bad input → 4xx with the field; the unit answers; the center closes", async () => {
    openOrderTicket = await dispatched();
    const body = { ticketId: openOrderTicket.id, form: "daily", source: "center", requirement: "请于期限内办结并反馈", dueWorkingDays: 2 };
    const [a, b] = await Promise.all([post("/api/supervision/orders", file.cast.supervisor.token, body), post("/api/supervision/orders", file.cast.supervisor.token, body)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const order = a.status === 201 ? a.body : b.body;
    expect(order).toMatchObject({ ticketId: openOrderTicket.id, unitId: file.cast.unitA.id, status: "open", dueWorkingDays: 2 });
    expect(order.number).toMatch(/^督办〔2025〕\d+号$/);
    expect((await get(`/api/supervision/orders?ticketId=${openOrderTicket.id}`, file.cast.supervisor.token)).body.items).toHaveLength(1);
    const wrongUnit = await post("/api/supervision/orders", file.cast.supervisor.token, { ...body, requirement: "x", unitId: file.cast.unitB.id });
    expect(wrongUnit.status).toBe(400);
    expect(wrongUnit.body.error.fields.map((f: any) => f.field)).toContain("unitId");
    const past = await post("/api/supervision/orders", file.cast.supervisor.token, { ...body, requirement: "y", dueWorkingDays: 0, form: "nope" });
    expect(past.status).toBe(400);
    expect(past.body.error.fields.map((f: any) => f.field).sort()).toEqual(["dueWorkingDays", "form"]);
    const closed = await file.t.ticket(file.cast.operator.token, { answeredDirectly: true, requester: { name: "甲", phone: phone() } });
    const onClosed = await post("/api/supervision/orders", file.cast.supervisor.token, { ...body, ticketId: closed.id });
    expect(onClosed.status).toBe(409);
    expect(onClosed.body.error.code).toBe("SUPERVISION_TICKET_CLOSED");
    expect((await post("/api/supervision/orders", file.cast.handlerA.token, { bogus: 1 })).status).toBe(403);
    expect((await post(`/api/supervision/orders/${order.id}/response`, file.cast.handlerB.token, { content: "x" })).status).toBe(404);
    const ans = await post(`/api/supervision/orders/${order.id}/response`, file.cast.handlerA.token, { content: "已现场处置" });
    expect(ans.status).toBe(201);
    expect(ans.body.status).toBe("answered");
    const done = await post(`/api/supervision/orders/${order.id}/close`, file.cast.supervisor.token, { note: "办结" });
    expect(done.body.status).toBe("closed");
    expect((await get("/api/supervision/orders", file.cast.leaderB.token)).body.items.every((o: any) => o.unitId === file.cast.unitB.id)).toBe(true);
    dueOrder = (await post("/api/supervision/orders", file.cast.supervisor.token, { ...body, requirement: "一个工作日内反馈", dueWorkingDays: 1 })).body;
    expect(dueOrder.status).toBe("open");
  });

  it("the appraisal's supervision indicator counts orders by source (rule 35), plus paper entries", async () => {
    const tk = await dispatched();
    expect((await post("/api/supervision/orders", file.cast.supervisor.token, { ticketId: tk.id, form: "daily", source: "city", requirement: "市级督办", dueWorkingDays: 3 })).status).toBe(201);
    expect((await post("/api/supervision/orders", file.cast.supervisor.token, { ticketId: tk.id, form: "leader", source: "county_government", requirement: "县政府督查", dueWorkingDays: 3 })).status).toBe(201);
    const row = async () => (await get("/api/reports/appraisal?month=2025-03&group=department", file.cast.supervisor.token)).body.rows.find((r: any) => r.unitId === file.cast.unitA.id);
    expect((await row()).indicators.supervision).toBe(3.8);
    const paper = await post("/api/reports/appraisal/entries", file.cast.supervisor.token, { month: "2025-03", unitId: file.cast.unitA.id, kind: "written_order", count: 1, note: "纸质督办单" });
    expect(paper.status).toBe(201);
    expect((await row()).indicators.supervision).toBe(3.3);
  });

  it("urgent linkage: a special ticket notifies the linkage contacts through the outbox; the progress clock runs", async () => {
    await setSupervision((s) => {
      s.linkageContacts = [
        { name: "城关镇人民政府", role: "territorial_government", phone: "05398880001" },
        { name: "市城运中心", role: "city_operations_center", url: "http://127.0.0.1:9/linkage" },
        { name: "110指挥中心", role: "command_center_110", phone: "05398880110" },
      ];
    });
    const before = (await get("/api/outbox?limit=200", file.t.adminToken)).body.items.length;
    specialTicket = await dispatched({ urgency: "special", title: "燃气泄漏", content: "楼道内闻到浓烈燃气味", address: "城关镇和平路8号" }, file.cast.unitA.id, { coUnitIds: [file.cast.unitB.id], mode: "designated" });
    const out = (await get("/api/outbox?limit=200", file.t.adminToken)).body.items as any[];
    const fresh = out.slice(0, out.length - before);
    expect(fresh.filter((m) => m.target === "phone:053****0001" || m.target === "phone:053****0110")).toHaveLength(2);
    expect(fresh.filter((m) => m.kind === "webhook" && m.target === "http://127.0.0.1:9/linkage")).toHaveLength(1);
    expect(fresh.filter((m) => /^phone:137/.test(m.target)).length).toBeGreaterThanOrEqual(2); // unit A's leaders at dispatch
    expect(new Date(specialTicket.deadlines.signDueAt).getTime() - new Date(file.t.server.ctx.clock.now()).getTime()).toBe(2 * 3_600_000);
    expect(specialTicket.deadlines.progressDueAt).not.toBeNull();
    expect(specialTicket.overdue.progress).toBe(false);
  });

  it("POST /api/tickets/:id/progress stops the progress clock; ordinary tickets owe none; other units 404", async () => {
    const tk = await dispatched({ urgency: "special_urgent", title: "山体滑坡隐患", content: "雨后山体有裂缝" });
    expect((await post(`/api/tickets/${tk.id}/progress`, file.cast.handlerB.token, { content: "x" })).status).toBe(404);
    expect((await post(`/api/tickets/${tk.id}/progress`, file.cast.handlerA.token, { content: "" })).status).toBe(400);
    const res = await post(`/api/tickets/${tk.id}/progress`, file.cast.handlerA.token, { content: "已设置警戒区，组织排查" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ content: "已设置警戒区，组织排查", late: false });
    expect(res.body.ticket.deadlines.progressDueAt).toBeNull();
    const ordinary = await dispatched();
    const no = await post(`/api/tickets/${ordinary.id}/progress`, file.cast.handlerA.token, { content: "x" });
    expect(no.status).toBe(409);
    expect(no.body.error.code).toBe("PROGRESS_NOT_REQUIRED");
    const detail = (await get(`/api/tickets/${tk.id}`, file.cast.supervisor.token)).body;
    expect(detail.events.some((e: any) => e.type === "ticket.progress_reported")).toBe(true);
  });

  it("talks and social supervisors: a rectification deadline in the past → 400; evaluations show in the year's summary", async () => {
    const bad = await post("/api/supervision/talks", file.cast.supervisor.token, { unitId: file.cast.unitA.id, reasons: ["满意率排名靠后"], at: "2025-03-03T10:00:00+08:00", participants: ["李局长"], rectificationDueAt: "2025-03-01T00:00:00+08:00" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.field)).toContain("rectificationDueAt");
    const ok = await post("/api/supervision/talks", file.cast.supervisor.token, { unitId: file.cast.unitA.id, reasons: ["满意率排名靠后", "重复工单升级"], at: "2025-03-03T10:00:00+08:00", participants: ["李局长", "热线中心主任"], minutes: "要求一周内整改", rectificationDueAt: "2025-03-05T18:00:00+08:00" });
    expect(ok.status).toBe(201);
    expect(ok.body.status).toBe("open");
    const social = await file.t.user(["social_supervisor"]);
    expect((await get("/api/supervision/alerts", social.token)).status).toBe(403);
    expect((await get("/api/tickets", social.token)).body.items ?? []).toEqual([]);
    const ev = await post("/api/supervision/evaluations", social.token, { unitId: file.cast.unitA.id, score: 72, comment: "电话接通及时，但答复敷衍" });
    expect(ev.status).toBe(201);
    expect((await post("/api/supervision/evaluations", social.token, { unitId: file.cast.unitA.id, score: 101 })).status).toBe(400);
    expect((await post("/api/supervision/evaluations", file.cast.supervisor.token, { unitId: file.cast.unitA.id, score: 80 })).status).toBe(403);
    const sum = (await get("/api/supervision/evaluations/summary?year=2025", file.cast.supervisor.token)).body;
    expect(sum.rows.find((r: any) => r.unitId === file.cast.unitA.id)).toMatchObject({ evaluations: 1, averageScore: 72 });
  });

  it("the weekly special report: redone 3+, concentrated, multi-unit, units' figures; .docx", async () => {
    // the town the 幸福小区 addresses name (hot issues are clustered by the place of the unit tree's towns)
    expect((await post("/api/units", file.t.adminToken, { name: "城关镇", kind: "town" })).status).toBe(201);
    const res = await post("/api/supervision/special-reports", file.cast.supervisor.token, { weekOf: "2025-03-05" });
    expect(res.status).toBe(201);
    expect(res.body.weekOf).toBe(WEEK);
    const s = res.body.sections;
    expect(s.redoneThreePlus).toContain(redoTicket.id);
    expect(s.concentrated.some((c: any) => c.label.includes("幸福小区") && c.ticketIds.length === 4)).toBe(true);
    expect(s.multiUnit).toContain(specialTicket.id);
    expect(s.summary.volume).toBeGreaterThan(10);
    // hot issues are issue 15's clusters (issue and place), not categories: the four 小区停水 tickets of 城关
    const water = s.hotIssues.find((h: any) => h.place === "城关镇" && h.terms.includes("停水"));
    expect(water).toMatchObject({ ticketCount: 4, requesterCount: 4, previousCount: 0, growth: null, unitIds: [file.cast.unitA.id] });
    expect(water.label).toBe("城关镇 · 两天、停水、小区");
    expect(water.sampleTicketIds.length).toBeGreaterThan(0);
    expect(s.hotIssues.length).toBeLessThanOrEqual(10);
    expect((await get(`/api/supervision/special-reports/${res.body.id}`, file.cast.supervisor.token)).body.sections.hotIssues).toEqual(s.hotIssues);
    const doc = await fetch(`${file.t.url}/api/supervision/special-reports/${res.body.id}/document`, { headers: { authorization: `Bearer ${file.cast.supervisor.token}` } });
    expect(doc.status).toBe(200);
    const bytes = Buffer.from(await doc.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const text = docxText(bytes);
    expect(text).toContain("五、热点问题");
    expect(text).toContain("诉求人数");
    expect(text).toContain(water.label);
    expect(text).toContain("新增");
    expect((await post("/api/supervision/special-reports", file.cast.supervisor.token, { weekOf: "2025-13-01" })).status).toBe(400);
  });

  it("the clock moves on: overdue, missed first contact, progress overdue, notice/order/rectification overdue alerts", async () => {
    const prompt = await post("/api/supervision/notices", file.cast.supervisor.token, { kind: "prompt", form: "sms", unitId: file.cast.unitB.id, content: "请加快办理", dueAt: "2025-03-04T18:00:00+08:00" });
    expect(prompt.status).toBe(201);
    const set = (await file.t.setClock("2025-03-07T10:00:00+08:00")) as any;
    expect(set.supervision.raised).toBeGreaterThan(0);
    const open = await alerts("status=open");
    const kinds = new Set(open.map((a) => a.kind));
    for (const k of ["overdue", "missed_first_contact", "notice_overdue", "order_overdue", "rectification_overdue"]) expect(kinds).toContain(k);
    expect(open.some((a) => a.kind === "overdue" && a.label.includes("进展报告") && a.ticketIds.includes(specialTicket.id))).toBe(true);
    const t = (await get(`/api/tickets/${specialTicket.id}`, file.cast.supervisor.token)).body;
    expect(t.overdue.progress).toBe(true);
    expect(t.events.some((e: any) => e.type === "ticket.overdue" && e.data.deadline === "progress")).toBe(true);
    expect((await get(`/api/supervision/notices/${prompt.body.id}`, file.cast.supervisor.token)).body.status).toBe("overdue");
    expect((await get(`/api/supervision/orders?ticketId=${openOrderTicket.id}&status=overdue`, file.cast.supervisor.token)).body.items.map((o: any) => o.id)).toEqual([dueOrder.id]);
    const again = (await file.t.setClock("2025-03-07T11:00:00+08:00")) as any;
    expect(again.supervision.byKind.notice_overdue ?? 0).toBe(0);
    expect(again.supervision.byKind.overdue ?? 0).toBe(0);
    const counts = (await get("/api/supervision/alerts/counts", file.cast.supervisor.token)).body.items as any[];
    expect(counts.find((c) => c.kind === "overdue").open).toBeGreaterThan(0);
  });

  it("rising_cluster: a hot issue new this week with 5+ tickets raises one alert per unit concerned, once a week", async () => {
    await file.t.setClock("2025-03-11T10:00:00+08:00");
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await dispatched({ title: "井盖缺失", content: "人行道井盖缺失，存在安全隐患", address: `城关镇建设路${10 + i}号` })).id);
    await file.t.setClock("2025-03-11T10:05:00+08:00"); // the window ends before now: the test clock stood still while they came in
    await detect();
    await detect();
    const rising = (await alerts("kind=rising_cluster")).filter((a) => a.ticketIds.some((id: number) => ids.includes(id)));
    expect(rising).toHaveLength(1);
    expect(rising[0]).toMatchObject({ unitId: file.cast.unitA.id, count: 5, status: "open", severity: "warning" });
    expect(rising[0].label).toContain("城关镇");
    expect(rising[0].label).toContain("新出现");
  });

  it("every alert kind has been raised; none is raised twice while open; handling closes it", async () => {
    const all = await alerts("");
    for (const kind of ALERT_KINDS) expect(all.some((a) => a.kind === kind), kind).toBe(true);
    const openBefore = await alerts("status=open");
    await detect();
    const openAfter = await alerts("status=open");
    expect(openAfter.map((a) => a.id).sort()).toEqual(openBefore.map((a) => a.id).sort());
    const keys = openAfter.map((a) => `${a.kind}|${a.unitId}|${a.label}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const kind of ALERT_KINDS) {
      const one = openAfter.find((a) => a.kind === kind);
      if (!one) continue;
      const h = await post(`/api/supervision/alerts/${one.id}/handle`, file.cast.supervisor.token, { note: `已处理 ${kind}` });
      expect(h.status, kind).toBe(200);
      expect(h.body).toMatchObject({ status: "handled", handledNote: `已处理 ${kind}` });
      expect((await post(`/api/supervision/alerts/${one.id}/handle`, file.cast.supervisor.token, {})).status, kind).toBe(409);
    }
  });

  it("the next week's report: a hot issue's trend against the week before, in the API and the .docx", async () => {
    for (const house of ["3栋", "9栋"]) await dispatched({ title: "小区停水", content: "小区停水两天", address: `城关镇幸福小区${house}` });
    const res = await post("/api/supervision/special-reports", file.cast.supervisor.token, { weekOf: "2025-03-12" });
    expect(res.status).toBe(201);
    expect(res.body.weekOf).toBe("2025-03-10");
    const water = res.body.sections.hotIssues.find((h: any) => h.place === "城关镇" && h.terms.includes("停水"));
    expect(water).toMatchObject({ ticketCount: 2, requesterCount: 2, previousCount: 4, growth: -0.5 });
    const doc = await fetch(`${file.t.url}/api/supervision/special-reports/${res.body.id}/document`, { headers: { authorization: `Bearer ${file.cast.supervisor.token}` } });
    const text = docxText(Buffer.from(await doc.arrayBuffer()));
    expect(text).toContain(water.label);
    expect(text).toContain("↓50%");
    // a report stored before the clusters (top categories) still reads, as clusters without place or trend
    const old = await file.t.server.ctx.db
      .insertInto("supervision_special_reports")
      .values({
        week_of: "2025-02-24",
        sections: JSON.stringify({ ...res.body.sections, hotIssues: [{ label: "供水", categoryId: null, ticketCount: 7, unitIds: [file.cast.unitA.id] }] }),
        created_by: file.cast.supervisor.id,
        created_at: new Date("2025-03-02T10:00:00+08:00"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const stored = await get(`/api/supervision/special-reports/${old.id}`, file.cast.supervisor.token);
    expect(stored.status).toBe(200);
    expect(stored.body.sections.hotIssues).toEqual([{ label: "供水", place: null, terms: [], ticketCount: 7, requesterCount: 0, previousCount: 0, growth: null, unitIds: [file.cast.unitA.id], sampleTicketIds: [] }]);
    expect((await fetch(`${file.t.url}/api/supervision/special-reports/${old.id}/document`, { headers: { authorization: `Bearer ${file.cast.supervisor.token}` } })).status).toBe(200);
  });
});
