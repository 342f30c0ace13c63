import { sql } from "kysely";
import { shanghaiDate } from "../../../domain/calendar/calendar.js";
import { invalid } from "../../../domain/errors.js";
import type { Db } from "../../../db/database.js";
import type { Actor } from "../../../http/auth.js";
import { maySee } from "../knowledge.policy.js";
import { findEntry } from "../knowledge.repository.js";

/**
 * Answering on the call from an entry (rule 2) records which entry answered (issue 14 "usage counts per
 * entry"). `checkUsableEntry` runs before intake's transaction (a 400 naming the field); `recordUsage` inside it.
 */
export async function checkUsableEntry(db: Db, actor: Actor, entryId: number, now: Date, field = "knowledgeEntryId") {
  const e = await findEntry(db, entryId);
  if (!e || e.status !== "published" || !maySee(actor, e, shanghaiDate(now))) throw invalid(field, "no published entry in force with this id");
  return e;
}

export async function recordUsage(trx: Db, u: { entryId: number; ticketId: number | null; actorId: number; at: Date }): Promise<void> {
  await trx.insertInto("knowledge_usage").values({ entry_id: u.entryId, ticket_id: u.ticketId, used_by: u.actorId, used_at: u.at }).execute();
  await trx
    .updateTable("knowledge_entries")
    .set({ use_count: sql`use_count + 1`, last_used_at: u.at })
    .where("id", "=", u.entryId)
    .execute();
}
