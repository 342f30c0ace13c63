import ExcelJS from "exceljs";

/** One node of the category tree read from a taxonomy sheet (一级 → 二级 → 三级分类). */
export interface TaxonomyNode {
  name: string;
  children: TaxonomyNode[];
}

/** Text of a cell, trimmed of the full-width spaces and tabs the published sheets carry. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("").trim();
    if ("text" in value && typeof value.text === "string") return value.text.trim();
    if (value instanceof Date) return value.toISOString();
  }
  return String(value).replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
}

/**
 * Builds the category tree from rows of level names (first column = level 1). Blank cells inherit the
 * cell above (merged-cell style sheets), duplicates merge, order of first appearance is kept.
 */
export function buildTaxonomy(rows: ReadonlyArray<ReadonlyArray<string>>): TaxonomyNode[] {
  const roots: TaxonomyNode[] = [];
  const previous: string[] = [];
  for (const row of rows) {
    if (row.every((c) => c === "")) continue;
    const path: string[] = [];
    for (let level = 0; level < row.length; level++) {
      const laterFilled = row.slice(level + 1).some((c) => c !== "");
      const name = row[level] !== "" ? row[level] : laterFilled ? (previous[level] ?? "") : "";
      if (name === "") break;
      path.push(name);
    }
    let siblings = roots;
    for (const name of path) {
      let node = siblings.find((n) => n.name === name);
      if (!node) {
        node = { name, children: [] };
        siblings.push(node);
      }
      siblings = node.children;
    }
    path.forEach((name, i) => (previous[i] = name));
    previous.length = path.length;
  }
  return roots;
}

/** Reads the first sheet of a taxonomy xlsx (header row skipped) into a category tree. */
export async function readTaxonomyFile(file: string): Promise<TaxonomyNode[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error(`${file}: no worksheet`);
  const rows: string[][] = [];
  const width = sheet.columnCount;
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  });
  return buildTaxonomy(rows);
}

/** Counts the nodes of a tree, level by level (for reports: 15 / 118 / 517 in the Teddy Cup sheet). */
export function countLevels(nodes: readonly TaxonomyNode[]): number[] {
  const counts: number[] = [];
  const walk = (list: readonly TaxonomyNode[], depth: number): void => {
    for (const n of list) {
      counts[depth] = (counts[depth] ?? 0) + 1;
      walk(n.children, depth + 1);
    }
  };
  walk(nodes, 0);
  return counts;
}
