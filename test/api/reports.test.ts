import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";

/**
 * A month of lifecycle events (March 2025) through the test clock, then the rates, the appraisal and the
 * drill-down, worked out by hand below. Towns T1, T2, T3 (no tickets) and a department D1:
 *
 *  t1 T1  sign, contact reached, reply, follow-up satisfied                 → closed satisfied, first time
 *  t2 T1  sign, reply, unsatisfied → redo; sign, reply, satisfied            → closed satisfied after 1 redo
 *  t3 T1  sign, reply, unsatisfied → close; exclusion filed, approved 03-20  → excluded
 *  t4 T1  dispatched only; the sweep of 03-20 marks sign, contact and reply overdue → unfinished
 *  t5 T2  business; sign, reply, follow-up basically satisfied, not resolved → closed basically satisfied
 *  t6 T2  anonymous; sign, reply, follow-up satisfied                      → closed satisfied
 *  t7 D1  dispatched only (departments are ranked apart from towns)
 */
let t: TestServer;
let admin: string;
let dispatcher: string;
let followUp: string;
let supervisor: string;
let leader1: string;
let leader2: string;
let leaderD: string;
let T1: { id: number };
let T2: { id: number };
let T3: { id: number };
let D1: { id: number };
const ids: Record<string, number> = {};

