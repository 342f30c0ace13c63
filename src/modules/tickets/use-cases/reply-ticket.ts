import { autoCloseAt } from "../../../domain/policy/deadlines.js";
import { NO_CHANGE_STREAK, nextNoChangeStreak } from "../../../domain/ticket/reply-similarity.js";
import type { FirstContactState, ReplyResult } from "../../../domain/ticket/ticket.types.js";
import { invalid } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";
import { ticketEvent, type TicketEventInput } from "../../../domain/ticket/ticket-events.js";
import { replySignOff } from "../../reviews/review-kinds.js";
import { fileWithinStep } from "../../reviews/review-workflow.js";
import { propagateToMerged } from "./merge-ticket.js";

export interface ReplyInput {
  content: string;
  result: ReplyResult;
  handlerName: string;
  /** Issue 18: with sign-off on, the signing leader's name is written when the leader approves. */
  leaderName?: string;
}

/** Shown until the leader signs off (the signing user's name then replaces it). */
export const LEADER_PENDING = "（待领导签批）";

export function presentReply(r: { id: number; round: number; content: string; result: string; handler_name: string; leader_name: string; status: string; late: boolean; created_at: Date; approved_at: Date | null }) {
  return {
    id: r.id,
    round: r.round,
    content: r.content,
    result: r.result,
    handlerName: r.handler_name,
    leaderName: r.leader_name,
    status: r.status,
    late: r.late,
    createdAt: r.created_at.toISOString(),
    approvedAt: r.approved_at ? r.approved_at.toISOString() : null,
  };
}

/**
 * Reply (docs/RULES.md rules 17–19, 24): the unit answers, naming the handler and the responsible leader. With
 * sign-off on, the reply waits for the unit leader (reply_review). Three replies in a row with no
 * substantive change flag the ticket.
 */
export async function replyTicket(deps: TicketDeps, actor: Actor, ticketId: number, input: ReplyInput, options: ActionOptions = {}) {
  const inputFromPolicy: ActionOptions["inputFromPolicy"] = (p, t) => ({
    replySignOff: p.replySignOff,
    replyNeedsFirstContact: p.replyNeedsFirstContact ?? true,
    firstContactState: t.first_contact_state as FirstContactState,
  });
  return runTicketAction(deps, actor, ticketId, "reply", { ...options, inputFromPolicy }, async (s) => {
    const late = !!s.ticket.reply_due_at && s.now.getTime() > s.ticket.reply_due_at.getTime();
    const previous = await s.trx.selectFrom("replies").select("content").where("ticket_id", "=", s.ticket.id).orderBy("id", "desc").limit(1).executeTakeFirst();
    const streak = nextNoChangeStreak(previous?.content ?? null, input.content, s.ticket.no_change_streak);
    const flag = streak >= NO_CHANGE_STREAK && !s.ticket.flagged_no_change;
    const replied = s.to === "replied";
    // Rule 17 (issue 18): the responsible leader is the user who signs; without sign-off, a leader replying names himself.
    const given = input.leaderName?.trim();
    const leaderName = !replied ? LEADER_PENDING : given || (actor.roles.includes("unit_leader") ? actor.name : "");
    if (!leaderName) throw invalid("leaderName", "name the responsible leader (rule 17)");
    const row = await s.trx
      .insertInto("replies")
      .values({
        ticket_id: s.ticket.id,
        unit_id: s.ticket.lead_unit_id!,
        round: s.ticket.redo_count,
        content: input.content,
        result: input.result,
        handler_name: input.handlerName,
        leader_name: leaderName,
        status: replied ? "approved" : "pending_review",
        late,
        actor_id: actor.id,
        created_at: s.now,
        approved_at: replied ? s.now : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // With sign-off on, the reply waits for the unit leader: a review request named by the reply's id.
    if (!replied) {
      await fileWithinStep(s.trx, replySignOff, { id: row.id, ticketId: s.ticket.id, unitId: row.unit_id, payload: { replyId: row.id }, requestedBy: actor.id, requestedAt: s.now, late });
    }
    const events: TicketEventInput[] = [
      ticketEvent("ticket.replied", s.now, actor.id, s.ticket.lead_unit_id, {
        replyId: row.id,
        result: input.result,
        handlerName: input.handlerName,
        leaderName,
        late,
        awaitingSignOff: !replied,
      }),
    ];
    if (flag) events.push(ticketEvent("ticket.no_change_flagged", s.now, null, s.ticket.lead_unit_id, { streak }));
    // Issue 15: requesters of tickets merged into this one get the reply too.
    if (replied) await propagateToMerged(s.trx, s.ticket, "reply", input.content, actor.id, s.now);
    return {
      patch: {
        no_change_streak: streak,
        ...(flag && { flagged_no_change: true }),
        ...(late && { reply_overdue: true }),
        ...(replied && { replied_at: s.now, auto_close_at: autoCloseAt(await s.policy(), await s.calendar(), s.now) }),
      },
      events,
      result: presentReply(row),
    };
  });
}
