import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../db/database.js";
import { deliverOutbox } from "../modules/outbox/deliver-outbox.js";
import { purgeDelivered } from "../modules/outbox/outbox.repository.js";
import type { OutboxHandlers } from "../modules/outbox/outbox.types.js";

export interface OutboxWorkerDeps {
  db: Db;
  outboxHandlers: OutboxHandlers;
  logger: FastifyBaseLogger;
  metrics?: { outboxPass(delivered: number, failed: number): void };
}

const BATCH = 50;
/** Delivered messages are kept a week (to answer "was it sent?"), then deleted, once an hour. */
export const KEEP_DELIVERED_MS = 7 * 86_400_000;
const PURGE_EVERY_MS = 3_600_000;

/**
 * Delivers the outbox every `intervalMs` (HUYING_OUTBOX_INTERVAL_MS; 0 = never, tests call deliverOutbox
 * themselves). A pass drains what is due in batches; passes never overlap on one instance, and instances
 * share the work through the claim. The returned stop waits for a pass under way, so the database is not
 * closed under it.
 */
export function startOutboxDelivery(deps: OutboxWorkerDeps, intervalMs: number): () => Promise<void> {
  if (intervalMs <= 0) return async () => undefined;
  let stopped = false;
  let running: Promise<void> | null = null;
  let purgedAt = 0;
  const pass = async () => {
    if (Date.now() - purgedAt >= PURGE_EVERY_MS) {
      purgedAt = Date.now();
      await purgeDelivered(deps.db, new Date(purgedAt - KEEP_DELIVERED_MS));
    }
    for (let i = 0; i < 20 && !stopped; i++) {
      const r = await deliverOutbox(deps.db, deps.outboxHandlers, { batch: BATCH, logger: deps.logger });
      deps.metrics?.outboxPass(r.delivered, r.failed + r.dead);
      if (r.dead > 0 || r.lost > 0) deps.logger.warn({ dead: r.dead, lost: r.lost }, "outbox: messages dead or claims lost");
      if (r.claimed < BATCH) break;
    }
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = pass()
      .catch((err: unknown) => deps.logger.error({ err }, "outbox delivery failed"))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
