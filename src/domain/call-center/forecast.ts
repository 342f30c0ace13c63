import { dayNumber } from "../calendar/calendar.js";
import type { CalendarDay } from "../calendar/calendar.js";

/** Half-hour intervals in a day (7×24 service: the forecast covers all 48). */
export const SLOTS_PER_DAY = 48;

/** One past day of the call history, aggregated per half hour (Asia/Shanghai). */
export interface HistoryDay {
  date: string;
  kind: DayKind;
  /** Calls offered per slot (length 48). */
  offered: number[];
  /** Calls answered per slot, and their handling seconds summed. */
  answered: number[];
  handleSeconds: number[];
}

/**
 * How a date behaves for call volume: ordinary working days by weekday, weekends, public holidays,
 * and make-up working days (调休) which look like working days though they fall on a weekend.
 */
export type DayKind = "workday" | "weekend" | "holiday" | "makeup";

/** The kind of a calendar day (an admin override counts by whether it is a working day). */
export function dayKindOf(day: CalendarDay): DayKind {
  if (day.source === "holiday") return "holiday";
  if (day.source === "makeup") return "makeup";
  if (day.source === "override") return day.workday ? "workday" : "holiday";
  return day.workday ? "workday" : "weekend";
}

const weekday = (date: string) => (dayNumber(date) + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)

/** How many past days a forecast averages. */
export const REFERENCE_DAYS = 8;

/**
 * Which past days stand for the target date: the same kind of day and, for ordinary days and weekends,
 * the same weekday; a holiday with no past holidays falls back to weekends, a make-up day to working
 * days. `past` is newest first; the newest `max` matches are kept.
 */
export function referenceDates(target: { date: string; kind: DayKind }, past: readonly { date: string; kind: DayKind }[], max = REFERENCE_DAYS): string[] {
  const wd = weekday(target.date);
  const pick = (f: (d: { date: string; kind: DayKind }) => boolean) => past.filter((d) => d.date < target.date && f(d)).slice(0, max).map((d) => d.date);
  const first = (...tries: ((d: { date: string; kind: DayKind }) => boolean)[]) => {
    for (const f of tries) {
      const got = pick(f);
      if (got.length > 0) return got;
    }
    return [];
  };
  switch (target.kind) {
    case "workday":
      return first((d) => d.kind === "workday" && weekday(d.date) === wd, (d) => d.kind === "workday");
    case "weekend":
      return first((d) => d.kind === "weekend" && weekday(d.date) === wd, (d) => d.kind === "weekend");
    case "holiday":
      return first((d) => d.kind === "holiday", (d) => d.kind === "weekend");
    case "makeup":
      return first((d) => d.kind === "makeup", (d) => d.kind === "workday");
  }
}

export interface ForecastInterval {
  slot: number;
  forecastCalls: number;
  ahtSeconds: number;
}

export interface Forecast {
  referenceDates: string[];
  /** Multiplier from the trend of the reference days' totals (1 = flat). */
  trend: number;
  intervals: ForecastInterval[];
}

/** The trend factor is kept within these bounds: a forecast should not run away on a few days. */
const TREND_MIN = 0.5;
const TREND_MAX = 2;

/**
 * A per-half-hour forecast for `target` from its reference days (referenceDates): their mean profile (recent days weigh more,
 * weight 1/(1 + age in weeks)), scaled by the least-squares trend of their daily totals extrapolated to
 * the target date. AHT per slot is the answered calls' mean handling time there, else the day's, else
 * `defaultAht`.
 */
export function forecastDay(target: { date: string; kind: DayKind }, refs: readonly HistoryDay[], defaultAht: number): Forecast {
  const t0 = dayNumber(target.date);
  const intervals: ForecastInterval[] = [];
  if (refs.length === 0) {
    for (let s = 0; s < SLOTS_PER_DAY; s++) intervals.push({ slot: s, forecastCalls: 0, ahtSeconds: defaultAht });
    return { referenceDates: [], trend: 1, intervals };
  }
  const weights = refs.map((d) => 1 / (1 + (t0 - dayNumber(d.date)) / 7));
  const wSum = weights.reduce((x, y) => x + y, 0);
  const trend = trendFactor(refs.map((d) => ({ x: dayNumber(d.date) - t0, y: sum(d.offered) })));
  let dayAnswered = 0;
  let dayHandle = 0;
  for (const d of refs) {
    dayAnswered += sum(d.answered);
    dayHandle += sum(d.handleSeconds);
  }
  const dayAht = dayAnswered > 0 ? dayHandle / dayAnswered : defaultAht;
  for (let s = 0; s < SLOTS_PER_DAY; s++) {
    let mean = 0;
    let answered = 0;
    let handle = 0;
    refs.forEach((d, i) => {
      mean += (weights[i]! * (d.offered[s] ?? 0)) / wSum;
      answered += d.answered[s] ?? 0;
      handle += d.handleSeconds[s] ?? 0;
    });
    intervals.push({ slot: s, forecastCalls: round1(mean * trend), ahtSeconds: Math.round(answered > 0 ? handle / answered : dayAht) });
  }
  return { referenceDates: refs.map((d) => d.date), trend: round3(trend), intervals };
}

/** Least-squares line through (days before target, total); its value at 0 over the mean, clamped. */
export function trendFactor(points: readonly { x: number; y: number }[]): number {
  if (points.length < 3) return 1;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  if (my <= 0) return 1;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const atTarget = my + slope * (0 - mx);
  return Math.min(TREND_MAX, Math.max(TREND_MIN, atTarget / my));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
