import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { OutboxRow } from "../../db/schema.js";
import { DEFAULT_MAX_ATTEMPTS, type OutboxMessage, type OutboxStatus } from "./outbox.types.js";

/** Options of one enqueued message. */
export interface EnqueueOptions {
  /** Not before this time (default: now). */
  notBefore?: Date;
  maxAttempts?: number;
  /** Real time; the outbox ignores the test clock, as sessions do. */
  now?: Date;
}

/**
 * Writes messages in the caller's transaction: they are delivered only once it commits, and never if it
 * rolls back. Returns each message's idempotency id (what the receiver sees).
 */
export async function enqueue(trx: Db, messages: OutboxMessage | readonly OutboxMessage[], options: EnqueueOptions = {}): Promise<string[]> {
  const list = Array.isArray(messages) ? (messages as readonly OutboxMessage[]) : [messages as OutboxMessage];
  if (list.length === 0) return [];
  const now = options.now ?? new Date();
  const rows = list.map((m) => ({
    idempotency_id: randomUUID(),
    kind: m.kind,
    payload: JSON.stringify(m.payload),
    max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    next_attempt_at: options.notBefore ?? now,
    created_at: now,
  }));
  await trx.insertInto("outbox").values(rows).execute();
  return rows.map((r) => r.idempotency_id);
}

/**
 * One SMS per active user of each notice's unit, fanned out in the database (the sweep's notices), in the
 * caller's transaction. Returns the number of messages written.
 */
export async function enqueueUnitSms(trx: Db, notices: ReadonlyArray<{ unitId: number; text: string }>, now = new Date()): Promise<number> {
  if (notices.length === 0) return 0;
  const result = await sql`
    INSERT INTO outbox (idempotency_id, kind, payload, max_attempts, next_attempt_at, created_at)
    SELECT gen_random_uuid()::text, 'sms', jsonb_build_object('userId', u.id, 'text', n.text), ${DEFAULT_MAX_ATTEMPTS}, ${now}::timestamptz, ${now}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(notices.map((n, ord) => ({ ...n, ord })))}::jsonb) AS n("unitId" integer, text text, ord integer)
    JOIN users u ON u.unit_id = n."unitId" AND u.active
    ORDER BY n.ord, u.id`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Claims up to `limit` due messages for `leaseMs` and counts the attempt, in one short statement that
 * commits before any delivery starts. SKIP LOCKED lets two instances claim disjoint rows; a row whose
 * lease ran out (its worker died mid-delivery) is due again.
 */
export async function claimDue(db: Db, now: Date, limit: number, leaseMs: number, claimToken: string): Promise<OutboxRow[]> {
  const until = new Date(now.getTime() + leaseMs);
  const result = await sql<OutboxRow>`
    UPDATE outbox SET locked_until = ${until}, claim_token = ${claimToken}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox
      WHERE status = 'pending' AND next_attempt_at <= ${now} AND (locked_until IS NULL OR locked_until <= ${now})
      ORDER BY next_attempt_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return [...result.rows].sort((a, b) => Number(a.id) - Number(b.id));
}

/** Marks a claimed message delivered; false if the claim was lost (the lease ran out and another took it). */
export async function markDelivered(db: Db, id: number, claimToken: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable("outbox")
    .set({ status: "delivered", delivered_at: now, locked_until: null, claim_token: null, last_error: null })
    .where("id", "=", id)
    .where("claim_token", "=", claimToken)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a failed attempt: due again after `retryAt`, or dead once its attempts are used up. */
export async function markFailed(db: Db, row: OutboxRow, claimToken: string, error: string, retryAt: Date): Promise<"pending" | "dead" | "lost"> {
  const dead = row.attempts >= row.max_attempts;
  const r = await db
    .updateTable("outbox")
    .set({
      status: dead ? "dead" : "pending",
      next_attempt_at: dead ? row.next_attempt_at : retryAt,
      last_error: error.slice(0, 500),
      locked_until: null,
      claim_token: null,
    })
    .where("id", "=", row.id)
    .where("claim_token", "=", claimToken)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return "lost";
  return dead ? "dead" : "pending";
}

/** Newest first, keyset-paged by id. */
export async function listOutbox(db: Db, q: { status?: OutboxStatus; limit: number; beforeId?: number }): Promise<OutboxRow[]> {
  let query = db.selectFrom("outbox").selectAll();
  if (q.status) query = query.where("status", "=", q.status);
  if (q.beforeId !== undefined) query = query.where("id", "<", q.beforeId);
  return query.orderBy("id", "desc").limit(q.limit).execute();
}

export async function lockOutboxRow(trx: Db, id: number): Promise<OutboxRow | undefined> {
  return trx.selectFrom("outbox").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** Puts a message back in the queue, due now, with a fresh set of attempts. */
export async function requeue(trx: Db, id: number, now: Date): Promise<OutboxRow> {
  return trx
    .updateTable("outbox")
    .set({ status: "pending", attempts: 0, next_attempt_at: now, locked_until: null, claim_token: null })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes delivered messages delivered before `before` (the worker keeps a week); dead ones stay for an admin. */
export async function purgeDelivered(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom("outbox").where("status", "=", "delivered").where("delivered_at", "<", before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
