import { DomainError } from "../../../domain/errors.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { dispatchPatch } from "../dispatch-plan.js";
import { resumeDueAfterPause } from "../../../domain/policy/deadlines.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";
import { validateDispatchTarget } from "./dispatch-ticket.js";
import type { TicketUpdate } from "../../../db/schema.js";

export interface ReturnDecisionInput {
  approve: boolean;
  note?: string;
  reassignTo?: number;
  coUnitIds?: number[];
}

/**
 * The center decides a return request (DOMAIN.md rule 16): refuse → the unit keeps the ticket in the status
 * it had; approve → back to the dispatch queue, or straight to `reassignTo`.
 */
export async function decideReturn(deps: TicketDeps, actor: Actor, ticketId: number, requestId: number, input: ReturnDecisionInput, options: ActionOptions = {}) {
  const target = input.approve && input.reassignTo ? await validateDispatchTarget(deps.db, { unitId: input.reassignTo, coUnitIds: input.coUnitIds }, "reassignTo") : null;
  return runTicketAction(deps, actor, ticketId, "decide_return", { ...options, input: { approve: input.approve, reassign: !!target } }, async (s) => {
    const request = await s.trx.selectFrom("return_requests").selectAll().where("id", "=", requestId).where("ticket_id", "=", s.ticket.id).executeTakeFirst();
    if (!request) throw new DomainError("NOT_FOUND", `return request ${requestId} not found on this ticket`);
    if (request.status !== "pending") throw new DomainError("REQUEST_ALREADY_DECIDED", `return request ${requestId} is already ${request.status}`);
    let patch: TicketUpdate = { resume_status: null };
    if (input.approve && target) {
      const current = await s.currentPolicy();
      s.usePolicy(current.settings);
      patch = { ...dispatchPatch(current.settings, await s.calendar(), s.ticket, target, s.now), policy_version: current.version || null };
    } else if (!input.approve) {
      // returnStopsClock (POLICIES.md): the unit's clocks resume with the working time they had left.
      const policy = await s.policy();
      if (policy.returnStopsClock) {
        const cal = await s.calendar();
        const resume = (due: Date | null) => (due ? resumeDueAfterPause(policy, cal, due, request.created_at, s.now) : null);
        patch = { ...patch, sign_due_at: resume(s.ticket.sign_due_at), contact_due_at: resume(s.ticket.contact_due_at), reply_due_at: resume(s.ticket.reply_due_at), deadline_cycle: s.ticket.deadline_cycle + 1 };
      }
    } else {
      patch = { resume_status: null, lead_unit_id: null, co_unit_ids: [], sign_due_at: null, contact_due_at: null, reply_due_at: null, progress_due_at: null, signed_at: null };
    }
    await s.trx
      .updateTable("return_requests")
      .set({ status: input.approve ? "approved" : "refused", decision_note: input.note ?? null, decided_by: actor.id, decided_at: s.now })
      .where("id", "=", requestId)
      .execute();
    const unitUsers = await s.unitUserIds([request.unit_id, ...(target ? [target.leadUnitId, ...target.coUnitIds] : [])]);
    await s.notify({
      userIds: unitUsers,
      ticketId: s.ticket.id,
      kind: input.approve ? "return.approved" : "return.refused",
      title: `${s.ticket.number} 退单申请${input.approve ? "已同意" : "未同意"}`,
      body: input.note,
      at: s.now,
    });
    return {
      patch,
      events: [
        ticketEvent(input.approve ? "ticket.return_approved" : "ticket.return_refused", s.now, actor.id, request.unit_id, {
          requestId,
          note: input.note ?? null,
          reassignTo: target?.leadUnitId ?? null,
        }),
        ...(target ? [ticketEvent("ticket.dispatched", s.now, actor.id, target.leadUnitId, { ...target, note: input.note ?? null })] : []),
      ],
    };
  });
}
