import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppContext } from "../../../app-context.js";
import { DomainError } from "../../../domain/errors.js";
import { rolesAccess } from "../../../http/access.js";
import { actorOf } from "../../../http/auth.js";
import { errorResponses } from "../../../http/schemas.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { createTicketBody, ticketView } from "../../tickets/ticket.schemas.js";
import { presentTicket } from "../../tickets/ticket.presenter.js";
import { channelIntake } from "../channel-intake.js";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, checkSignature } from "./upstream-signature.js";
import { z } from "zod";

declare module "fastify" {
  interface FastifyRequest {
    rawBody?: string;
  }
}

const upstreamBody = createTicketBody.extend({
  channel: z.literal("upstream").optional(),
  externalRef: z.string().trim().min(1).max(100).describe("the upstream platform's ticket id: the same one twice answers the same ticket"),
});

/**
 * Tickets passed down by the provincial or city 12345 platform (docs/CHANNELS.md "Upstream"): an API key of
 * scope upstream AND a signature over the raw body (HMAC-SHA256 with HUYING_UPSTREAM_SECRET, timestamp within
 * HUYING_UPSTREAM_WINDOW_S, each signature once). Unsigned, stale, replayed or tampered → 401 and nothing
 * written; the same externalRef → 200 with the same ticket.
 */
export async function upstreamRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
      request.rawBody = String(body);
      try {
        done(null, body === "" ? undefined : JSON.parse(String(body)));
      } catch (err) {
        done(Object.assign(err as Error, { statusCode: 400 }), undefined);
      }
    });
    const verify = async (request: FastifyRequest) => {
      const secret = ctx.config.channels.upstreamSecret;
      if (!secret) throw new DomainError("SIGNATURE_INVALID", "the upstream exchange is not configured (HUYING_UPSTREAM_SECRET)");
      const header = (n: string) => (typeof request.headers[n] === "string" ? (request.headers[n] as string) : undefined);
      const problem = checkSignature(secret, { timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) }, request.rawBody ?? "", Math.floor(Date.now() / 1000), ctx.config.channels.upstreamWindowS);
      if (problem) {
        request.log.warn({ problem }, "upstream call refused");
        throw new DomainError("SIGNATURE_INVALID", `the call's signature is ${problem}`);
      }
    };
    scope.withTypeProvider<ZodTypeProvider>().post(
      "/api/integrations/upstream/tickets",
      {
        config: { apiKeyScopes: ["upstream"], access: rolesAccess(["admin", "dispatcher"]) },
        preValidation: verify,
        schema: {
          tags: ["channels"],
          summary: "A ticket passed down by the upstream 12345 platform: signed, idempotent by externalRef",
          body: upstreamBody,
          response: { 201: ticketView, 200: ticketView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const now = new Date();
        // Each signature once inside the window (old ones are forgotten): a replay is refused before anything is written.
        await ctx.db.deleteFrom("upstream_signatures").where("at", "<", new Date(now.getTime() - 2 * ctx.config.channels.upstreamWindowS * 1000)).execute();
        const fresh = await ctx.db.insertInto("upstream_signatures").values({ signature: String(request.headers[SIGNATURE_HEADER]), at: now }).onConflict((oc) => oc.column("signature").doNothing()).returning("signature").executeTakeFirst();
        if (!fresh) throw new DomainError("SIGNATURE_INVALID", "this signed call was already received (replay)");
        const b = request.body;
        const { ticket, created } = await channelIntake(ctx, actor, { ...b, channel: "upstream", receivedAt: b.receivedAt ? new Date(b.receivedAt) : undefined });
        if (created) await writeAudit(ctx.db, { at: ctx.clock.now(), actorId: actor.id, action: "channel.ticket_received", targetType: "ticket", targetId: ticket.id, data: { channel: "upstream", externalRef: b.externalRef } });
        return reply.status(created ? 201 : 200).send(presentTicket(ticket, actor, ctx.clock.now()));
      },
    );
  });
}
