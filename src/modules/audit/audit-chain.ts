import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../db/database.js";

/** The hash before the first row (migration 0015). */
export const GENESIS_HASH = "0".repeat(64);

/**
 * A row's canonical content, computed by the database from the row as it is now: the same expression as the
 * function audit_log_canonical of migration 0015, written out here so that changing that stored function
 * does not change what the verifier checks. jsonb's text form is deterministic (sorted keys, fixed spacing).
 */
const CANONICAL = sql<string>`jsonb_build_array(
  a.id, a.seq,
  to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  to_char(a.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  a.actor_id, a.action, a.target_type, a.target_id, a.data
)::text`;

/** sha-256 of the previous hash, a newline and the canonical content, hex. */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash("sha256").update(`${prevHash}\n${canonical}`, "utf8").digest("hex");
}

export interface ChainBreak {
  seq: number;
  id: number | null;
  reason: string;
}

export interface ChainReport {
  rows: number;
  /** The chain head as stored (seq, hash): worth writing down elsewhere, see docs/SECURITY.md "Audit log". */
  head: { seq: number; hash: string };
  firstBreak: ChainBreak | null;
}

/**
 * Walks audit_log in chain order (seq), recomputing every hash: an edited row, a deleted row (a gap in seq),
 * a row inserted by hand, a truncated tail or a rewritten head is reported as the first break found.
 */
export async function verifyAuditChain(db: Db, batch = 5_000): Promise<ChainReport> {
  const headRow = await db.selectFrom("audit_chain_head").select(["seq", "hash"]).where("id", "=", 1).executeTakeFirst();
  const head = { seq: Number(headRow?.seq ?? 0), hash: headRow?.hash ?? GENESIS_HASH };
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom("audit_log as a")
      .select(["a.id", "a.seq", "a.prev_hash", "a.hash", CANONICAL.as("canonical")])
      .where("a.seq", ">=", expectedSeq)
      .orderBy("a.seq")
      .limit(batch)
      .execute();
    for (const r of page) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { rows, head, firstBreak: { seq: expectedSeq, id: null, reason: `row ${expectedSeq} of the chain is missing (next is ${seq})` } };
      if (r.prev_hash !== prev) return { rows, head, firstBreak: { seq, id: r.id, reason: "prev_hash is not the previous row's hash" } };
      const hash = chainHash(prev, r.canonical);
      if (hash !== r.hash) return { rows, head, firstBreak: { seq, id: r.id, reason: "content does not match its hash (edited)" } };
      prev = hash;
      expectedSeq++;
      rows++;
    }
    if (page.length < batch) break;
  }
  if (head.seq !== rows || head.hash !== prev) {
    return { rows, head, firstBreak: { seq: rows + 1, id: null, reason: `the chain head says ${head.seq} rows, the log holds ${rows} (rows removed or the head rewritten)` } };
  }
  return { rows, head, firstBreak: null };
}
