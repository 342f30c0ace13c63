/**
 * The official holiday data: public holidays (放假) and make-up working days (调休上班) from the
 * maintained `chinese-days` package, which transcribes the State Council notices. docs/RULES.md glossary
 * "工作日": weekends and public holidays off, make-up working weekends on.
 */
import chineseDays from "chinese-days/dist/chinese-days.json" with { type: "json" };

/** One dated entry of the package: its Chinese name (e.g. "春节"). */
export interface HolidayEntry {
  date: string;
  name: string;
}

interface RawData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** "Spring Festival,春节,4" → "春节" (the package stores English, Chinese and day count). */
function chineseName(raw: string): string {
  const parts = raw.split(",");
  return (parts[1] ?? parts[0] ?? "").trim();
}

function entries(map: Record<string, string>): HolidayEntry[] {
  return Object.entries(map)
    .map(([date, raw]) => ({ date, name: chineseName(raw) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const raw = chineseDays as RawData;

/** Days off by notice (including weekend days inside a holiday run). */
export const OFFICIAL_HOLIDAYS: readonly HolidayEntry[] = entries(raw.holidays);

/** Weekend days that are working days by notice (调休上班). */
export const OFFICIAL_MAKEUP_DAYS: readonly HolidayEntry[] = entries(raw.workdays);

/**
 * Years for which the notice is in the data. A year outside this set has no official data: the
 * calendar then counts Monday–Friday but reports the year as missing (callers show a warning).
 */
export const OFFICIAL_YEARS: ReadonlySet<number> = new Set(
  [...OFFICIAL_HOLIDAYS, ...OFFICIAL_MAKEUP_DAYS].map((e) => Number(e.date.slice(0, 4))),
);
