import ExcelJS from "exceljs";
import { DomainError, invalidFields } from "../../../domain/errors.js";
import { shanghaiDate } from "../../../domain/calendar/calendar.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { ensureCenterWords, loadCenterWords } from "../knowledge-words.js";
import { visibilityOf } from "../knowledge.policy.js";
import { createEntryBody, KNOWLEDGE_KINDS, type CreateEntryInput } from "../knowledge.schemas.js";
import { listEntries } from "../knowledge-search.js";
import { checkCatalogueInput, requireEditor, writeCatalogueItem, type CatalogueInput } from "./save-catalogue.js";
import { checkNewEntry, insertEntry, type KnowledgeDeps } from "./save-entry.js";

/**
 * Import and export of the knowledge base and the dispatch catalogue as xlsx (issue 14 "Import/export",
 * docs/KNOWLEDGE.md "Import and export"), so a center can move its existing books in and out. The export's
 * columns are the import's: a file exported, edited and imported again works. Every row of an import is
 * checked first; any bad row → 400 naming each row and field (`rows.<n>.<field>`, n = the sheet's row
 * number), and nothing from the file is written. Otherwise the whole file goes in one transaction.
 */

/** The most rows one file may carry. */
export const MAX_IMPORT_ROWS = 5_000;

const KIND_LABELS: Record<(typeof KNOWLEDGE_KINDS)[number], string> = { policy: "政策", procedure: "办事流程", faq: "常见问答", contact: "单位联系方式", scope: "受理范围" };
const SCOPE_LABELS = { accept: "受理", reject: "不予受理" } as const;

interface Column {
  key: string;
  header: string;
  width: number;
}

/** The entries sheet: header (Chinese) and the field each column fills. */
const ENTRY_COLUMNS: Column[] = [
  { key: "id", header: "编号", width: 8 },
  { key: "kind", header: "类型", width: 12 },
  { key: "scopeType", header: "受理范围类型", width: 12 },
  { key: "title", header: "标题", width: 40 },
  { key: "body", header: "正文", width: 60 },
  { key: "answer", header: "答复口径", width: 40 },
  { key: "categoryId", header: "分类编号", width: 10 },
  { key: "category", header: "分类", width: 16 },
  { key: "unitId", header: "单位编号", width: 10 },
  { key: "unit", header: "单位", width: 20 },
  { key: "tags", header: "标签", width: 20 },
  { key: "validFrom", header: "生效日期", width: 12 },
  { key: "validTo", header: "失效日期", width: 12 },
  { key: "sourceName", header: "来源文件", width: 20 },
  { key: "status", header: "状态", width: 10 },
  { key: "version", header: "版本", width: 8 },
];

const CATALOGUE_COLUMNS: Column[] = [
  { key: "id", header: "条目编号", width: 10 },
  { key: "categoryId", header: "分类编号", width: 10 },
  { key: "category", header: "分类", width: 16 },
  { key: "areaKeywords", header: "区域关键词", width: 24 },
  { key: "townUnitId", header: "属地单位编号", width: 12 },
  { key: "townUnit", header: "属地单位", width: 20 },
  { key: "leadUnitId", header: "主办单位编号", width: 12 },
  { key: "leadUnit", header: "主办单位", width: 20 },
  { key: "coUnitIds", header: "协办单位编号", width: 14 },
  { key: "coUnits", header: "协办单位", width: 24 },
  { key: "dutyText", header: "职责依据", width: 60 },
  { key: "version", header: "版本", width: 8 },
];

const LIST_SEPARATOR = "、";
const splitList = (v: string) => v.split(/[、,，;；\s]+/).map((x) => x.trim()).filter(Boolean);

/** A sheet as plain rows (sheet row number → column key → trimmed text), the header matched by its text. */
interface SheetRow {
  row: number;
  cells: Record<string, string>;
}
type Problem = { field: string; message: string };

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((t) => t.text).join("").trim();
    if ("text" in v) return String(v.text).trim();
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    return "";
  }
  return String(v).trim();
}

