import { FORMULA_VERSION } from "../../../domain/metrics/metric-settings.js";
import { personPointsFromCounts } from "../../../domain/metrics/person-points.js";
import type { Actor } from "../../../http/auth.js";
import { countHandlerOutcomes } from "../person-points.repository.js";
import { presentPeriod, resolvePeriod } from "../report-period.js";
import { metricSettingsOf } from "../report-settings.js";
import { type ReportDeps, scopedFilters } from "./get-rates-report.js";

/** Per-person points of handlers (docs/RULES.md rule 36, Beijing variant), for a period; unit users see their unit. */
export async function getPersonPoints(deps: ReportDeps, actor: Actor, q: { month?: string; from?: string; to?: string; unitId?: number }) {
  const filters = scopedFilters(actor, q);
  const settings = metricSettingsOf((await deps.policy.current(deps.db)).settings);
  const period = resolvePeriod(q, settings.periodStartDay);
  const rows = await countHandlerOutcomes(deps.db, period, filters);
  return {
    formulaVersion: FORMULA_VERSION,
    period: presentPeriod(period),
    rows: rows.map((r) => ({ unitId: r.unitId, unitName: r.unitName, handlerName: r.handlerName, tickets: r.tickets, ...personPointsFromCounts(r.counts) })),
  };
}
