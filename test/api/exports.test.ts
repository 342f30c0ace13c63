import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";

let t: TestServer;
let supervisor: { id: number; token: string };
let followUp: { id: number; token: string };
let leaderB: { id: number; token: string };
let unitA: { id: number; name: string };
let unitB: { id: number; name: string };

async function download(path: string, token: string): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
  const res = await fetch(t.url + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), body: Buffer.from(await res.arrayBuffer()) };
}

async function sheetRows(buffer: Buffer, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}: ${wb.worksheets.map((w) => w.name).join(",")}`);
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const auditRows = (action: string, actorId: number) =>
  t.server.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", action).where("actor_id", "=", actorId).orderBy("id").execute();

beforeAll(async () => {
  t = await startTestServer();
  const center = (await t.call("GET", "/api/units", { token: t.adminToken })).body.find((u: { kind: string }) => u.kind === "center");
  unitA = await t.unit("住建局");
  unitB = await t.unit("城关街道", "town");
  const dispatcher = await t.user(["dispatcher"], center.id);
  supervisor = await t.user(["supervisor"], center.id);
  followUp = await t.user(["follow_up"], center.id);
  leaderB = await t.user(["unit_leader"], unitB.id);
  const make = async (unitId: number, overrides: Record<string, unknown> = {}) => {
    const ticket = await t.ticket(dispatcher.token, overrides);
    const res = await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: dispatcher.token, body: { unitId } });
    expect(res.status).toBe(200);
  };
  await make(unitA.id, { title: "路灯不亮", content: "小区东门路灯坏了，晚上很黑" });
  await make(unitA.id, { title: "噪音", content: '他说"太吵了", 还说,=SUM(A1) 不行', requester: { name: "李四", phone: "13900001111" } });
  await make(unitA.id, { title: "匿名反映", content: "有人占道经营", requester: { anonymous: true } });
  await make(unitB.id, { title: "垃圾清运", content: "垃圾三天没人收" });
}, 120_000);
afterAll(async () => t?.close());

describe("GET /api/exports/tickets.xlsx", () => {
  it("opens with exceljs and holds the chosen fields under Chinese headers, phones masked, audited", async () => {
    const res = await download(`/api/exports/tickets.xlsx?fields=number,requesterName,phone,title,leadUnit,status&unitId=${unitA.id}`, supervisor.token);
    expect(res.status).toBe(200);
    expect(res.type).toContain("spreadsheetml");
    expect(res.disposition).toContain("attachment");
    const rows = await sheetRows(res.body, "工单");
    expect(rows[0]).toEqual(["工单编号", "诉求人", "联系电话", "诉求标题", "承办单位", "工单状态"]);
    expect(rows).toHaveLength(4); // header + unit A's three tickets
    const byTitle = new Map(rows.slice(1).map((r) => [r[3], r]));
    expect(byTitle.get("噪音")).toEqual([expect.stringMatching(/^\d{8}-\d{6}$/), "李四", "139****1111", "噪音", unitA.name, "待签收"]);
    expect(byTitle.get("匿名反映")?.[1]).toBe("匿名");
    const audits = await auditRows("export.tickets", supervisor.id);
    expect(audits.at(-1)?.data).toMatchObject({ format: "xlsx", rowCount: 3, completed: true, filter: { unitId: unitA.id }, fields: ["number", "requesterName", "phone", "title", "leadUnit", "status"] });
  });

  it("shows full phone numbers to roles that call requesters", async () => {
    const rows = await sheetRows((await download(`/api/exports/tickets.xlsx?fields=title,phone&unitId=${unitA.id}`, followUp.token)).body, "工单");
    expect(rows.find((r) => r[0] === "噪音")?.[1]).toBe("13900001111");
  });

  it("a unit user exports only the unit's own tickets", async () => {
    const rows = await sheetRows((await download("/api/exports/tickets.xlsx?fields=title", leaderB.token)).body, "工单");
    expect(rows).toEqual([["诉求标题"], ["垃圾清运"]]);
  });

  it("rejects an unknown field, naming it", async () => {
    const res = await t.call("GET", "/api/exports/tickets.xlsx?fields=number,salary", { token: supervisor.token });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "VALIDATION_FAILED", field: "fields" });
  });
});

describe("GET /api/exports/tickets.csv", () => {
  it("writes UTF-8 with a BOM, quotes commas and quotes, and never lets a cell run as a formula", async () => {
    const res = await download(`/api/exports/tickets.csv?fields=title,content&unitId=${unitA.id}&q=${encodeURIComponent("噪音")}`, supervisor.token);
    expect(res.status).toBe(200);
    expect(res.type).toContain("text/csv");
    const text = res.body.toString("utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe('诉求标题,诉求内容\r\n噪音,"他说""太吵了"", 还说,=SUM(A1) 不行"\r\n');
    await t.ticket(t.adminToken, { title: '=HYPERLINK("http://x")', content: "-1+2 公式" });
    const formula = await download(`/api/exports/tickets.csv?fields=title,content&q=HYPERLINK`, supervisor.token);
    expect(formula.body.toString("utf8").split("\r\n")[1]).toBe(`"'=HYPERLINK(""http://x"")",'-1+2 公式`);
  });

  it("streams many rows in keyset batches: 450 tickets, each exactly once, and audits the count", async () => {
    const now = new Date("2025-06-02T02:00:00Z");
    await t.server.ctx.db
      .insertInto("tickets")
      .values(
        Array.from({ length: 450 }, (_, i) => ({
          number: `20250602-${String(i + 1).padStart(6, "0")}`,
          status: "pending_dispatch",
          urgency: "ordinary",
          channel: "web",
          title: `批量${i + 1}`,
          content: "批量导出测试",
          requester_name: "王五",
          requester_phone: "13700000000",
          received_at: new Date(now.getTime() + i * 1000),
          created_at: now,
        })),
      )
      .execute();
    const res = await download("/api/exports/tickets.csv?fields=number&receivedFrom=2025-06-02&receivedTo=2025-06-02", supervisor.token);
    const lines = res.body.toString("utf8").trim().split("\r\n");
    expect(lines).toHaveLength(451);
    expect(new Set(lines.slice(1)).size).toBe(450);
    const audits = await auditRows("export.tickets", supervisor.id);
    expect(audits.at(-1)?.data).toMatchObject({ format: "csv", rowCount: 450, completed: true, filter: { receivedFrom: "2025-06-02", receivedTo: "2025-06-02" } });
  });
});

