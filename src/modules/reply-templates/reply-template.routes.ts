import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { notFound } from "../../domain/errors.js";
import { rolesAccess } from "../../http/access.js";
import { actorOf } from "../../http/auth.js";
import { dbId, dbIdQuery, errorResponses, idParam, okResponse } from "../../http/schemas.js";
import { writeAudit } from "../audit/audit.repository.js";
import { REPLY_TEMPLATE_PLACEHOLDERS } from "../../domain/ticket/reply-template.js";

const templateView = z.object({ id: z.number(), categoryId: z.number().nullable(), title: z.string(), body: z.string(), active: z.boolean(), updatedAt: z.string() });
z.globalRegistry.add(templateView, { id: "ReplyTemplate" });
const templateBody = z.object({ categoryId: dbId.nullish(), title: z.string().trim().min(1).max(100), body: z.string().trim().min(1).max(5000), active: z.boolean().optional() });

const ADMIN = rolesAccess(["admin"]);
/** Everyone who writes or checks replies reads the templates. */
const READERS = rolesAccess(["admin", "unit_leader", "unit_handler", "dispatcher", "supervisor", "follow_up"]);

type Row = { id: number; category_id: number | null; title: string; body: string; active: boolean; updated_at: Date };
const present = (t: Row) => ({ id: t.id, categoryId: t.category_id, title: t.title, body: t.body, active: t.active, updatedAt: t.updated_at.toISOString() });

/**
 * Reply templates per category (issue 18, docs/WORKDAY.md): admins maintain them; a handler picks one in the reply
 * dialog and fills its placeholders ({诉求人}, {工单编号}, {办理单位}, {日期}). A category's list also shows the
 * general templates (no category) and those of its parent categories.
 */
export async function replyTemplateRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["reply templates"];

  r.get(
    "/api/reply-templates",
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: `Reply templates, for one category (with its parents' and the general ones) or all; placeholders: ${REPLY_TEMPLATE_PLACEHOLDERS.join(" ")}`,
        querystring: z.object({ categoryId: dbIdQuery.optional(), all: z.enum(["true", "false"]).optional(), limit: z.coerce.number().int().min(1).max(500).optional(), cursor: z.string().max(20).regex(/^\d+$/).optional() }),
        response: { 200: z.object({ items: z.array(templateView), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 100;
      let query = ctx.db.selectFrom("reply_templates").selectAll().orderBy("id").limit(limit + 1);
      if (q.all !== "true") query = query.where("active", "=", true);
      if (q.categoryId) {
        const cats = await ctx.db.selectFrom("categories").select(["id", "parent_id"]).execute();
        const chain: number[] = [];
        let at: number | null = q.categoryId;
        while (at !== null && !chain.includes(at)) {
          chain.push(at);
          at = cats.find((c) => c.id === at)?.parent_id ?? null;
        }
        query = query.where((eb) => eb.or([eb("category_id", "is", null), eb("category_id", "in", chain)]));
      }
      if (q.cursor) query = query.where("id", ">", Number(q.cursor));
      const rows = await query.execute();
      const page = rows.slice(0, limit);
      return { items: page.map(present), nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null };
    },
  );

  r.post(
    "/api/reply-templates",
    { config: { access: ADMIN }, schema: { tags, summary: "Add a reply template (admin)", body: templateBody, response: { 201: templateView, ...errorResponses } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const now = ctx.clock.now();
      const b = request.body;
      const row = await ctx.db.transaction().execute(async (trx) => {
        const t = await trx
          .insertInto("reply_templates")
          .values({ category_id: b.categoryId ?? null, title: b.title, body: b.body, active: b.active ?? true, created_by: actor.id, created_at: now, updated_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        await writeAudit(trx, { at: now, actorId: actor.id, action: "reply_template.saved", targetType: "reply_template", targetId: t.id, data: { title: t.title, categoryId: t.category_id } });
        return t;
      });
      return reply.status(201).send(present(row));
    },
  );

  r.put(
    "/api/reply-templates/:id",
    { config: { access: ADMIN }, schema: { tags, summary: "Edit a reply template (admin)", params: idParam, body: templateBody, response: { 200: templateView, ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      const now = ctx.clock.now();
      const b = request.body;
      const row = await ctx.db.transaction().execute(async (trx) => {
        const t = await trx
          .updateTable("reply_templates")
          .set({ category_id: b.categoryId ?? null, title: b.title, body: b.body, ...(b.active !== undefined && { active: b.active }), updated_at: now })
          .where("id", "=", request.params.id)
          .returningAll()
          .executeTakeFirst();
        if (!t) throw notFound("reply template");
        await writeAudit(trx, { at: now, actorId: actor.id, action: "reply_template.saved", targetType: "reply_template", targetId: t.id, data: { title: t.title, categoryId: t.category_id } });
        return t;
      });
      return present(row);
    },
  );

  r.delete(
    "/api/reply-templates/:id",
    { config: { access: ADMIN }, schema: { tags, summary: "Delete a reply template (admin)", params: idParam, response: { 200: okResponse, ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        const res = await trx.deleteFrom("reply_templates").where("id", "=", request.params.id).executeTakeFirst();
        if (Number(res.numDeletedRows) === 0) throw notFound("reply template");
        await writeAudit(trx, { at: now, actorId: actor.id, action: "reply_template.deleted", targetType: "reply_template", targetId: request.params.id });
      });
      return { ok: true as const };
    },
  );
}
