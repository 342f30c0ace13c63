import type { AppContext } from "../app-context.js";
import { flagExpiredEntries } from "../modules/knowledge/use-cases/flag-expired.js";
import { startPeriodic } from "./periodic.js";

/** Hourly: published knowledge entries past their validity get an expiry review task for their owner (issue 14). */
export function startKnowledgeExpiry(ctx: AppContext, intervalMs = 3_600_000): () => void {
  const run = async () => {
    try {
      await flagExpiredEntries(ctx);
    } catch (err) {
      ctx.logger.error({ err: (err as Error).message }, "knowledge expiry sweep failed");
    }
  };
  return startPeriodic(run, intervalMs, 30_000);
}
