import type { FirstContactState } from "../ticket/ticket.types.js";

/**
 * The version of the formulas in this folder. Every report states it (docs/METRICS.md), so a number
 * printed last year can be traced to the formula that produced it. Bump it when a formula changes.
 */
export const FORMULA_VERSION = "huying-metrics-1";

/** Targets shown against the actuals (docs/RULES.md rule 34, Qingpu 2024). Values in 0..1. */
export interface MetricTargets {
  firstContactRate: number;
  resolutionRate: number;
  satisfactionRate: number;
}

/** The settings a city varies; a report echoes the ones it used. */
export interface MetricSettings {
  /** Weight of 基本满意 in the satisfaction rate: 1.0 in most cities, 0.9 in some. */
  basicSatisfiedWeight: number;
  /** First day of the appraisal month: 1 = calendar month, 19 = the 19th to the 18th. */
  periodStartDay: number;
  /** First-contact states that count as contacted (rule 15: three failed calls are "deemed reached"). */
  contactedStates: FirstContactState[];
  /** Whether tickets still without a verdict at the cut-off count as not satisfied (rule 35 wording). */
  unfinishedCountAsUnsatisfied: boolean;
  targets: MetricTargets;
}

/** Defaults: the Qingpu targets, 基本满意 weighted fully, calendar months. */
export const DEFAULT_METRIC_SETTINGS: Readonly<MetricSettings> = Object.freeze<MetricSettings>({
  basicSatisfiedWeight: 1,
  periodStartDay: 1,
  contactedStates: ["reached", "deemed_reached"],
  unfinishedCountAsUnsatisfied: false,
  targets: { firstContactRate: 1, resolutionRate: 0.85, satisfactionRate: 0.85 },
});

/** Merges a partial override (from the policy or the query) over the defaults. */
export function metricSettings(overrides: Partial<MetricSettings> = {}): MetricSettings {
  return {
    ...DEFAULT_METRIC_SETTINGS,
    ...overrides,
    contactedStates: [...(overrides.contactedStates ?? DEFAULT_METRIC_SETTINGS.contactedStates)],
    targets: { ...DEFAULT_METRIC_SETTINGS.targets, ...overrides.targets },
  };
}
