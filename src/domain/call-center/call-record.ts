import { z } from "zod";

/**
 * A call record as the telephone system reports it (docs/CALL-CENTER.md "Call records"): offered at
 * `startedAt`, answered at `answeredAt` by `operator` (a username) or abandoned (no answeredAt), ended at
 * `endedAt`, maybe transferred, maybe linked to the ticket it produced.
 */
export interface CallInput {
  externalId: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  operator: string | null;
  ticketId: number | null;
  transferred: boolean;
  recordingUrl: string | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** The order of a call's times: answered not before offered, ended not before answered or offered. */
export function callTimeProblems(c: Pick<CallInput, "startedAt" | "answeredAt" | "endedAt">): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (c.endedAt.getTime() < c.startedAt.getTime()) out.push({ field: "endedAt", message: "the call ends before it starts" });
  if (c.answeredAt) {
    if (c.answeredAt.getTime() < c.startedAt.getTime()) out.push({ field: "answeredAt", message: "the call is answered before it is offered" });
    else if (c.answeredAt.getTime() > c.endedAt.getTime()) out.push({ field: "answeredAt", message: "the call is answered after it ended" });
  }
  return out;
}

/** The CSV columns of an import (header row required; the order is free, unknown columns are refused). */
export const CSV_COLUMNS = ["externalId", "startedAt", "answeredAt", "endedAt", "operator", "ticketId", "transferred", "recordingUrl"] as const;
const REQUIRED = ["externalId", "startedAt", "endedAt"] as const;

const url = z.url({ protocol: /^https?$/ });

/**
 * Splits CSV text into rows of fields (RFC 4180: quotes, doubled quotes, CRLF or LF; a BOM is dropped).
 * Unquoted fields are sliced, not built character by character: a million-row file parses in seconds.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row: string[] = [];
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      let out = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          out += text.slice(j);
          j = n;
          break;
        }
        out += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          out += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      field = out;
      i = j;
      // Anything up to the next delimiter after a closing quote is kept as written.
      let k = i;
      while (k < n && text.charCodeAt(k) !== 44 && text.charCodeAt(k) !== 10 && text.charCodeAt(k) !== 13) k++;
      field += text.slice(i, k);
      i = k;
    } else {
      let k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === 44 || c === 10 || c === 13) break;
        k++;
      }
      field = text.slice(i, k);
      i = k;
    }
    row.push(field);
    const c = i < n ? text.charCodeAt(i) : -1;
    if (c === 44) {
      i++;
      if (i === n) row.push("");
    } else {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
      else if (c !== -1) i++;
      rows.push(row);
      row = [];
    }
  }
  if (row.length > 0) rows.push(row);
  return rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ""));
}

/** ISO 8601 with offset (what the API takes everywhere); checked by pattern and by Date, without zod per cell. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
function isIsoTime(v: string): boolean {
  if (!ISO_TIME.test(v)) return false;
  const y = Number(v.slice(0, 4));
  return y >= 2000 && y <= 2100 && !Number.isNaN(Date.parse(v));
}

export interface CsvCallRow {
  /** 1-based data row (the header is row 0), as the 400 names it. */
  row: number;
  externalId: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  operator: string | null;
  ticketId: number | null;
  transferred: boolean;
  recordingUrl: string | null;
}

/**
 * Reads an import file into call rows, or every problem found, each naming its row and field
 * (`rows.3.endedAt`). Operators and tickets are checked against the database by the use case.
 */
export function readCallCsv(text: string, maxRows: number): { rows: CsvCallRow[]; problems: FieldProblem[] } {
  const table = parseCsv(text);
  const problems: FieldProblem[] = [];
  if (table.length === 0) return { rows: [], problems: [{ field: "file", message: "the file is empty: send a header row and the calls" }] };
  const header = table[0]!.map((h) => h.trim());
  for (const h of header) if (!(CSV_COLUMNS as readonly string[]).includes(h)) problems.push({ field: "header", message: `unknown column "${h}" (columns: ${CSV_COLUMNS.join(", ")})` });
  for (const r of REQUIRED) if (!header.includes(r)) problems.push({ field: "header", message: `the column ${r} is missing` });
  if (problems.length > 0) return { rows: [], problems };
  if (table.length - 1 > maxRows) return { rows: [], problems: [{ field: "file", message: `at most ${maxRows} rows per file` }] };
  const rows: CsvCallRow[] = [];
  const seen = new Map<string, number>();
  for (let r = 1; r < table.length; r++) {
    const cells = table[r]!;
    const get = (col: string) => {
      const idx = header.indexOf(col);
      return idx < 0 ? "" : (cells[idx] ?? "").trim();
    };
    const bad = (field: string, message: string) => problems.push({ field: `rows.${r}.${field}`, message: `row ${r}, ${field}: ${message}` });
    const before = problems.length;
    if (cells.length !== header.length) bad("row", `has ${cells.length} fields, the header ${header.length}`);
    const externalId = get("externalId");
    if (!externalId || externalId.length > 100) bad("externalId", "is required (at most 100 characters)");
    else if (seen.has(externalId)) bad("externalId", `repeats row ${seen.get(externalId)}`);
    else seen.set(externalId, r);
    const time = (col: string, required: boolean): Date | null => {
      const v = get(col);
      if (!v) {
        if (required) bad(col, "is required");
        return null;
      }
      if (!isIsoTime(v)) {
        bad(col, "must be an ISO 8601 time with offset");
        return null;
      }
      return new Date(v);
    };
    const startedAt = time("startedAt", true);
    const answeredAt = time("answeredAt", false);
    const endedAt = time("endedAt", true);
    const operator = get("operator") || null;
    if (operator && operator.length > 100) bad("operator", "is too long");
    if (answeredAt && !operator) bad("operator", "an answered call names its operator");
    const ticketRaw = get("ticketId");
    const ticketId = ticketRaw ? Number(ticketRaw) : null;
    if (ticketRaw && !(Number.isInteger(ticketId) && ticketId! > 0 && ticketId! < 2 ** 31)) bad("ticketId", "must be a ticket id");
    const transferredRaw = get("transferred").toLowerCase();
    if (!["", "true", "false", "1", "0", "yes", "no"].includes(transferredRaw)) bad("transferred", "must be true or false");
    const recordingUrl = get("recordingUrl") || null;
    if (recordingUrl && (recordingUrl.length > 1000 || !url.safeParse(recordingUrl).success)) bad("recordingUrl", "must be an http(s) address");
    if (startedAt && endedAt) {
      for (const p of callTimeProblems({ startedAt, answeredAt, endedAt })) bad(p.field, p.message);
    }
    if (problems.length === before && startedAt && endedAt) {
      rows.push({ row: r, externalId, startedAt, answeredAt, endedAt, operator, ticketId, transferred: ["true", "1", "yes"].includes(transferredRaw), recordingUrl });
    }
    if (problems.length >= 200) break;
  }
  return { rows, problems };
}
