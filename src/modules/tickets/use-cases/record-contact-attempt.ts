import { invalid } from "../../../domain/errors.js";
import { evaluateFirstContact } from "../../../domain/ticket/first-contact.js";
import type { ContactMethod, ContactOutcome } from "../../../domain/ticket/ticket.types.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";
import { ticketEvent, type TicketEventInput } from "../../../domain/ticket/ticket-events.js";

export interface ContactAttemptInput {
  at?: Date;
  method: ContactMethod;
  outcome: ContactOutcome;
  note?: string;
}

/**
 * First-contact attempts (docs/RULES.md rule 15): a reached attempt is the first contact; three failed phone
 * calls ≥ 1 h apart inside the limit count as contacted. Re-evaluates every attempt of the ticket.
 */
export async function recordContactAttempt(deps: TicketDeps, actor: Actor, ticketId: number, input: ContactAttemptInput, options: ActionOptions = {}) {
  return runTicketAction(deps, actor, ticketId, "record_contact", options, async (s) => {
    const at = input.at ?? s.now;
    if (at.getTime() > s.now.getTime() + 60_000) throw invalid("at", "is in the future");
    if (s.ticket.dispatched_at && at.getTime() < s.ticket.dispatched_at.getTime()) throw invalid("at", "is before the ticket was dispatched");
    const policy = await s.policy();
    const previous = await s.trx
      .selectFrom("contact_attempts")
      .select(["id", "at", "method", "outcome"])
      .where("ticket_id", "=", s.ticket.id)
      .orderBy("at")
      .execute();
    const all = [...previous.map((p) => ({ at: p.at, method: p.method as ContactMethod, outcome: p.outcome as ContactOutcome })), { at, method: input.method, outcome: input.outcome }];
    const required = s.ticket.first_contact_state !== "not_required";
    const result = evaluateFirstContact(all, policy.failedCalls, {
      required,
      dueAt: s.ticket.contact_due_at,
      overdue: s.ticket.first_contact_state === "missed",
    });
    const counted = result.counted[all.length - 1] ?? false;
    const wasDone = s.ticket.first_contact_state === "reached" || s.ticket.first_contact_state === "deemed_reached";
    const nowDone = result.state === "reached" || result.state === "deemed_reached";
    const late = nowDone && !!s.ticket.contact_due_at && (result.at?.getTime() ?? 0) > s.ticket.contact_due_at.getTime();
    const events: TicketEventInput[] = [
      ticketEvent("ticket.contact_attempted", s.now, actor.id, actor.unitId, {
        attemptAt: at.toISOString(),
        method: input.method,
        outcome: input.outcome,
        counted,
        countedFailedCalls: result.countedFailedCalls,
        note: input.note ?? null,
      }),
    ];
    if (!wasDone && nowDone) {
      events.push(ticketEvent("ticket.first_contact_reached", s.now, actor.id, actor.unitId, { state: result.state, contactAt: result.at?.toISOString() ?? null, late }));
    }
    return {
      patch: wasDone || !required
        ? {}
        : { first_contact_state: result.state, first_contact_at: result.at, ...(late && { contact_overdue: true }) },
      events,
      after: async () => {
        const row = await s.trx
          .insertInto("contact_attempts")
          .values({ ticket_id: s.ticket.id, unit_id: actor.unitId, at, method: input.method, outcome: input.outcome, counted, note: input.note ?? null, actor_id: actor.id, created_at: s.now })
          .returning("id")
          .executeTakeFirstOrThrow();
        return { id: row.id, at: at.toISOString(), method: input.method, outcome: input.outcome, counted, countedFailedCalls: result.countedFailedCalls, firstContactState: result.state };
      },
    };
  });
}