describe("report exports", () => {
  it("the rates report as xlsx states the formula version and settings, and is audited", async () => {
    const res = await download("/api/exports/rates.xlsx?month=2025-03&groupBy=unit", supervisor.token);
    expect(res.status).toBe(200);
    const rates = await sheetRows(res.body, "三率统计");
    expect(rates[0]).toEqual(expect.arrayContaining(["名称", "承办量", "先行联系率(%)", "满意率(%)", "一次办好率(%)"]));
    expect(rates.at(-1)?.[0]).toBe("合计");
    expect(rates.at(-1)?.[1]).toBe(4); // every dispatched ticket received in March
    const about = await sheetRows(res.body, "说明");
    expect(about).toEqual(expect.arrayContaining([["公式版本", "huying-metrics-1"], ["统计周期", "2025-03"], ["基本满意权重", 1]]));
    const audits = await auditRows("export.report", supervisor.id);
    expect(audits.at(-1)).toMatchObject({ target_id: "rates", data: expect.objectContaining({ formulaVersion: "huying-metrics-1" }) });
  });

  it("the appraisal as xlsx lists the ranking with the seven indicators", async () => {
    const res = await download("/api/exports/appraisal.xlsx?month=2025-03&group=department", supervisor.token);
    const rows = await sheetRows(res.body, "县直部门考核");
    expect(rows[0]).toEqual(["排名", "单位", "总分", "承办量(10)", "响应率(15)", "一次办好率(35)", "重办满意率(20)", "重办率(10)", "疑难诉求办理(5)", "督查督办(5)"]);
    expect(rows[1][1]).toBe(unitA.name);
    expect((await sheetRows(res.body, "说明"))[1]).toEqual(["公式版本", "huying-metrics-1"]);
  });
});
