/**
 * The working-day calendar (docs/RULES.md glossary "工作日"; rules 8, 14–18, 22 count limits in working
 * days). Pure: no clock, no database. Everything is computed in Asia/Shanghai (UTC+8, no daylight
 * saving since 1991) by plain arithmetic on epoch milliseconds, so the host's TZ never matters.
 */
import { invalid } from "../errors.js";
import { OFFICIAL_HOLIDAYS, OFFICIAL_MAKEUP_DAYS, OFFICIAL_YEARS } from "./holiday-data.js";

/**
 * How a limit of N working days is counted (docs/API.md "Calendar and policy").
 * - `end_of_day`: the deadline is 23:59:59.999 Shanghai time of the Nth working day strictly after
 *   the start's date.
 * - `elapsed`: working days are 24-hour spans and only time inside working days counts
 *   (Friday 15:00 + 1 → next working day 15:00).
 */
export type CountingMode = "end_of_day" | "elapsed";

/** An admin's decision for one date (a local holiday, a typhoon day, an extra working day). */
export interface CalendarOverride {
  date: string;
  workday: boolean;
  name?: string | null;
}

/** One date as the calendar sees it. */
export interface CalendarDay {
  date: string;
  workday: boolean;
  name?: string;
  source: "weekday" | "weekend" | "holiday" | "makeup" | "override";
  /** True when the date's year has no official data: Monday–Friday is only a guess. */
  provisional?: boolean;
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** The span with precomputed flags; dates outside it are computed on the fly (weekday rule). */
const TABLE_START = Date.UTC(2000, 0, 1) / DAY_MS;
const TABLE_END = Date.UTC(2200, 0, 1) / DAY_MS;
/** No real calendar has a year without a working day; stop rather than loop for ever. */
const MAX_IDLE_DAYS = 3660;
/** The longest range days() returns in one call. */
export const MAX_RANGE_DAYS = 3660;

const SRC_WEEKDAY = 0;
const SRC_WEEKEND = 1;
const SRC_HOLIDAY = 2;
const SRC_MAKEUP = 3;
const SRC_OVERRIDE = 4;
const SOURCES = ["weekday", "weekend", "holiday", "makeup", "override"] as const;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a YYYY-MM-DD date; throws VALIDATION_FAILED naming `field`. */
export function dayNumber(date: string, field = "date"): number {
  const m = DATE_RE.exec(date);
  if (!m) throw invalid(field, "must be a date YYYY-MM-DD");
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw invalid(field, "is not a calendar date");
  }
  return ms / DAY_MS;
}

/** YYYY-MM-DD of a day number. */
export function dateOfDayNumber(dn: number): string {
  return new Date(dn * DAY_MS).toISOString().slice(0, 10);
}

