import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { TicketAction } from "../../domain/ticket/ticket.types.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, queryDateOrTime } from "../../http/schemas.js";
import { REPORT_ACCESS } from "../reports/report.policy.js";
import { ticketActionAccess } from "../tickets/ticket.policy.js";
import { presentTicket } from "../tickets/ticket.presenter.js";
import { parseIfMatch, text, ticketIdParams, ticketView } from "../tickets/ticket.schemas.js";
import { invalid } from "../../domain/errors.js";
import { shanghaiMidnight } from "../../domain/calendar/calendar.js";
import { coUnitFigures } from "./co-unit.report.js";
import { coSign, coSubmit } from "./use-cases/co-unit-actions.js";
import { coUnitView } from "./co-unit.schemas.js";

const coUnitAnswer = { 201: z.object({ coUnit: coUnitView, ticket: ticketView }), ...errorResponses };
const figuresRow = z.object({
  unitId: z.number(),
  unitName: z.string(),
  given: z.number(),
  signed: z.number(),
  signedOnTime: z.number(),
  submitted: z.number(),
  submittedOnTime: z.number(),
  overdue: z.number(),
  onTimeRate: z.number().nullable(),
});

/** Co-handling (rule 10, issue 18; docs/WORKDAY.md): co-units sign and submit their part; their own figures. */
export async function coUnitRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opts = (request: FastifyRequest) => ({ ifMatch: parseIfMatch(request.headers["if-match"]) });
  const tags = ["co-handling"];

  r.post(
    "/api/tickets/:id/co-units/sign",
    { config: { access: ticketActionAccess(TicketAction.CoSign) }, schema: { tags, summary: "A co-unit signs its part of a designated ticket (rule 10)", params: ticketIdParams, response: coUnitAnswer } },
    async (request, reply) => {
      const actor = actorOf(request);
      const out = await coSign(ctx, actor, request.params.id, opts(request));
      return reply.status(201).send({ coUnit: out.result, ticket: presentTicket(out.ticket, actor, ctx.clock.now()) });
    },
  );

  r.post(
    "/api/tickets/:id/co-units/part",
    {
      config: { access: ticketActionAccess(TicketAction.CoSubmit) },
      schema: {
        tags,
        summary: "A co-unit submits its part (text; evidence as attachments of owner kind co_unit_part) to the lead unit",
        params: ticketIdParams,
        body: z.object({ content: text(20_000) }),
        response: coUnitAnswer,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const out = await coSubmit(ctx, actor, request.params.id, request.body, opts(request));
      return reply.status(201).send({ coUnit: out.result, ticket: presentTicket(out.ticket, actor, ctx.clock.now()) });
    },
  );

  r.get(
    "/api/reports/co-units",
    {
      config: { access: REPORT_ACCESS },
      schema: {
        tags: ["reports"],
        summary: "Each co-unit's own timeliness: parts given, signed, submitted on time, overdue (unit users: their own row)",
        querystring: z.object({ from: queryDateOrTime, to: queryDateOrTime, limit: z.coerce.number().int().min(1).max(500).optional(), cursor: z.string().max(200).optional() }),
        response: { 200: z.object({ items: z.array(figuresRow), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const at = (v: string, end: boolean) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(shanghaiMidnight(v).getTime() + (end ? 86_400_000 : 0)) : new Date(v));
      const from = at(request.query.from, false);
      const to = at(request.query.to, true);
      if (to.getTime() <= from.getTime()) throw invalid("to", "must be after from");
      return coUnitFigures(ctx.db, actorOf(request), { from, to }, ctx.clock.now());
    },
  );
}
