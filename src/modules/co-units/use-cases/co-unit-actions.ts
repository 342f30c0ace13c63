import { coSignLate, coUnitOverdue } from "../../../domain/ticket/co-units.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { CoUnitStatus } from "../../../domain/ticket/ticket.types.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../../tickets/ticket-action.js";
import { findCoUnit } from "../co-unit.repository.js";

/** The machine's input for a co-unit action: the actor's own co-unit row (null when none). */
const coUnitInput = (actor: Actor) => ({
  inputFromTicket: async (trx: Parameters<NonNullable<ActionOptions["inputFromTicket"]>>[0], ticket: { id: number }) => {
    const row = actor.unitId === null ? undefined : await findCoUnit(trx, ticket.id, actor.unitId);
    return { coUnitStatus: (row?.status ?? null) as CoUnitStatus | null };
  },
});

export function presentCoUnit(r: { id: number; unit_id: number; status: string; dispatched_at: Date; due_at: Date | null; signed_at: Date | null; sign_late: boolean; content: string | null; submitted_at: Date | null; late: boolean }, now: Date) {
  return {
    id: r.id,
    unitId: r.unit_id,
    status: r.status as CoUnitStatus,
    givenAt: r.dispatched_at.toISOString(),
    dueAt: r.due_at ? r.due_at.toISOString() : null,
    signedAt: r.signed_at ? r.signed_at.toISOString() : null,
    signLate: r.sign_late,
    content: r.content,
    submittedAt: r.submitted_at ? r.submitted_at.toISOString() : null,
    late: r.late,
    overdue: coUnitOverdue({ status: r.status as CoUnitStatus, dueAt: r.due_at, submittedAt: r.submitted_at }, now),
  };
}

/** Rule 10: a co-unit signs its part of a designated ticket (its own row; the ticket's status does not move). */
export async function coSign(deps: TicketDeps, actor: Actor, ticketId: number, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "co_sign", { ...options, ...coUnitInput(actor) }, async (s) => {
    const unitId = actor.unitId!;
    const late = coSignLate(s.ticket.sign_due_at, s.now);
    const row = await s.trx
      .updateTable("ticket_co_units")
      .set({ status: "signed", signed_at: s.now, signed_by: actor.id, sign_late: late })
      .where("ticket_id", "=", s.ticket.id)
      .where("unit_id", "=", unitId)
      .where("status", "=", "dispatched")
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(s.trx, { at: s.now, actorId: actor.id, action: "co_unit.signed", targetType: "ticket", targetId: s.ticket.id, data: { unitId, late } });
    return {
      patch: {},
      events: [ticketEvent("ticket.co_unit_signed", s.now, actor.id, unitId, { coUnitId: unitId, late })],
      result: presentCoUnit(row, s.now),
    };
  });
}

/**
 * Rule 10: a co-unit submits its part (text; evidence as attachments of owner kind co_unit_part) to the lead
 * unit, whose reply stays the one combined answer. Late when after the part's own deadline; the lead unit is told.
 */
export async function coSubmit(deps: TicketDeps, actor: Actor, ticketId: number, input: { content: string }, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "co_submit", { ...options, ...coUnitInput(actor) }, async (s) => {
    const unitId = actor.unitId!;
    const current = await findCoUnit(s.trx, s.ticket.id, unitId);
    const late = !!current?.due_at && s.now.getTime() > current.due_at.getTime();
    const row = await s.trx
      .updateTable("ticket_co_units")
      .set({ status: "submitted", content: input.content, submitted_at: s.now, submitted_by: actor.id, late, next_mark_at: null })
      .where("ticket_id", "=", s.ticket.id)
      .where("unit_id", "=", unitId)
      .where("status", "=", "signed")
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(s.trx, { at: s.now, actorId: actor.id, action: "co_unit.submitted", targetType: "ticket", targetId: s.ticket.id, data: { unitId, late } });
    if (s.ticket.lead_unit_id !== null) {
      await s.notify({ userIds: await s.unitUserIds([s.ticket.lead_unit_id]), ticketId: s.ticket.id, kind: "co_unit.submitted", title: `${s.ticket.number} 协办单位已提交协办意见`, at: s.now });
    }
    return {
      patch: {},
      events: [ticketEvent("ticket.co_unit_submitted", s.now, actor.id, unitId, { coUnitId: unitId, late, dueAt: row.due_at ? row.due_at.toISOString() : null })],
      result: presentCoUnit(row, s.now),
    };
  });
}
