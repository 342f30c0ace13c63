import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { shanghaiMidnight } from "../../domain/calendar/calendar.js";
import { DomainError, notFound } from "../../domain/errors.js";
import { ALERT_KINDS, ALERT_LABELS, supervisionOf, weekRange } from "../../domain/supervision/supervision.js";
import { TicketAction } from "../../domain/ticket/ticket.types.js";
import { rolesAccess } from "../../http/access.js";
import { actorOf, type Actor } from "../../http/auth.js";
import { errorResponses, fileResponse, idParam } from "../../http/schemas.js";
import { ticketActionAccess } from "../tickets/ticket.policy.js";
import { presentTicket } from "../tickets/ticket.presenter.js";
import { parseIfMatch, recordWithTicket, ticketIdParams } from "../tickets/ticket.schemas.js";
import { reportProgress } from "../tickets/use-cases/report-progress.js";
import { makeSpecialReport, storedHotIssue, unitRows } from "./special-report.js";
import { noticeLetter, specialReportDoc } from "./supervision-documents.js";
import {
  ANSWER_NOTICE,
  ANSWER_ORDER,
  EVALUATE,
  MARK_RISK,
  READ_ALERTS,
  READ_EVALUATIONS,
  READ_RECORDS,
  SUPERVISE,
  isCenterActor,
  scopeUnit,
} from "./supervision.policy.js";
import {
  alertQuery,
  alertView,
  contentBody,
  evaluationBody,
  evaluationView,
  leadersBody,
  leadersView,
  noteBody,
  noticeBody,
  noticeView,
  orderBody,
  orderView,
  partyReportQuery,
  petitionRiskBody,
  presentAlert,
  presentNotice,
  presentOrder,
  presentTalk,
  progressBody,
  recordQuery,
  specialReportBody,
  specialReportView,
  talkBody,
  talkView,
  yearQuery,
} from "./supervision.schemas.js";
import {
  answerNotice,
  answerOrder,
  closeOrder,
  fileEvaluation,
  handleAlert,
  issueNotice,
  issueOrder,
  markPetitionRisk,
  recordTalk,
  rectifyTalk,
  runDetection,
  setUnitLeaders,
  unitLeaders,
} from "./supervision.service.js";

const tags = ["supervision"];
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const docxFile = fileResponse("A .docx letter", [DOCX]);
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

