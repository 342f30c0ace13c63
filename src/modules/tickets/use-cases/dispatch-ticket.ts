import { DomainError, invalid } from "../../../domain/errors.js";
import type { DispatchMode } from "../../../domain/ticket/ticket.types.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import type { Db } from "../../../db/database.js";
import { dispatchPatch } from "../dispatch-plan.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../ticket-action.js";
import { enqueueUnitLinkage } from "../../supervision/urgent-linkage.js";
import { catalogueCheck } from "../../knowledge/catalogue-check.js";

export interface DispatchInput {
  unitId: number;
  coUnitIds?: number[];
  mode?: DispatchMode;
  note?: string;
  /** Issue 14: why the ticket goes to another lead unit than the dispatch catalogue names (required then). */
  catalogueReason?: string;
}

/**
 * Checks the target units exist, are active (a disabled unit takes no new work) and are handler units (not the center), and the shape of the mode (rule 10).
 * `leadField` is the request field that named the lead unit (`reassignTo` in a return decision).
 */
export async function validateDispatchTarget(db: Db, input: DispatchInput, leadField = "unitId"): Promise<{ leadUnitId: number; coUnitIds: number[]; mode: DispatchMode }> {
  const co = [...new Set(input.coUnitIds ?? [])];
  if (co.includes(input.unitId)) throw invalid("coUnitIds", "the lead unit cannot also be a co-unit");
  const mode = input.mode ?? (co.length > 0 ? "designated" : "direct");
  if (mode === "direct" && co.length > 0) throw invalid("coUnitIds", "direct transfer goes to one unit; use mode designated for co-units");
  const ids = [input.unitId, ...co];
  const units = await db.selectFrom("units").select(["id", "kind", "active"]).where("id", "in", ids).execute();
  for (const [i, id] of ids.entries()) {
    const unit = units.find((u) => u.id === id);
    const field = i === 0 ? leadField : "coUnitIds";
    if (!unit) throw invalid(field, `no unit ${id}`);
    if (unit.kind === "center") throw invalid(field, "tickets are dispatched to handler units, not to the center");
    if (!unit.active) throw invalid(field, `unit ${id} is disabled and takes no new work`);
  }
  return { leadUnitId: input.unitId, coUnitIds: co, mode };
}

/**
 * Dispatch (docs/RULES.md rules 9–13): direct transfer to one unit, designated lead + co-units, or
 * territorial assignment. Starts the sign, contact and reply clocks under the policy in force now.
 */
export async function dispatchTicket(deps: TicketDeps, actor: Actor, ticketId: number, input: DispatchInput, options: ActionOptions = {}) {
  const target = await validateDispatchTarget(deps.db, input);
  return runTicketAction(deps, actor, ticketId, "dispatch", options, async (s) => {
    const current = await s.currentPolicy();
    s.usePolicy(current.settings);
    const patch = { ...dispatchPatch(current.settings, await s.calendar(), s.ticket, target, s.now), policy_version: current.version || null };
    const against = await catalogueCheck(s.trx, s.ticket, target.leadUnitId, input.catalogueReason, s.now, actor.id);
    // Every active user of the lead and co-units hears of it (with an SMS each): one statement.
    const title = `新工单 ${s.ticket.number}：${s.ticket.title}`;
    await s.notifyUnits(
      [target.leadUnitId, ...target.coUnitIds].map((unitId) => ({ unitId, ticketId: s.ticket.id, kind: "ticket.dispatched", title })),
      s.now,
    );
    await enqueueUnitLinkage(s.trx, s.ticket, [target.leadUnitId, ...target.coUnitIds]); // rule 7 (issue 13)
    return {
      patch,
      events: [ticketEvent("ticket.dispatched", s.now, actor.id, target.leadUnitId, { ...target, note: input.note ?? null }), ...against],
    };
  });
}

export function assertUnitUser(actor: Actor): number {
  if (actor.unitId === null) throw new DomainError("FORBIDDEN", "this needs a unit user");
  return actor.unitId;
}
