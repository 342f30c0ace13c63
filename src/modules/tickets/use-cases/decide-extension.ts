import { DomainError } from "../../../domain/errors.js";
import { extendReplyDue } from "../../../domain/policy/deadlines.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";

/**
 * The center decides an extension: approval moves replyDueAt by the granted working days (default: those
 * asked for) and starts a new warning cycle for it.
 */
export async function decideExtension(deps: TicketDeps, actor: Actor, ticketId: number, requestId: number, input: { approve: boolean; workingDays?: number; note?: string }, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "decide_extension", options, async (s) => {
    const request = await s.trx.selectFrom("extension_requests").selectAll().where("id", "=", requestId).where("ticket_id", "=", s.ticket.id).executeTakeFirst();
    if (!request) throw new DomainError("NOT_FOUND", `extension request ${requestId} not found on this ticket`);
    if (request.status !== "pending") throw new DomainError("REQUEST_ALREADY_DECIDED", `extension request ${requestId} is already ${request.status}`);
    const granted = input.approve ? (input.workingDays ?? request.working_days) : null;
    const replyDue = granted && s.ticket.reply_due_at ? extendReplyDue(await s.policy(), await s.calendar(), s.ticket.reply_due_at, granted) : null;
    await s.trx
      .updateTable("extension_requests")
      .set({ status: input.approve ? "approved" : "refused", granted_days: granted, decided_by: actor.id, decided_at: s.now })
      .where("id", "=", requestId)
      .execute();
    await s.notify({
      userIds: await s.unitUserIds([request.unit_id]),
      ticketId: s.ticket.id,
      kind: input.approve ? "extension.approved" : "extension.refused",
      title: `${s.ticket.number} 延期申请${input.approve ? `已同意（${granted} 个工作日）` : "未同意"}`,
      at: s.now,
    });
    return {
      patch: {
        pending_extension: false,
        ...(replyDue && { reply_due_at: replyDue, deadline_cycle: s.ticket.deadline_cycle + 1, reply_overdue: s.ticket.reply_overdue && s.now > replyDue }),
      },
      events: [
        ticketEvent(input.approve ? "ticket.extension_approved" : "ticket.extension_refused", s.now, actor.id, request.unit_id, {
          requestId,
          workingDays: granted,
          replyDueAt: replyDue?.toISOString() ?? null,
          note: input.note ?? null,
        }),
      ],
    };
  });
}
