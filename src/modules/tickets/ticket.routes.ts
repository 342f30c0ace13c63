import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { DomainError } from "../../domain/errors.js";
import { actorOf } from "../../http/auth.js";
import { errorResponse, errorResponses } from "../../http/schemas.js";
import { createTicket } from "./use-cases/create-ticket.js";
import { getTicketDetail } from "./use-cases/get-ticket.js";
import { ticketDetailView } from "./ticket-detail.schema.js";
import { INTAKE_ACCESS } from "./ticket.policy.js";
import { presentTicket } from "./ticket.presenter.js";
import { withCoUnitActions } from "../co-units/co-unit.repository.js";
import { PhoneSearchGuard } from "./phone-search.js";
import { countTickets, listTickets } from "./ticket.query.js";
import { createTicketBody, parseStatusList, ticketFilterQuery, ticketIdParams, ticketView } from "./ticket.schemas.js";
import { assertCallLinkable, linkCallToTicket } from "../call-center/use-cases/link-call.js";

const listQuery = ticketFilterQuery.extend({
  sort: z.enum(["received", "deadline"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(500).optional(),
});

/** Intake, list and detail of tickets (docs/API.md "Tickets"). */
export async function ticketRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const phoneSearch = new PhoneSearchGuard();

  r.post(
    "/api/tickets",
    {
      // An upstream platform passing tickets down calls this with its API key.
      config: { apiKeyScopes: ["upstream"], access: INTAKE_ACCESS },
      schema: {
        tags: ["tickets"],
        summary: "Take a request (intake); honours Idempotency-Key",
        headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }).loose(),
        body: createTicketBody,
        response: { 201: ticketView, 200: ticketView, ...errorResponses, 422: errorResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { callId, ...b } = request.body;
      if (callId) await assertCallLinkable(ctx.db, callId);
      const { ticket, created } = await createTicket(
        ctx,
        actor,
        { ...b, receivedAt: b.receivedAt ? new Date(b.receivedAt) : undefined },
        request.headers["idempotency-key"] as string | undefined,
      );
      if (callId && created) await linkCallToTicket(ctx.db, actor, callId, ticket.id, ctx.clock.now());
      return reply.status(created ? 201 : 200).send(presentTicket(ticket, actor, ctx.clock.now()));
    },
  );

  r.get(
    "/api/tickets",
    {
      schema: {
        tags: ["tickets"],
        summary: "List tickets: filters, keyset pagination (cursor); phone= needs a role that sees phones, is audited and rate-limited",
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(ticketView), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const q = request.query;
      const byPhone = !!q.phone;
      if (byPhone) {
        const { retryAfterS } = phoneSearch.admit(actor, q.phone!, Date.now());
        if (retryAfterS) {
          reply.header("retry-after", String(retryAfterS));
          throw new DomainError("RATE_LIMITED", `too many phone searches; try again in ${retryAfterS} s`);
        }
      }
      const status = parseStatusList(q.status);
      const now = ctx.clock.now();
      // Searches (text or phone) may read the replica; plain lists and inboxes are read-your-own-write.
      const source = q.q || byPhone ? ctx.readDb : ctx.db;
      const { rows, nextCursor } = await listTickets(source, actor, { ...q, status, unitId: q.unitId ?? q.leadUnitId }, now);
      if (byPhone) await phoneSearch.audit(ctx.db, actor, q.phone!, rows.length, now);
      return { items: await withCoUnitActions(ctx.db, actor, rows.map((t) => presentTicket(t, actor, now))), nextCursor };
    },
  );

  r.get(
    "/api/tickets/count",
    {
      schema: {
        tags: ["tickets"],
        summary: "How many tickets the list's filters match (queue tab counts, search result count); unit users count their unit's",
        querystring: ticketFilterQuery.omit({ phone: true }),
        response: { 200: z.object({ count: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const status = parseStatusList(q.status);
      return { count: await countTickets(ctx.db, actor, { ...q, status, unitId: q.unitId ?? q.leadUnitId }, ctx.clock.now()) };
    },
  );

  r.get(
    "/api/tickets/:id",
    {
      schema: {
        tags: ["tickets"],
        summary: "A ticket with its timeline and records",
        params: ticketIdParams,
        response: { 200: ticketDetailView, ...errorResponses },
      },
    },
    async (request) => getTicketDetail(ctx, actorOf(request), request.params.id),
  );
}
