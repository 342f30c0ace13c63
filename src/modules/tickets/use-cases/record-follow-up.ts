import { closureOfFollowUp } from "../../../domain/ticket/ticket.machine.js";
import type { FollowUpOutcome } from "../../../domain/ticket/ticket.types.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";
import { ticketEvent, type TicketEventInput } from "../../../domain/ticket/ticket-events.js";
import { redoEvent, redoPatch } from "./redo-ticket.js";
import { propagateToMerged } from "./merge-ticket.js";

export interface FollowUpInput {
  outcome: FollowUpOutcome;
  contacted: boolean;
  informed: boolean;
  resolved: boolean;
  note?: string;
  decision?: "redo" | "close";
}

/**
 * Follow-up call (docs/RULES.md rules 21–25): satisfied or basically satisfied closes; unsatisfied needs a decision,
 * redo (back to the unit) or close with a remark; unreachable leaves the ticket to the auto-close window.
 */
export async function recordFollowUp(deps: TicketDeps, actor: Actor, ticketId: number, input: FollowUpInput, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "follow_up", { ...options, input: { outcome: input.outcome, decision: input.decision } }, async (s) => {
    const closure = closureOfFollowUp(input.outcome, input.decision);
    const events: TicketEventInput[] = [
      ticketEvent("ticket.followed_up", s.now, actor.id, s.ticket.lead_unit_id, {
        outcome: input.outcome,
        contacted: input.contacted,
        informed: input.informed,
        resolved: input.resolved,
        decision: input.decision ?? null,
        round: s.ticket.redo_count,
        note: input.note ?? null,
      }),
    ];
    // Issue 15: requesters of tickets merged into this one hear that the follow-up is done once it closes.
    if (closure) await propagateToMerged(s.trx, s.ticket, "follow_up", input.note ?? null, actor.id, s.now);
    let patch = {};
    if (s.to === "dispatched") {
      patch = redoPatch(await s.policy(), await s.calendar(), s.ticket, s.now);
      events.push(redoEvent(s.ticket, actor, s.now, input.note ?? "回访不满意"));
    }
    return {
      patch,
      events,
      ...(closure && { closure: { kind: closure, remark: input.note ?? null } }),
      after: async () => {
        const row = await s.trx
          .insertInto("follow_ups")
          .values({
            ticket_id: s.ticket.id,
            round: s.ticket.redo_count,
            outcome: input.outcome,
            contacted: input.contacted,
            informed: input.informed,
            resolved: input.resolved,
            decision: input.decision ?? null,
            note: input.note ?? null,
            actor_id: actor.id,
            at: s.now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { id: row.id, round: row.round, outcome: row.outcome, contacted: row.contacted, informed: row.informed, resolved: row.resolved, decision: row.decision, note: row.note, at: row.at.toISOString() };
      },
    };
  });
}
