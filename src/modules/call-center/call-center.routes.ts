import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { invalid } from "../../domain/errors.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, fileResponse } from "../../http/schemas.js";
import { writeAudit } from "../audit/audit.repository.js";
import { callCenterSettingsSchema } from "../../domain/call-center/call-center-settings.js";
import { loadCallCenterSettings, saveCallCenterSettings } from "./call-center-settings.repository.js";
import { CALL_LIST_ACCESS, FIGURES_ACCESS, IMPORT_CALLS_ACCESS, RECORD_CALL_ACCESS, SETTINGS_WRITE_ACCESS, seesAllOperators } from "./call-center.policy.js";
import * as s from "./call-center.schemas.js";
import { callView, presentCall } from "./call.presenter.js";
import { findCallListRow, listCalls } from "./call.repository.js";
import { getCallRates, getOperatorRates, period } from "./use-cases/call-figures.js";
import { ratesWorkbook } from "./use-cases/call-center-workbooks.js";
import { importCalls, recordCall } from "./use-cases/record-calls.js";
import { computeErlang, getStaffing } from "./use-cases/staffing.js";

const tags = ["call-center"];
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** A CSV import file may be much larger than the API's usual 2 MB body. */
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

/** The CSV text of an import request: a text/csv body, a JSON {csv}, or a multipart file. */
async function csvText(request: FastifyRequest): Promise<string> {
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: IMPORT_BODY_LIMIT } }).catch(() => undefined);
    if (!file) throw invalid("file", "send the CSV as a file part");
    return (await file.toBuffer()).toString("utf8");
  }
  const body = request.body;
  if (typeof body === "string") return body;
  if (body && typeof body === "object" && typeof (body as { csv?: unknown }).csv === "string") return (body as { csv: string }).csv;
  throw invalid("body", "send the CSV as text/csv, as JSON {csv}, or as a multipart file");
}

/**
 * The call center (docs/CALL-CENTER.md): call records from the telephone system, connection figures,
 * Erlang staffing and the day's forecast, and the settings. Quality inspection is in qa.routes.ts.
 */
