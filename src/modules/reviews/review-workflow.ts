import type { Db } from "../../db/database.js";
import type { ReviewRequestRow } from "../../db/schema.js";
import { DomainError } from "../../domain/errors.js";
import type { Actor } from "../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../tickets/ticket-action.js";
import type { ReviewKind } from "./review-kind.js";
import { createPending, decideRequest, findRequest } from "./review-request.repository.js";
import { presentReviewRequest, type ReviewRequestView } from "./review-request.presenter.js";

/**
 * The one workflow of every review request kind (review-kinds.ts). Filing: the kind's action through
 * runTicketAction (404 / 403 / 409 by the machine), the row inserted before the ticket update (its id is in
 * the event), the kind's patch and events applied by the one write path. Deciding: the request is found on
 * the locked ticket (404 NOT_FOUND, 409 REQUEST_ALREADY_DECIDED) before the machine runs, and the decision
 * is a conditional update `WHERE status = 'pending'`.
 */
export async function fileReviewRequest<P extends Record<string, unknown>, D extends Record<string, unknown>, Prep>(
  deps: TicketDeps,
  actor: Actor,
  ticketId: number,
  kind: ReviewKind<P, D, Prep>,
  input: NoInfer<P>,
  options: ActionOptions = {},
) {
  const { requestAction, onRequest } = kind;
  if (!requestAction || !onRequest) throw new Error(`a ${kind.kind} request is filed by another action`);
  const payload = kind.payload.parse(input);
  await kind.prepareRequest?.(deps.db, payload);
  return runTicketAction(deps, actor, ticketId, requestAction, options, async (s) => {
    const fx = await onRequest(s, payload);
    const row = await createPending(s.trx, { kind: kind.kind, ticketId: s.ticket.id, unitId: s.ticket.lead_unit_id, payload, requestedBy: actor.id, requestedAt: s.now, late: fx.late });
    const view = presentReviewRequest(row) as ReviewRequestView<P>;
    return { patch: fx.patch, events: fx.events(row.id), result: (kind.requestView ?? kind.view)(view) };
  });
}

/**
 * Files a request another action's step produces (a reply waiting for sign-off), inside that step's
 * transaction; `id` is the record's own when the kind is named by it.
 */
export async function fileWithinStep<P extends Record<string, unknown>, D extends Record<string, unknown>, Prep>(
  trx: Db,
  kind: ReviewKind<P, D, Prep>,
  r: { ticketId: number; unitId: number | null; payload: P; requestedBy: number | null; requestedAt: Date; late?: boolean; id?: number },
): Promise<ReviewRequestRow> {
  return createPending(trx, { ...r, kind: kind.kind, payload: kind.payload.parse(r.payload) });
}

export async function decideReviewRequest<P extends Record<string, unknown>, D extends Record<string, unknown>, Prep>(
  deps: TicketDeps,
  actor: Actor,
  ticketId: number,
  kind: ReviewKind<P, D, Prep>,
  requestId: number,
  input: NoInfer<D>,
  options: ActionOptions = {},
) {
  const decision = kind.decision.parse(input);
  const prep = (kind.prepareDecision ? await kind.prepareDecision(deps.db, decision) : undefined) as Prep;
  let request: ReviewRequestRow | undefined;
  const before = async (trx: Db, ticket: { id: number }) => {
    request = await findRequest(trx, kind.kind, ticket.id, requestId);
    if (!request) throw new DomainError("NOT_FOUND", `${kind.noun} ${requestId} not found on this ticket`);
    if (request.status !== "pending") throw alreadyDecided(kind, requestId, request.status);
  };
  return runTicketAction(deps, actor, ticketId, kind.decideAction, { ...options, input: { ...options.input, ...kind.decideInput?.(decision, prep) }, before }, async (s) => {
    const view = presentReviewRequest(request!) as ReviewRequestView<P, Partial<D>>;
    const fx = await kind.onDecide(s, view, decision, prep);
    const decided = await decideRequest(s.trx, kind.kind, requestId, { status: fx.approved ? "approved" : "refused", decidedBy: actor.id, decidedAt: s.now, decision: fx.record });
    if (!decided) throw alreadyDecided(kind, requestId, "decided");
    return { patch: fx.patch, events: fx.events };
  });
}

const alreadyDecided = (kind: { noun: string }, id: number, status: string) =>
  new DomainError("REQUEST_ALREADY_DECIDED", `${kind.noun} ${id} is already ${status}`);
