import type { Actor } from "../../../http/auth.js";
import { loadVisibleTicket, type TicketDeps } from "../ticket-action.js";
import { presentTicket } from "../ticket.presenter.js";
import { listEvents } from "../ticket.repository.js";
import { presentReply } from "./reply-ticket.js";
import { exclusionRequest, extensionRequest, returnRequest } from "../../reviews/review-kinds.js";
import { viewsOf } from "../../reviews/review-kind.js";
import { listForTicket } from "../../reviews/review-request.repository.js";
import { presentReviewRequest } from "../../reviews/review-request.presenter.js";
import { listCoUnits } from "../../co-units/co-unit.repository.js";
import { presentCoUnit } from "../../co-units/use-cases/co-unit-actions.js";

/** A ticket with its timeline (from the audit events) and every record a unit or the center filed. */
export async function getTicketDetail(deps: TicketDeps, actor: Actor, id: number) {
  const t = await loadVisibleTicket(deps.db, actor, id);
  const db = deps.db;
  const [events, attempts, requests, replies, followUps, attachments, coUnits] = await Promise.all([
    listEvents(db, id),
    db.selectFrom("contact_attempts").selectAll().where("ticket_id", "=", id).orderBy("at").execute(),
    listForTicket(db, id),
    db.selectFrom("replies").selectAll().where("ticket_id", "=", id).orderBy("id").execute(),
    db.selectFrom("follow_ups").selectAll().where("ticket_id", "=", id).orderBy("id").execute(),
    db.selectFrom("attachments").select(["id", "owner_kind", "owner_id", "filename", "mime", "size", "created_at"]).where("ticket_id", "=", id).orderBy("id").execute(),
    listCoUnits(db, id),
  ]);
  const now = deps.clock.now();
  const view = presentTicket(t, actor, now);
  // Co-unit actions as the actor's own row allows them (the list shows them by status only).
  const mine = actor.unitId === null ? undefined : coUnits.find((c) => c.unit_id === actor.unitId);
  view.allowedActions = view.allowedActions.filter((a) => (a === "co_sign" ? mine?.status === "dispatched" : a === "co_submit" ? mine?.status === "signed" : true));
  const reviews = requests.map(presentReviewRequest);
  return {
    ...view,
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    contactAttempts: attempts.map((a) => ({ id: a.id, at: a.at.toISOString(), method: a.method, outcome: a.outcome, counted: a.counted, note: a.note, unitId: a.unit_id })),
    returnRequests: viewsOf(returnRequest, reviews),
    extensionRequests: viewsOf(extensionRequest, reviews),
    replies: replies.map(presentReply),
    followUps: followUps.map((f) => ({ id: f.id, round: f.round, outcome: f.outcome, contacted: f.contacted, informed: f.informed, resolved: f.resolved, decision: f.decision, note: f.note, at: f.at.toISOString() })),
    exclusionRequests: viewsOf(exclusionRequest, reviews),
    attachments: attachments.map((a) => ({ id: a.id, ownerKind: a.owner_kind, ownerId: a.owner_id, filename: a.filename, mime: a.mime, size: a.size, createdAt: a.created_at.toISOString() })),
    coUnits: coUnits.map((c) => presentCoUnit(c, now)),
  };
}
