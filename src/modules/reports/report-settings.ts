import { metricSettings, type MetricSettings } from "../../domain/metrics/metric-settings.js";
import type { PolicySettings } from "../../domain/policy/policy.js";

/** The metric settings of the policy in force (docs/METRICS.md "Settings"); defaults where the policy is silent. */
export function metricSettingsOf(policy: PolicySettings): MetricSettings {
  const s = policy.satisfaction;
  if (!s) return metricSettings();
  return metricSettings({
    basicSatisfiedWeight: s.basicallySatisfiedWeight,
    periodStartDay: s.period === "19th_to_18th" ? 19 : 1,
    targets: { ...s.targets },
  });
}
