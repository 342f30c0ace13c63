import { type RawBuilder, sql } from "kysely";
import type { MetricSettings } from "../../domain/metrics/metric-settings.js";

/**
 * Every number of the rates report as a condition on the `facts` rows (report-facts.sql.ts): the
 * count query and the drill-down use the same condition, so the drill-down lists exactly the tickets
 * counted. docs/METRICS.md gives the meaning of each.
 */
export const DRILL_INDICATORS = [
  "volume",
  "firstContactRate",
  "onTimeSignRate",
  "onTimeReplyRate",
  "resolutionRate",
  "satisfactionRate",
  "firstTimeResolutionRate",
  "redoSatisfiedRate",
  "redoRate",
  "returnRate",
  "excluded",
  "signOverdue",
  "contactOverdue",
  "replyOverdue",
  "unresponded",
  "hardRequestFilings",
] as const;
export type DrillIndicator = (typeof DRILL_INDICATORS)[number];

export type DrillPart = "numerator" | "denominator";

const TRUE = sql<boolean>`true`;

/** The condition of one part of an indicator; counts (volume, overdue, …) have only a numerator. */
export function indicatorCondition(indicator: DrillIndicator, part: DrillPart, s: MetricSettings): RawBuilder<boolean> {
  const c = CONDITIONS[indicator](s);
  return part === "numerator" ? c.numerator : c.denominator;
}

type Cond = (s: MetricSettings) => { numerator: RawBuilder<boolean>; denominator: RawBuilder<boolean> };
const count = (numerator: RawBuilder<boolean>): ReturnType<Cond> => ({ numerator, denominator: TRUE });

const CONDITIONS: Record<DrillIndicator, Cond> = {
  volume: () => count(TRUE),
  firstContactRate: (s) => ({
    numerator: s.contactedStates.length ? sql<boolean>`fc_required AND fc_state IN (${sql.join(s.contactedStates)})` : sql<boolean>`false`,
    denominator: sql<boolean>`fc_required`,
  }),
  onTimeSignRate: () => ({ numerator: sql<boolean>`signed_on_time`, denominator: sql<boolean>`sign_due` }),
  onTimeReplyRate: () => ({ numerator: sql<boolean>`replied_on_time`, denominator: sql<boolean>`reply_due` }),
  resolutionRate: () => ({ numerator: sql<boolean>`resolved`, denominator: sql<boolean>`followed_up` }),
  satisfactionRate: (s) => ({
    // the numerator lists satisfied and basically satisfied; the rate weights the latter (computeRates)
    numerator: sql<boolean>`verdict IN ('satisfied', 'basic')`,
    denominator: s.unfinishedCountAsUnsatisfied
      ? sql<boolean>`verdict IN ('satisfied', 'basic', 'unsatisfied', 'unfinished')`
      : sql<boolean>`verdict IN ('satisfied', 'basic', 'unsatisfied')`,
  }),
  firstTimeResolutionRate: () => count(sql<boolean>`ended_satisfied AND redo_count = 0`),
  redoSatisfiedRate: () => count(sql<boolean>`ended_satisfied AND redo_count >= 1`),
  redoRate: () => count(sql<boolean>`redo_count >= 2`),
  returnRate: () => count(sql<boolean>`returned`),
  excluded: () => count(sql<boolean>`verdict = 'excluded'`),
  signOverdue: () => count(sql<boolean>`sign_overdue`),
  contactOverdue: () => count(sql<boolean>`contact_overdue`),
  replyOverdue: () => count(sql<boolean>`reply_overdue`),
  unresponded: () => count(sql<boolean>`unresponded`),
  hardRequestFilings: () => count(sql<boolean>`exclusion_filed`),
};