export async function callCenterRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Its own scope: the text/csv parser applies to these routes only.
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(["text/csv", "text/plain"], { parseAs: "string", bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));
    const r = scoped.withTypeProvider<ZodTypeProvider>();

    r.post(
      "/api/calls",
      {
        config: { apiKeyScopes: ["calls"], access: RECORD_CALL_ACCESS },
        schema: {
          tags,
          summary: "Record a call from the telephone system (API key of scope calls, or admin); idempotent by externalId",
          body: s.recordCallBody,
          response: { 201: callView, 200: callView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const { call, created } = await recordCall(
          ctx.db,
          actorOf(request),
          {
            externalId: b.externalId,
            startedAt: new Date(b.startedAt),
            answeredAt: b.answeredAt ? new Date(b.answeredAt) : null,
            endedAt: new Date(b.endedAt),
            operator: b.operator ?? null,
            ticketId: b.ticketId ?? null,
            transferred: b.transferred ?? false,
            recordingUrl: b.recordingUrl ?? null,
          },
          ctx.clock.now(),
        );
        return reply.status(created ? 201 : 200).send(presentCall((await findCallListRow(ctx.db, call.id))!));
      },
    );

    r.post(
      "/api/calls/import",
      {
        config: { apiKeyScopes: ["calls"], access: IMPORT_CALLS_ACCESS },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: "Import calls from CSV (text/csv, JSON {csv} or a multipart file; header externalId,startedAt,answeredAt,endedAt,operator,ticketId[,transferred,recordingUrl]); a bad row → 400 naming it, nothing imported",
          response: { 201: s.importResponse, ...errorResponses, 413: errorResponses[400] },
        },
      },
      async (request, reply) => {
        const out = await importCalls(ctx.db, actorOf(request), await csvText(request), ctx.clock.now());
        return reply.status(201).send(out);
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/calls",
    {
      config: { access: CALL_LIST_ACCESS },
      schema: { tags, summary: "Calls, newest first (an operator sees their own)", querystring: s.callListQuery, response: { 200: z.object({ items: z.array(callView), nextCursor: z.string().nullable() }), ...errorResponses } },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const limit = q.limit ?? 50;
      let before: { at: Date; id: number } | undefined;
      if (q.cursor !== undefined) {
        const m = /^(\d{1,15})_(\d{1,10})$/.exec(q.cursor);
        if (!m) throw invalid("cursor", "is not a cursor this server gave out");
        before = { at: new Date(Number(m[1])), id: Number(m[2]) };
      }
      const range = q.from && q.to ? period(q.from, q.to) : undefined;
      const rows = await listCalls(ctx.db, {
        from: range?.start,
        to: range?.end,
        operatorId: seesAllOperators(actor) ? q.operatorId : actor.id,
        ticketId: q.ticketId,
        limit: limit + 1,
        before,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map(presentCall), nextCursor: rows.length > limit && last ? `${new Date(last.started_at).getTime()}_${last.id}` : null };
    },
  );

  r.get(
    "/api/call-center/rates",
    { config: { access: FIGURES_ACCESS }, schema: { tags, summary: "Connection figures (接通率, answered within target, ASA, abandonment) per hour or day", querystring: s.ratesQuery, response: { 200: s.ratesResponse, ...errorResponses } } },
    async (request) => getCallRates(ctx.db, request.query),
  );

  r.get(
    "/api/call-center/rates/operators",
    { config: { access: FIGURES_ACCESS }, schema: { tags, summary: "Per operator: calls answered, ASA, handling time", querystring: s.ratesQuery.omit({ interval: true }), response: { 200: s.operatorRatesResponse, ...errorResponses } } },
    async (request) => getOperatorRates(ctx.db, actorOf(request), request.query),
  );

  r.get(
    "/api/call-center/rates.xlsx",
    { config: { access: FIGURES_ACCESS }, schema: { tags, summary: "The connection figures as xlsx", querystring: s.ratesQuery, response: { 200: fileResponse("An xlsx workbook", [XLSX]), ...errorResponses } } },
    async (request, reply) => {
      const report = await getCallRates(ctx.db, request.query);
      await writeAudit(ctx.db, { at: ctx.clock.now(), actorId: actorOf(request).id, action: "export.report", targetType: "call_rates", data: { from: report.from, to: report.to } });
      return reply
        .header("content-type", XLSX)
        .header("content-disposition", `attachment; filename="call-rates.xlsx"; filename*=UTF-8''${encodeURIComponent(`接通率-${report.from}-${report.to}.xlsx`)}`)
        .header("cache-control", "no-store")
        .send(await ratesWorkbook(report));
    },
  );

  r.get(
    "/api/call-center/erlang-c",
    { config: { access: FIGURES_ACCESS }, schema: { tags, summary: "Erlang C (or A with patienceSeconds): fewest agents meeting the service level and the occupancy cap, and scheduled agents after shrinkage", querystring: s.erlangQuery, response: { 200: s.erlangResponse, ...errorResponses } } },
    async (request) => computeErlang(ctx, request.query),
  );

  r.get(
    "/api/call-center/staffing",
    { config: { access: FIGURES_ACCESS }, schema: { tags, summary: "The date's per-half-hour forecast from the call history, the agents each needs, and a shift plan", querystring: s.staffingQuery, response: { 200: s.staffingResponse, ...errorResponses } } },
    async (request) => getStaffing(ctx, request.query),
  );

  r.get(
    "/api/call-center/settings",
    { config: { access: FIGURES_ACCESS }, schema: { tags, summary: "The call center's targets, staffing defaults and QA form", response: { 200: s.settingsView, ...errorResponses } } },
    async () => loadCallCenterSettings(ctx.db),
  );

  r.put(
    "/api/call-center/settings",
    { config: { access: SETTINGS_WRITE_ACCESS }, schema: { tags, summary: "Change some settings (the rest stay); audited", body: s.settingsPatch, response: { 200: s.settingsView, ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      const now = ctx.clock.now();
      return ctx.db.transaction().execute(async (trx) => {
        const before = await loadCallCenterSettings(trx);
        const next = callCenterSettingsSchema.parse({ ...before, ...request.body, qaWeights: { ...before.qaWeights, ...(request.body.qaWeights ?? {}) } });
        if (Object.values(next.qaWeights).every((w) => w === 0)) throw invalid("qaWeights", "at least one weight must be above 0");
        await saveCallCenterSettings(trx, next, now, actor.id);
        await writeAudit(trx, { at: now, actorId: actor.id, action: "call_center.settings_changed", targetType: "call_center_settings", targetId: 1, data: { before, after: next } });
        return next;
      });
    },
  );
}
