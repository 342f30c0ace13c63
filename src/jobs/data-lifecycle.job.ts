import type { AppContext } from "../app-context.js";
import { ensurePartitions } from "../db/partitions.js";
import { startPeriodic } from "./periodic.js";
import { runPurge } from "./purge.job.js";
import { runRetention } from "./retention.job.js";

/**
 * Runs retention and the purges once a minute after start, then every `intervalMs` (daily by default,
 * HUYING_LIFECYCLE_INTERVAL_MS). Both are idempotent, so two instances or a rerun do no harm.
 */
export function startDataLifecycle(ctx: AppContext, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => undefined;
  const run = () =>
    // The coming months' partitions on PostgreSQL (docs/OPERATIONS.md "Partitions"); a no-op on PGlite.
    ensurePartitions(ctx.database, 3)
      .catch((err: unknown) => ctx.logger.warn({ err }, "partition maintenance failed"))
      .then(() => runRetention(ctx))
      .then((r) => runPurge(ctx).then((p) => ctx.logger.info({ anonymised: r.anonymised, ...p }, "data lifecycle")))
      .catch((err: unknown) => ctx.logger.warn({ err }, "data lifecycle failed"));
  return startPeriodic(run, intervalMs, 60_000);
}
