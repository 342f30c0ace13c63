import type { AppContext } from "../app-context.js";
import { notifyRising } from "../modules/suggestions/hot-issues.service.js";
import { indexMissingTerms, trainModels } from "../modules/suggestions/suggestion.service.js";
import { startPeriodic } from "./periodic.js";

/**
 * Smart intake's schedule (issue 15, docs/SUGGESTIONS.md): fill ticket_terms for tickets without them,
 * retrain the suggestion models, and raise the rising-cluster early warning to the units concerned. Daily
 * by default (HUYING_SUGGESTIONS_INTERVAL_MS; 0 turns it off), first run five minutes after start.
 */
export async function runSuggestionsJob(ctx: AppContext): Promise<void> {
  let indexed = 0;
  for (let i = 0; i < 200; i++) {
    const n = await indexMissingTerms(ctx.db, 5000);
    indexed += n;
    if (n === 0) break;
  }
  const now = ctx.clock.now();
  const trained = await trainModels(ctx.db, null, now);
  const policy = (await ctx.policy.current(ctx.db)).settings;
  const warned = await notifyRising(ctx.db, ctx.notifier, now, policy);
  ctx.logger.info({ indexed, modelVersion: trained.modelVersion, examples: trained.examples, durationMs: trained.durationMs, warned }, "suggestions job");
}

export function startSuggestionsJob(ctx: AppContext, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => undefined;
  return startPeriodic(() => runSuggestionsJob(ctx).catch((err: unknown) => ctx.logger.warn({ err }, "suggestions job failed")), intervalMs, 300_000);
}
