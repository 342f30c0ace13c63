import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { CONTACT_METHODS, CONTACT_OUTCOMES, DISPATCH_MODES, EXCLUSION_REASONS, FOLLOW_UP_OUTCOMES, REPLY_RESULTS } from "../../domain/ticket/ticket.types.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, isoTime } from "../../http/schemas.js";
import { TicketAction } from "../../domain/ticket/ticket.types.js";
import { ticketActionAccess } from "./ticket.policy.js";
import { presentTicket } from "./ticket.presenter.js";
import { parseIfMatch, recordWithTicket, replyParams, requestParams, text, ticketIdParams, ticketView } from "./ticket.schemas.js";
import type { TicketRow } from "../../db/schema.js";
import { approveReply } from "./use-cases/approve-reply.js";
import { decideExtension } from "./use-cases/decide-extension.js";
import { decideReturn } from "./use-cases/decide-return.js";
import { dispatchTicket } from "./use-cases/dispatch-ticket.js";
import { decideExclusion, requestExclusion } from "./use-cases/exclusion.js";
import { recordContactAttempt } from "./use-cases/record-contact-attempt.js";
import { recordFollowUp } from "./use-cases/record-follow-up.js";
import { redoTicket } from "./use-cases/redo-ticket.js";
import { replyTicket } from "./use-cases/reply-ticket.js";
import { requestExtension } from "./use-cases/request-extension.js";
import { requestReturn } from "./use-cases/request-return.js";
import { revealPhone } from "./use-cases/reveal-phone.js";
import { signTicket } from "./use-cases/sign-ticket.js";
import { terminateTicket } from "./use-cases/terminate-ticket.js";

const ifMatchHeader = z.object({ "if-match": z.string().max(40).optional() }).loose();
const ticketAnswer = { 200: ticketView, ...errorResponses };
const recordAnswer = { 201: recordWithTicket, ...errorResponses };
const id = z.number().int().positive().max(2_147_483_647);

