import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { repeatSettings } from "../../domain/policy/policy.js";
import { TicketAction } from "../../domain/ticket/ticket.types.js";
import { invalid } from "../../domain/errors.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, queryDateOrTime } from "../../http/schemas.js";
import { ticketActionAccess } from "../tickets/ticket.policy.js";
import { presentTicket } from "../tickets/ticket.presenter.js";
import { parseIfMatch, ticketIdParams, ticketView } from "../tickets/ticket.schemas.js";
import { loadVisibleTicket } from "../tickets/ticket-action.js";
import { dispatchTicket } from "../tickets/use-cases/dispatch-ticket.js";
import { mergeTicket } from "../tickets/use-cases/merge-ticket.js";
import { heat, hotIssues } from "./hot-issues.service.js";
import { findSimilar } from "./similar.js";
import { listModels, suggest, trainModels } from "./suggestion.service.js";
import { ANALYTICS_ACCESS, BATCH_DISPATCH_ACCESS, SIMILAR_ACCESS, SUGGEST_ACCESS, TRAIN_ACCESS } from "./suggestion.policy.js";
import {
  batchDispatchAnswer,
  batchDispatchBody,
  heatAnswer,
  hotIssuesAnswer,
  modelsAnswer,
  similarAnswer,
  suggestAnswer,
  suggestBody,
  trainAnswer,
} from "./suggestion.schemas.js";
import { DomainError } from "../../domain/errors.js";

const DAY = 86_400_000;

/** A query date (Shanghai day) or time → an instant; `end` makes a date mean the end of that day. */
function instant(v: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(new Date(`${v}T00:00:00+08:00`).getTime() + (end ? DAY : 0));
  return new Date(v);
}

const periodQuery = z.object({
  from: queryDateOrTime.optional(),
  to: queryDateOrTime.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(20).regex(/^\d+$/).optional(),
});

