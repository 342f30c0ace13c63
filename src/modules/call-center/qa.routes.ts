import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { notFound } from "../../domain/errors.js";
import { actorOf } from "../../http/auth.js";
import { dbIdQuery, errorResponses, fileResponse, isoMonth } from "../../http/schemas.js";
import { writeAudit } from "../audit/audit.repository.js";
import { QA_READ_ACCESS, QA_REVIEW_ACCESS, seesAllOperators } from "./call-center.policy.js";
import * as s from "./call-center.schemas.js";
import { callView, presentCall, shanghaiIso } from "./call.presenter.js";
import { findCallListRow } from "./call.repository.js";
import { findReviewByCall, listReviews, listSamples, type QaReviewRow } from "./qa.repository.js";
import { qaWorkbook } from "./use-cases/call-center-workbooks.js";
import { operatorsSummary, reviewCall, sampleCalls } from "./use-cases/quality-inspection.js";
import { recordTraining } from "./use-cases/training.js";

const tags = ["quality-inspection"];
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const page = { limit: z.coerce.number().int().min(1).max(200).optional(), cursor: z.string().regex(/^\d{1,10}$/).optional() };

function presentReview(r: QaReviewRow) {
  return {
    id: r.id,
    callId: r.call_id,
    operatorId: r.operator_id,
    month: r.month,
    scores: r.scores as z.infer<typeof s.qaScores>,
    total: r.total,
    passed: r.passed,
    comment: r.comment,
    operator: r.operator_username,
    operatorName: r.operator_name,
    reviewerName: r.reviewer_name,
    createdAt: shanghaiIso(r.created_at),
    callStartedAt: shanghaiIso(r.call_started_at),
  };
}

/**
 * Quality inspection 质检 and training (docs/RULES.md rule 41, docs/CALL-CENTER.md): monthly seeded
 * samples, reviews with the weighted score, each operator's results with the three-failures flag, the
 * xlsx for pay, and training records. Operators see only their own.
 */
