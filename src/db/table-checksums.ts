import { sql } from "kysely";
import type { Db } from "./database.js";

/** The tables a backup's manifest fingerprints: people, the tickets and their records, the audit trail. */
export const KEY_TABLES = [
  "units",
  "users",
  "categories",
  "policies",
  "tickets",
  "ticket_texts",
  "ticket_events",
  "contact_attempts",
  "replies",
  "follow_ups",
  "review_requests",
  "attachments",
  "notifications",
  "audit_log",
  "audit_chain_head",
  "huying_migrations",
] as const;

export type TableChecksums = Record<string, { rows: number; checksum: string }>;

/**
 * Row count and an order-independent checksum (md5 over the sorted md5 of each row's text) of each key table,
 * read in one transaction with UTC timestamps, so the same data gives the same figures on any server.
 */
export async function tableChecksums(db: Db): Promise<TableChecksums> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    const out: TableChecksums = {};
    for (const table of KEY_TABLES) {
      const { rows } = await sql<{ n: number; checksum: string | null }>`
        SELECT count(*) AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS checksum
        FROM (SELECT md5(t::text) AS h FROM ${sql.table(table)} t) x`.execute(trx);
      out[table] = { rows: Number(rows[0]!.n), checksum: rows[0]!.checksum ?? "" };
    }
    return out;
  });
}
