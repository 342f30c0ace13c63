import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { invalid } from "../../domain/errors.js";
import { rolesAccess } from "../../http/access.js";
import { dbIdQuery, errorResponses } from "../../http/schemas.js";

const entry = z.object({
  id: z.number(),
  at: z.string(),
  /** Wall-clock time of the write (`at` is the business time). */
  recordedAt: z.string(),
  actor: z.object({ id: z.number(), name: z.string() }).nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
z.globalRegistry.add(entry, { id: "AuditEntry" });

/** GET /api/audit-log: phone reveals, exports, admin changes, logins; newest first, keyset-paged. Admins only. */
export async function auditRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/audit-log",
    {
      config: { access: rolesAccess(["admin"]) },
      schema: {
        tags: ["audit"],
        summary: "Admin: the audit log (phone reveals, exports, admin changes, logins), newest first, keyset-paged",
        querystring: z.object({
          action: z.string().max(60).optional(),
          actorId: dbIdQuery.optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          cursor: z.string().max(20).optional(),
        }),
        response: { 200: z.object({ items: z.array(entry), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      let query = ctx.db
        .selectFrom("audit_log as a")
        .leftJoin("users as u", "u.id", "a.actor_id")
        .select(["a.id", "a.at", "a.recorded_at", "a.actor_id", "u.name as actor_name", "a.action", "a.target_type", "a.target_id", "a.data"]);
      if (q.action) query = query.where("a.action", "=", q.action);
      if (q.actorId) query = query.where("a.actor_id", "=", q.actorId);
      if (q.cursor) {
        if (!/^\d{1,15}$/.test(q.cursor)) throw invalid("cursor", "is not a cursor this server gave out");
        query = query.where("a.id", "<", Number(q.cursor));
      }
      const rows = await query.orderBy("a.id", "desc").limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      return {
        items: page.map((a) => ({
          id: a.id,
          at: a.at.toISOString(),
          recordedAt: a.recorded_at.toISOString(),
          actor: a.actor_id === null ? null : { id: a.actor_id, name: a.actor_name ?? "" },
          action: a.action,
          targetType: a.target_type,
          targetId: a.target_id,
          data: a.data,
        })),
        nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  );
}
