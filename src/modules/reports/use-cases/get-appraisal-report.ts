import { scoreAppraisal } from "../../../domain/metrics/appraisal.js";
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
 * are never ranked together. The ranking is published, so unit users see it too.
 */
export async function getAppraisalReport(deps: ReportDeps, actor: Actor, q: { month: string; group: AppraisalGroup }) {
  reportScope(actor);
  const settings = metricSettingsOf((await deps.policy.current(deps.db)).settings);
  const period = { ...monthPeriod(q.month, settings.periodStartDay), label: q.month };
  const inputs = await appraisalInputs(deps.db, period, q.month, q.group);
  const names = new Map(inputs.map((u) => [u.unitId, u.unitName]));
  const rows = scoreAppraisal(q.group, inputs, DEFAULT_APPRAISAL_SETTINGS);
  return {
    formulaVersion: FORMULA_VERSION,
    month: q.month,
    group: q.group,
    period: presentPeriod(period),
    settings: { ...DEFAULT_APPRAISAL_SETTINGS, periodStartDay: settings.periodStartDay },
    rows: rows.map((r) => ({ ...r, unitName: names.get(r.unitId) ?? "" })),
  };
}

export type AppraisalReport = Awaited<ReturnType<typeof getAppraisalReport>>;