const post = async (path: string, token: string, body: unknown = {}) => {
  const res = await t.call("POST", path, { token, body });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const get = (path: string, token = admin) => t.call("GET", path, { token });

async function dispatched(name: string, unitId: number, overrides: Record<string, unknown> = {}) {
  const ticket = await t.ticket(dispatcher, overrides);
  await post(`/api/tickets/${ticket.id}/dispatch`, dispatcher, { unitId });
  ids[name] = ticket.id;
  return ticket.id as number;
}
async function signAndReply(id: number, token: string, result = "resolved") {
  await post(`/api/tickets/${id}/sign`, token);
  await post(`/api/tickets/${id}/replies`, token, { content: `第${Math.random()}次答复：已处理`, result, handlerName: "小孙", leaderName: "张科长" });
}
const followUpCall = (id: number, outcome: string, extra: Record<string, unknown> = {}) =>
  post(`/api/tickets/${id}/follow-ups`, followUp, { outcome, contacted: true, informed: true, resolved: outcome !== "unsatisfied", ...extra });

beforeAll(async () => {
  t = await startTestServer();
  admin = t.adminToken;
  // The hand-worked figures below are the 100-point method itself, on a handful of tickets: the minimum
  // sample (样本不足, issue 18) would leave every unit unranked, so it is off here (test/api/workday-b.test.ts covers it).
  // The fixture's units answer without first contact (the first-contact rate's failures), which the default
  // refuses since issue 18 point 7: this city turns that rule off (test/api/workday.test.ts covers it).
  const policy = (await get("/api/policy")).body;
  expect((await t.call("PUT", "/api/policy", { token: admin, body: { settings: { ...policy.settings, appraisalMinSample: 0, replyNeedsFirstContact: false } } })).status).toBe(200);
  const center = (await get("/api/units")).body.find((u: { kind: string }) => u.kind === "center");
  [T1, T2, T3, D1] = [await t.unit("青云镇", "town"), await t.unit("白石镇", "town"), await t.unit("空山镇", "town"), await t.unit("水务局", "department")];
  dispatcher = (await t.user(["dispatcher"], center.id)).token;
  followUp = (await t.user(["follow_up"], center.id)).token;
  supervisor = (await t.user(["supervisor"], center.id)).token;
  leader1 = (await t.user(["unit_leader"], T1.id)).token;
  leader2 = (await t.user(["unit_leader"], T2.id)).token;
  leaderD = (await t.user(["unit_leader"], D1.id)).token;

  // Monday 3 March 2025, 09:00 Shanghai (the helpers' START)
  const t1 = await dispatched("t1", T1.id);
  await post(`/api/tickets/${t1}/sign`, leader1);
  await post(`/api/tickets/${t1}/contact-attempts`, leader1, { method: "phone", outcome: "reached" });
  await post(`/api/tickets/${t1}/replies`, leader1, { content: "已处理完毕", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
  await followUpCall(t1, "satisfied");

  const t2 = await dispatched("t2", T1.id);
  await signAndReply(t2, leader1);
  await followUpCall(t2, "unsatisfied", { decision: "redo" });
  await signAndReply(t2, leader1);
  await followUpCall(t2, "satisfied");

  const t3 = await dispatched("t3", T1.id);
  await signAndReply(t3, leader1, "explained");
  await followUpCall(t3, "unsatisfied", { decision: "close" });
  const exclusion = await post(`/api/tickets/${t3}/exclusions`, leader1, { reasonCode: "unreasonable", explanation: "诉求超出政策范围，已解释" });
  ids.exclusion = exclusion.id;

  await dispatched("t4", T1.id);

  const t5 = await dispatched("t5", T2.id, { business: true });
  await signAndReply(t5, leader2, "explained");
  await followUpCall(t5, "basically_satisfied", { resolved: false });

  const t6 = await dispatched("t6", T2.id, { requester: { anonymous: true } });
  await signAndReply(t6, leader2);
  await followUpCall(t6, "satisfied");

  await dispatched("t7", D1.id);
  // 20 March: the sweep marks t4 and t7 overdue (sign, contact, reply)
  await t.setClock("2025-03-20T10:00:00+08:00");
}, 120_000);
afterAll(async () => t?.close());

interface RateRowView {
  key: string | number;
  [field: string]: unknown;
  overdue: { sign: number; contact: number; reply: number };
  satisfactionRate: number | null;
  resolutionRate: number | null;
  firstTimeResolutionRate: number | null;
  excluded: number;
  targets: unknown[];
}
const rowOf = (report: { rows: RateRowView[] }, unit: { id: number }) => report.rows.find((r) => r.key === unit.id) as RateRowView;

describe("GET /api/reports/rates", () => {
  it("excluded tickets leave the satisfaction denominator: T1 2/3 before the approval, 2/2 after", async () => {
    const before = await get("/api/reports/rates?month=2025-03&groupBy=unit");
    expect(before.status).toBe(200);
    expect(rowOf(before.body, T1).satisfactionRate).toBeCloseTo(2 / 3, 10); // t1, t2 satisfied; t3 unsatisfied; t4 open
    await post(`/api/tickets/${ids.t3}/exclusions/${ids.exclusion}/decision`, supervisor, { approve: true });
    const after = await get("/api/reports/rates?month=2025-03&groupBy=unit");
    expect(rowOf(after.body, T1).satisfactionRate).toBe(1);
    expect(rowOf(after.body, T1).excluded).toBe(1);
  });

  it("yields the hand-worked rates per unit, with the formula version, settings and targets", async () => {
    await t.setClock("2025-04-02T10:00:00+08:00");
    const res = await get("/api/reports/rates?month=2025-03&groupBy=unit");
    expect(res.body.formulaVersion).toBe("huying-metrics-1");
    expect(res.body.settings).toMatchObject({ basicSatisfiedWeight: 1, periodStartDay: 1 });
    expect(res.body.period).toMatchObject({ from: "2025-02-28T16:00:00.000Z", cutoff: "2025-03-31T16:00:00.000Z" });
    const r1 = rowOf(res.body, T1);
    expect(r1).toMatchObject({
      volume: 4,
      firstContactRate: 0.25, // only t1 reached
      onTimeSignRate: 0.75, // t4's sign overdue
      onTimeReplyRate: 0.75, // t4's reply overdue
      satisfactionRate: 1, // t1, t2 / t1, t2 (t3 excluded, t4 open)
      firstTimeResolutionRate: 0.25, // t1 / 4: the open t4 counts as not satisfied
      redoSatisfiedRate: 0.25, // t2
      redoRate: 0, // nobody redone twice
      returnRate: 0,
      excluded: 1,
      overdue: { sign: 1, contact: 1, reply: 1 },
    });
    expect(r1.resolutionRate).toBeCloseTo(2 / 3, 10); // t1, t2 resolved; t3 not
    expect(r1.targets).toEqual(
      expect.arrayContaining([{ indicator: "firstContactRate", target: 1, actual: 0.25, met: false }, { indicator: "satisfactionRate", target: 0.85, actual: 1, met: true }]),
    );
    const r2 = rowOf(res.body, T2);
    expect(r2).toMatchObject({ volume: 2, firstContactRate: 0, onTimeSignRate: 1, resolutionRate: 0.5, satisfactionRate: 1, firstTimeResolutionRate: 1 });
    expect(rowOf(res.body, D1)).toMatchObject({ volume: 1, satisfactionRate: null, onTimeSignRate: 0 });
    expect(res.body.total.volume).toBe(7);
    expect(rowOf(res.body, T3)).toBeUndefined(); // no tickets, no row
  });

  it("separates business-environment tickets", async () => {
    const res = await get("/api/reports/rates?month=2025-03&groupBy=unit&business=true");
    expect(res.body.rows).toHaveLength(1);
    expect(rowOf(res.body, T2)).toMatchObject({ volume: 1, resolutionRate: 0, satisfactionRate: 1 });
  });

  it("counts each ticket at the cut-off: a period ending 10 March does not see the exclusion of 20 March", async () => {
    const res = await get("/api/reports/rates?from=2025-03-01&to=2025-03-10&groupBy=unit");
    expect(res.body.period.cutoff).toBe("2025-03-10T16:00:00.000Z");
    const r1 = rowOf(res.body, T1);
    expect(r1.excluded).toBe(0);
    expect(r1.satisfactionRate).toBeCloseTo(2 / 3, 10);
    expect(r1.overdue.reply).toBe(0); // the overdue mark came with the sweep of 20 March
  });

  it("drill-down lists exactly the tickets counted", async () => {
    const drill = async (q: string) => (await get(`/api/reports/rates?month=2025-03&groupBy=unit&${q}`)).body.items.map((i: { id: number }) => i.id);
    expect(await drill(`drill=firstTimeResolutionRate&key=${T1.id}`)).toEqual([ids.t1]);
    expect(await drill(`drill=satisfactionRate&part=denominator&key=${T1.id}`)).toEqual([ids.t1, ids.t2]);
    expect(await drill(`drill=excluded&key=${T1.id}`)).toEqual([ids.t3]);
    expect(await drill(`drill=volume&key=${T1.id}`)).toEqual([ids.t1, ids.t2, ids.t3, ids.t4]);
    expect(await drill(`drill=onTimeSignRate&part=denominator`)).toHaveLength(7);
    const page = await get(`/api/reports/rates?month=2025-03&groupBy=unit&drill=volume&key=${T1.id}&limit=3`);
    expect(page.body.items).toHaveLength(3);
    const next = await get(`/api/reports/rates?month=2025-03&groupBy=unit&drill=volume&key=${T1.id}&limit=3&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((i: { id: number }) => i.id)).toEqual([ids.t4]);
    expect(next.body.nextCursor).toBeNull();
  });

  it("a unit user sees only the unit's own row", async () => {
    const res = await get("/api/reports/rates?month=2025-03&groupBy=unit", leader1);
    expect(res.body.rows.map((r: { key: number }) => r.key)).toEqual([T1.id]); // an integer, as unit ids are
    const drill = await get(`/api/reports/rates?month=2025-03&groupBy=unit&drill=volume&key=${T2.id}`, leader1);
    expect(drill.body.items).toEqual([]);
  });

  it("groups by category and by region, and gives the total of every group", async () => {
    const byCategory = await get("/api/reports/rates?month=2025-03&groupBy=category");
    expect(byCategory.body.rows).toEqual([expect.objectContaining({ key: "", label: "未分类", volume: 7 })]);
    const byRegion = await get("/api/reports/rates?month=2025-03&groupBy=region");
    expect(byRegion.body.rows).toEqual([expect.objectContaining({ label: "未设置区域", volume: 7 })]);
  });

  it("groups by month: each month its own cohort and cut-off, drillable by the month", async () => {
    const res = await get("/api/reports/rates?from=2025-02-01&to=2025-03-31&groupBy=month");
    expect(res.body.rows.map((r: RateRowView) => [r.key, r.volume, r.satisfactionRate])).toEqual([
      ["2025-02", 0, null],
      ["2025-03", 7, 1], // t1, t2, t5, t6 satisfied or basically; t3 excluded; t4, t7 open
    ]);
    expect(res.body.period).toMatchObject({ from: "2025-01-31T16:00:00.000Z", cutoff: "2025-03-31T16:00:00.000Z" });
    const drill = await get("/api/reports/rates?from=2025-02-01&to=2025-03-31&groupBy=month&drill=firstTimeResolutionRate&key=2025-03");
    expect(drill.body.items.map((i: { id: number }) => i.id)).toEqual([ids.t1, ids.t5, ids.t6]);
    expect((await get("/api/reports/rates?from=2025-02-01&to=2025-03-31&groupBy=month&drill=volume")).status).toBe(400);
  });

  it("rejects a request without a period, naming the field", async () => {
    const res = await get("/api/reports/rates?groupBy=unit");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
  });
});

describe("GET /api/reports/appraisal", () => {
  it("only admins and supervisors enter supervision deductions, and each entry is audited", async () => {
    const body = { month: "2025-03", unitId: T1.id, kind: "city_supervision", count: 1, note: "市级督办一次" };
    const denied = await t.call("POST", "/api/reports/appraisal/entries", { token: leader1, body });
    expect(denied.status).toBe(403);
    const created = await t.call("POST", "/api/reports/appraisal/entries", { token: supervisor, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ unitId: T1.id, kind: "city_supervision", count: 1 });
    const listed = await get("/api/reports/appraisal/entries?month=2025-03", supervisor);
    expect(listed.body.map((e: { id: number }) => e.id)).toContain(created.body.id);
  });

  /**
   * Towns, March 2025 (docs/METRICS.md), worked by hand:
   *   volume   T1 4 (max) 10, T2 2 (min) 0.8 × 10 = 8
   *   response service rates 1 and 1 (max = min) → 10 each; process T1 5 − 0.2 (t4 reply overdue) = 4.8, T2 5
   *   1st-time T1 1/4 (min) → 0.9 × 35 = 31.5; T2 2/2 → 35
   *   redo-sat T1 1/4 → 20; T2 0 → 0.9 × 20 = 18
   *   redo     nobody redone twice → 10 each
   *   hard     shares T1 1/4 (t3 filed) → 0, T2 0 → 2; + 3 each → 3 / 5
   *   superv.  T1 one city supervision → 4.8; T2 5
   *   total    T1 10 + 14.8 + 31.5 + 20 + 10 + 3 + 4.8 = 94.1; T2 8 + 15 + 35 + 18 + 10 + 5 + 5 = 96
   */
  it("ranks towns by the 100-point method, the zero-volume town unranked", async () => {
    const res = await get("/api/reports/appraisal?month=2025-03&group=town");
    expect(res.status).toBe(200);
    expect(res.body.formulaVersion).toBe("huying-metrics-1");
    const rows = res.body.rows.map((r: Record<string, unknown>) => [r.unitId, r.rank, r.total]);
    expect(rows).toEqual([
      [T2.id, 1, 96],
      [T1.id, 2, 94.1],
      [T3.id, null, null],
    ]);
    expect(res.body.rows[1].indicators).toEqual({ volume: 10, response: 14.8, firstTimeResolution: 31.5, redoSatisfied: 20, redo: 10, hardRequests: 3, supervision: 4.8 });
    expect(res.body.rows.some((r: { unitId: number }) => r.unitId === D1.id)).toBe(false);
  });

  it("ranks departments apart: D1 alone gets every full weight but loses 0.2 for its overdue reply", async () => {
    const res = await get("/api/reports/appraisal?month=2025-03&group=department");
    expect(res.body.rows).toEqual([expect.objectContaining({ unitId: D1.id, rank: 1, total: 99.8 })]);
  });

  it("drills an appraisal score down to its tickets", async () => {
    const res = await get(`/api/reports/appraisal?month=2025-03&group=town&drill=hardRequests&unitId=${T1.id}`);
    expect(res.body.items.map((i: { id: number }) => i.id)).toEqual([ids.t3]);
  });

  it("recomputing the closed month after later events gives the same numbers", async () => {
    const ratesBefore = (await get("/api/reports/rates?month=2025-03&groupBy=unit")).body.rows;
    const appraisalBefore = (await get("/api/reports/appraisal?month=2025-03&group=town")).body.rows;
    // April: T1 finally handles t4, and it is followed up satisfied; t1 gets an (April) exclusion request
    await signAndReply(ids.t4, leader1);
    await followUpCall(ids.t4, "satisfied");
    await post(`/api/tickets/${ids.t1}/exclusions`, leader1, { reasonCode: "duplicate", explanation: "重复诉求" });
    expect((await get("/api/reports/rates?month=2025-03&groupBy=unit")).body.rows).toEqual(ratesBefore);
    expect((await get("/api/reports/appraisal?month=2025-03&group=town")).body.rows).toEqual(appraisalBefore);
    // …while April's own view of the same tickets moved on
    const april = await get("/api/reports/rates?from=2025-03-01&to=2025-04-30&groupBy=unit");
    expect(rowOf(april.body, T1).firstTimeResolutionRate).toBe(0.5); // t1, t4
  });

  it("annual score: 80 % of the closed months' average + 20 % of the year-end items", async () => {
    const saved = await t.call("PUT", "/api/reports/appraisal/year-end", {
      token: supervisor,
      body: { year: 2025, unitId: T2.id, scores: { office: 10, knowledgeBase: 10, provincialOnTime: 10, provincialSatisfaction: 20, followThrough: 30, signOff: 20 } },
    });
    expect(saved.status).toBe(200);
    const res = await get("/api/reports/appraisal/annual?year=2025&group=town");
    // closed months by 2 April: January, February (no tickets: unranked), March
    expect(res.body.months).toEqual(["2025-01", "2025-02", "2025-03"]);
    const t2 = res.body.rows.find((r: { unitId: number }) => r.unitId === T2.id);
    // The knowledge-base item is computed from published contributions (issue 14): none here, so 0 of the entered 10.
    expect(t2).toMatchObject({ monthlyTotals: [null, null, 96], monthlyAverage: 96, yearEndTotal: 90, total: 94.8, rank: 1 }); // 0.8 × 96 + 0.2 × 90
    expect(t2.yearEnd.knowledgeBase).toBe(0);
    const t1 = res.body.rows.find((r: { unitId: number }) => r.unitId === T1.id);
    expect(t1).toMatchObject({ total: 75.28, rank: 2 }); // 0.8 × 94.1, no year-end items entered
  });
});

describe("GET /api/reports/person-points", () => {
  it("gives handlers +1 per double satisfied ticket, −0.5 per one no", async () => {
    const res = await get("/api/reports/person-points?month=2025-03");
    const sun2 = res.body.rows.find((r: { unitId: number }) => r.unitId === T2.id);
    // T2's 小孙: t5 basically satisfied but not resolved (−0.5), t6 double satisfied (+1)
    expect(sun2).toMatchObject({ handlerName: "小孙", tickets: 2, total: 0.5 });
    const sun1 = res.body.rows.find((r: { unitId: number }) => r.unitId === T1.id);
    // T1's 小孙 at the March cut-off: t1 +1, t2 +1, t3 two no −1 (t4 was replied in April)
    expect(sun1).toMatchObject({ tickets: 3, total: 1 });
  });
});

describe("the city's report settings", () => {
  it("a 19th–18th month and 基本满意 at 0.9: March 2025 ends on 19 March, before the exclusion and the sweep of the 20th", async () => {
    const current = (await get("/api/policy")).body;
    const settings = { ...current.settings, satisfaction: { basicallySatisfiedWeight: 0.9, period: "19th_to_18th", targets: { firstContactRate: 1, resolutionRate: 0.85, satisfactionRate: 0.85 } } };
    const saved = await t.call("PUT", "/api/policy", { token: admin, body: { settings } });
    expect(saved.status).toBe(200);
    const res = await get("/api/reports/rates?month=2025-03&groupBy=unit");
    expect(res.body.settings).toMatchObject({ basicSatisfiedWeight: 0.9, periodStartDay: 19 });
    expect(res.body.period).toMatchObject({ from: "2025-02-18T16:00:00.000Z", cutoff: "2025-03-18T16:00:00.000Z" });
    expect(rowOf(res.body, T2).satisfactionRate).toBeCloseTo((1 + 0.9 * 1) / 2, 10); // t6 satisfied, t5 basically
    expect(rowOf(res.body, T1).satisfactionRate).toBeCloseTo(2 / 3, 10); // t3 not yet excluded at the cut-off
    expect(rowOf(res.body, T1).overdue.reply).toBe(0);
  });
});

describe("leader sign-off (rule 17)", () => {
  it("a reply sent back by the leader is not a reply; the approved one is", async () => {
    const current = (await get("/api/policy")).body;
    expect((await t.call("PUT", "/api/policy", { token: admin, body: { settings: { ...current.settings, replySignOff: true } } })).status).toBe(200);
    await t.setClock("2025-05-06T09:00:00+08:00");
    const id = await dispatched("t8", T2.id);
    await post(`/api/tickets/${id}/sign`, leader2);
    const first = await post(`/api/tickets/${id}/replies`, leader2, { content: "初稿", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    await post(`/api/tickets/${id}/replies/${first.id}/approve`, leader2, { approve: false });
    const q = `/api/reports/rates?from=2025-05-06&to=2025-05-06&groupBy=unit`;
    expect(rowOf((await get(q)).body, T2).onTimeReplyRate).toBeNull(); // nothing replied, nothing due yet
    const second = await post(`/api/tickets/${id}/replies`, leader2, { content: "修改后的答复", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    await post(`/api/tickets/${id}/replies/${second.id}/approve`, leader2, { approve: true });
    expect(rowOf((await get(q)).body, T2).onTimeReplyRate).toBe(1);
  });
});

describe("returns (rule 16)", () => {
  it("a late return costs the unit that asked 0.2, and the ticket counts for the unit it was passed to", async () => {
    // clock at Tuesday 6 May 2025 09:00 (previous test); the return window is 1 working day
    const t9 = await dispatched("t9", T1.id);
    await dispatched("t10", T1.id);
    await t.setClock("2025-05-08T10:00:00+08:00");
    const request = await post(`/api/tickets/${t9}/return-requests`, leader1, { reason: "不属于本镇职责" });
    expect(request.late).toBe(true);
    await post(`/api/tickets/${t9}/return-requests/${request.id}/decision`, supervisor, { approve: true, reassignTo: T2.id });

    const rates = await get("/api/reports/rates?from=2025-05-01&to=2025-05-31&groupBy=unit");
    expect(rowOf(rates.body, T1)).toMatchObject({ volume: 1, returnRate: 0 }); // t10 only
    expect(rowOf(rates.body, T2)).toMatchObject({ volume: 2, returnRate: 0 }); // t8 and t9: T2 asked for no return
    const drill = await get(`/api/reports/rates?from=2025-05-01&to=2025-05-31&groupBy=unit&drill=volume&key=${T2.id}`);
    expect(drill.body.items.map((i: { id: number }) => i.id)).toEqual([ids.t8, t9]);

    // May under the 19th–18th setting of the earlier test: 19 April – 18 May
    const appraisal = await get("/api/reports/appraisal?month=2025-05&group=town");
    const response = (unit: { id: number }) => appraisal.body.rows.find((r: { unitId: number }) => r.unitId === unit.id).indicators.response;
    expect(response(T1)).toBe(14.8); // service 10 + handling 5 − 0.2 for the late return
    expect(response(T2)).toBe(15);
  });
});
