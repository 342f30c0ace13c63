import { z } from "zod";
import type { OutboxRow } from "../../db/schema.js";
import { OUTBOX_STATUSES, outboxTarget } from "./outbox.types.js";

export const outboxView = z.object({
  id: z.number(),
  idempotencyId: z.string(),
  kind: z.string(),
  target: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number(),
  maxAttempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});

/** A message for the admin list: where it goes and how delivery went, never its content (it may hold personal data). */
export function presentOutbox(row: OutboxRow): z.infer<typeof outboxView> {
  return {
    id: row.id,
    idempotencyId: row.idempotency_id,
    kind: row.kind,
    target: outboxTarget(row.kind, row.payload),
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: row.status === "pending" ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at ? row.delivered_at.toISOString() : null,
  };
}
