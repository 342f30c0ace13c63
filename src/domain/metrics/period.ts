import { invalid } from "../errors.js";

/** China Standard Time has no daylight saving: a fixed +08:00 offset (docs/API.md: dates are Asia/Shanghai). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** A half-open interval [from, to) of instants. */
export interface Period {
  from: Date;
  to: Date;
}

function shanghaiMidnight(year: number, monthIndex: number, day: number): Date {
  return new Date(Date.UTC(year, monthIndex, day) - SHANGHAI_OFFSET_MS);
}

/**
 * The appraisal period called `month` ("YYYY-MM"). With startDay 1 it is the calendar month; with
 * startDay 19 it runs from the 19th of the previous month to the end of the 18th of `month`
 * (the period a city names after the month in which it ends). The end is also the event cut-off.
 */
export function monthPeriod(month: string, startDay = 1): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw invalid("month", "expected YYYY-MM");
  const year = Number(m[1]);
  const monthIndex = Number(m[2]) - 1;
  if (monthIndex < 0 || monthIndex > 11) throw invalid("month", "month must be 01–12");
  if (!Number.isInteger(startDay) || startDay < 1 || startDay > 28) {
    throw invalid("periodStartDay", "must be a whole day 1–28");
  }
  if (startDay === 1) {
    return { from: shanghaiMidnight(year, monthIndex, 1), to: shanghaiMidnight(year, monthIndex + 1, 1) };
  }
  return { from: shanghaiMidnight(year, monthIndex - 1, startDay), to: shanghaiMidnight(year, monthIndex, startDay) };
}

/** The period of a date range "YYYY-MM-DD".."YYYY-MM-DD" (both days included), Asia/Shanghai. */
export function dayRangePeriod(fromDay: string, toDay: string): Period {
  const parse = (field: string, s: string): Date => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) throw invalid(field, "expected YYYY-MM-DD");
    return shanghaiMidnight(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  };
  const from = parse("from", fromDay);
  const to = new Date(parse("to", toDay).getTime() + 24 * 60 * 60 * 1000);
  if (to <= from) throw invalid("to", "must not be before from");
  return { from, to };
}
