import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { AppContext } from "../../../app-context.js";
import type { TicketRow } from "../../../db/schema.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import type { TicketListFilter } from "../../tickets/ticket.query.js";
import { maskPhone } from "../../tickets/ticket.presenter.js";
import { maySeePhone } from "../../tickets/ticket.policy.js";
import { DATE_CELL_FORMAT, EXPORT_FIELDS, shanghaiCell, type ExportContext } from "../export-fields.js";
import { ticketBatches } from "../ticket-batches.js";

/** `readDb` (the replica, when there is one) serves the rows; the audit record goes to `db`. */
type Deps = Pick<AppContext, "db" | "clock" | "logger"> & { readDb?: AppContext["readDb"] };

/** A streamed export and how to name it. */
export interface TicketExport {
  stream: Readable;
  filename: string;
  contentType: string;
}

async function exportContext(deps: Deps, actor: Actor): Promise<ExportContext> {
  const [units, categories] = await Promise.all([
    (deps.readDb ?? deps.db).selectFrom("units").select(["id", "name"]).execute(),
    (deps.readDb ?? deps.db).selectFrom("categories").select(["id", "name"]).execute(),
  ]);
  const full = maySeePhone(actor);
  return {
    unitNames: new Map(units.map((u) => [u.id, u.name])),
    categoryNames: new Map(categories.map((c) => [c.id, c.name])),
    // rule 40 / docs/API.md: phones masked unless the viewer's roles may see them
    phone: (t: TicketRow) => (full ? t.requester_phone : maskPhone(t.requester_phone)),
  };
}

/** A CSV cell: quoted when needed, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
function csvCell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Exports the tickets of a list filter as xlsx or csv (docs/RULES.md rule 40) with the chosen fields and
 * Chinese headers. Streamed: rows are read in keyset batches and written as they come, so a 100 k-row
 * export never holds its rows in memory. Every export is audited: who, filters, fields, row count.
 */
export async function exportTickets(deps: Deps, actor: Actor, format: "xlsx" | "csv", fields: string[], filter: TicketListFilter): Promise<TicketExport> {
  const ctx = await exportContext(deps, actor);
  const now = deps.clock.now();
  const audit = (rowCount: number, completed: boolean) =>
    writeAudit(deps.db, { at: deps.clock.now(), actorId: actor.id, action: "export.tickets", targetType: "tickets", data: { format, fields, filter: { ...filter }, rowCount, completed } });
  const values = (t: TicketRow) => fields.map((f) => EXPORT_FIELDS[f].value(t, ctx));
  const stamp = now.toISOString().slice(0, 10).replace(/-/g, "");
  // The first batch is read before the first byte: a filter the list query refuses, or a database
  // error, is an error answer (400, 500), never a 200 whose stream is then cut.
  const source = ticketBatches(deps.readDb ?? deps.db, actor, filter, now);
  const first = await source.next();
  async function* batches(): AsyncGenerator<TicketRow[]> {
    if (first.done) return;
    yield first.value;
    yield* source;
  }

  if (format === "csv") {
    async function* lines(): AsyncGenerator<string> {
      let rows = 0;
      let completed = false;
      try {
        yield `\uFEFF${fields.map((f) => csvCell(EXPORT_FIELDS[f].header)).join(",")}\r\n`; // BOM: Excel opens UTF-8 Chinese
        for await (const batch of batches()) {
          yield batch.map((t) => `${values(t).map(csvCell).join(",")}\r\n`).join("");
          rows += batch.length;
        }
        completed = true;
      } finally {
        await audit(rows, completed);
      }
    }
    return { stream: Readable.from(lines()), filename: `工单导出-${stamp}.csv`, contentType: "text/csv; charset=utf-8" };
  }

  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  // Issue 18: a frozen header row, an autofilter over the columns, and real date cells.
  const sheet = workbook.addWorksheet("工单", { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
  sheet.columns = fields.map((f) => ({
    header: EXPORT_FIELDS[f].header,
    key: f,
    width: EXPORT_FIELDS[f].width,
    ...(EXPORT_FIELDS[f].date && { style: { numFmt: DATE_CELL_FORMAT } }),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: fields.length } };
  const cells = (t: TicketRow) => fields.map((f) => (EXPORT_FIELDS[f].date ? shanghaiCell(EXPORT_FIELDS[f].date!(t)) : EXPORT_FIELDS[f].value(t, ctx)));
  const write = async () => {
    let rows = 0;
    try {
      for await (const batch of batches()) {
        for (const t of batch) sheet.addRow(cells(t)).commit();
        rows += batch.length;
        // let a slow client set the pace; stop when it has gone away
        if (out.writableNeedDrain) await Promise.race([once(out, "drain"), once(out, "close")]);
        if (out.destroyed) throw new Error("the client closed the export");
      }
      await audit(rows, true);
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      deps.logger.error({ err }, "ticket export failed");
      await audit(rows, false).catch(() => undefined);
      out.destroy(err as Error);
    }
  };
  void write();
  return { stream: out, filename: `工单导出-${stamp}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
}
