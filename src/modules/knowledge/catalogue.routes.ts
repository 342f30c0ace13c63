import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import type { CatalogueRow } from "../../db/schema.js";
import { invalid, notFound } from "../../domain/errors.js";
import { actorOf } from "../../http/auth.js";
import { dbId, dbIdQuery, errorResponses, idParam } from "../../http/schemas.js";
import { catalogueUnitsFor } from "./catalogue.js";
import { CATALOGUE_ACCESS, CATALOGUE_READ_ACCESS } from "./knowledge.policy.js";
import { retireCatalogueItem, saveCatalogueItem } from "./use-cases/save-catalogue.js";

const tags = ["dispatch-catalogue"];
const body = z.object({
  categoryId: dbId,
  areaKeywords: z.array(z.string().trim().min(1).max(30)).max(50).optional().describe("territorial matters: words of the address or content (a street, a community)"),
  townUnitId: dbId.nullable().optional().describe("territorial matters: the town whose name in the text selects this item"),
  leadUnitId: dbId,
  coUnitIds: z.array(dbId).max(20).optional(),
  dutyText: z.string().trim().min(1).max(4000).describe("the duty (三定职责, 权责清单) that justifies the choice"),
  version: z.number().int().min(1).optional(),
});
export const catalogueView = z.object({
  id: z.number(),
  version: z.number(),
  status: z.enum(["active", "retired"]),
  categoryId: z.number(),
  areaKeywords: z.array(z.string()),
  townUnitId: z.number().nullable(),
  leadUnitId: z.number(),
  coUnitIds: z.array(z.number()),
  dutyText: z.string(),
  updatedAt: z.string(),
});
z.globalRegistry.add(catalogueView, { id: "CatalogueItem" });
export const catalogueUnitView = z.object({ unitId: z.number(), role: z.enum(["lead", "co"]), justification: z.string(), entryId: z.number() });

export const presentCatalogue = (r: CatalogueRow) => ({
  id: r.id,
  version: r.version,
  status: r.status,
  categoryId: r.category_id,
  areaKeywords: r.area_keywords,
  townUnitId: r.town_unit_id,
  leadUnitId: r.lead_unit_id,
  coUnitIds: r.co_unit_ids,
  dutyText: r.duty_text,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** The dispatch catalogue (派单口径, rules 9 and 13): its items, their versions, and the lookup for a ticket. */
export async function catalogueRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/dispatch-catalogue",
    {
      config: { access: CATALOGUE_READ_ACCESS },
      schema: {
        tags,
        summary: "The catalogue's items, by category",
        querystring: z.object({ categoryId: dbIdQuery.optional(), unitId: dbIdQuery.optional(), status: z.enum(["active", "retired"]).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), cursor: z.string().max(20).optional() }),
        response: { 200: z.object({ items: z.array(catalogueView), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.cursor !== undefined && !/^\d{1,10}$/.test(q.cursor)) throw invalid("cursor", "is not a cursor this server gave out");
      const limit = q.limit ?? 50;
      let query = ctx.db.selectFrom("dispatch_catalogue").selectAll().where("status", "=", q.status ?? "active");
      if (q.categoryId) query = query.where("category_id", "=", q.categoryId);
      if (q.unitId) query = query.where("lead_unit_id", "=", q.unitId);
      if (q.cursor) query = query.where("id", ">", Number(q.cursor));
      const rows = await query.orderBy("id").limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      return { items: page.map(presentCatalogue), nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null };
    },
  );

  r.get(
    "/api/dispatch-catalogue/lookup",
    {
      config: { access: CATALOGUE_READ_ACCESS },
      schema: {
        tags,
        summary: "The units the catalogue names for a category and text (lead first, with the duty that justifies it)",
        querystring: z.object({ categoryId: dbIdQuery, address: z.string().max(500).optional(), content: z.string().max(4000).optional() }),
        response: { 200: z.object({ items: z.array(catalogueUnitView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await catalogueUnitsFor(ctx.db, request.query) }),
  );

  r.get(
    "/api/dispatch-catalogue/:id",
    {
      config: { access: CATALOGUE_READ_ACCESS },
      schema: { tags, summary: "One item with its versions (newest first)", params: idParam, response: { 200: catalogueView.extend({ versions: z.array(catalogueView.omit({ id: true })) }), ...errorResponses } },
    },
    async (request) => {
      const row = await ctx.db.selectFrom("dispatch_catalogue").selectAll().where("id", "=", request.params.id).executeTakeFirst();
      if (!row) throw notFound("catalogue item");
      const versions = await ctx.db.selectFrom("dispatch_catalogue_versions").selectAll().where("item_id", "=", row.id).orderBy("version", "desc").execute();
      return {
        ...presentCatalogue(row),
        versions: versions.map((v) => {
          const { id: _id, ...rest } = presentCatalogue({ ...v, id: v.item_id, status: v.status as "active" | "retired", updated_at: v.created_at, created_at: v.created_at });
          return rest;
        }),
      };
    },
  );

  r.post(
    "/api/dispatch-catalogue",
    { config: { access: CATALOGUE_ACCESS }, schema: { tags, summary: "Center: add an item (version 1)", body, response: { 201: catalogueView, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(presentCatalogue(await saveCatalogueItem(ctx, actorOf(request), request.body))),
  );

  r.put(
    "/api/dispatch-catalogue/:id",
    { config: { access: CATALOGUE_ACCESS }, schema: { tags, summary: "Center: a new version of an item", params: idParam, body, response: { 200: catalogueView, ...errorResponses } } },
    async (request) => presentCatalogue(await saveCatalogueItem(ctx, actorOf(request), request.body, request.params.id)),
  );

  r.post(
    "/api/dispatch-catalogue/:id/retire",
    { config: { access: CATALOGUE_ACCESS }, schema: { tags, summary: "Center: retire an item", params: idParam, response: { 200: catalogueView, ...errorResponses } } },
    async (request) => presentCatalogue(await retireCatalogueItem(ctx, actorOf(request), request.params.id)),
  );
}
