import { invalid } from "../../domain/errors.js";
import { dayRangePeriod, monthPeriod, type Period } from "../../domain/metrics/period.js";

/** A report's period from its query: `month=YYYY-MM` (under the city's month setting) or `from`..`to` days. */
export function resolvePeriod(q: { month?: string; from?: string; to?: string }, periodStartDay: number): Period & { label: string } {
  if (q.month) return { ...monthPeriod(q.month, periodStartDay), label: q.month };
  if (q.from && q.to) return { ...dayRangePeriod(q.from, q.to), label: `${q.from}..${q.to}` };
  throw invalid(q.from ? "to" : "from", "give month=YYYY-MM, or both from and to (YYYY-MM-DD)");
}

/** The period as the reports print it: the cut-off is the end of the period. */
export function presentPeriod(p: Period & { label: string }) {
  return { label: p.label, from: p.from.toISOString(), to: p.to.toISOString(), cutoff: p.to.toISOString() };
}
