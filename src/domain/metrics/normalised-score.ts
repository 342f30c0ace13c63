/**
 * Linshu's normalised score (docs/RULES.md rule 35):
 *   ((v − min)/(max − min) + f × (max − v)/(max − min)) × weight
 * The best unit of the group gets the full weight, the worst gets f × weight, the rest in between
 * on a straight line. When every unit has the same value (max = min) the formula is 0/0; we give
 * every unit the full weight: nobody did worse than anybody else (docs/METRICS.md "Edge cases").
 */
export function normalisedScore(v: number, min: number, max: number, weight: number, f: number): number {
  if (max === min) return weight;
  const span = max - min;
  return ((v - min) / span + (f * (max - v)) / span) * weight;
}

/** Rounds to two decimals, the precision the center publishes (and ranks on). */
export function round2(x: number): number {
  // toFixed(6) first so 1.005 (stored as 1.00499…) rounds like the paper table: 1.01
  return Math.round(Number((x * 100).toFixed(6))) / 100;
}
