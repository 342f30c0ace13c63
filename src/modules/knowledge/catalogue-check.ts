import type { Db } from "../../db/database.js";
import type { TicketRow } from "../../db/schema.js";
import { invalid } from "../../domain/errors.js";
import { followsCatalogue } from "../../domain/knowledge/catalogue.js";
import { ticketEvent, type TicketEventInput } from "../../domain/ticket/ticket-events.js";
import { catalogueMatches } from "./catalogue.js";

/**
 * Dispatch by the book (rules 11 and 13, issue 14): a lead unit other than the one the dispatch catalogue
 * names needs a reason (400 naming `catalogueReason` without one); the reason is kept as a typed event so
 * the center head's review and the reports can find every dispatch against the catalogue.
 */
export async function catalogueCheck(trx: Db, ticket: TicketRow, leadUnitId: number, reason: string | undefined, now: Date, actorId: number): Promise<TicketEventInput[]> {
  const matches = await catalogueMatches(trx, { categoryId: ticket.category_id, address: ticket.address, title: ticket.title, content: ticket.content });
  if (followsCatalogue(matches, leadUnitId)) return [];
  const best = matches[0]!.item;
  if (!reason) throw invalid("catalogueReason", `the dispatch catalogue names unit ${best.leadUnitId} for this matter; give the reason for another unit`);
  return [ticketEvent("ticket.dispatched_against_catalogue", now, actorId, leadUnitId, { catalogueItemId: best.id, catalogueUnitId: best.leadUnitId, unitId: leadUnitId, reason })];
}
