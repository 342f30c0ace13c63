import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { rolesAccess } from "../../http/access.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses } from "../../http/schemas.js";
import { CHANNELS } from "../../domain/ticket/ticket.types.js";
import { loadVisibleTicket } from "../tickets/ticket-action.js";
import { ticketIdParams } from "../tickets/ticket.schemas.js";
import { CITIZEN_RATINGS, MAILBOXES, RATING_SOURCES } from "./channel.types.js";

export const TICKET_READERS = rolesAccess(["admin", "operator", "dispatcher", "supervisor", "follow_up", "unit_leader", "unit_handler", "viewer"]);

const channelView = z.object({
  ticketId: z.number(),
  channel: z.enum(CHANNELS),
  mailbox: z.enum(MAILBOXES).nullable(),
  externalRef: z.string().nullable(),
  citizenSms: z.boolean(),
  open311: z.object({ serviceCode: z.string(), lat: z.number().nullable(), long: z.number().nullable(), attributes: z.record(z.string(), z.unknown()) }).nullable(),
  ratings: z.array(z.object({ source: z.enum(RATING_SOURCES), outcome: z.enum(CITIZEN_RATINGS), comment: z.string().nullable(), at: z.string() })),
});

/** How a ticket came in and what the citizen said online or by SMS (beside the center's follow-up, rule 21). */
export async function ticketChannelRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/tickets/:id/channel",
    {
      config: { access: TICKET_READERS },
      schema: { tags: ["channels"], summary: "A ticket's channel details and the citizen's own ratings", params: ticketIdParams, response: { 200: channelView, ...errorResponses } },
    },
    async (request) => {
      const t = await loadVisibleTicket(ctx.db, actorOf(request), request.params.id);
      const [ratings, o] = await Promise.all([
        ctx.db.selectFrom("citizen_ratings").selectAll().where("ticket_id", "=", t.id).orderBy("id").execute(),
        ctx.db.selectFrom("open311_requests").selectAll().where("ticket_id", "=", t.id).executeTakeFirst(),
      ]);
      return {
        ticketId: t.id,
        channel: t.channel as (typeof CHANNELS)[number],
        mailbox: t.mailbox as (typeof MAILBOXES)[number] | null,
        externalRef: t.external_ref,
        citizenSms: t.citizen_sms,
        open311: o ? { serviceCode: o.service_code, lat: o.lat, long: o.long, attributes: o.attributes } : null,
        ratings: ratings.map((r) => ({ source: r.source as "web" | "sms", outcome: r.outcome as (typeof CITIZEN_RATINGS)[number], comment: r.comment, at: r.at.toISOString() })),
      };
    },
  );
}
