import { invalid } from "../../../domain/errors.js";
import { returnDueAt } from "../../../domain/policy/deadlines.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";

export interface ReturnRequestInput {
  reason: string;
  basis?: string;
  verified?: string;
  suggestedUnitId?: number;
}

/**
 * Return request (DOMAIN.md rule 16): the unit asks the center to take the ticket back, giving the reason,
 * the basis, what it verified and a suggested unit. A request after the window is accepted and marked late.
 */
export async function requestReturn(deps: TicketDeps, actor: Actor, ticketId: number, input: ReturnRequestInput, options: ActionOptions = {}) {
  if (input.suggestedUnitId) {
    const unit = await deps.db.selectFrom("units").select("id").where("id", "=", input.suggestedUnitId).executeTakeFirst();
    if (!unit) throw invalid("suggestedUnitId", "no such unit");
  }
  return runTicketAction(deps, actor, ticketId, "request_return", options, async (s) => {
    const due = returnDueAt(await s.policy(), await s.calendar(), { dispatchedAt: s.ticket.dispatched_at ?? s.now, signedAt: s.ticket.signed_at });
    const late = !!due && s.now.getTime() > due.getTime();
    const unitId = s.ticket.lead_unit_id!;
    const row = await s.trx
          .insertInto("return_requests")
          .values({
            ticket_id: s.ticket.id,
            unit_id: unitId,
            reason: input.reason,
            basis: input.basis ?? null,
            verified: input.verified ?? null,
            suggested_unit_id: input.suggestedUnitId ?? null,
            late,
            actor_id: actor.id,
            created_at: s.now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    return {
      patch: { resume_status: s.from },
      events: [
        ticketEvent("ticket.return_requested", s.now, actor.id, unitId, {
          requestId: row.id,
          reason: input.reason,
          basis: input.basis ?? null,
          verified: input.verified ?? null,
          late,
          returnDueAt: due?.toISOString() ?? null,
          firstContactState: s.ticket.first_contact_state as "pending",
          suggestedUnitId: input.suggestedUnitId ?? null,
        }),
      ],
      result: presentReturnRequest(row),
    };
  });
}

export function presentReturnRequest(r: {
  id: number; ticket_id: number; unit_id: number; reason: string; basis: string | null; verified: string | null;
  suggested_unit_id: number | null; late: boolean; status: string; decision_note: string | null; created_at: Date; decided_at: Date | null;
}) {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    unitId: r.unit_id,
    reason: r.reason,
    basis: r.basis,
    verified: r.verified,
    suggestedUnitId: r.suggested_unit_id,
    late: r.late,
    status: r.status,
    decisionNote: r.decision_note,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  };
}
