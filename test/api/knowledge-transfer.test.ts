import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { standardServer } from "./helpers.js";

/** Import and export of the knowledge base and the dispatch catalogue as xlsx (issue 14, docs/KNOWLEDGE.md). */

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const file = standardServer();
const call = (method: string, path: string, token: string, body?: unknown) => file.t.call(method, path, { token, body });

async function sheet(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(path: string, token: string, bytes: Buffer): Promise<{ status: number; body: any }> {
  const res = await fetch(file.t.url + path, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": XLSX }, body: new Uint8Array(bytes) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function download(path: string, token: string): Promise<{ status: number; rows: string[][]; type: string | null }> {
  const res = await fetch(file.t.url + path, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return { status: res.status, rows: [], type: res.headers.get("content-type") };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
  return { status: res.status, rows, type: res.headers.get("content-type") };
}

const HEADER = ["类型", "标题", "正文", "答复口径", "分类", "单位", "标签", "生效日期", "失效日期"];

describe("knowledge base: xlsx import and export", () => {
  it("imports a center's book (drafts awaiting review, searchable once published) and exports it back", async () => {
    const { cast } = file;
    await call("POST", "/api/categories", file.t.adminToken, { name: "燃气" });
    const bytes = await sheet([
      HEADER,
      ["常见问答", "燃气表更换后如何开通", "<p>新表安装后由燃气公司上门通气，<script>alert(1)</script>无需另行申请。</p>", "燃气公司上门通气，无需申请", "燃气", cast.unitA.name, "燃气、换表", "2025-01-01", ""],
      ["policy", "管道燃气报装流程", "<p>携带房产证到营业厅办理报装。</p>", "", "", "", "", "", ""],
    ]);
    const imported = await upload("/api/knowledge/import", cast.supervisor.token, bytes);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body).toMatchObject({ rows: 2, imported: 2 });
    const [first, second] = imported.body.ids as number[];
    const entry = await call("GET", `/api/knowledge/${first}`, cast.supervisor.token);
    expect(entry.body).toMatchObject({ status: "draft", kind: "faq", unitId: cast.unitA.id, tags: ["燃气", "换表"], validFrom: "2025-01-01", answer: "燃气公司上门通气，无需申请" });
    expect(entry.body.body).not.toContain("script");
    expect((await call("GET", `/api/knowledge/${second}`, cast.supervisor.token)).body).toMatchObject({ kind: "policy", unitId: null });
    // The center's review still applies: an operator finds it only once published.
    expect((await call("GET", "/api/knowledge?q=燃气表更换", cast.operator.token)).body.items).toEqual([]);
    expect((await call("POST", `/api/knowledge/${first}/publish`, cast.supervisor.token, {})).status).toBe(200);
    expect((await call("GET", "/api/knowledge?q=换了燃气表怎么开通", cast.operator.token)).body.items[0]).toMatchObject({ id: first });

    const out = await download("/api/knowledge/export.xlsx", cast.supervisor.token);
    expect(out.status).toBe(200);
    expect(out.type).toBe(XLSX);
    expect(out.rows[0]).toEqual(expect.arrayContaining(["编号", "类型", "标题", "正文", "分类编号", "单位编号", "状态", "版本"]));
    const titleAt = out.rows[0]!.indexOf("标题");
    expect(out.rows.some((r) => r[titleAt] === "燃气表更换后如何开通")).toBe(true);
    // The export reads back: importing it creates copies of every row.
    const res = await fetch(file.t.url + "/api/knowledge/export.xlsx", { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    const again = await upload("/api/knowledge/import", cast.supervisor.token, Buffer.from(await res.arrayBuffer()));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.imported).toBe(out.rows.length - 1);
    // Who: operators neither export nor import.
    expect((await download("/api/knowledge/export.xlsx", cast.operator.token)).status).toBe(403);
    expect((await upload("/api/knowledge/import", cast.operator.token, bytes)).status).toBe(403);
  });

  it("a bad row → 400 naming row and field, and nothing of the file is imported", async () => {
    const { cast } = file;
    const before = await file.t.server.ctx.db.selectFrom("knowledge_entries").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const bytes = await sheet([
      HEADER,
      ["常见问答", "正常的一行", "<p>内容</p>", "", "", "", "", "", ""],
      ["问答", "类型不对", "<p>内容</p>", "", "", "", "", "", ""],
      ["faq", "分类不存在", "<p>内容</p>", "", "没有这个分类", "", "", "", ""],
      ["faq", "日期倒置", "<p>内容</p>", "", "", "", "", "2025-05-01", "2025-04-01"],
      ["faq", "", "<p><script>x</script></p>", "", "", "", "", "", ""],
    ]);
    const res = await upload("/api/knowledge/import", cast.supervisor.token, bytes);
    expect(res.status).toBe(400);
    const fields = (res.body.error.fields as Array<{ field: string }>).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["rows.3.kind", "rows.4.category", "rows.5.validTo", "rows.6.title"]));
    expect(fields.some((f) => f.startsWith("rows.2."))).toBe(false);
    expect(res.body.error.message).toContain("row 3, kind");
    const after = await file.t.server.ctx.db.selectFrom("knowledge_entries").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Not a workbook, no title column, no body at all.
    expect((await upload("/api/knowledge/import", cast.supervisor.token, Buffer.from("not a workbook"))).body.error.field).toBe("file");
    expect((await upload("/api/knowledge/import", cast.supervisor.token, await sheet([["类型", "正文"], ["faq", "x"]]))).body.error.field).toBe("file.title");
    const empty = await fetch(file.t.url + "/api/knowledge/import", { method: "POST", headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    expect(empty.status).toBe(400);
  });

  it("a unit imports entries of its own unit only: another unit's row → 403, nothing imported", async () => {
    const { cast } = file;
    const own = await upload("/api/knowledge/import", cast.handlerA.token, await sheet([HEADER, ["faq", "住建局自己的条目", "<p>内容甲</p>", "", "", "", "", "", ""]]));
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect((await call("GET", `/api/knowledge/${own.body.ids[0]}`, cast.handlerA.token)).body.unitId).toBe(cast.unitA.id);
    const other = await upload("/api/knowledge/import", cast.handlerA.token, await sheet([HEADER, ["faq", "替别人写", "<p>内容乙</p>", "", "", cast.unitB.name, "", "", ""]]));
    expect(other.status).toBe(403);
  });
});

describe("dispatch catalogue: xlsx import and export", () => {
  it("imports items by unit and category names, a row with 条目编号 is a new version; exports them back", async () => {
    const { cast } = file;
    const cat = await call("POST", "/api/categories", file.t.adminToken, { name: "供水" });
    expect(cat.status).toBe(201);
    const existing = await call("POST", "/api/dispatch-catalogue", cast.supervisor.token, { categoryId: cat.body.id, leadUnitId: cast.unitA.id, dutyText: "住建局负责城市供水" });
    const bytes = await sheet([
      ["条目编号", "分类", "区域关键词", "主办单位", "协办单位", "职责依据"],
      [String(existing.body.id), "供水", "", cast.unitA.name, "", "住建局负责城市供水（修订）"],
      ["", "供水", "城关、幸福路", cast.unitB.name, cast.unitA.name, "街道负责辖区内二次供水协调"],
    ]);
    const res = await upload("/api/dispatch-catalogue/import", cast.supervisor.token, bytes);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ rows: 2, created: 1, updated: 1 });
    const updated = await call("GET", `/api/dispatch-catalogue/${existing.body.id}`, cast.dispatcher.token);
    expect(updated.body).toMatchObject({ version: 2, dutyText: "住建局负责城市供水（修订）" });
    expect(updated.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const created = await call("GET", `/api/dispatch-catalogue/${res.body.ids[1]}`, cast.dispatcher.token);
    expect(created.body).toMatchObject({ leadUnitId: cast.unitB.id, coUnitIds: [cast.unitA.id], areaKeywords: ["城关", "幸福路"] });
    // The imported item routes: a ticket in 城关 goes to the street office first.
    const lookup = await call("GET", `/api/dispatch-catalogue/lookup?categoryId=${cat.body.id}&address=${encodeURIComponent("城关幸福路3号")}`, cast.dispatcher.token);
    expect(lookup.body.items[0]).toMatchObject({ unitId: cast.unitB.id, role: "lead" });

    const out = await download("/api/dispatch-catalogue/export.xlsx", cast.dispatcher.token);
    expect(out.status).toBe(200);
    expect(out.rows[0]).toEqual(expect.arrayContaining(["条目编号", "分类编号", "主办单位编号", "协办单位编号", "职责依据", "版本"]));
    expect(out.rows.some((r) => r.includes("街道负责辖区内二次供水协调"))).toBe(true);
    // The export imports again as new versions of the same items.
    const file2 = await fetch(file.t.url + "/api/dispatch-catalogue/export.xlsx", { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    const again = await upload("/api/dispatch-catalogue/import", cast.supervisor.token, Buffer.from(await file2.arrayBuffer()));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.created).toBe(0);
    expect(again.body.updated).toBe(out.rows.length - 1);
    expect((await upload("/api/dispatch-catalogue/import", cast.dispatcher.token, bytes)).status).toBe(403);
  });

  it("a bad row → 400 naming row and field, nothing imported", async () => {
    const { cast } = file;
    const before = await file.t.server.ctx.db.selectFrom("dispatch_catalogue_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const res = await upload(
      "/api/dispatch-catalogue/import",
      cast.supervisor.token,
      await sheet([
        ["条目编号", "分类", "主办单位", "协办单位编号", "职责依据"],
        ["", "供水", cast.unitA.name, "", "正常"],
        ["", "没有的分类", cast.unitA.name, "", "分类错"],
        ["", "供水", "不存在的单位", "", "单位错"],
        ["", "供水", cast.unitA.name, "999999", "协办错"],
        ["", "供水", cast.unitA.name, "", ""],
        ["424242", "供水", cast.unitA.name, "", "条目不存在"],
      ]),
    );
    expect(res.status).toBe(400);
    expect((res.body.error.fields as Array<{ field: string }>).map((f) => f.field)).toEqual(
      expect.arrayContaining(["rows.3.category", "rows.4.leadUnit", "rows.5.coUnitIds", "rows.6.dutyText", "rows.7.id"]),
    );
    const after = await file.t.server.ctx.db.selectFrom("dispatch_catalogue_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
