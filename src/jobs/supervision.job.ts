import type { AppContext } from "../app-context.js";
import { runDetection } from "../modules/supervision/supervision.service.js";
import { startPeriodic } from "./periodic.js";

/**
 * The daily supervision detection (rule 28, docs/SUPERVISION.md): every alert detector once a minute after
 * start, then every `intervalMs` (daily, HUYING_LIFECYCLE_INTERVAL_MS). Idempotent: an open alert is never raised
 * twice, so two instances or a rerun do no harm.
 */
export function startSupervisionDetection(ctx: AppContext, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => undefined;
  const run = () =>
    runDetection(ctx, ctx.clock.now())
      .then((r) => ctx.logger.info({ raised: r.raised, byKind: r.byKind }, "supervision detection"))
      .catch((err: unknown) => ctx.logger.warn({ err }, "supervision detection failed"));
  return startPeriodic(run, intervalMs, 90_000);
}