async function readSheet(file: Buffer, columns: Column[], required: string[]): Promise<{ rows: SheetRow[]; problems: Problem[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { rows: [], problems: [{ field: "file", message: "file: not an xlsx workbook" }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], problems: [{ field: "file", message: "file: the workbook has no sheet" }] };
  const byHeader = new Map(columns.flatMap((c) => [[c.header, c.key], [c.key.toLowerCase(), c.key]] as Array<[string, string]>));
  const at = new Map<number, string>();
  ws.getRow(1).eachCell((cell, col) => {
    const key = byHeader.get(cellText(cell.value)) ?? byHeader.get(cellText(cell.value).toLowerCase());
    if (key) at.set(col, key);
  });
  const present = new Set(at.values());
  const missing = required.filter((k) => !present.has(k));
  if (missing.length > 0) {
    return { rows: [], problems: missing.map((k) => ({ field: `file.${k}`, message: `file: no column ${columns.find((c) => c.key === k)!.header} (${k})` })) };
  }
  const rows: SheetRow[] = [];
  let tooMany = false;
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const cells: Record<string, string> = {};
    for (const [col, key] of at) cells[key] = cellText(row.getCell(col).value);
    if (Object.values(cells).every((v) => v === "")) return;
    if (rows.length >= MAX_IMPORT_ROWS) tooMany = true;
    else rows.push({ row: n, cells });
  });
  if (tooMany) return { rows: [], problems: [{ field: "file", message: `file: more than ${MAX_IMPORT_ROWS} rows` }] };
  if (rows.length === 0) return { rows: [], problems: [{ field: "file", message: "file: no rows below the header" }] };
  return { rows, problems: [] };
}

const problem = (row: number, field: string, message: string): Problem => ({ field: `rows.${row}.${field}`, message: `row ${row}, ${field}: ${message}` });

function fail(problems: Problem[]): never {
  throw invalidFields(problems.slice(0, 50), problems.length > 50 ? `${problems.slice(0, 50).map((p) => p.message).join("; ")}; and ${problems.length - 50} more` : undefined);
}

/** Names → ids (exact match), ambiguous names reported as such. */
function nameIndex(rows: ReadonlyArray<{ id: number; name: string }>): (name: string) => number | "none" | "ambiguous" {
  const m = new Map<string, number[]>();
  for (const r of rows) m.set(r.name, [...(m.get(r.name) ?? []), r.id]);
  return (name) => {
    const ids = m.get(name) ?? [];
    return ids.length === 1 ? ids[0]! : ids.length === 0 ? "none" : "ambiguous";
  };
}

/** An id column, or else the name column resolved; a problem pushed when neither works. */
function resolveRef(r: SheetRow, idKey: string, nameKey: string, ids: Set<number>, byName: (n: string) => number | "none" | "ambiguous", problems: Problem[]): number | null | undefined {
  const idText = r.cells[idKey] ?? "";
  const name = r.cells[nameKey] ?? "";
  if (idText) {
    if (!/^\d{1,9}$/.test(idText) || !ids.has(Number(idText))) {
      problems.push(problem(r.row, idKey, `no such id "${idText}"`));
      return undefined;
    }
    return Number(idText);
  }
  if (!name) return null;
  const id = byName(name);
  if (id === "none") problems.push(problem(r.row, nameKey, `no such name "${name}"`));
  else if (id === "ambiguous") problems.push(problem(r.row, nameKey, `"${name}" names more than one; give ${idKey}`));
  else return id;
  return undefined;
}

