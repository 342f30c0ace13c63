import type { AppContext } from "../../../app-context.js";
import { FORMULA_VERSION } from "../../../domain/metrics/metric-settings.js";
import { monthPeriod } from "../../../domain/metrics/period.js";
import { checkTargets, computeRates, emptyRateCounts, sumRateCounts } from "../../../domain/metrics/rates.js";
import type { Actor } from "../../../http/auth.js";
import { type CountedGroup, countRates, type ReportGroupBy } from "../rates.repository.js";
import type { FactFilters } from "../report-facts.sql.js";
import { monthsOf, presentPeriod, resolvePeriod } from "../report-period.js";
import { reportScope } from "../report.policy.js";
import { metricSettingsOf } from "../report-settings.js";

export type ReportDeps = Pick<AppContext, "db" | "clock" | "policy">;

export interface RatesQuery {
  month?: string;
  from?: string;
  to?: string;
  groupBy: ReportGroupBy;
  business?: boolean;
  categoryId?: number;
  unitId?: number;
}

/** The filters of a report after the actor's scope: unit users only ever see their own unit. */
export function scopedFilters(actor: Actor, q: { business?: boolean; categoryId?: number; unitId?: number }): FactFilters {
  const scope = reportScope(actor);
  return { business: q.business, categoryId: q.categoryId, unitId: scope.unitId ?? q.unitId };
}

/**
 * Rates per unit, category or region for a period (docs/API.md "Reports", docs/RULES.md rule 34): counts from
 * one aggregate query at the period's cut-off, formulas from src/domain/metrics, the settings and the
 * formula version stated, targets shown against the actuals.
 */
export async function getRatesReport(deps: ReportDeps, actor: Actor, q: RatesQuery) {
  const filters = scopedFilters(actor, q);
  const settings = metricSettingsOf((await deps.policy.current(deps.db)).settings);
  let period = resolvePeriod(q, settings.periodStartDay);
  let groups: CountedGroup[];
  if (q.groupBy === "month") {
    // a trend: each month is its own cohort, counted at its own cut-off
    const months = monthsOf(q, settings.periodStartDay);
    groups = [];
    for (const month of months) {
      const [all] = await countRates(deps.db, monthPeriod(month, settings.periodStartDay), "all", filters);
      groups.push({ key: month, label: month, counts: all?.counts ?? emptyRateCounts() });
    }
    const first = monthPeriod(months[0], settings.periodStartDay);
    const last = monthPeriod(months[months.length - 1], settings.periodStartDay);
    period = { from: first.from, to: last.to, label: months.length === 1 ? months[0] : `${months[0]}..${months[months.length - 1]}` };
  } else {
    groups = await countRates(deps.db, period, q.groupBy, filters);
  }
  const row = (key: string | number, label: string, counts: Parameters<typeof computeRates>[0]) => {
    const rates = computeRates(counts, settings);
    return { key, label, ...rates, targets: checkTargets(rates, settings.targets) };
  };
  return {
    formulaVersion: FORMULA_VERSION,
    settings,
    period: presentPeriod(period),
    groupBy: q.groupBy,
    filters: { business: filters.business ?? null, categoryId: filters.categoryId ?? null, unitId: filters.unitId ?? null },
    rows: groups.map((g) => row(g.key, g.label, g.counts)),
    total: row("all", "合计", sumRateCounts(groups.map((g) => g.counts))),
  };
}

export type RatesReport = Awaited<ReturnType<typeof getRatesReport>>;
