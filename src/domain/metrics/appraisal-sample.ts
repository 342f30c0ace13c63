import { scoreAppraisal } from "./appraisal.js";
import type { AppraisalGroup, AppraisalRow, AppraisalSettings, UnitMonthInput } from "./appraisal.types.js";

/** A ranked line with its sample flag (issue 18 point 9). */
export type SampledAppraisalRow = AppraisalRow & { insufficientSample: boolean };

/**
 * The monthly appraisal with a minimum sample (policy `appraisalMinSample`): units with at least
 * `minSample` tickets are scored and ranked among themselves; a unit with fewer (but some) is marked
 * 样本不足 — scored as if it had joined them (for reference), never ranked, and it does not move anybody
 * else's min/max. Units with none stay unranked as before. minSample ≤ 1 is the plain appraisal.
 */
export function scoreAppraisalWithSample(
  group: AppraisalGroup,
  units: UnitMonthInput[],
  settings: AppraisalSettings,
  minSample: number,
): SampledAppraisalRow[] {
  const small = units.filter((u) => u.volume > 0 && u.volume < minSample);
  if (small.length === 0) return scoreAppraisal(group, units, settings).map((r) => ({ ...r, insufficientSample: false }));
  const kept = units.filter((u) => !small.includes(u));
  const ranked = scoreAppraisal(group, kept, settings);
  const scoredRanked = ranked.filter((r) => r.total !== null);
  const unrated = ranked.filter((r) => r.total === null);
  const reference = small
    .map((u) => {
      const row = scoreAppraisal(group, [...kept, u], settings).find((r) => r.unitId === u.unitId)!;
      return { ...row, rank: null };
    })
    .sort((a, b) => (b.total ?? 0) - (a.total ?? 0) || a.unitId - b.unitId);
  return [
    ...scoredRanked.map((r) => ({ ...r, insufficientSample: false })),
    ...reference.map((r) => ({ ...r, insufficientSample: true })),
    ...unrated.map((r) => ({ ...r, insufficientSample: false })),
  ];
}