/** Smart intake (issue 15, docs/SUGGESTIONS.md): suggestions, training, repeats and merges, hot issues and heat. */
export async function suggestionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const period = (q: { from?: string; to?: string }) => {
    const to = q.to ? instant(q.to, true) : new Date(ctx.clock.now().getTime() + 1000); // up to now, inclusive
    const from = q.from ? instant(q.from, false) : new Date(to.getTime() - 7 * DAY);
    if (from.getTime() >= to.getTime()) throw invalid("from", "must be before to");
    if (to.getTime() - from.getTime() > 366 * DAY) throw invalid("from", "a period is at most a year");
    return { from, to };
  };
  const page = <T>(all: T[], q: { limit?: number; cursor?: string }) => {
    const start = q.cursor ? Number(q.cursor) : 0;
    const limit = q.limit ?? 20;
    const items = all.slice(start, start + limit);
    return { items, nextCursor: start + limit < all.length ? String(start + limit) : null };
  };

  r.post(
    "/api/suggestions",
    {
      config: { access: SUGGEST_ACCESS },
      schema: { tags: ["suggestions"], summary: "Top categories, units (with reasons), knowledge and similar tickets for a request being taken", body: suggestBody, response: { 200: suggestAnswer, ...errorResponses } },
    },
    async (request) => {
      const actor = actorOf(request);
      const b = request.body;
      const now = ctx.clock.now();
      const s = await suggest(ctx.db, b);
      const window = repeatSettings(await ctx.policy.current(ctx.db).then((p) => p.settings)).windowDays;
      const similar = await findSimilar(ctx.db, actor, { title: b.title ?? "", content: b.content ?? "", address: b.address ?? null, phone: b.phone ?? null }, new Date(now.getTime() - window * DAY), 5);
      return { ...s, similar: similar.map((x) => ({ ticketId: x.ticketId, number: x.number, title: x.title, status: x.status, score: x.score, reasons: x.reasons })) };
    },
  );

  r.post(
    "/api/suggestions/train",
    { config: { access: TRAIN_ACCESS }, schema: { tags: ["suggestions"], summary: "Train a new model version from the center's tickets (also runs on a schedule)", response: { 200: trainAnswer, ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      const out = await trainModels(ctx.db, actor.id, ctx.clock.now());
      return { modelVersion: out.modelVersion, examples: out.examples, durationMs: out.durationMs, evaluation: out.evaluation };
    },
  );

  r.get(
    "/api/suggestions/models",
    {
      config: { access: TRAIN_ACCESS },
      schema: {
        tags: ["suggestions"],
        summary: "Model versions with their held-out macro-F1 and top-3 accuracy, newest first",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).optional(), cursor: z.string().max(12).regex(/^\d+$/).optional() }),
        response: { 200: modelsAnswer, ...errorResponses },
      },
    },
    async (request) => listModels(ctx.db, request.query.limit ?? 20, request.query.cursor ? Number(request.query.cursor) : null),
  );

  r.get(
    "/api/tickets/:id/similar",
    {
      config: { access: SIMILAR_ACCESS },
      schema: {
        tags: ["tickets"],
        summary: "Repeat candidates: same phone, same address, similar text, within the policy's window (rule 30)",
        params: ticketIdParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).optional(), cursor: z.string().max(10).optional() }),
        response: { 200: similarAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const t = await loadVisibleTicket(ctx.db, actor, request.params.id);
      const window = repeatSettings(await ctx.policy.current(ctx.db).then((p) => p.settings)).windowDays;
      const since = new Date(t.received_at.getTime() - window * DAY);
      const items = await findSimilar(ctx.db, actor, { title: t.title, content: t.content, address: t.address, phone: t.requester_phone, excludeId: t.id }, since, request.query.limit ?? 10);
      return { items, nextCursor: null };
    },
  );

  r.post(
    "/api/tickets/:id/merge",
    {
      config: { access: ticketActionAccess(TicketAction.Merge) },
      schema: {
        tags: ["ticket actions"],
        summary: "Merge a duplicate into an open ticket (并单): closed as merged; the target's repeatCount grows",
        headers: z.object({ "if-match": z.string().max(40).optional() }).loose(),
        params: ticketIdParams,
        body: z.object({ intoTicketId: z.number().int().positive().max(2_147_483_647), note: z.string().trim().max(2000).optional() }),
        response: { 200: ticketView, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { ticket } = await mergeTicket(ctx, actor, request.params.id, request.body, { ifMatch: parseIfMatch(request.headers["if-match"]) });
      return presentTicket(ticket, actor, ctx.clock.now());
    },
  );

  r.post(
    "/api/tickets/batch-dispatch",
    {
      config: { access: BATCH_DISPATCH_ACCESS },
      schema: {
        tags: ["ticket actions"],
        summary: "Dispatch a page of pending tickets in one step; each is its own dispatch action (audited on its timeline)",
        body: batchDispatchBody,
        response: { 200: batchDispatchAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const results = [];
      for (const it of request.body.items) {
        try {
          const { ticket } = await dispatchTicket(ctx, actor, it.ticketId, { unitId: it.unitId, mode: it.mode, note: it.note }, { ifMatch: it.version });
          results.push({ ticketId: it.ticketId, ok: true, code: null, version: ticket.version });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          results.push({ ticketId: it.ticketId, ok: false, code: err.code, version: null });
        }
      }
      return { results };
    },
  );

  r.get(
    "/api/analytics/hot-issues",
    { config: { access: ANALYTICS_ACCESS }, schema: { tags: ["analytics"], summary: "Hot issues: clusters by issue and place, with the previous period (rule 39)", querystring: periodQuery, response: { 200: hotIssuesAnswer, ...errorResponses } } },
    async (request) => {
      const { from, to } = period(request.query);
      return page(await hotIssues(ctx.db, actorOf(request), from, to), request.query);
    },
  );

  r.get(
    "/api/analytics/heat",
    { config: { access: ANALYTICS_ACCESS }, schema: { tags: ["analytics"], summary: "Tickets per town of the unit tree, with the previous period (the heat view)", querystring: periodQuery, response: { 200: heatAnswer, ...errorResponses } } },
    async (request) => {
      const { from, to } = period(request.query);
      return page(await heat(ctx.db, actorOf(request), from, to), { ...request.query, limit: request.query.limit ?? 200 });
    },
  );
}
