import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, fileResponse } from "../../http/schemas.js";
import { parseStatusList, ticketFilterQuery } from "../tickets/ticket.schemas.js";
import { group, month, ratesQuery } from "../reports/report.schemas.js";
import { EXPORT_FIELDS, parseFields } from "./export-fields.js";
import { exportAppraisalReport, exportRatesReport } from "./use-cases/export-report.js";
import { exportTickets } from "./use-cases/export-tickets.js";

/** The ticket list's filters (docs/API.md) plus the fields to export. */
const ticketExportQuery = ticketFilterQuery.extend({
  fields: z.string().max(1000).optional().describe(`comma-separated: ${Object.keys(EXPORT_FIELDS).join(",")}`),
});


/** RFC 6266: a Chinese file name the browser keeps. */
function attachment(reply: FastifyReply, filename: string, contentType: string): FastifyReply {
  return reply
    .header("content-type", contentType)
    .header("content-disposition", `attachment; filename="export"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header("cache-control", "no-store");
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const xlsxFile = fileResponse("An xlsx workbook", [XLSX]);
const ticketFile = { xlsx: xlsxFile, csv: fileResponse("UTF-8 csv with a byte-order mark", ["text/csv"]) };

/** Exports (docs/RULES.md rule 40): tickets as xlsx/csv, streamed; reports as xlsx with the formula version. */
export async function exportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["exports"];

  for (const format of ["xlsx", "csv"] as const) {
    r.get(
      `/api/exports/tickets.${format}`,
      { schema: { tags, summary: `Tickets of the list filters as ${format}, chosen fields, Chinese headers, streamed and audited`, querystring: ticketExportQuery, response: { 200: ticketFile[format], ...errorResponses } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const { fields, status, ...filter } = request.query;
        const out = await exportTickets(ctx, actor, format, parseFields(fields), { ...filter, unitId: filter.unitId ?? filter.leadUnitId, status: parseStatusList(status) });
        return attachment(reply, out.filename, out.contentType).send(out.stream);
      },
    );
  }

  r.get(
    "/api/exports/rates.xlsx",
    { schema: { tags, summary: "The rates report as xlsx (formula version and settings in the 说明 sheet)", querystring: ratesQuery.omit({ drill: true, part: true, key: true, limit: true, cursor: true }), response: { 200: xlsxFile, ...errorResponses } } },
    async (request, reply) => {
      const out = await exportRatesReport(ctx, actorOf(request), request.query);
      return attachment(reply, out.filename, XLSX).send(out.body);
    },
  );

  r.get(
    "/api/exports/appraisal.xlsx",
    { schema: { tags, summary: "The Linshu appraisal ranking as xlsx", querystring: z.object({ month, group }), response: { 200: xlsxFile, ...errorResponses } } },
    async (request, reply) => {
      const out = await exportAppraisalReport(ctx, actorOf(request), request.query);
      return attachment(reply, out.filename, XLSX).send(out.body);
    },
  );
}
