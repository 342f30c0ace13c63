import type { Db } from "../../../db/database.js";
import type { TicketRow } from "../../../db/schema.js";
import type { PolicySettings } from "../../../domain/policy/policy.js";
import type { WorkingCalendar } from "../../../domain/calendar/calendar.js";
import { DomainError } from "../../../domain/errors.js";
import { checkMerge, decideMasterUpdate, decideRepeatLinked } from "../../../domain/ticket/ticket.machine.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import type { TicketStatus } from "../../../domain/ticket/ticket.types.js";
import { enqueue } from "../../outbox/outbox.repository.js";
import { factsOf } from "../ticket.presenter.js";
import { loadVisibleTicket, runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";
import { findTicket } from "../ticket.repository.js";
import { applyTicketChange } from "../ticket-write.js";

/**
 * 并单 (issue 15): merging duplicates, linking repeats, and telling merged tickets' requesters what the
 * master's unit answered. Every write goes through the machine (merge, repeat_linked, master_update) and
 * applyTicketChange.
 */

/** The target's chain of repeat_of / merged_into, nearest first (at most 50 links). */
async function chainOf(trx: Db, target: TicketRow): Promise<number[]> {
  const out: number[] = [];
  let next = target.merged_into ?? target.repeat_of;
  while (next !== null && out.length < 50 && !out.includes(next)) {
    out.push(next);
    const t = await trx.selectFrom("tickets").select(["merged_into", "repeat_of"]).where("id", "=", next).executeTakeFirst();
    next = t ? (t.merged_into ?? t.repeat_of) : null;
  }
  return out;
}

/**
 * The target of a merge or a repeat link gains one repeat (repeat_count + 1, event ticket.repeat_linked),
 * through the write path; the target must be open (REPEAT_TARGET_CLOSED).
 */
export async function linkRepeat(trx: Db, target: TicketRow, source: { id: number; number: string }, merged: boolean, actorId: number | null, now: Date, policy: PolicySettings, calendar: WorkingCalendar): Promise<TicketRow> {
  const change = decideRepeatLinked(factsOf(target));
  const repeatCount = target.repeat_count + 1;
  const updated = await applyTicketChange(trx, {
    ticket: target,
    change,
    patch: { repeat_count: repeatCount },
    events: [ticketEvent("ticket.repeat_linked", now, actorId, target.lead_unit_id, { ticketId: source.id, number: source.number, merged, repeatCount })],
    policy,
    calendar,
  });
  if (!updated) throw new DomainError("VERSION_CONFLICT", `ticket ${target.id} was changed by someone else; try again`);
  return updated;
}

export interface MergeInput {
  intoTicketId: number;
  note?: string;
}

/**
 * POST /api/tickets/:id/merge: the ticket is closed as `merged` with `merged_into` set; the target's
 * repeat_count grows by one. Into itself, into a closed ticket or in a cycle → 409; a target the actor
 * cannot see → 404, like the ticket itself.
 */
export async function mergeTicket(deps: TicketDeps, actor: Actor, ticketId: number, input: MergeInput, options: ActionOptions = {}) {
  if (input.intoTicketId === ticketId) throw new DomainError("MERGE_INTO_SELF", "a ticket cannot be merged into itself");
  // The target's own policy version, read before the transaction (its deadlines are recomputed under it).
  const peek = await findTicket(deps.db, input.intoTicketId);
  const targetPolicy = peek ? await deps.policy.byVersion(deps.db, peek.policy_version) : null;
  return runTicketAction(deps, actor, ticketId, "merge", options, async (s) => {
    const target = await loadVisibleTicket(s.trx, actor, input.intoTicketId, true);
    checkMerge(ticketId, { id: target.id, status: target.status as TicketStatus }, await chainOf(s.trx, target));
    const policy = targetPolicy && peek?.policy_version === target.policy_version ? targetPolicy : (await s.currentPolicy()).settings;
    await linkRepeat(s.trx, target, { id: s.ticket.id, number: s.ticket.number }, true, actor.id, s.now, policy, await s.calendar());
    return {
      patch: { merged_into: target.id },
      closure: { kind: "merged", remark: input.note ?? `并入 ${target.number}` },
      events: [ticketEvent("ticket.merged", s.now, actor.id, s.ticket.lead_unit_id, { intoTicketId: target.id, intoNumber: target.number, note: input.note ?? null })],
    };
  });
}

/**
 * The master replied or was followed up: each ticket merged into it gets the update on its timeline
 * (ticket.master_update, no status change) and its requester an SMS through the outbox, in the master's
 * transaction. Anonymous requesters and tickets without a phone get the timeline entry only.
 */
export async function propagateToMerged(trx: Db, master: TicketRow, kind: "reply" | "follow_up", content: string | null, actorId: number | null, now: Date): Promise<number> {
  const merged = await trx.selectFrom("tickets").selectAll().where("merged_into", "=", master.id).orderBy("id").execute();
  for (const t of merged) {
    await applyTicketChange(trx, {
      ticket: t,
      change: decideMasterUpdate(factsOf(t)),
      events: [ticketEvent("ticket.master_update", now, actorId, t.lead_unit_id, { masterTicketId: master.id, kind, content })],
    });
  }
  const texts = merged
    .filter((t) => !t.anonymous && t.requester_phone)
    .map((t) => ({
      kind: "requester_sms" as const,
      payload: {
        ticketId: t.id,
        text: kind === "reply" ? `您反映的问题（工单 ${t.number}）已与工单 ${master.number} 合并办理，答复：${(content ?? "").slice(0, 300)}` : `您反映的问题（工单 ${t.number}）已与工单 ${master.number} 合并办理，回访已完成。`,
      },
    }));
  if (texts.length > 0) await enqueue(trx, texts);
  return merged.length;
}