export async function qaRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/api/qa/samples",
    { config: { access: QA_REVIEW_ACCESS }, schema: { tags, summary: "Draw the month's sample per operator and shift (seeded: the same month, data and seed give the same calls)", body: s.sampleBody, response: { 201: s.sampleResponse, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await sampleCalls(ctx.db, actorOf(request), request.body, ctx.clock.now())),
  );

  r.get(
    "/api/qa/samples",
    {
      config: { access: QA_READ_ACCESS },
      schema: {
        tags,
        summary: "The month's sampled calls with their recording, ticket and review (an operator sees their own)",
        querystring: z.object({ month: isoMonth, operatorId: dbIdQuery.optional(), ...page }),
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.number(), month: z.string(), shift: z.string(), call: callView, review: z.object({ id: z.number(), total: z.number(), passed: z.boolean() }).nullable() })),
            nextCursor: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const limit = q.limit ?? 50;
      const rows = await listSamples(ctx.db, { month: q.month, operatorId: seesAllOperators(actor) ? q.operatorId : actor.id, limit: limit + 1, afterId: q.cursor ? Number(q.cursor) : undefined });
      const pageRows = rows.slice(0, limit);
      const items = [];
      for (const row of pageRows) {
        const call = await findCallListRow(ctx.db, row.call_id);
        if (!call) continue;
        items.push({ id: row.id, month: row.month, shift: row.shift, call: presentCall(call), review: row.review_id === null ? null : { id: row.review_id, total: row.review_total!, passed: row.review_passed! } });
      }
      return { items, nextCursor: rows.length > limit ? String(pageRows[pageRows.length - 1]!.id) : null };
    },
  );

  r.post(
    "/api/qa/reviews",
    { config: { access: QA_REVIEW_ACCESS }, schema: { tags, summary: "Score a call (wording, tone, correctness, completeness, 0–100, weighted by the settings); one review per call", body: s.reviewBody, response: { 201: s.reviewView.extend({ passMark: z.number() }), ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await reviewCall(ctx.db, actorOf(request), request.body, ctx.clock.now())),
  );

  r.get(
    "/api/qa/reviews",
    {
      config: { access: QA_READ_ACCESS },
      schema: { tags, summary: "Reviews, newest first (an operator sees their own)", querystring: z.object({ month: isoMonth.optional(), operatorId: dbIdQuery.optional(), ...page }), response: { 200: z.object({ items: z.array(s.reviewListItem), nextCursor: z.string().nullable() }), ...errorResponses } },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const limit = q.limit ?? 50;
      const rows = await listReviews(ctx.db, { month: q.month, operatorId: seesAllOperators(actor) ? q.operatorId : actor.id, limit: limit + 1, beforeId: q.cursor ? Number(q.cursor) : undefined });
      const pageRows = rows.slice(0, limit);
      return { items: pageRows.map(presentReview), nextCursor: rows.length > limit ? String(pageRows[pageRows.length - 1]!.id) : null };
    },
  );

  r.get(
    "/api/qa/reviews/:callId",
    { config: { access: QA_READ_ACCESS }, schema: { tags, summary: "A call to review: the call (recording, ticket) and its review if any", params: z.object({ callId: dbIdQuery }), response: { 200: z.object({ call: callView, review: s.reviewListItem.nullable() }), ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      const call = await findCallListRow(ctx.db, request.params.callId);
      // An id in the path that names no call (or another operator's, for an operator) is a 404, as for any record.
      if (!call || (!seesAllOperators(actor) && call.operator_id !== actor.id)) throw notFound(`call ${request.params.callId}`);
      const review = await findReviewByCall(ctx.db, call.id);
      return { call: presentCall(call), review: review ? presentReview(review) : null };
    },
  );

  r.get(
    "/api/qa/operators",
    { config: { access: QA_READ_ACCESS }, schema: { tags, summary: "Each operator's month: reviews, average, consecutive failures (3 → flagged), trend, training", querystring: s.monthQuery, response: { 200: s.operatorsResponse, ...errorResponses } } },
    async (request) => operatorsSummary(ctx.db, actorOf(request), request.query.month),
  );

  r.get(
    "/api/qa/export.xlsx",
    { config: { access: QA_REVIEW_ACCESS }, schema: { tags, summary: "The month's QA results for pay, as xlsx (summary and every review)", querystring: s.monthQuery, response: { 200: fileResponse("An xlsx workbook", [XLSX]), ...errorResponses } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const month = request.query.month;
      const summary = await operatorsSummary(ctx.db, actor, month);
      const reviews = await listReviews(ctx.db, { month, limit: 100_000 });
      await writeAudit(ctx.db, { at: ctx.clock.now(), actorId: actor.id, action: "export.report", targetType: "qa_month", targetId: month, data: { rows: summary.rows.length } });
      return reply
        .header("content-type", XLSX)
        .header("content-disposition", `attachment; filename="qa.xlsx"; filename*=UTF-8''${encodeURIComponent(`质检结果-${month}.xlsx`)}`)
        .header("cache-control", "no-store")
        .send(await qaWorkbook(summary, reviews));
    },
  );

  r.post(
    "/api/training-records",
    { config: { access: QA_REVIEW_ACCESS }, schema: { tags, summary: "Record an operator's training (20-day induction, monthly, weekly) and attendance", body: s.trainingBody, response: { 201: s.trainingView, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await recordTraining(ctx.db, actorOf(request), request.body, ctx.clock.now())),
  );

  r.get(
    "/api/training-records",
    {
      config: { access: QA_READ_ACCESS },
      schema: { tags, summary: "Training records, newest first (an operator sees their own)", querystring: z.object({ operatorId: dbIdQuery.optional(), ...page }), response: { 200: z.object({ items: z.array(s.trainingView), nextCursor: z.string().nullable() }), ...errorResponses } },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const limit = q.limit ?? 50;
      let query = ctx.db
        .selectFrom("training_records")
        .select(["id", "operator_id", "kind", "title", "days", "attended", "note", (eb) => eb.cast<string>("date", "text").as("date")]);
      const op = seesAllOperators(actor) ? q.operatorId : actor.id;
      if (op !== undefined) query = query.where("operator_id", "=", op);
      if (q.cursor) query = query.where("id", "<", Number(q.cursor));
      const rows = await query.orderBy("id", "desc").limit(limit + 1).execute();
      const pageRows = rows.slice(0, limit);
      return {
        items: pageRows.map((x) => ({ id: x.id, operatorId: x.operator_id, kind: x.kind, title: x.title, date: x.date, days: x.days, attended: x.attended, note: x.note })),
        nextCursor: rows.length > limit ? String(pageRows[pageRows.length - 1]!.id) : null,
      };
    },
  );
}