async function workbook(sheetName: string, columns: Column[], rows: Array<Record<string, string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The categories and units an exchange names, with id → name maps for the exports. */
async function orgNames(db: KnowledgeDeps["db"]) {
  const [categories, units] = await Promise.all([
    db.selectFrom("categories").select(["id", "name"]).execute(),
    db.selectFrom("units").select(["id", "name"]).execute(),
  ]);
  return { categories, units, cat: new Map(categories.map((c) => [c.id, c.name])), unit: new Map(units.map((u) => [u.id, u.name])) };
}

/** The entries the actor may see (reviewers: every status but retired), as the import reads them. */
export async function exportEntries(deps: KnowledgeDeps, actor: Actor): Promise<Buffer> {
  const today = shanghaiDate(deps.clock.now());
  const ids = (await listEntries(deps.db, { visibility: visibilityOf(actor), today, limit: 100_000 })).map((r) => r.id);
  const [entries, { cat, unit }] = await Promise.all([
    ids.length ? deps.db.selectFrom("knowledge_entries").selectAll().where("id", "in", ids).orderBy("id").execute() : Promise.resolve([]),
    orgNames(deps.db),
  ]);
  await writeAudit(deps.db, { at: deps.clock.now(), actorId: actor.id, action: "export.report", targetType: "knowledge_entries", data: { entries: entries.length } });
  return workbook(
    "知识库",
    ENTRY_COLUMNS,
    entries.map((e) => ({
      id: e.id,
      kind: KIND_LABELS[e.kind as keyof typeof KIND_LABELS] ?? e.kind,
      scopeType: e.scope_type ? SCOPE_LABELS[e.scope_type as keyof typeof SCOPE_LABELS] : "",
      title: e.title,
      body: e.body,
      answer: e.answer ?? "",
      categoryId: e.category_id ?? "",
      category: e.category_id ? (cat.get(e.category_id) ?? "") : "",
      unitId: e.unit_id ?? "",
      unit: e.unit_id ? (unit.get(e.unit_id) ?? "") : "",
      tags: e.tags.join(LIST_SEPARATOR),
      validFrom: e.valid_from ?? "",
      validTo: e.valid_to ?? "",
      sourceName: e.source_name ?? "",
      status: e.status,
      version: e.live_version,
    })),
  );
}

const kindOf = (v: string) => (KNOWLEDGE_KINDS as readonly string[]).includes(v) ? v : Object.entries(KIND_LABELS).find(([, label]) => label === v)?.[0];
const scopeOf = (v: string) => (v === "accept" || v === "reject" ? v : Object.entries(SCOPE_LABELS).find(([, label]) => label === v)?.[0]);

/**
 * Imports entries: each row is a new entry, submitted by the importer as createEntry would (a draft with a
 * pending publish task: the center's review still applies, rule 38). The columns 编号, 状态 and 版本 of an
 * export are ignored. A unit user imports entries of the own unit only (another unit's row → 403).
 */
export async function importEntries(deps: KnowledgeDeps, actor: Actor, file: Buffer): Promise<{ rows: number; imported: number; ids: number[] }> {
  const { rows, problems } = await readSheet(file, ENTRY_COLUMNS, ["title", "body", "kind"]);
  if (problems.length > 0) fail(problems);
  const { categories, units } = await orgNames(deps.db);
  const catIds = new Set(categories.map((c) => c.id));
  const unitIds = new Set(units.map((u) => u.id));
  const catByName = nameIndex(categories);
  const unitByName = nameIndex(units);
  await ensureCenterWords(deps.db);
  const checked: Array<Awaited<ReturnType<typeof checkNewEntry>> & { sourceName: string | null; row: number }> = [];
  for (const r of rows) {
    const c = r.cells;
    const before = problems.length;
    const kind = kindOf(c.kind ?? "");
    if (!kind) problems.push(problem(r.row, "kind", `"${c.kind ?? ""}" is not one of ${KNOWLEDGE_KINDS.join(", ")} (${Object.values(KIND_LABELS).join("、")})`));
    const scopeType = c.scopeType ? scopeOf(c.scopeType) : undefined;
    if (c.scopeType && !scopeType) problems.push(problem(r.row, "scopeType", `"${c.scopeType}" is not accept/reject (受理/不予受理)`));
    const categoryId = resolveRef(r, "categoryId", "category", catIds, catByName, problems);
    const unitId = resolveRef(r, "unitId", "unit", unitIds, unitByName, problems);
    const input = {
      title: c.title ?? "",
      body: c.body ?? "",
      kind,
      ...(scopeType ? { scopeType } : {}),
      ...(c.answer ? { answer: c.answer } : {}),
      ...(categoryId !== undefined ? { categoryId } : {}),
      ...(unitId !== undefined && (unitId !== null || c.unitId || c.unit) ? { unitId } : {}),
      ...(c.tags ? { tags: splitList(c.tags) } : {}),
      ...(c.validFrom ? { validFrom: c.validFrom } : {}),
      ...(c.validTo ? { validTo: c.validTo } : {}),
      ...(c.sourceName ? { sourceName: c.sourceName } : {}),
    };
    const parsed = createEntryBody.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "row");
        if (field === "kind" && !kind) continue;
        problems.push(problem(r.row, field, issue.message));
      }
    }
    if (problems.length > before || !parsed.success) continue;
    try {
      checked.push({ ...(await checkNewEntry(deps.db, actor, parsed.data as CreateEntryInput)), sourceName: parsed.data.sourceName ?? null, row: r.row });
    } catch (err) {
      if (err instanceof DomainError && err.code === "FORBIDDEN") throw new DomainError("FORBIDDEN", `row ${r.row}, unitId: ${err.message}`);
      if (err instanceof DomainError && err.code === "VALIDATION_FAILED") problems.push(problem(r.row, err.field ?? "row", err.message.replace(/^[^:]*: /, "")));
      else throw err;
    }
  }
  if (problems.length > 0) fail(problems);
  const now = deps.clock.now();
  const ids = await deps.db.transaction().execute(async (trx) => {
    const out: number[] = [];
    for (const e of checked) out.push((await insertEntry(trx, actor, e.fields, e.unitId, e.sourceName, now, { importedRow: e.row })).id);
    await writeAudit(trx, { at: now, actorId: actor.id, action: "knowledge.imported", targetType: "knowledge_entry", data: { rows: rows.length, ids: out } });
    return out;
  });
  return { rows: rows.length, imported: ids.length, ids };
}

