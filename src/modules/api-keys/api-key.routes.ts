import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { invalid } from "../../domain/errors.js";
import { actorOf, API_KEY_SCOPES, requireRole } from "../../http/auth.js";
import { errorResponses, idParam } from "../../http/schemas.js";
import { listApiKeys } from "./api-key.repository.js";
import { apiKeyView, presentApiKey } from "./api-key.presenter.js";
import { createApiKey } from "./use-cases/create-api-key.js";
import { revokeApiKeyById } from "./use-cases/revoke-api-key.js";

/** Service accounts (docs/API.md "Service accounts"): admins create, list and revoke API keys. */
/** Admins only, checked before the request is validated (403 before 400). */
const adminFirst = async (request: FastifyRequest) => requireRole(actorOf(request), "admin");

export async function apiKeyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/api/api-keys",
    {
      preValidation: adminFirst,
      schema: {
        tags: ["api-keys"],
        summary: "Create a service account's API key (shown once); admins only",
        body: z.object({
          name: z.string().trim().min(1).max(100),
          scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
        }),
        response: { 201: apiKeyView.extend({ key: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { row, key } = await createApiKey(ctx.db, actorOf(request), request.body, ctx.clock.now());
      return reply.status(201).send({ ...presentApiKey(row), key });
    },
  );

  r.get(
    "/api/api-keys",
    {
      preValidation: adminFirst,
      schema: {
        tags: ["api-keys"],
        summary: "Service accounts' keys, newest first (never the key); admins only",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).optional(), cursor: z.string().max(20).optional() }),
        response: { 200: z.object({ items: z.array(apiKeyView), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      requireRole(actorOf(request), "admin");
      const q = request.query;
      const limit = q.limit ?? 50;
      if (q.cursor !== undefined && !/^\d{1,15}$/.test(q.cursor)) throw invalid("cursor", "is not a cursor this server gave out");
      const rows = await listApiKeys(ctx.db, { limit: limit + 1, beforeId: q.cursor === undefined ? undefined : Number(q.cursor) });
      const page = rows.slice(0, limit);
      return { items: page.map(presentApiKey), nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null };
    },
  );

  r.delete(
    "/api/api-keys/:id",
    {
      preValidation: adminFirst,
      schema: { tags: ["api-keys"], summary: "Revoke a key at once; admins only", params: idParam, response: { 200: apiKeyView, ...errorResponses } },
    },
    async (request) => {
      const row = await revokeApiKeyById(ctx.db, actorOf(request), request.params.id, ctx.clock.now());
      ctx.sessions.forgetUser(row.user_id);
      return presentApiKey(row);
    },
  );
}