function docx(reply: FastifyReply, filename: string, body: Buffer): FastifyReply {
  return reply
    .header("content-type", DOCX)
    .header("content-disposition", `attachment; filename="document.docx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header("cache-control", "no-store")
    .send(body);
}

function paged<R extends { id: number }, V>(rows: R[], limit: number, present: (r: R) => V) {
  const items = rows.slice(0, limit);
  return { items: items.map(present), nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null };
}

/** The unit a caller may read: center users any (or the filter), unit users their own only. */
function unitFilter(actor: Actor, requested: number | undefined): number | undefined {
  const own = scopeUnit(actor);
  if (own === null) return requested;
  if (requested !== undefined && requested !== own) throw new DomainError("FORBIDDEN", "unit users see their own unit's records only");
  return own;
}

async function centerName(ctx: AppContext): Promise<string> {
  const c = await ctx.db.selectFrom("units").select("name").where("kind", "=", "center").orderBy("id").executeTakeFirst();
  return c?.name ?? "12345政务服务便民热线受理中心";
}

/** Supervision 督办 (docs/SUPERVISION.md, docs/API.md "Supervision"): alerts, notices, orders, reports, talks, evaluations. */
export async function supervisionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ------------------------------------------------------------ alerts
  r.get(
    "/api/supervision/alerts",
    { config: { access: READ_ALERTS }, schema: { tags, summary: "Supervision alerts, newest first (rules 28–32)", querystring: alertQuery, response: { 200: page(alertView), ...errorResponses } } },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      let query = ctx.db.selectFrom("supervision_alerts").selectAll().orderBy("id", "desc").limit(limit + 1);
      if (q.unitId !== undefined) query = query.where("unit_id", "=", q.unitId);
      if (q.kind) query = query.where("kind", "=", q.kind);
      if (q.status) query = query.where("status", "=", q.status);
      if (q.from) query = query.where("detected_at", ">=", q.from.length === 10 ? shanghaiMidnight(q.from) : new Date(q.from));
      if (q.to) query = query.where("detected_at", q.to.length === 10 ? "<" : "<=", q.to.length === 10 ? new Date(shanghaiMidnight(q.to).getTime() + 86_400_000) : new Date(q.to));
      if (q.cursor) query = query.where("id", "<", Number(q.cursor));
      return paged(await query.execute(), limit, presentAlert);
    },
  );

  r.get(
    "/api/supervision/alerts/counts",
    {
      config: { access: READ_ALERTS },
      schema: {
        tags,
        summary: "Open alerts per kind (the queue's counts)",
        response: { 200: z.object({ items: z.array(z.object({ kind: z.enum(ALERT_KINDS), label: z.string(), open: z.number(), warning: z.number() })) }), ...errorResponses },
      },
    },
    async () => {
      const rows = await sql<{ kind: string; open: number; warning: number }>`
        SELECT kind, count(*)::int AS open, count(*) FILTER (WHERE severity = 'warning')::int AS warning FROM supervision_alerts WHERE status = 'open' GROUP BY kind`.execute(ctx.db);
      return {
        items: ALERT_KINDS.map((kind) => {
          const row = rows.rows.find((x) => x.kind === kind);
          return { kind, label: ALERT_LABELS[kind], open: row?.open ?? 0, warning: row?.warning ?? 0 };
        }),
      };
    },
  );

  r.post(
    "/api/supervision/alerts",
    { config: { access: MARK_RISK }, schema: { tags, summary: "Mark a petition risk on a ticket (rule 28): an alert at once", body: petitionRiskBody, response: { 201: alertView, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(presentAlert(await markPetitionRisk(ctx, actorOf(request), request.body))),
  );

  r.post(
    "/api/supervision/alerts/:id/handle",
    { config: { access: SUPERVISE }, schema: { tags, summary: "Mark an alert handled (the condition may raise a new one later)", params: idParam, body: noteBody, response: { 200: alertView, ...errorResponses } } },
    async (request) => presentAlert(await handleAlert(ctx, actorOf(request), request.params.id, request.body?.note)),
  );

  r.post(
    "/api/supervision/detect",
    {
      config: { access: SUPERVISE },
      schema: { tags, summary: "Run the daily alert detection now", response: { 200: z.object({ raised: z.number(), byKind: z.record(z.string(), z.number()) }), ...errorResponses } },
    },
    async () => runDetection(ctx, ctx.clock.now()),
  );

  // ------------------------------------------------------------ notices
  r.post(
    "/api/supervision/notices",
    { config: { access: SUPERVISE }, schema: { tags, summary: "Issue a prompt or warning notice to a unit (rule 28), SMS to its leaders", body: noticeBody, response: { 201: noticeView, ...errorResponses } } },
    async (request, reply) => {
      const b = request.body;
      const row = await issueNotice(ctx, actorOf(request), { ...b, dueAt: b.dueAt ? new Date(b.dueAt) : undefined });
      return reply.status(201).send(presentNotice(row));
    },
  );

  r.get(
    "/api/supervision/notices",
    { config: { access: READ_RECORDS }, schema: { tags, summary: "Notices, newest first; unit users see their unit's", querystring: recordQuery, response: { 200: page(noticeView), ...errorResponses } } },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const unitId = unitFilter(actorOf(request), q.unitId);
      let query = ctx.db.selectFrom("supervision_notices").selectAll().orderBy("id", "desc").limit(limit + 1);
      if (unitId !== undefined) query = query.where("unit_id", "=", unitId);
      if (q.status) query = query.where("status", "=", q.status as "open");
      if (q.ticketId !== undefined) query = query.where(sql<boolean>`${q.ticketId}::int = ANY(ticket_ids)`);
      if (q.cursor) query = query.where("id", "<", Number(q.cursor));
      return paged(await query.execute(), limit, presentNotice);
    },
  );

  const loadNotice = async (request: FastifyRequest, id: number) => {
    const n = await ctx.db.selectFrom("supervision_notices").selectAll().where("id", "=", id).executeTakeFirst();
    const own = scopeUnit(actorOf(request));
    if (!n || (own !== null && n.unit_id !== own)) throw notFound(`notice ${id}`);
    return n;
  };

  r.get(
    "/api/supervision/notices/:id",
    { config: { access: READ_RECORDS }, schema: { tags, summary: "One notice", params: idParam, response: { 200: noticeView, ...errorResponses } } },
    async (request) => presentNotice(await loadNotice(request, request.params.id)),
  );

  r.get(
    "/api/supervision/notices/:id/document",
    { config: { access: READ_RECORDS }, schema: { tags, summary: "The notice as a .docx letter (提示函 / 警示函)", params: idParam, response: { 200: docxFile, ...errorResponses } } },
    async (request, reply) => {
      const n = await loadNotice(request, request.params.id);
      const unit = await ctx.db.selectFrom("units").select("name").where("id", "=", n.unit_id).executeTakeFirstOrThrow();
      const tickets = n.ticket_ids.length
        ? await ctx.db.selectFrom("tickets").select(["number", "title", "status", "redo_count"]).where("id", "in", n.ticket_ids).orderBy("id").execute()
        : [];
      const alerts = n.alert_ids.length ? await ctx.db.selectFrom("supervision_alerts").select(["label"]).where("id", "in", n.alert_ids).orderBy("id").execute() : [];
      const body = await noticeLetter({
        issuer: await centerName(ctx),
        number: n.number,
        kind: n.kind,
        unitName: unit.name,
        content: n.content,
        issuedAt: n.issued_at,
        dueAt: n.due_at,
        tickets: tickets.map((t) => ({ number: t.number, title: t.title, status: t.status, redoCount: t.redo_count })),
        reasons: alerts.map((a) => a.label),
        copyTo: `${unit.name}主要负责人、分管负责人`,
      });
      return docx(reply, `${n.number}${n.kind === "warning" ? "警示函" : "提示函"}.docx`, body);
    },
  );

  r.post(
    "/api/supervision/notices/:id/response",
    { config: { access: ANSWER_NOTICE }, schema: { tags, summary: "The unit's leader answers a notice (copied to the center)", params: idParam, body: contentBody, response: { 201: noticeView, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(presentNotice(await answerNotice(ctx, actorOf(request), request.params.id, request.body.content))),
  );

  // ------------------------------------------------------------ orders
  r.post(
    "/api/supervision/orders",
    { config: { access: SUPERVISE }, schema: { tags, summary: "Issue a supervision order on a ticket (rule 31; rule 35 by source)", body: orderBody, response: { 201: orderView, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(presentOrder(await issueOrder(ctx, actorOf(request), request.body))),
  );

  r.get(
    "/api/supervision/orders",
    { config: { access: READ_RECORDS }, schema: { tags, summary: "Supervision orders, newest first; unit users see their unit's", querystring: recordQuery, response: { 200: page(orderView), ...errorResponses } } },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const unitId = unitFilter(actorOf(request), q.unitId);
      let query = ctx.db.selectFrom("supervision_orders").selectAll().orderBy("id", "desc").limit(limit + 1);
      if (unitId !== undefined) query = query.where("unit_id", "=", unitId);
      if (q.status) query = query.where("status", "=", q.status as "open");
      if (q.ticketId !== undefined) query = query.where("ticket_id", "=", q.ticketId);
      if (q.cursor) query = query.where("id", "<", Number(q.cursor));
      return paged(await query.execute(), limit, presentOrder);
    },
  );

  r.post(
    "/api/supervision/orders/:id/response",
    { config: { access: ANSWER_ORDER }, schema: { tags, summary: "The unit answers an order", params: idParam, body: contentBody, response: { 201: orderView, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(presentOrder(await answerOrder(ctx, actorOf(request), request.params.id, request.body.content))),
  );

  r.post(
    "/api/supervision/orders/:id/close",
    { config: { access: SUPERVISE }, schema: { tags, summary: "The center closes an order", params: idParam, body: noteBody, response: { 200: orderView, ...errorResponses } } },
    async (request) => presentOrder(await closeOrder(ctx, actorOf(request), request.params.id, request.body?.note)),
  );

  // ------------------------------------------------------------ special reports (rules 29, 30)
  r.post(
    "/api/supervision/special-reports",
    { config: { access: SUPERVISE }, schema: { tags, summary: "Make the week's special report (rule 29)", body: specialReportBody, response: { 201: specialReportView, ...errorResponses } } },
    async (request, reply) => {
      const out = await makeSpecialReport(ctx, actorOf(request), request.body.weekOf);
      return reply.status(201).send({ ...out, createdAt: out.createdAt.toISOString() });
    },
  );

  const loadReport = async (id: number) => {
    const row = await ctx.db
      .selectFrom("supervision_special_reports")
      .select(["id", sql<string>`week_of::text`.as("week_of"), "sections", "created_at"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw notFound(`special report ${id}`);
    const sections = row.sections as unknown as z.infer<typeof specialReportView>["sections"];
    return { id: row.id, weekOf: row.week_of, createdAt: row.created_at.toISOString(), sections: { ...sections, hotIssues: sections.hotIssues.map(storedHotIssue) } };
  };

  r.get(
    "/api/supervision/special-reports",
    {
      config: { access: READ_ALERTS },
      schema: {
        tags,
        summary: "Special reports, newest first",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).optional(), cursor: z.string().regex(/^\d{1,10}$/).optional() }),
        response: { 200: page(z.object({ id: z.number(), weekOf: z.string(), createdAt: z.string() })), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 20;
      let q = ctx.db.selectFrom("supervision_special_reports").select(["id", sql<string>`week_of::text`.as("week_of"), "created_at"]).orderBy("id", "desc").limit(limit + 1);
      if (request.query.cursor) q = q.where("id", "<", Number(request.query.cursor));
      return paged(await q.execute(), limit, (x) => ({ id: x.id, weekOf: x.week_of, createdAt: x.created_at.toISOString() }));
    },
  );

  r.get(
    "/api/supervision/special-reports/:id",
    { config: { access: READ_ALERTS }, schema: { tags, summary: "One special report", params: idParam, response: { 200: specialReportView, ...errorResponses } } },
    async (request) => loadReport(request.params.id),
  );

  r.get(
    "/api/supervision/special-reports/:id/document",
    { config: { access: READ_ALERTS }, schema: { tags, summary: "The special report as .docx (专报) for the county leaders", params: idParam, response: { 200: docxFile, ...errorResponses } } },
    async (request, reply) => {
      const rep = await loadReport(request.params.id);
      const s = rep.sections;
      const ids = [...new Set([...s.redoneThreePlus, ...s.multiUnit])];
      const tickets = ids.length ? await ctx.db.selectFrom("tickets").select(["id", "number", "title", "redo_count", "lead_unit_id", "co_unit_ids"]).where("id", "in", ids).execute() : [];
      const units = new Map((await ctx.db.selectFrom("units").select(["id", "name"]).execute()).map((u) => [u.id, u.name]));
      const names = (xs: readonly (number | null)[]) => xs.flatMap((x) => (x === null ? [] : [units.get(x) ?? String(x)])).join("、") || "—";
      const byId = new Map(tickets.map((t) => [t.id, t]));
      const body = await specialReportDoc({
        issuer: await centerName(ctx),
        weekStart: rep.weekOf,
        weekEnd: new Date(new Date(`${weekRange(rep.weekOf).end}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10),
        createdAt: new Date(rep.createdAt),
        summary: s.summary,
        redone: s.redoneThreePlus.flatMap((id) => {
          const t = byId.get(id);
          return t ? [{ number: t.number, title: t.title, unit: names([t.lead_unit_id]), redoCount: t.redo_count }] : [];
        }),
        concentrated: s.concentrated.map((c) => ({ label: c.label, requesters: c.requesters, tickets: c.ticketIds.length, units: names(c.unitIds) })),
        multiUnit: s.multiUnit.flatMap((id) => {
          const t = byId.get(id);
          return t ? [{ number: t.number, title: t.title, units: names([t.lead_unit_id, ...t.co_unit_ids]) }] : [];
        }),
        hotIssues: s.hotIssues.map((h) => ({ label: h.label, tickets: h.ticketCount, requesters: h.requesterCount, previous: h.previousCount, growth: h.growth, units: names(h.unitIds) })),
        units: s.units.map((u) => ({ unit: u.unitName, repeatedTenPlus: u.repeatedTenPlus, overdue: u.overdue, missedFirstContact: u.missedFirstContact, missedSign: u.missedSign, missedReply: u.missedReply })),
      });
      return docx(reply, `热线专报${rep.weekOf}.docx`, body);
    },
  );

  r.get(
    "/api/supervision/party-report",
    {
      config: { access: READ_ALERTS },
      schema: {
        tags,
        summary: "Per unit and month: repeated 10+ issues, overdue, missed first contact / sign / reply (rule 30)",
        querystring: partyReportQuery,
        response: { 200: z.object({ month: z.string(), rows: specialReportView.shape.sections.shape.units }), ...errorResponses },
      },
    },
    async (request) => {
      const month = request.query.month;
      const from = shanghaiMidnight(`${month}-01`);
      const [y, m] = month.split("-").map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
      const s = supervisionOf((await ctx.policy.current(ctx.db)).settings);
      return { month, rows: await unitRows(ctx.db, from, shanghaiMidnight(next), s) };
    },
  );

  // ------------------------------------------------------------ talks (rule 32)
  r.post(
    "/api/supervision/talks",
    { config: { access: SUPERVISE }, schema: { tags, summary: "Record a formal talk (约谈) with its rectification deadline (rule 32)", body: talkBody, response: { 201: talkView, ...errorResponses } } },
    async (request, reply) => {
      const b = request.body;
      const row = await recordTalk(ctx, actorOf(request), { ...b, at: new Date(b.at), rectificationDueAt: b.rectificationDueAt ? new Date(b.rectificationDueAt) : undefined });
      return reply.status(201).send(presentTalk(row));
    },
  );

  r.get(
    "/api/supervision/talks",
    { config: { access: READ_RECORDS }, schema: { tags, summary: "Formal talks, newest first; unit users see their unit's", querystring: recordQuery, response: { 200: page(talkView), ...errorResponses } } },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const unitId = unitFilter(actorOf(request), q.unitId);
      let query = ctx.db.selectFrom("supervision_talks").selectAll().orderBy("id", "desc").limit(limit + 1);
      if (unitId !== undefined) query = query.where("unit_id", "=", unitId);
      if (q.status) query = query.where("status", "=", q.status as "open");
      if (q.cursor) query = query.where("id", "<", Number(q.cursor));
      return paged(await query.execute(), limit, presentTalk);
    },
  );

  r.post(
    "/api/supervision/talks/:id/rectified",
    { config: { access: SUPERVISE }, schema: { tags, summary: "The center confirms the rectification", params: idParam, response: { 200: talkView, ...errorResponses } } },
    async (request) => presentTalk(await rectifyTalk(ctx, actorOf(request), request.params.id)),
  );

  r.get(
    "/api/supervision/talk-suggestions",
    {
      config: { access: READ_ALERTS },
      schema: {
        tags,
        summary: "Units a formal talk is suggested for: open rule-32 alerts (low or falling rates, escalating repeats)",
        response: { 200: z.object({ items: z.array(z.object({ unitId: z.number(), reasons: z.array(z.string()), alertIds: z.array(z.number()) })) }), ...errorResponses },
      },
    },
    async () => {
      const rows = await sql<{ unit_id: number; reasons: string[]; alert_ids: number[] }>`
        SELECT unit_id, array_agg(label ORDER BY id) AS reasons, array_agg(id ORDER BY id) AS alert_ids FROM supervision_alerts
        WHERE status = 'open' AND unit_id IS NOT NULL AND (kind = 'low_rates' OR (kind IN ('repeat_requests', 'redo_repeated') AND severity = 'warning'))
        GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 100`.execute(ctx.db);
      return { items: rows.rows.map((x) => ({ unitId: x.unit_id, reasons: x.reasons, alertIds: x.alert_ids })) };
    },
  );

  // ------------------------------------------------------------ social supervisors (rule 33)
  r.post(
    "/api/supervision/evaluations",
    { config: { access: EVALUATE }, schema: { tags, summary: "A social supervisor evaluates a unit (rule 33)", body: evaluationBody, response: { 201: evaluationView, ...errorResponses } } },
    async (request, reply) => {
      const row = await fileEvaluation(ctx, actorOf(request), request.body);
      return reply.status(201).send({ id: row.id, unitId: row.unit_id, score: row.score, comment: row.comment, evaluatorId: row.evaluator_id, createdAt: row.created_at.toISOString() });
    },
  );

  r.get(
    "/api/supervision/evaluations",
    {
      config: { access: READ_EVALUATIONS },
      schema: { tags, summary: "Evaluations, newest first; a social supervisor sees their own", querystring: recordQuery.pick({ unitId: true, limit: true, cursor: true }), response: { 200: page(evaluationView), ...errorResponses } },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const limit = q.limit ?? 50;
      let query = ctx.db.selectFrom("supervision_evaluations").selectAll().orderBy("id", "desc").limit(limit + 1);
      if (!isCenterActor(actor) && !actor.roles.includes("admin")) query = query.where("evaluator_id", "=", actor.id);
      if (q.unitId !== undefined) query = query.where("unit_id", "=", q.unitId);
      if (q.cursor) query = query.where("id", "<", Number(q.cursor));
      return paged(await query.execute(), limit, (e) => ({ id: e.id, unitId: e.unit_id, score: e.score, comment: e.comment, evaluatorId: e.evaluator_id, createdAt: e.created_at.toISOString() }));
    },
  );

  r.get(
    "/api/supervision/evaluations/summary",
    {
      config: { access: rolesAccess(["admin", "supervisor", "viewer", "unit_leader"]) },
      schema: {
        tags,
        summary: "The year's evaluations per unit, for the annual appraisal view (rule 33)",
        querystring: yearQuery,
        response: { 200: z.object({ year: z.number(), rows: z.array(z.object({ unitId: z.number(), unitName: z.string(), evaluations: z.number(), averageScore: z.number() })) }), ...errorResponses },
      },
    },
    async (request) => {
      const y = request.query.year;
      const rows = await sql<{ unit_id: number; name: string; n: number; avg: number }>`
        SELECT e.unit_id, u.name, count(*)::int AS n, round(avg(e.score)::numeric, 2)::float AS avg
        FROM supervision_evaluations e JOIN units u ON u.id = e.unit_id
        WHERE e.created_at >= ${shanghaiMidnight(`${y}-01-01`)} AND e.created_at < ${shanghaiMidnight(`${y + 1}-01-01`)}
        GROUP BY e.unit_id, u.name ORDER BY avg DESC, e.unit_id`.execute(ctx.db);
      return { year: y, rows: rows.rows.map((x) => ({ unitId: x.unit_id, unitName: x.name, evaluations: x.n, averageScore: Number(x.avg) })) };
    },
  );

  // ------------------------------------------------------------ unit leaders (rule 28)
  r.get(
    "/api/units/:id/leaders",
    { config: { access: READ_RECORDS }, schema: { tags, summary: "A unit's leader contacts (notices go to its principal and supervising leaders)", params: idParam, response: { 200: leadersView, ...errorResponses } } },
    async (request) => {
      const own = scopeUnit(actorOf(request));
      if (own !== null && own !== request.params.id) throw notFound(`unit ${request.params.id}`);
      return { unitId: request.params.id, leaders: await unitLeaders(ctx.db, request.params.id) };
    },
  );

  r.put(
    "/api/units/:id/leaders",
    { config: { access: SUPERVISE }, schema: { tags, summary: "Set a unit's leader contacts (name, role, phone)", params: idParam, body: leadersBody, response: { 200: leadersView, ...errorResponses } } },
    async (request) => setUnitLeaders(ctx, actorOf(request), request.params.id, request.body.leaders),
  );

  // ------------------------------------------------------------ progress report (rule 8)
  r.post(
    "/api/tickets/:id/progress",
    {
      config: { access: ticketActionAccess(TicketAction.ReportProgress) },
      schema: {
        tags: ["ticket actions"],
        summary: "The lead unit files the progress report of a special or special-urgent ticket (rule 8)",
        params: ticketIdParams,
        headers: z.object({ "if-match": z.string().max(40).optional() }).loose(),
        body: progressBody,
        response: { 201: recordWithTicket, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const out = await reportProgress(ctx, actor, request.params.id, request.body.content, { ifMatch: parseIfMatch(request.headers["if-match"]) });
      return reply.status(201).send({ ...out.result, ticket: presentTicket(out.ticket, actor, ctx.clock.now()) });
    },
  );
}