/** The catalogue's active items, as the import reads them. */
export async function exportCatalogue(deps: KnowledgeDeps, actor: Actor): Promise<Buffer> {
  const [items, { cat, unit }] = await Promise.all([
    deps.db.selectFrom("dispatch_catalogue").selectAll().where("status", "=", "active").orderBy("id").execute(),
    orgNames(deps.db),
  ]);
  await writeAudit(deps.db, { at: deps.clock.now(), actorId: actor.id, action: "export.report", targetType: "dispatch_catalogue", data: { items: items.length } });
  return workbook(
    "派单口径",
    CATALOGUE_COLUMNS,
    items.map((i) => ({
      id: i.id,
      categoryId: i.category_id,
      category: cat.get(i.category_id) ?? "",
      areaKeywords: i.area_keywords.join(LIST_SEPARATOR),
      townUnitId: i.town_unit_id ?? "",
      townUnit: i.town_unit_id ? (unit.get(i.town_unit_id) ?? "") : "",
      leadUnitId: i.lead_unit_id,
      leadUnit: unit.get(i.lead_unit_id) ?? "",
      coUnitIds: i.co_unit_ids.join(LIST_SEPARATOR),
      coUnits: i.co_unit_ids.map((u) => unit.get(u) ?? String(u)).join(LIST_SEPARATOR),
      dutyText: i.duty_text,
      version: i.version,
    })),
  );
}

/**
 * Imports catalogue items (admin, supervisor): a row with 条目编号 is a new version of that item, a row
 * without one a new item. Units and categories by id or else by exact name.
 */
