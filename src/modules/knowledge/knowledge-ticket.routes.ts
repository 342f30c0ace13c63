import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { notFound } from "../../domain/errors.js";
import { TicketAction } from "../../domain/ticket/ticket.types.js";
import { actorOf } from "../../http/auth.js";
import { dbId, errorResponses } from "../../http/schemas.js";
import { canSee, ticketActionAccess } from "../tickets/ticket.policy.js";
import { presentTicket } from "../tickets/ticket.presenter.js";
import { parseIfMatch, ticketIdParams, ticketView } from "../tickets/ticket.schemas.js";
import { findTicket } from "../tickets/ticket.repository.js";
import { catalogueUnitsFor } from "./catalogue.js";
import { catalogueUnitView } from "./catalogue.routes.js";
import { CATALOGUE_READ_ACCESS } from "./knowledge.policy.js";
import { closeOutOfScope } from "./use-cases/close-out-of-scope.js";

/** The knowledge base on a ticket: closing it as out of scope (rule 3) and the catalogue's units for it (rule 13). */
export async function knowledgeTicketRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/api/tickets/:id/out-of-scope",
    {
      config: { access: ticketActionAccess(TicketAction.CloseOutOfScope) },
      schema: {
        tags: ["ticket actions"],
        summary: "Close before dispatch as outside the acceptance scope, citing the non-acceptance item (rule 3)",
        params: ticketIdParams,
        headers: z.object({ "if-match": z.string().max(40).optional() }).loose(),
        body: z.object({ entryId: dbId, note: z.string().trim().max(2000).optional() }),
        response: { 200: ticketView, ...errorResponses },
      },
    },
    async (request) => {
      const out = await closeOutOfScope(ctx, actorOf(request), request.params.id, request.body, { ifMatch: parseIfMatch(request.headers["if-match"]) });
      return presentTicket(out.ticket, actorOf(request), ctx.clock.now());
    },
  );

  r.get(
    "/api/tickets/:id/catalogue",
    {
      config: { access: CATALOGUE_READ_ACCESS },
      schema: {
        tags: ["dispatch-catalogue"],
        summary: "The units the dispatch catalogue names for this ticket (lead first, with the duty that justifies it)",
        params: ticketIdParams,
        response: { 200: z.object({ items: z.array(catalogueUnitView) }), ...errorResponses },
      },
    },
    async (request) => {
      const t = await findTicket(ctx.db, request.params.id);
      if (!t || !canSee(actorOf(request), { leadUnitId: t.lead_unit_id, coUnitIds: t.co_unit_ids })) throw notFound("ticket");
      return { items: await catalogueUnitsFor(ctx.db, { categoryId: t.category_id, address: t.address, title: t.title, content: t.content }) };
    },
  );
}
