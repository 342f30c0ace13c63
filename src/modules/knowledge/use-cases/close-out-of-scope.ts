import { invalid } from "../../../domain/errors.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type ActionOptions, type TicketDeps } from "../../tickets/ticket-action.js";
import { findEntry } from "../knowledge.repository.js";

/**
 * Rule 3 (issue 14): a request outside the acceptance scope is closed before dispatch as `out_of_scope`,
 * citing the non-acceptance item of the knowledge base (its id and title are kept in the event and the
 * closure remark, so the citation survives later edits of the entry).
 */
export async function closeOutOfScope(deps: TicketDeps, actor: Actor, ticketId: number, input: { entryId: number; note?: string }, options: ActionOptions = {}) {
  const entry = await findEntry(deps.db, input.entryId);
  if (!entry || entry.kind !== "scope" || entry.scope_type !== "reject" || entry.status !== "published") {
    throw invalid("entryId", "name a published non-acceptance item (kind scope) of the knowledge base");
  }
  return runTicketAction(deps, actor, ticketId, "close_out_of_scope", options, async (s) => ({
    closure: { kind: "out_of_scope", remark: `不予受理：${entry.title}` },
    events: [ticketEvent("ticket.closed_out_of_scope", s.now, actor.id, null, { entryId: entry.id, entryTitle: entry.title, note: input.note ?? null })],
  }));
}
