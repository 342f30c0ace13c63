import { FORMULA_VERSION } from "../../../domain/metrics/metric-settings.js";
import type { Actor } from "../../../http/auth.js";
import { invalid } from "../../../domain/errors.js";
import { monthPeriod } from "../../../domain/metrics/period.js";
import { drillTickets, type ReportGroupBy } from "../rates.repository.js";
import type { DrillIndicator, DrillPart } from "../report-indicators.js";
import { presentPeriod, resolvePeriod } from "../report-period.js";
import { metricSettingsOf } from "../report-settings.js";
import { type ReportDeps, scopedFilters } from "./get-rates-report.js";

export interface DrillInput {
  month?: string;
  from?: string;
  to?: string;
  groupBy: ReportGroupBy;
  business?: boolean;
  categoryId?: number;
  unitId?: number;
  indicator: DrillIndicator;
  part: DrillPart;
  key?: string;
  limit: number;
  cursor?: number;
}

/**
 * The tickets behind one number of a report (…&drill=<indicator>): the same facts and the same condition
 * the count used, so the list and the number always agree. Keyset-paged by ticket id.
 */
export async function drillReport(deps: ReportDeps, actor: Actor, q: DrillInput) {
  const filters = scopedFilters(actor, q);
  const settings = metricSettingsOf((await deps.policy.current(deps.db)).settings);
  const groupBy = q.groupBy;
  if (groupBy === "month" && !q.key) throw invalid("key", "give the month (YYYY-MM) to drill into");
  // grouped by month, the row key is the month: its own period and cut-off
  const period = groupBy === "month" ? { ...monthPeriod(q.key ?? "", settings.periodStartDay), label: q.key ?? "" } : resolvePeriod(q, settings.periodStartDay);
  const items = await drillTickets(deps.db, period, filters, settings, {
    indicator: q.indicator,
    part: q.part,
    groupBy: groupBy === "month" ? "all" : groupBy,
    key: groupBy === "month" ? undefined : q.key,
    limit: q.limit + 1,
    afterId: q.cursor,
  });
  const more = items.length > q.limit;
  const page = more ? items.slice(0, q.limit) : items;
  return {
    formulaVersion: FORMULA_VERSION,
    period: presentPeriod(period),
    indicator: q.indicator,
    part: q.part,
    key: q.key ?? null,
    items: page,
    nextCursor: more ? String(page[page.length - 1].id) : null,
  };
}
