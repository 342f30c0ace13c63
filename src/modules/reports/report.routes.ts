import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { actorOf } from "../../http/auth.js";
import { dbIdQuery, errorResponses, idParam, isoDate, okResponse } from "../../http/schemas.js";
import { listEntries } from "./appraisal-entries.repository.js";
import { APPRAISAL_EDIT_ACCESS, REPORT_ACCESS, requireAppraisalEditor } from "./report.policy.js";
import {
  APPRAISAL_DRILLS,
  appraisalQuery,
  appraisalView,
  drillView,
  entryBody,
  entryView,
  group,
  month,
  ratesQuery,
  ratesReportView,
  tierBody,
  yearEndBody,
} from "./report.schemas.js";
import { drillReport } from "./use-cases/drill-report.js";
import { getAnnualAppraisal } from "./use-cases/get-annual-appraisal.js";
import { getAppraisalReport } from "./use-cases/get-appraisal-report.js";
import { getPersonPoints } from "./use-cases/get-person-points.js";
import { getRatesReport } from "./use-cases/get-rates-report.js";
import { deleteAppraisalEntry, saveAppraisalEntry } from "./use-cases/save-appraisal-entry.js";
import { saveYearEndScores, setVolumeTier } from "./use-cases/save-appraisal-settings.js";

/** Rates, the Linshu appraisal, per-person points and the center's appraisal entries (docs/API.md "Reports"). */
export async function reportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["reports"];
  // Reports read from the replica when there is one (DATABASE_REPLICA_URL): computed at a period's
  // cut-off, they do not need the last second. The center's own entries stay on the primary.
  const reads = { ...ctx, db: ctx.readDb };

  r.get(
    "/api/reports/rates",
    {
      config: { access: REPORT_ACCESS },
      schema: {
        tags,
        summary: "Rates per unit, category or region at the period's cut-off; with drill=<indicator> the tickets behind a number",
        querystring: ratesQuery,
        response: { 200: z.union([ratesReportView, drillView]), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { drill, ...q } = request.query;
      if (drill) return drillReport(reads, actor, { ...q, indicator: drill });
      return getRatesReport(reads, actor, q);
    },
  );

  r.get(
    "/api/reports/appraisal",
    {
      config: { access: REPORT_ACCESS },
      schema: {
        tags,
        summary: "Linshu monthly appraisal (rule 35), towns or departments; with drill=<indicator>&unitId= the tickets behind a score",
        querystring: appraisalQuery,
        response: { 200: z.union([appraisalView, drillView]), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      if (q.drill) {
        return drillReport(reads, actor, {
          month: q.month,
          groupBy: "unit",
          unitId: q.unitId,
          key: q.unitId === undefined ? undefined : String(q.unitId),
          indicator: APPRAISAL_DRILLS[q.drill],
          part: "numerator",
          limit: q.limit,
          cursor: q.cursor,
        });
      }
      return getAppraisalReport(reads, actor, { month: q.month, group: q.group });
    },
  );

  r.get(
    "/api/reports/appraisal/annual",
    {
      config: { access: REPORT_ACCESS },
      schema: {
        tags,
        summary: "Annual appraisal: 80 % monthly average + 20 % year-end items",
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100), group }),
        response: { 200: z.looseObject({ formulaVersion: z.string(), rows: z.array(z.looseObject({})) }), ...errorResponses },
      },
    },
    async (request) => getAnnualAppraisal(reads, actorOf(request), request.query),
  );

  r.get(
    "/api/reports/person-points",
    {
      schema: {
        tags,
        summary: "Per-person points of handlers (rule 36)",
        querystring: z.object({ month: month.optional(), from: isoDate.optional(), to: isoDate.optional(), unitId: dbIdQuery.optional() }),
        response: { 200: z.looseObject({ formulaVersion: z.string(), rows: z.array(z.looseObject({})) }), ...errorResponses },
      },
    },
    async (request) => getPersonPoints(reads, actorOf(request), request.query),
  );

  r.get(
    "/api/reports/appraisal/entries",
    {
      config: { access: APPRAISAL_EDIT_ACCESS },
      schema: {
        tags,
        summary: "Supervision deductions and other items the center entered for a month",
        querystring: z.object({ month, unitId: dbIdQuery.optional() }),
        response: { 200: z.array(entryView), ...errorResponses },
      },
    },
    async (request) => {
      requireAppraisalEditor(actorOf(request));
      return listEntries(ctx.db, request.query.month, request.query.unitId);
    },
  );

  r.post(
    "/api/reports/appraisal/entries",
    { config: { access: APPRAISAL_EDIT_ACCESS }, schema: { tags, summary: "Enter a supervision deduction or another appraisal item (admin, supervisor)", body: entryBody, response: { 201: entryView, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await saveAppraisalEntry(ctx, actorOf(request), request.body)),
  );

  r.delete(
    "/api/reports/appraisal/entries/:id",
    { config: { access: APPRAISAL_EDIT_ACCESS }, schema: { tags, summary: "Remove an entry made in error", params: idParam, response: { 200: okResponse, ...errorResponses } } },
    async (request) => {
      await deleteAppraisalEntry(ctx, actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  r.put(
    "/api/reports/appraisal/tiers",
    { config: { access: APPRAISAL_EDIT_ACCESS }, schema: { tags, summary: "Set (or clear with null) a department's volume tier 10/8/6/4/2 for a month", body: tierBody, response: { 200: okResponse, ...errorResponses } } },
    async (request) => {
      await setVolumeTier(ctx, actorOf(request), request.body);
      return { ok: true as const };
    },
  );

  r.put(
    "/api/reports/appraisal/year-end",
    { config: { access: APPRAISAL_EDIT_ACCESS }, schema: { tags, summary: "Enter a unit's year-end items (20 % of the annual score)", body: yearEndBody, response: { 200: okResponse, ...errorResponses } } },
    async (request) => {
      await saveYearEndScores(ctx, actorOf(request), request.body);
      return { ok: true as const };
    },
  );
}
