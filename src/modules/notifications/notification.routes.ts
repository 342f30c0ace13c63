import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { notFound } from "../../domain/errors.js";
import { actorOf } from "../../http/auth.js";
import { dbIdQuery, errorResponses, idParam, okResponse, queryBool } from "../../http/schemas.js";
import { listNotifications } from "./notification.query.js";

const notification = z.object({
  id: z.number(),
  ticketId: z.number().nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
z.globalRegistry.add(notification, { id: "Notification" });

/**
 * The user's in-app notifications (warnings, overdue marks, dispatches, decisions), newest first; only
 * those about tickets the user may still see (a ticket reassigned away takes its notices with it).
 */
export async function notificationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/notifications",
    {
      schema: {
        tags: ["notifications"],
        summary: "The caller's notifications, newest first (unread only with unread=true)",
        querystring: z.object({ unread: queryBool.optional(), limit: z.coerce.number().int().min(1).max(200).optional(), before: dbIdQuery.optional() }),
        response: { 200: z.array(notification), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await listNotifications(ctx.db, actorOf(request), request.query);
      return rows.map((n) => ({ id: n.id, ticketId: n.ticket_id, kind: n.kind, title: n.title, body: n.body, createdAt: n.created_at.toISOString(), readAt: n.read_at ? n.read_at.toISOString() : null }));
    },
  );

  r.post(
    "/api/notifications/:id/read",
    { schema: { tags: ["notifications"], summary: "Mark one of the caller's notifications read", params: idParam, response: { 200: okResponse, ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      const res = await ctx.db
        .updateTable("notifications")
        .set({ read_at: ctx.clock.now() })
        .where("id", "=", request.params.id)
        .where("user_id", "=", actor.id)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw notFound("notification");
      return { ok: true as const };
    },
  );

  // Issue 18: "mark all read" and the badge's own count (the list shows at most a page).
  r.post(
    "/api/notifications/read-all",
    { schema: { tags: ["notifications"], summary: "Mark every unread notification of the caller read", response: { 200: z.object({ ok: z.literal(true), count: z.number() }), ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      const now = ctx.clock.now();
      const res = await ctx.db.updateTable("notifications").set({ read_at: now }).where("user_id", "=", actor.id).where("read_at", "is", null).executeTakeFirst();
      return { ok: true as const, count: Number(res.numUpdatedRows) };
    },
  );

  r.get(
    "/api/notifications/unread-count",
    { schema: { tags: ["notifications"], summary: "How many of the caller's notifications are unread (the badge)", response: { 200: z.object({ count: z.number() }), ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      const row = await ctx.db
        .selectFrom("notifications")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("user_id", "=", actor.id)
        .where("read_at", "is", null)
        .executeTakeFirstOrThrow();
      return { count: Number(row.n) };
    },
  );
}
