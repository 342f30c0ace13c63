import { invalid } from "../../domain/errors.js";
import { dayRangePeriod, monthPeriod, type Period } from "../../domain/metrics/period.js";

/** A report's period from its query: `month=YYYY-MM` (under the city's month setting) or `from`..`to` days. */
export function resolvePeriod(q: { month?: string; from?: string; to?: string }, periodStartDay: number): Period & { label: string } {
  if (q.month) return { ...monthPeriod(q.month, periodStartDay), label: q.month };
  if (q.from && q.to) return { ...dayRangePeriod(q.from, q.to), label: `${q.from}..${q.to}` };
  throw invalid(q.from ? "to" : "from", "give month=YYYY-MM, or both from and to (YYYY-MM-DD)");
}

/** The appraisal month ("YYYY-MM") a Shanghai day belongs to: with startDay 19, the 19th starts the next month. */
function monthOfDay(day: string, startDay: number): { year: number; month: number } {
  const [y, m, d] = day.split("-").map(Number);
  return startDay > 1 && d >= startDay ? (m === 12 ? { year: y + 1, month: 1 } : { year: y, month: m + 1 }) : { year: y, month: m };
}

const MAX_MONTHS = 36;

/** The months a report grouped by month covers: each with its own period and cut-off (docs/METRICS.md). */
export function monthsOf(q: { month?: string; from?: string; to?: string }, periodStartDay: number): string[] {
  if (q.month) return [q.month];
  if (!q.from || !q.to) throw invalid(q.from ? "to" : "from", "give month=YYYY-MM, or both from and to (YYYY-MM-DD)");
  dayRangePeriod(q.from, q.to); // validates the days and their order
  const start = monthOfDay(q.from, periodStartDay);
  const end = monthOfDay(q.to, periodStartDay);
  const months: string[] = [];
  for (let y = start.year, m = start.month; y < end.year || (y === end.year && m <= end.month); m === 12 ? (y++, (m = 1)) : m++) {
    months.push(`${y}-${String(m).padStart(2, "0")}`);
    if (months.length > MAX_MONTHS) throw invalid("to", `at most ${MAX_MONTHS} months per report`);
  }
  return months;
}

/** The period as the reports print it: the cut-off is the end of the period. */
export function presentPeriod(p: Period & { label: string }) {
  return { label: p.label, from: p.from.toISOString(), to: p.to.toISOString(), cutoff: p.to.toISOString() };
}
