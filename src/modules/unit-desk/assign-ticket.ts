import { invalid } from "../../domain/errors.js";
import { ticketEvent } from "../../domain/ticket/ticket-events.js";
import type { Actor } from "../../http/auth.js";
import type { Db } from "../../db/database.js";
import { writeAudit } from "../audit/audit.repository.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../tickets/ticket-action.js";

export interface AssignInput {
  sectionId?: number | null;
  userId?: number | null;
  note?: string;
}

/** The section must be a 科室 under the lead unit, the handler a user of it (400 naming the field otherwise). */
async function checkTargets(db: Db, leadUnitId: number, input: AssignInput): Promise<string | null> {
  if (input.sectionId) {
    const s = await db.selectFrom("units").select(["id", "kind", "parent_id"]).where("id", "=", input.sectionId).executeTakeFirst();
    if (!s || s.kind !== "section" || s.parent_id !== leadUnitId) throw invalid("sectionId", "must be a section (科室) of the lead unit");
  }
  if (input.userId) {
    const u = await db.selectFrom("users").select(["id", "unit_id", "active", "name"]).where("id", "=", input.userId).executeTakeFirst();
    if (!u || !u.active || u.unit_id !== leadUnitId) throw invalid("userId", "must be an active user of the lead unit");
    return u.name;
  }
  return null;
}

/**
 * The unit's own desk (issue 18, rule 17; docs/WORKDAY.md): the lead unit's leader assigns (or reassigns) the
 * ticket to a section and/or a handler. The assignment is the ticket's columns, written by the one write path
 * with a `ticket.assigned` event; the handler is notified; audited.
 */
export async function assignTicket(deps: TicketDeps, actor: Actor, ticketId: number, input: AssignInput, options: ActionOptions = {}) {
  if (!input.sectionId && !input.userId) throw invalid("userId", "name a section (sectionId) or a handler (userId)");
  return runTicketAction(deps, actor, ticketId, "assign", options, async (s) => {
    const userName = await checkTargets(s.trx, s.ticket.lead_unit_id!, input);
    const sectionId = input.sectionId ?? null;
    const userId = input.userId ?? null;
    if (userId && userId !== s.ticket.assigned_user_id) {
      await s.notify({ userIds: [userId], ticketId: s.ticket.id, kind: "ticket.assigned", title: `${s.ticket.number} 已分配给您办理：${s.ticket.title}`, at: s.now });
    }
    await writeAudit(s.trx, { at: s.now, actorId: actor.id, action: "ticket.assigned", targetType: "ticket", targetId: s.ticket.id, data: { sectionId, userId, previousUserId: s.ticket.assigned_user_id } });
    return {
      patch: { assigned_section_id: sectionId, assigned_user_id: userId, assigned_at: s.now },
      events: [ticketEvent("ticket.assigned", s.now, actor.id, s.ticket.lead_unit_id, { sectionId, userId, userName, previousUserId: s.ticket.assigned_user_id, note: input.note ?? null })],
    };
  });
}
