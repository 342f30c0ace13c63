import type { Db } from "../../db/database.js";
import type { TicketRow } from "../../db/schema.js";
import type { Actor } from "../../http/auth.js";
import { listTickets, type TicketListFilter } from "../tickets/ticket.query.js";

const BATCH = 200;

/**
 * The tickets of a list filter in keyset batches (the ticket list's own query, so exports obey the same
 * filters and the same unit scoping); only one batch is ever held in memory.
 */
export async function* ticketBatches(db: Db, actor: Actor, filter: TicketListFilter, now: Date): AsyncGenerator<TicketRow[]> {
  let cursor: string | undefined;
  do {
    const page = await listTickets(db, actor, { ...filter, limit: BATCH, cursor }, now);
    if (page.rows.length) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