/** The Shanghai day number of an instant. */
function shanghaiDayNumber(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The date (YYYY-MM-DD) of an instant in Asia/Shanghai, whatever the host's time zone. */
export function shanghaiDate(t: Date): string {
  return dateOfDayNumber(shanghaiDayNumber(t.getTime()));
}

/** 00:00 Asia/Shanghai of a YYYY-MM-DD date, as an instant. */
export function shanghaiMidnight(date: string): Date {
  return new Date(dayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(dn: number): number {
  return (((dn + 4) % 7) + 7) % 7;
}

function isWeekend(dn: number): boolean {
  const w = weekday(dn);
  return w === 0 || w === 6;
}

/** The built-in table: bit 0 = workday, bits 1–3 = source. Built once per process. */
const BASE_FLAGS: Uint8Array = (() => {
  const flags = new Uint8Array(TABLE_END - TABLE_START);
  for (let i = 0; i < flags.length; i++) {
    const weekend = isWeekend(TABLE_START + i);
    flags[i] = weekend ? SRC_WEEKEND << 1 : (SRC_WEEKDAY << 1) | 1;
  }
  for (const h of OFFICIAL_HOLIDAYS) {
    const i = dayNumber(h.date) - TABLE_START;
    if (i >= 0 && i < flags.length) flags[i] = SRC_HOLIDAY << 1;
  }
  for (const w of OFFICIAL_MAKEUP_DAYS) {
    const i = dayNumber(w.date) - TABLE_START;
    if (i >= 0 && i < flags.length) flags[i] = (SRC_MAKEUP << 1) | 1;
  }
  return flags;
})();

const BASE_NAMES: ReadonlyMap<number, string> = new Map([
  ...OFFICIAL_HOLIDAYS.map((h): [number, string] => [dayNumber(h.date), h.name]),
  ...OFFICIAL_MAKEUP_DAYS.map((w): [number, string] => [dayNumber(w.date), `${w.name}调休上班`]),
]);

/**
 * Monday–Friday, minus public holidays, plus make-up working weekends, for every year the official
 * data covers (2004 to the newest notice), with admin overrides on top. Immutable: build a new one
 * when the overrides change.
 */
export class WorkingCalendar {
  private readonly flags: Uint8Array;
  private readonly overrideNames = new Map<number, string>();
  private readonly overrideList: readonly CalendarOverride[];

  constructor(overrides: readonly CalendarOverride[] = []) {
    this.flags = overrides.length > 0 ? BASE_FLAGS.slice() : BASE_FLAGS;
    this.overrideList = overrides.map((o) => ({ ...o }));
    for (const o of overrides) {
      const dn = dayNumber(o.date);
      const i = dn - TABLE_START;
      if (i < 0 || i >= this.flags.length) throw invalid("date", "must be between 2000 and 2199");
      this.flags[i] = (SRC_OVERRIDE << 1) | (o.workday ? 1 : 0);
      if (o.name) this.overrideNames.set(dn, o.name);
    }
  }

  /** The admin overrides this calendar was built with. */
  get overrides(): readonly CalendarOverride[] {
    return this.overrideList;
  }

  private workdayAt(dn: number): boolean {
    const i = dn - TABLE_START;
    if (i >= 0 && i < this.flags.length) return (this.flags[i] & 1) === 1;
    return !isWeekend(dn);
  }

  /** Whether a YYYY-MM-DD date is a working day. */
  isWorkday(date: string): boolean {
    return this.workdayAt(dayNumber(date));
  }

  /** Whether the Shanghai date of an instant is a working day. */
  isWorkdayAt(t: Date): boolean {
    return this.workdayAt(shanghaiDayNumber(t.getTime()));
  }

  private dayAt(dn: number): CalendarDay {
    const date = dateOfDayNumber(dn);
    const i = dn - TABLE_START;
    const flag = i >= 0 && i < this.flags.length ? this.flags[i] : isWeekend(dn) ? SRC_WEEKEND << 1 : 1;
    const source = SOURCES[flag >> 1];
    const day: CalendarDay = { date, workday: (flag & 1) === 1, source };
    const name = source === "override" ? this.overrideNames.get(dn) : BASE_NAMES.get(dn);
    if (name) day.name = name;
    if (!OFFICIAL_YEARS.has(Number(date.slice(0, 4)))) day.provisional = true;
    return day;
  }

  /** One date with its reason (weekday, weekend, holiday, make-up day or override). */
  day(date: string): CalendarDay {
    return this.dayAt(dayNumber(date));
  }

  /** Every date from `from` to `to`, both included (at most MAX_RANGE_DAYS). */
  days(from: string, to: string): CalendarDay[] {
    const a = dayNumber(from, "from");
    const b = dayNumber(to, "to");
    if (b < a) throw invalid("to", "must not be before from");
    if (b - a + 1 > MAX_RANGE_DAYS) throw invalid("to", `range longer than ${MAX_RANGE_DAYS} days`);
    const out: CalendarDay[] = [];
    for (let dn = a; dn <= b; dn++) out.push(this.dayAt(dn));
    return out;
  }

  /** Whether the official holiday notice for `year` is in the data; false → show a warning. */
  hasDataFor(year: number): boolean {
    return OFFICIAL_YEARS.has(year);
  }

  /** Years between two dates (inclusive) without official data, ascending. */
  missingYears(from: string, to: string): number[] {
    dayNumber(from, "from");
    dayNumber(to, "to");
    const out: number[] = [];
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      if (!this.hasDataFor(y)) out.push(y);
    }
    return out;
  }

  /** The day number of the nth working day strictly after day `dn` (n ≥ 1). */
  private nthWorkdayAfter(dn: number, n: number): number {
    let j = dn;
    let found = 0;
    let idle = 0;
    while (found < n) {
      j++;
      if (this.workdayAt(j)) {
        found++;
        idle = 0;
      } else if (++idle > MAX_IDLE_DAYS) {
        throw invalid("days", "no working day within ten years");
      }
    }
    return j;
  }

  /**
   * The deadline N working days after `from` (see CountingMode). 0 days → `from` itself.
   * end_of_day: 2025-09-30 10:00 + 5 → 2025-10-14 23:59:59.999 +08:00 (1–8 October off, Saturday
   * 11 October worked). elapsed: the earliest instant by which N×24 h of working time has passed
   * since `from`; a start on a non-working day counts from the next working day's 00:00.
   */
  addWorkingDays(from: Date, days: number, mode: CountingMode): Date {
    if (!Number.isInteger(days) || days < 0) throw invalid("days", "must be a whole number ≥ 0");
    const ms = from.getTime();
    if (!Number.isFinite(ms)) throw invalid("from", "must be a valid time");
    if (days === 0) return new Date(ms);
    const local = ms + SHANGHAI_OFFSET_MS;
    const dn = Math.floor(local / DAY_MS);
    if (mode === "end_of_day") {
      return new Date((this.nthWorkdayAfter(dn, days) + 1) * DAY_MS - 1 - SHANGHAI_OFFSET_MS);
    }
    const timeOfDay = local - dn * DAY_MS;
    if (this.workdayAt(dn) && timeOfDay > 0) {
      // The rest of today plus the start of the Nth working day after it make exactly N spans.
      return new Date(this.nthWorkdayAfter(dn, days) * DAY_MS + timeOfDay - SHANGHAI_OFFSET_MS);
    }
    // From 00:00 of a working day, that day is the first span; from a day off, the next working day is.
    const last = this.workdayAt(dn) ? (days === 1 ? dn : this.nthWorkdayAfter(dn, days - 1)) : this.nthWorkdayAfter(dn, days);
    return new Date((last + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
  }

  /** Wall-clock hours (rule 8's "within 2 hours" runs through nights and holidays). */
  addHours(from: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) throw invalid("hours", "must be a number ≥ 0");
    return new Date(from.getTime() + Math.round(hours * 3_600_000));
  }

  /** Milliseconds between a and b (a ≤ b) that fall on working days, in Shanghai time. */
  workingMsBetween(a: Date, b: Date): number {
    const am = a.getTime() + SHANGHAI_OFFSET_MS;
    const bm = b.getTime() + SHANGHAI_OFFSET_MS;
    if (bm <= am) return 0;
    let total = 0;
    for (let dn = Math.floor(am / DAY_MS); dn * DAY_MS < bm; dn++) {
      if (!this.workdayAt(dn)) continue;
      total += Math.min(bm, (dn + 1) * DAY_MS) - Math.max(am, dn * DAY_MS);
    }
    return total;
  }

  /** The earliest instant by which `workMs` of working time has passed since `from`. */
  addWorkingMs(from: Date, workMs: number): Date {
    let cursor = from.getTime() + SHANGHAI_OFFSET_MS;
    let left = Math.max(0, workMs);
    if (left === 0) return new Date(from.getTime());
    let idle = 0;
    for (let dn = Math.floor(cursor / DAY_MS); ; dn++) {
      if (!this.workdayAt(dn)) {
        if (++idle > MAX_IDLE_DAYS) throw invalid("days", "no working day within ten years");
        continue;
      }
      idle = 0;
      const start = Math.max(cursor, dn * DAY_MS);
      const end = (dn + 1) * DAY_MS;
      if (left <= end - start) return new Date(start + left - SHANGHAI_OFFSET_MS);
      left -= end - start;
      cursor = end;
    }
  }
}
