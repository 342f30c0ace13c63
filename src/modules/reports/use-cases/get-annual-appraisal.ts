import { annualScore, type YearEndScores } from "../../../domain/metrics/annual-score.js";
import { scoreAppraisal } from "../../../domain/metrics/appraisal.js";
import { type AppraisalGroup, DEFAULT_APPRAISAL_SETTINGS } from "../../../domain/metrics/appraisal.types.js";
import { FORMULA_VERSION } from "../../../domain/metrics/metric-settings.js";
import { monthPeriod } from "../../../domain/metrics/period.js";
import type { Actor } from "../../../http/auth.js";
import { yearEndScores } from "../appraisal-entries.repository.js";
import { knowledgeContributions } from "../knowledge-contributions.repository.js";
import { knowledgeContributionScore } from "../../../domain/metrics/knowledge-contributions.js";
import { appraisalInputs } from "../appraisal.repository.js";
import { reportScope } from "../report.policy.js";
import { metricSettingsOf } from "../report-settings.js";
import type { ReportDeps } from "./get-rates-report.js";

const NO_YEAR_END: YearEndScores = { office: 0, knowledgeBase: 0, provincialOnTime: 0, provincialSatisfaction: 0, followThrough: 0, signOff: 0 };

/**
 * Annual appraisal (rule 35): 80 % of the average monthly total over the months of the year that have
 * ended by now, plus 20 % of the year-end items the center entered (0 where none were entered). The item
 * "knowledge-base contributions" is computed from the unit's published contributions (issue 14), never entered.
 */
export async function getAnnualAppraisal(deps: ReportDeps, actor: Actor, q: { year: number; group: AppraisalGroup }) {
  const scope = reportScope(actor);
  const settings = metricSettingsOf((await deps.policy.current(deps.db)).settings);
  const now = deps.clock.now();
  const monthly = new Map<number, { name: string; totals: Array<number | null> }>();
  const months: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${q.year}-${String(m).padStart(2, "0")}`;
    const period = monthPeriod(month, settings.periodStartDay);
    if (period.to > now) break; // only closed months count
    months.push(month);
    const inputs = await appraisalInputs(deps.db, period, month, q.group);
    for (const row of scoreAppraisal(q.group, inputs, DEFAULT_APPRAISAL_SETTINGS)) {
      const unit = monthly.get(row.unitId) ?? { name: inputs.find((u) => u.unitId === row.unitId)?.unitName ?? "", totals: [] };
      unit.totals.push(row.total);
      monthly.set(row.unitId, unit);
    }
  }
  const yearEnd = await yearEndScores(deps.db, q.year);
  const contributions = await knowledgeContributions(deps.db, q.year);
  const rows = [...monthly.entries()].map(([unitId, u]) => {
    const items = { ...(yearEnd.get(unitId) ?? NO_YEAR_END), knowledgeBase: knowledgeContributionScore(contributions.get(unitId) ?? 0) };
    return { unitId, unitName: u.name, monthlyTotals: u.totals, yearEnd: items, ...annualScore(u.totals, items) };
  });
  const ranked = rows.map((r) => ({
    ...r,
    rank: r.total === null ? null : 1 + rows.filter((o) => o.total !== null && o.total > (r.total ?? 0)).length,
  }));
  ranked.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unitId - b.unitId);
  // Unit users see their own unit's line (issue 18 point 4).
  const visible = ranked.filter((r) => scope.unitId === null || r.unitId === scope.unitId);
  return { formulaVersion: FORMULA_VERSION, year: q.year, group: q.group, months, rows: visible };
}
