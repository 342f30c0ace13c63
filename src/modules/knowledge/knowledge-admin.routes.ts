import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { notFound } from "../../domain/errors.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, idParam } from "../../http/schemas.js";
import { writeAudit } from "../audit/audit.repository.js";
import { forgetSynonyms, loadCenterWords } from "./knowledge-words.js";
import { CATALOGUE_ACCESS, READ_ACCESS, WRITE_ACCESS } from "./knowledge.policy.js";
import { reviewView, synonymBody, synonymView } from "./knowledge.schemas.js";
import { listReviews, listUnused } from "./use-cases/knowledge-queues.js";

const tags = ["knowledge"];
const page = { limit: z.coerce.number().int().min(1).max(200).optional(), cursor: z.string().max(20).optional() };

/** The knowledge base's queues (review tasks, unused entries) and the center's synonyms. */
export async function knowledgeAdminRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/knowledge/reviews",
    {
      config: { access: WRITE_ACCESS },
      schema: {
        tags,
        summary: "Review tasks: versions awaiting publication and entries past their validity (a unit sees its own)",
        querystring: z.object({ status: z.enum(["pending", "approved", "refused", "withdrawn"]).optional(), kind: z.enum(["publish", "expiry"]).optional(), ...page }),
        response: { 200: z.object({ items: z.array(reviewView), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => listReviews(ctx, actorOf(request), request.query),
  );

  r.get(
    "/api/knowledge/unused",
    {
      config: { access: WRITE_ACCESS },
      schema: {
        tags,
        summary: "Published entries no call has been answered from (for review)",
        querystring: z.object(page),
        response: {
          200: z.object({ items: z.array(z.object({ id: z.number(), title: z.string(), kind: z.string(), unitId: z.number().nullable(), publishedAt: z.string().nullable(), useCount: z.number() })), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listUnused(ctx, actorOf(request), request.query),
  );

  r.get(
    "/api/knowledge/synonyms",
    { config: { access: READ_ACCESS }, schema: { tags, summary: "The center's synonym groups (医保 = 医疗保险)", querystring: z.object(page), response: { 200: z.object({ items: z.array(synonymView), nextCursor: z.string().nullable() }), ...errorResponses } } },
    async (request) => {
      const limit = request.query.limit ?? 200;
      const after = request.query.cursor && /^\d+$/.test(request.query.cursor) ? Number(request.query.cursor) : 0;
      const rows = await ctx.db.selectFrom("knowledge_synonyms").select(["id", "words"]).where("id", ">", after).orderBy("id").limit(limit + 1).execute();
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null };
    },
  );

  r.post(
    "/api/knowledge/synonyms",
    { config: { access: CATALOGUE_ACCESS }, schema: { tags, summary: "Center: add a synonym group", body: synonymBody, response: { 201: synonymView, ...errorResponses } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const now = ctx.clock.now();
      const words = [...new Set(request.body.words)];
      const row = await ctx.db.transaction().execute(async (trx) => {
        const saved = await trx.insertInto("knowledge_synonyms").values({ words: JSON.stringify(words), created_by: actor.id, created_at: now }).returning(["id", "words"]).executeTakeFirstOrThrow();
        await writeAudit(trx, { at: now, actorId: actor.id, action: "knowledge.synonyms_changed", targetType: "knowledge_synonyms", targetId: saved.id, data: { words } });
        return saved;
      });
      forgetSynonyms(ctx.db);
      await loadCenterWords(ctx.db);
      return reply.status(201).send(row);
    },
  );

  r.delete(
    "/api/knowledge/synonyms/:id",
    { config: { access: CATALOGUE_ACCESS }, schema: { tags, summary: "Center: remove a synonym group", params: idParam, response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        const gone = await trx.deleteFrom("knowledge_synonyms").where("id", "=", request.params.id).returning("id").executeTakeFirst();
        if (!gone) throw notFound("synonym group");
        await writeAudit(trx, { at: now, actorId: actor.id, action: "knowledge.synonyms_changed", targetType: "knowledge_synonyms", targetId: request.params.id, data: { removed: true } });
      });
      forgetSynonyms(ctx.db);
      return { ok: true as const };
    },
  );
}
