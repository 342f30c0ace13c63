import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { DomainError, notFound } from "../../domain/errors.js";
import { TicketAction } from "../../domain/ticket/ticket.types.js";
import type { Access } from "../../http/access.js";
import { actorOf, hasRole } from "../../http/auth.js";
import { dbId, errorResponses, idParam } from "../../http/schemas.js";
import { isCenterUser, ticketActionAccess } from "../tickets/ticket.policy.js";
import { presentTicket } from "../tickets/ticket.presenter.js";
import { parseIfMatch, ticketIdParams, ticketView } from "../tickets/ticket.schemas.js";
import { assignTicket } from "./assign-ticket.js";
import { unitWorkload } from "./workload.query.js";

/** The unit's leader sees its own workload; the center sees every unit's. */
const WORKLOAD_ACCESS: Access = {
  // Every center role (isCenterUser: operators and follow-up too, docs/API.md "center roles"), so the documented x-roles match who is let in.
  roles: ["admin", "operator", "dispatcher", "supervisor", "follow_up", "viewer", "unit_leader"],
  allows: (actor) => isCenterUser(actor) || (hasRole(actor, "unit_leader") && actor.unitId !== null),
};

const workloadView = z.object({
  unitId: z.number(),
  unassigned: z.number().describe("open tickets of the unit with no handler assigned"),
  sections: z.array(z.object({ id: z.number(), name: z.string(), open: z.number() })),
  items: z.array(z.object({ userId: z.number(), name: z.string(), roles: z.array(z.string()), open: z.number(), overdue: z.number() })),
  nextCursor: z.string().nullable(),
});

/** The unit's own desk (issue 18; docs/WORKDAY.md): assignment to a section or handler, per-person workload. */
export async function unitDeskRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opts = (request: FastifyRequest) => ({ ifMatch: parseIfMatch(request.headers["if-match"]) });

  r.post(
    "/api/tickets/:id/assign",
    {
      config: { access: ticketActionAccess(TicketAction.Assign) },
      schema: {
        tags: ["ticket actions"],
        summary: "The lead unit's leader assigns or reassigns the ticket to a section (科室) and/or a handler",
        params: ticketIdParams,
        body: z.object({ sectionId: dbId.nullish(), userId: dbId.nullish(), note: z.string().max(2000).optional() }),
        response: { 200: ticketView, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const out = await assignTicket(ctx, actor, request.params.id, request.body, opts(request));
      return presentTicket(out.ticket, actor, ctx.clock.now());
    },
  );

  r.get(
    "/api/units/:id/workload",
    {
      config: { access: WORKLOAD_ACCESS },
      schema: {
        tags: ["organisation"],
        summary: "Per-person workload of a unit: open and overdue tickets per handler, per section, unassigned",
        params: idParam,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).optional(), cursor: z.string().max(200).optional() }),
        response: { 200: workloadView, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!isCenterUser(actor) && actor.unitId !== request.params.id) throw new DomainError("FORBIDDEN", "a unit leader sees only the own unit's workload");
      // An id that names no unit is a 404, not an empty workload.
      if (!(await ctx.db.selectFrom("units").select("id").where("id", "=", request.params.id).executeTakeFirst())) throw notFound(`unit ${request.params.id}`);
      return unitWorkload(ctx.db, request.params.id, ctx.clock.now());
    },
  );
}
