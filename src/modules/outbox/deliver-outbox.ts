import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/database.js";
import type { OutboxRow } from "../../db/schema.js";
import { claimDue, markDelivered, markFailed } from "./outbox.repository.js";
import { retryDelayMs, type OutboxDelivery, type OutboxHandlers, type OutboxKind } from "./outbox.types.js";

export interface DeliverOptions {
  /** Real time of this pass (tests pass a time to step through the backoff). */
  now?: Date;
  /** Messages claimed at once. */
  batch?: number;
  /** How long a claim holds; a message whose worker died is due again after it. */
  leaseMs?: number;
  logger?: FastifyBaseLogger;
}

export interface DeliverResult {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
  /** Claims that ran out before the result was recorded (another worker may deliver the message again). */
  lost: number;
}

/**
 * One delivery pass: claims the due messages (committed before anything is sent), delivers them at once,
 * each by its kind's handler outside any transaction, and records the outcome under the claim. Exactly once per row
 * while claims hold; the receiver sees at-least-once (a crash between its 2xx and our mark, or a lease
 * that ran out, repeats a delivery), which is why every message carries its idempotency id.
 */
export async function deliverOutbox(db: Db, handlers: OutboxHandlers, options: DeliverOptions = {}): Promise<DeliverResult> {
  const now = options.now ?? new Date();
  const batch = options.batch ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  const token = randomUUID();
  const rows = await claimDue(db, now, batch, leaseMs, token);
  const result: DeliverResult = { claimed: rows.length, delivered: 0, failed: 0, dead: 0, lost: 0 };
  // All of a batch at once: a batch of slow receivers (each up to its timeout) must finish well inside the lease.
  const outcomes = await Promise.all(rows.map((row) => deliverOne(db, handlers, row, token, now, options.logger)));
  for (const outcome of outcomes) result[outcome]++;
  return result;
}

async function deliverOne(
  db: Db,
  handlers: OutboxHandlers,
  row: OutboxRow,
  token: string,
  now: Date,
  logger?: FastifyBaseLogger,
): Promise<"delivered" | "failed" | "dead" | "lost"> {
  const handler = handlers[row.kind as OutboxKind] as ((m: OutboxDelivery) => Promise<void>) | undefined;
  let error: string | null = null;
  try {
    if (!handler) throw new Error(`no handler for kind ${row.kind}`);
    await handler({ id: row.id, idempotencyId: row.idempotency_id, attempt: row.attempts, kind: row.kind, payload: row.payload } as OutboxDelivery);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  if (error === null) return (await markDelivered(db, row.id, token, now)) ? "delivered" : "lost";
  const state = await markFailed(db, row, token, error, new Date(now.getTime() + retryDelayMs(row.attempts)));
  // The id and kind only: the payload may hold a phone number or a text.
  logger?.warn({ outboxId: row.id, kind: row.kind, attempt: row.attempts, state }, `outbox delivery failed: ${error.slice(0, 200)}`);
  return state === "pending" ? "failed" : state;
}
