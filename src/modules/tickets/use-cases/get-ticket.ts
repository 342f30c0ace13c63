import type { Actor } from "../../../http/auth.js";
import { loadVisibleTicket, type TicketDeps } from "../ticket-action.js";
import { presentTicket } from "../ticket.presenter.js";
import { listEvents } from "../ticket.repository.js";
import { presentReply } from "./reply-ticket.js";
import { presentReturnRequest } from "./request-return.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A ticket with its timeline (from the audit events) and every record a unit or the center filed. */
export async function getTicketDetail(deps: TicketDeps, actor: Actor, id: number) {
  const t = await loadVisibleTicket(deps.db, actor, id);
  const db = deps.db;
  const [events, attempts, returns, extensions, replies, followUps, exclusions, attachments] = await Promise.all([
    listEvents(db, id),
    db.selectFrom("contact_attempts").selectAll().where("ticket_id", "=", id).orderBy("at").execute(),
    db.selectFrom("return_requests").selectAll().where("ticket_id", "=", id).orderBy("id").execute(),
    db.selectFrom("extension_requests").selectAll().where("ticket_id", "=", id).orderBy("id").execute(),
    db.selectFrom("replies").selectAll().where("ticket_id", "=", id).orderBy("id").execute(),
    db.selectFrom("follow_ups").selectAll().where("ticket_id", "=", id).orderBy("id").execute(),
    db.selectFrom("exclusion_requests").selectAll().where("ticket_id", "=", id).orderBy("id").execute(),
    db.selectFrom("attachments").select(["id", "owner_kind", "owner_id", "filename", "mime", "size", "created_at"]).where("ticket_id", "=", id).orderBy("id").execute(),
  ]);
  return {
    ...presentTicket(t, actor, deps.clock.now()),
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    contactAttempts: attempts.map((a) => ({ id: a.id, at: a.at.toISOString(), method: a.method, outcome: a.outcome, counted: a.counted, note: a.note, unitId: a.unit_id })),
    returnRequests: returns.map(presentReturnRequest),
    extensionRequests: extensions.map((x) => ({ id: x.id, workingDays: x.working_days, reason: x.reason, status: x.status, grantedDays: x.granted_days, createdAt: x.created_at.toISOString(), decidedAt: iso(x.decided_at) })),
    replies: replies.map(presentReply),
    followUps: followUps.map((f) => ({ id: f.id, round: f.round, outcome: f.outcome, contacted: f.contacted, informed: f.informed, resolved: f.resolved, decision: f.decision, note: f.note, at: f.at.toISOString() })),
    exclusionRequests: exclusions.map((x) => ({ id: x.id, reasonCode: x.reason_code, explanation: x.explanation, status: x.status, createdAt: x.created_at.toISOString(), decidedAt: iso(x.decided_at) })),
    attachments: attachments.map((a) => ({ id: a.id, ownerKind: a.owner_kind, ownerId: a.owner_id, filename: a.filename, mime: a.mime, size: a.size, createdAt: a.created_at.toISOString() })),
  };
}
