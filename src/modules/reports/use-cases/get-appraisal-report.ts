import { scoreAppraisalWithSample } from "../../../domain/metrics/appraisal-sample.js";
import { DEFAULT_APPRAISAL_MIN_SAMPLE } from "../../../domain/policy/policy.js";
import { type AppraisalGroup, DEFAULT_APPRAISAL_SETTINGS } from "../../../domain/metrics/appraisal.types.js";
import { FORMULA_VERSION } from "../../../domain/metrics/metric-settings.js";
import { monthPeriod } from "../../../domain/metrics/period.js";
import type { Actor } from "../../../http/auth.js";
import { appraisalInputs } from "../appraisal.repository.js";
import { presentPeriod } from "../report-period.js";
import { reportScope } from "../report.policy.js";
import { metricSettingsOf } from "../report-settings.js";
import type { ReportDeps } from "./get-rates-report.js";

/**
 * The Linshu monthly appraisal of one group (docs/RULES.md rule 35, docs/METRICS.md): towns and departments
 * are never ranked together. Unit users see their own unit's line (with its rank), not every unit's
 * (issue 18 point 4); a unit below the policy's minimum sample is marked 样本不足 and not ranked (point 9).
 */
export async function getAppraisalReport(deps: ReportDeps, actor: Actor, q: { month: string; group: AppraisalGroup }) {
  const scope = reportScope(actor);
  const policy = (await deps.policy.current(deps.db)).settings;
  const settings = metricSettingsOf(policy);
  const minSample = policy.appraisalMinSample ?? DEFAULT_APPRAISAL_MIN_SAMPLE;
  const period = { ...monthPeriod(q.month, settings.periodStartDay), label: q.month };
  const inputs = await appraisalInputs(deps.db, period, q.month, q.group);
  const names = new Map(inputs.map((u) => [u.unitId, u.unitName]));
  const rows = scoreAppraisalWithSample(q.group, inputs, DEFAULT_APPRAISAL_SETTINGS, minSample).filter((r) => scope.unitId === null || r.unitId === scope.unitId);
  return {
    formulaVersion: FORMULA_VERSION,
    month: q.month,
    group: q.group,
    period: presentPeriod(period),
    settings: { ...DEFAULT_APPRAISAL_SETTINGS, periodStartDay: settings.periodStartDay, minSample },
    rows: rows.map((r) => ({ ...r, unitName: names.get(r.unitId) ?? "" })),
  };
}

export type AppraisalReport = Awaited<ReturnType<typeof getAppraisalReport>>;