/** Every ticket action (docs/API.md): thin handlers, one use case each. */
export async function ticketActionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opts = (request: FastifyRequest) => ({ ifMatch: parseIfMatch(request.headers["if-match"]) });
  const show = (request: FastifyRequest, t: TicketRow) => presentTicket(t, actorOf(request), ctx.clock.now());
  /** 201 {id, …the record, ticket} (docs/API.md: calls that create a record). */
  const created = (request: FastifyRequest, reply: FastifyReply, out: { ticket: TicketRow; result: object }) =>
    reply.status(201).send({ ...out.result, ticket: show(request, out.ticket) });
  const schema = <T extends object>(summary: string, extra: T) => ({ tags: ["ticket actions"], summary, headers: ifMatchHeader, ...extra });
  /** Who may call the action's route: TICKET_PERMISSIONS, checked before the body is validated. */
  const access = (action: TicketAction) => ({ access: ticketActionAccess(action) });

  r.post(
    "/api/tickets/:id/dispatch",
    {
      config: access(TicketAction.Dispatch),
      schema: schema("Dispatch to a lead unit (+ co-units): direct, designated or territorial (rule 10)", {
        params: ticketIdParams,
        body: z.object({ unitId: id, coUnitIds: z.array(id).max(20).optional(), mode: z.enum(DISPATCH_MODES).optional(), note: z.string().max(2000).optional(), catalogueReason: z.string().trim().min(1).max(2000).optional().describe("required when the lead unit is not the dispatch catalogue's (rule 11)") }),
        response: ticketAnswer,
      }),
    },
    async (request) => show(request, (await dispatchTicket(ctx, actorOf(request), request.params.id, request.body, opts(request))).ticket),
  );

  r.post(
    "/api/tickets/:id/sign",
    { config: access(TicketAction.Sign), schema: schema("The lead unit signs (rule 14)", { params: ticketIdParams, response: ticketAnswer }) },
    async (request) => show(request, (await signTicket(ctx, actorOf(request), request.params.id, opts(request))).ticket),
  );

  r.post(
    "/api/tickets/:id/contact-attempts",
    {
      config: access(TicketAction.RecordContact),
      schema: schema("Record a first-contact attempt (rule 15)", {
        params: ticketIdParams,
        body: z.object({ at: isoTime.optional(), method: z.enum(CONTACT_METHODS), outcome: z.enum(CONTACT_OUTCOMES), note: z.string().max(2000).optional() }),
        response: recordAnswer,
      }),
    },
    async (request, reply) => {
      const b = request.body;
      return created(request, reply, await recordContactAttempt(ctx, actorOf(request), request.params.id, { ...b, at: b.at ? new Date(b.at) : undefined }, opts(request)));
    },
  );

  r.post(
    "/api/tickets/:id/return-requests",
    {
      config: access(TicketAction.RequestReturn),
      schema: schema("Ask the center to take the ticket back (rule 16); late requests are accepted and flagged", {
        params: ticketIdParams,
        body: z.object({ reason: text(2000), basis: z.string().max(2000).optional(), verified: z.string().max(2000).optional(), suggestedUnitId: id.optional(), newFacts: z.string().max(2000).optional() }),
        response: recordAnswer,
      }),
    },
    async (request, reply) => {
      return created(request, reply, await requestReturn(ctx, actorOf(request), request.params.id, request.body, opts(request)));
    },
  );

  r.post(
    "/api/tickets/:id/return-requests/:requestId/decision",
    {
      config: access(TicketAction.DecideReturn),
      schema: schema("Approve (back to dispatch, or reassign) or refuse a return request", {
        params: requestParams,
        body: z.object({ approve: z.boolean(), note: z.string().max(2000).optional(), reassignTo: id.optional(), coUnitIds: z.array(id).max(20).optional(), keepAsLead: z.boolean().optional() }),
        response: ticketAnswer,
      }),
    },
    async (request) => {
      const p = request.params;
      return show(request, (await decideReturn(ctx, actorOf(request), p.id, p.requestId, request.body, opts(request))).ticket);
    },
  );

  r.post(
    "/api/tickets/:id/extension-requests",
    {
      config: access(TicketAction.RequestExtension),
      schema: schema("Ask for more working days", {
        params: ticketIdParams,
        body: z.object({ workingDays: z.number().int().min(1).max(60), reason: text(2000) }),
        response: recordAnswer,
      }),
    },
    async (request, reply) => {
      return created(request, reply, await requestExtension(ctx, actorOf(request), request.params.id, request.body, opts(request)));
    },
  );

  r.post(
    "/api/tickets/:id/extension-requests/:requestId/decision",
    {
      config: access(TicketAction.DecideExtension),
      schema: schema("Approve (moves replyDueAt) or refuse an extension", {
        params: requestParams,
        body: z.object({ approve: z.boolean(), workingDays: z.number().int().min(1).max(60).optional(), note: z.string().max(2000).optional() }),
        response: ticketAnswer,
      }),
    },
    async (request) => {
      const p = request.params;
      return show(request, (await decideExtension(ctx, actorOf(request), p.id, p.requestId, request.body, opts(request))).ticket);
    },
  );

  r.post(
    "/api/tickets/:id/replies",
    {
      config: access(TicketAction.Reply),
      schema: schema("The unit's reply, naming handler and responsible leader (rules 17–19)", {
        params: ticketIdParams,
        body: z.object({
          content: text(20_000),
          result: z.enum(REPLY_RESULTS),
          handlerName: text(100),
          // Issue 18: with sign-off on, the signing leader's own name replaces it; optional for a leader replying himself.
          leaderName: text(100).optional(),
        }),
        response: recordAnswer,
      }),
    },
    async (request, reply) => {
      return created(request, reply, await replyTicket(ctx, actorOf(request), request.params.id, request.body, opts(request)));
    },
  );

  r.post(
    "/api/tickets/:id/replies/:replyId/approve",
    {
      config: access(TicketAction.ApproveReply),
      schema: schema("Unit leader signs off a reply (rule 17); approve:false sends it back", {
        params: replyParams,
        body: z.object({ approve: z.boolean().optional(), note: z.string().max(2000).optional() }).optional(),
        response: ticketAnswer,
      }),
    },
    async (request) => {
      const p = request.params;
      return show(request, (await approveReply(ctx, actorOf(request), p.id, p.replyId, request.body ?? {}, opts(request))).ticket);
    },
  );

  r.post(
    "/api/tickets/:id/follow-ups",
    {
      config: access(TicketAction.FollowUp),
      schema: schema("Follow-up call result (rules 21–25); unsatisfied needs decision redo|close", {
        params: ticketIdParams,
        body: z.object({
          outcome: z.enum(FOLLOW_UP_OUTCOMES),
          contacted: z.boolean(),
          informed: z.boolean(),
          resolved: z.boolean(),
          note: z.string().max(2000).optional(),
          decision: z.enum(["redo", "close"]).optional(),
        }),
        response: recordAnswer,
      }),
    },
    async (request, reply) => {
      // The decision rule is the state machine's (FOLLOW_UP_DECISION_REQUIRED, 400, after the 403 checks).
      return created(request, reply, await recordFollowUp(ctx, actorOf(request), request.params.id, request.body, opts(request)));
    },
  );

  r.post(
    "/api/tickets/:id/redo",
    { config: access(TicketAction.Redo), schema: schema("Send back to the same lead unit (rule 23)", { params: ticketIdParams, body: z.object({ reason: text(2000) }), response: ticketAnswer }) },
    async (request) => show(request, (await redoTicket(ctx, actorOf(request), request.params.id, request.body, opts(request))).ticket),
  );

  const reasonCodes = Object.keys(EXCLUSION_REASONS) as [keyof typeof EXCLUSION_REASONS, ...(keyof typeof EXCLUSION_REASONS)[]];
  r.post(
    "/api/tickets/:id/exclusions",
    {
      config: access(TicketAction.RequestExclusion),
      schema: schema("Ask to exclude from satisfaction scoring, with a listed reason (rule 26)", {
        params: ticketIdParams,
        body: z.object({ reasonCode: z.enum(reasonCodes), explanation: text(5000) }),
        response: recordAnswer,
      }),
    },
    async (request, reply) => {
      return created(request, reply, await requestExclusion(ctx, actorOf(request), request.params.id, request.body, opts(request)));
    },
  );

  r.post(
    "/api/tickets/:id/exclusions/:requestId/decision",
    {
      config: access(TicketAction.DecideExclusion),
      schema: schema("Approve or refuse an exclusion request", {
        params: requestParams,
        body: z.object({ approve: z.boolean(), note: z.string().max(2000).optional() }),
        response: ticketAnswer,
      }),
    },
    async (request) => {
      const p = request.params;
      return show(request, (await decideExclusion(ctx, actorOf(request), p.id, p.requestId, request.body, opts(request))).ticket);
    },
  );

  r.post(
    "/api/tickets/:id/terminate",
    {
      config: access(TicketAction.Terminate),
      schema: schema("Close after a third-party review (rule 27)", {
        params: ticketIdParams,
        body: z.object({ reviewers: z.array(text(100)).min(1).max(20), conclusion: text(5000) }),
        response: ticketAnswer,
      }),
    },
    async (request) => show(request, (await terminateTicket(ctx, actorOf(request), request.params.id, request.body, opts(request))).ticket),
  );

  r.post(
    "/api/tickets/:id/reveal-phone",
    { config: access(TicketAction.RevealPhone), schema: { tags: ["ticket actions"], summary: "Show the full phone number (audited)", params: ticketIdParams, response: { 200: z.object({ phone: z.string().nullable() }), ...errorResponses } } },
    async (request) => revealPhone(ctx, actorOf(request), request.params.id),
  );

  r.get(
    "/api/exclusion-reasons",
    { schema: { tags: ["tickets"], summary: "The exclusion reason list (rule 26)", response: { 200: z.array(z.object({ code: z.string(), label: z.string() })), ...errorResponses } } },
    async (request) => {
      actorOf(request);
      return Object.entries(EXCLUSION_REASONS).map(([code, label]) => ({ code, label }));
    },
  );
}
