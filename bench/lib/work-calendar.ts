import chineseDays from "chinese-days";

const DAY_MS = 86_400_000;
/** Asia/Shanghai has had no DST since 1991: a fixed +08:00 offset. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Day number (days since 1970-01-01) of an instant in Asia/Shanghai. */
export function shanghaiDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** Instant of 00:00 Asia/Shanghai of a day number. */
export function shanghaiMidnight(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** YYYY-MM-DD of a day number. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export type DayKind = "workday" | "weekend" | "holiday";

/**
 * Kinds of days for the generator's volume curve (docs/RULES.md glossary 工作日): working day, weekend, or
 * public holiday (a weekend inside a holiday week counts as holiday: hotlines are quietest then).
 */
export class GeneratorCalendar {
  private readonly kinds: DayKind[] = [];

  constructor(
    private readonly firstDay: number,
    lastDay: number,
  ) {
    for (let d = firstDay; d <= lastDay; d++) {
      const detail = chineseDays.getDayDetail(dayString(d));
      // A weekend inside a holiday (e.g. the National Day week) is named after the holiday: count it as one.
      this.kinds.push(detail.work ? "workday" : /^(Saturday|Sunday)$/.test(detail.name) ? "weekend" : "holiday");
    }
  }

  kind(day: number): DayKind {
    return this.kinds[day - this.firstDay] ?? "workday";
  }

  isWorkday(day: number): boolean {
    return this.kind(day) === "workday";
  }
}
