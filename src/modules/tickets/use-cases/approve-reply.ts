import { DomainError } from "../../../domain/errors.js";
import { autoCloseAt } from "../../../domain/policy/deadlines.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";

/**
 * Leader sign-off (DOMAIN.md rule 17): the unit leader approves the pending reply (→ replied, the follow-up
 * and auto-close clocks start) or sends it back to the handler (→ signed).
 */
export async function approveReply(deps: TicketDeps, actor: Actor, ticketId: number, replyId: number, input: { approve?: boolean; note?: string }, options: ActionOptions = {}) {
  const approve = input.approve !== false;
  return runTicketAction(deps, actor, ticketId, "approve_reply", { ...options, input: { approve } }, async (s) => {
    const reply = await s.trx.selectFrom("replies").selectAll().where("id", "=", replyId).where("ticket_id", "=", s.ticket.id).executeTakeFirst();
    if (!reply) throw new DomainError("NOT_FOUND", `reply ${replyId} not found on this ticket`);
    if (reply.status !== "pending_review") throw new DomainError("REQUEST_ALREADY_DECIDED", `reply ${replyId} is already ${reply.status}`);
    await s.trx
      .updateTable("replies")
      .set({ status: approve ? "approved" : "rejected", approved_by: actor.id, approved_at: s.now })
      .where("id", "=", replyId)
      .execute();
    return {
      patch: approve ? { replied_at: s.now, auto_close_at: autoCloseAt(await s.policy(), await s.calendar(), s.now) } : {},
      events: [ticketEvent("ticket.reply_approved", s.now, actor.id, s.ticket.lead_unit_id, { replyId, approved: approve, note: input.note ?? null })],
    };
  });
}