export async function importCatalogue(deps: KnowledgeDeps, actor: Actor, file: Buffer): Promise<{ rows: number; created: number; updated: number; ids: number[] }> {
  requireEditor(actor);
  const { rows, problems } = await readSheet(file, CATALOGUE_COLUMNS, ["dutyText"]);
  if (problems.length > 0) fail(problems);
  const [{ categories, units }, existing] = await Promise.all([orgNames(deps.db), deps.db.selectFrom("dispatch_catalogue").select("id").execute()]);
  const catIds = new Set(categories.map((c) => c.id));
  const unitIds = new Set(units.map((u) => u.id));
  const itemIds = new Set(existing.map((i) => i.id));
  const catByName = nameIndex(categories);
  const unitByName = nameIndex(units);
  const checked: Array<{ input: CatalogueInput; id?: number }> = [];
  const seenIds = new Set<number>();
  for (const r of rows) {
    const c = r.cells;
    const before = problems.length;
    let id: number | undefined;
    if (c.id) {
      if (!/^\d{1,9}$/.test(c.id) || !itemIds.has(Number(c.id))) problems.push(problem(r.row, "id", `no catalogue item "${c.id}"`));
      else if (seenIds.has(Number(c.id))) problems.push(problem(r.row, "id", `item ${c.id} is on more than one row`));
      else seenIds.add((id = Number(c.id)));
    }
    const categoryId = resolveRef(r, "categoryId", "category", catIds, catByName, problems);
    if (categoryId === null) problems.push(problem(r.row, "categoryId", "is required (分类编号 or 分类)"));
    const leadUnitId = resolveRef(r, "leadUnitId", "leadUnit", unitIds, unitByName, problems);
    if (leadUnitId === null) problems.push(problem(r.row, "leadUnitId", "is required (主办单位编号 or 主办单位)"));
    const townUnitId = resolveRef(r, "townUnitId", "townUnit", unitIds, unitByName, problems);
    const coUnitIds: number[] = [];
    if (c.coUnitIds) {
      for (const t of splitList(c.coUnitIds)) {
        if (!/^\d{1,9}$/.test(t) || !unitIds.has(Number(t))) problems.push(problem(r.row, "coUnitIds", `no unit "${t}"`));
        else coUnitIds.push(Number(t));
      }
    } else if (c.coUnits) {
      for (const t of splitList(c.coUnits)) {
        const u = unitByName(t);
        if (typeof u === "number") coUnitIds.push(u);
        else problems.push(problem(r.row, "coUnits", u === "none" ? `no such name "${t}"` : `"${t}" names more than one; give coUnitIds`));
      }
    }
    const dutyText = c.dutyText ?? "";
    if (!dutyText) problems.push(problem(r.row, "dutyText", "is required (职责依据)"));
    else if (dutyText.length > 4000) problems.push(problem(r.row, "dutyText", "is longer than 4000 characters"));
    const areaKeywords = c.areaKeywords ? splitList(c.areaKeywords) : [];
    if (areaKeywords.some((k) => k.length > 30) || areaKeywords.length > 50) problems.push(problem(r.row, "areaKeywords", "at most 50 words of up to 30 characters"));
    if (problems.length > before) continue;
    const input: CatalogueInput = { categoryId: categoryId!, leadUnitId: leadUnitId!, townUnitId: townUnitId ?? null, coUnitIds, dutyText, areaKeywords };
    try {
      await checkCatalogueInput(deps.db, input);
      checked.push({ input, ...(id !== undefined ? { id } : {}) });
    } catch (err) {
      if (err instanceof DomainError && err.code === "VALIDATION_FAILED") problems.push(problem(r.row, err.field ?? "row", err.message.replace(/^[^:]*: /, "")));
      else throw err;
    }
  }
  if (problems.length > 0) fail(problems);
  const now = deps.clock.now();
  const ids = await deps.db.transaction().execute(async (trx) => {
    const out: number[] = [];
    for (const c of checked) out.push((await writeCatalogueItem(trx, actor, c.input, now, c.id)).id);
    await writeAudit(trx, { at: now, actorId: actor.id, action: "catalogue.imported", targetType: "dispatch_catalogue", data: { rows: rows.length, ids: out } });
    return out;
  });
  await loadCenterWords(deps.db);
  const updated = checked.filter((c) => c.id !== undefined).length;
  return { rows: rows.length, created: checked.length - updated, updated, ids };
}
