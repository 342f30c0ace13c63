import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { invalid } from "../../domain/errors.js";
import { actorOf, requireRole } from "../../http/auth.js";
import { errorResponses, idParam } from "../../http/schemas.js";
import { listOutbox } from "./outbox.repository.js";
import { outboxView, presentOutbox } from "./outbox.presenter.js";
import { OUTBOX_STATUSES } from "./outbox.types.js";
import { retryOutboxMessage } from "./use-cases/retry-outbox-message.js";

/** The outbox for admins: what left or is waiting to leave the process, and a retry (docs/ARCHITECTURE.md "Outbox"). */
/** Admins only, checked before the request is validated (403 before 400). */
const adminFirst = async (request: FastifyRequest) => requireRole(actorOf(request), "admin");

export async function outboxRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/outbox",
    {
      preValidation: adminFirst,
      schema: {
        tags: ["outbox"],
        summary: "Outgoing messages (SMS, webhooks), newest first; admins only",
        querystring: z.object({
          status: z.enum(OUTBOX_STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          cursor: z.string().max(20).optional(),
        }),
        response: { 200: z.object({ items: z.array(outboxView), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      requireRole(actorOf(request), "admin");
      const q = request.query;
      const limit = q.limit ?? 50;
      if (q.cursor !== undefined && !/^\d{1,15}$/.test(q.cursor)) throw invalid("cursor", "is not a cursor this server gave out");
      const rows = await listOutbox(ctx.db, { status: q.status, limit: limit + 1, beforeId: q.cursor === undefined ? undefined : Number(q.cursor) });
      const page = rows.slice(0, limit);
      return { items: page.map(presentOutbox), nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null };
    },
  );

  r.post(
    "/api/outbox/:id/retry",
    {
      preValidation: adminFirst,
      schema: {
        tags: ["outbox"],
        summary: "Queue a dead or waiting message again, due now; admins only, audited",
        params: idParam,
        response: { 200: outboxView, ...errorResponses },
      },
    },
    async (request) => {
      const row = await retryOutboxMessage(ctx.db, actorOf(request), request.params.id, new Date(), ctx.clock.now());
      return presentOutbox(row);
    },
  );
}
