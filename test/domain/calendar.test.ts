import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { WorkingCalendar, shanghaiDate, shanghaiMidnight, type CountingMode } from "../../src/domain/calendar/calendar.js";

const cal = new WorkingCalendar();
const at = (s: string): Date => new Date(s);
const iso = (d: Date): string => d.toISOString();

describe("working days 2020–2026 agree with the official notices (holiday-cn)", () => {
  // holiday-cn lists every day a notice changes; a file is keyed by the notice's year, so merge them all.
  const dir = fileURLToPath(new URL("../fixtures/holiday-cn/", import.meta.url));
  const listed = new Map<string, { name: string; off: boolean }>();
  for (let y = 2019; y <= 2026; y++) {
    const file = JSON.parse(readFileSync(`${dir}${y}.json`, "utf8")) as {
      days: { name: string; date: string; isOffDay: boolean }[];
    };
    for (const d of file.days) listed.set(d.date, { name: d.name, off: d.isOffDay });
  }

  it("every date from 2020-01-01 to 2026-12-31 has the same workday flag", () => {
    const days = cal.days("2020-01-01", "2026-12-31");
    expect(days).toHaveLength(2557);
    const wrong: string[] = [];
    for (const d of days) {
      const entry = listed.get(d.date);
      const dow = new Date(`${d.date}T00:00:00Z`).getUTCDay();
      const expected = entry ? !entry.off : dow !== 0 && dow !== 6;
      if (d.workday !== expected) wrong.push(d.date);
    }
    expect(wrong).toEqual([]);
  });

  it("names holidays and make-up days, and has data for every year 2020–2026", () => {
    for (let y = 2020; y <= 2026; y++) expect(cal.hasDataFor(y)).toBe(true);
    expect(cal.day("2025-01-29")).toMatchObject({ workday: false, source: "holiday", name: "春节" });
    expect(cal.day("2025-10-11")).toMatchObject({ workday: true, source: "makeup", name: "国庆节调休上班" });
    expect(cal.day("2025-10-13")).toEqual({ date: "2025-10-13", workday: true, source: "weekday" });
    expect(cal.day("2025-10-12")).toEqual({ date: "2025-10-12", workday: false, source: "weekend" });
    // The 2020 Spring Festival was extended to 2 February (State Council notice of 27 January 2020).
    expect(cal.isWorkday("2020-01-31")).toBe(false);
    expect(cal.isWorkday("2020-02-03")).toBe(true);
  });
});

// Start: the last working day before the holiday, 10:00 Shanghai. Expected dates read off the notices.
// [holiday, start date, n, Nth working day after the start]
const FESTIVALS: [string, string, number, string][] = [
  ["2020 春节 (1-24…2-2)", "2020-01-23", 1, "2020-02-03"],
  ["2020 春节", "2020-01-23", 3, "2020-02-05"],
  ["2020 国庆 (10-1…8, Sat 10-10 worked)", "2020-09-30", 1, "2020-10-09"],
  ["2020 国庆", "2020-09-30", 2, "2020-10-10"],
  ["2021 春节 (2-11…17, Sat 2-20 worked)", "2021-02-10", 3, "2021-02-20"],
  ["2021 春节", "2021-02-10", 1, "2021-02-18"],
  ["2021 国庆 (10-1…7, Sat 10-9 worked)", "2021-09-30", 1, "2021-10-08"],
  ["2021 国庆", "2021-09-30", 3, "2021-10-11"],
  ["2022 春节 (1-31…2-6, Sat/Sun 1-29/30 worked)", "2022-01-28", 1, "2022-01-29"],
  ["2022 春节", "2022-01-28", 3, "2022-02-07"],
  ["2022 国庆 (10-1…7, Sat/Sun 10-8/9 worked)", "2022-09-30", 1, "2022-10-08"],
  ["2022 国庆", "2022-09-30", 3, "2022-10-10"],
  ["2023 春节 (1-21…27, Sat/Sun 1-28/29 worked)", "2023-01-20", 1, "2023-01-28"],
  ["2023 春节", "2023-01-20", 3, "2023-01-30"],
  ["2023 中秋国庆 (9-29…10-6, Sat/Sun 10-7/8 worked)", "2023-09-28", 1, "2023-10-07"],
  ["2023 中秋国庆", "2023-09-28", 3, "2023-10-09"],
  ["2024 春节 (2-10…17, Sun 2-18 worked)", "2024-02-09", 1, "2024-02-18"],
  ["2024 春节", "2024-02-09", 3, "2024-02-20"],
  ["2024 国庆 (10-1…7, Sat 10-12 worked)", "2024-09-30", 1, "2024-10-08"],
  ["2024 国庆", "2024-09-30", 5, "2024-10-12"],
  ["2025 春节 (1-28…2-4, Sat 2-8 worked)", "2025-01-27", 1, "2025-02-05"],
  ["2025 春节", "2025-01-27", 4, "2025-02-08"],
  ["2025 国庆中秋 (10-1…8, Sat 10-11 worked)", "2025-09-30", 1, "2025-10-09"],
  ["2025 国庆中秋", "2025-09-30", 3, "2025-10-11"],
  ["2026 春节 (2-15…23, Sat 2-14 worked)", "2026-02-13", 1, "2026-02-14"],
  ["2026 春节", "2026-02-13", 2, "2026-02-24"],
  ["2026 国庆 (10-1…7, Sat 10-10 worked)", "2026-09-30", 1, "2026-10-08"],
  ["2026 国庆", "2026-09-30", 3, "2026-10-10"],
];

describe("every 春节 and 国庆 2020–2026, both counting modes", () => {
  it.each(FESTIVALS)("%s: %s 10:00 + %i working days", (_name, start, n, due) => {
    const from = at(`${start}T10:00:00+08:00`);
    expect(iso(cal.addWorkingDays(from, n, "end_of_day"))).toBe(iso(at(`${due}T23:59:59.999+08:00`)));
    expect(iso(cal.addWorkingDays(from, n, "elapsed"))).toBe(iso(at(`${due}T10:00:00+08:00`)));
  });

  it.each(FESTIVALS)("%s: a ticket dispatched during the holiday counts from the next working day", (_n, start, n, due) => {
    if (start.startsWith("2022-01") || start.startsWith("2026-02")) return; // the make-up day comes first
    const inside = new Date(at(`${start}T10:00:00+08:00`).getTime() + 3 * 86_400_000);
    expect(cal.isWorkdayAt(inside)).toBe(false);
    expect(iso(cal.addWorkingDays(inside, n, "end_of_day"))).toBe(iso(at(`${due}T23:59:59.999+08:00`)));
    // elapsed from a day off: N whole working days, ending at midnight after the Nth.
    expect(iso(cal.addWorkingDays(inside, n, "elapsed"))).toBe(iso(new Date(shanghaiMidnight(due).getTime() + 86_400_000)));
  });
});

describe("the contract's worked examples", () => {
  it("5 working days from 2025-09-30 10:00 (end_of_day) end at 2025-10-14 23:59:59.999 +08:00", () => {
    const due = cal.addWorkingDays(at("2025-09-30T10:00:00+08:00"), 5, "end_of_day");
    expect(iso(due)).toBe("2025-10-14T15:59:59.999Z");
  });

  it("the same in elapsed mode ends at 2025-10-14 10:00", () => {
    expect(iso(cal.addWorkingDays(at("2025-09-30T10:00:00+08:00"), 5, "elapsed"))).toBe("2025-10-14T02:00:00.000Z");
  });

  const cases: [string, string, number, CountingMode, string][] = [
    ["Friday 15:00 + 1 elapsed → Monday 15:00", "2025-06-13T15:00:00+08:00", 1, "elapsed", "2025-06-16T15:00:00+08:00"],
    ["Friday 15:00 + 1 end_of_day → Monday 23:59:59.999", "2025-06-13T15:00:00+08:00", 1, "end_of_day", "2025-06-16T23:59:59.999+08:00"],
    ["Monday 00:00 + 1 elapsed → Monday 24:00", "2025-06-16T00:00:00+08:00", 1, "elapsed", "2025-06-17T00:00:00+08:00"],
    ["Friday 00:00 + 2 elapsed → Monday 24:00", "2025-06-13T00:00:00+08:00", 2, "elapsed", "2025-06-17T00:00:00+08:00"],
    ["Saturday 09:00 + 1 end_of_day → Monday end", "2025-06-14T09:00:00+08:00", 1, "end_of_day", "2025-06-16T23:59:59.999+08:00"],
    ["23:59:59.999 Friday + 1 end_of_day → Monday end", "2025-06-13T23:59:59.999+08:00", 1, "end_of_day", "2025-06-16T23:59:59.999+08:00"],
    ["Thursday 23:30 Shanghai (15:30Z) is still Thursday", "2025-06-12T15:30:00Z", 1, "end_of_day", "2025-06-13T23:59:59.999+08:00"],
    ["Friday 00:30 Shanghai (Thursday 16:30Z) is Friday", "2025-06-12T16:30:00Z", 1, "end_of_day", "2025-06-16T23:59:59.999+08:00"],
    ["Saturday 09:00 + 1 elapsed → Monday 24:00", "2025-06-14T09:00:00+08:00", 1, "elapsed", "2025-06-17T00:00:00+08:00"],
    ["Monday 00:00 + 1 end_of_day → Tuesday end (the start date never counts)", "2025-06-16T00:00:00+08:00", 1, "end_of_day", "2025-06-17T23:59:59.999+08:00"],
    ["0 days is the start itself", "2025-06-13T15:00:00+08:00", 0, "end_of_day", "2025-06-13T15:00:00+08:00"],
  ];
  it.each(cases)("%s", (_name, from, n, mode, due) => {
    expect(iso(cal.addWorkingDays(at(from), n, mode))).toBe(iso(at(due)));
  });

  it("hour limits are wall-clock hours, through nights and holidays", () => {
    expect(iso(cal.addHours(at("2025-09-30T23:30:00+08:00"), 2))).toBe(iso(at("2025-10-01T01:30:00+08:00")));
    expect(iso(cal.addHours(at("2025-09-30T23:30:00+08:00"), 0))).toBe(iso(at("2025-09-30T23:30:00+08:00")));
  });

  it("refuses negative or fractional day counts", () => {
    expect(() => cal.addWorkingDays(at("2025-06-13T15:00:00+08:00"), -1, "end_of_day")).toThrow(/days/);
    expect(() => cal.addWorkingDays(at("2025-06-13T15:00:00+08:00"), 1.5, "elapsed")).toThrow(/days/);
  });
});

describe("admin overrides", () => {
  it("a typhoon day off moves the deadline one working day later", () => {
    const from = at("2025-09-30T10:00:00+08:00");
    const typhoon = new WorkingCalendar([{ date: "2025-10-13", workday: false, name: "台风停工" }]);
    expect(iso(typhoon.addWorkingDays(from, 5, "end_of_day"))).toBe(iso(at("2025-10-15T23:59:59.999+08:00")));
    expect(typhoon.day("2025-10-13")).toMatchObject({ workday: false, source: "override", name: "台风停工" });
    // the built-in calendar is untouched
    expect(iso(cal.addWorkingDays(from, 5, "end_of_day"))).toBe(iso(at("2025-10-14T23:59:59.999+08:00")));
  });

  it("an extra working Sunday moves it earlier", () => {
    const extra = new WorkingCalendar([{ date: "2025-10-12", workday: true }]);
    expect(iso(extra.addWorkingDays(at("2025-09-30T10:00:00+08:00"), 5, "end_of_day"))).toBe(
      iso(at("2025-10-13T23:59:59.999+08:00")),
    );
    expect(extra.isWorkday("2025-10-12")).toBe(true);
  });

  it("an override can turn an official holiday into a working day", () => {
    const c = new WorkingCalendar([{ date: "2025-10-08", workday: true, name: "本地安排上班" }]);
    expect(iso(c.addWorkingDays(at("2025-09-30T10:00:00+08:00"), 1, "end_of_day"))).toBe(
      iso(at("2025-10-08T23:59:59.999+08:00")),
    );
  });
});

describe("years without official data", () => {
  it("is an explicit condition, not a silent guess", () => {
    expect(cal.hasDataFor(2099)).toBe(false);
    expect(cal.missingYears("2025-06-01", "2029-01-01")).toEqual([2027, 2028, 2029]);
    expect(cal.missingYears("2024-01-01", "2026-12-31")).toEqual([]);
    expect(cal.day("2099-03-02")).toMatchObject({ workday: true, source: "weekday", provisional: true });
    expect(cal.day("2025-03-03").provisional).toBeUndefined();
  });
});

describe("dates", () => {
  it("shanghaiDate uses UTC+8 whatever the instant's UTC date", () => {
    expect(shanghaiDate(at("2025-12-31T16:00:00Z"))).toBe("2026-01-01");
    expect(shanghaiDate(at("2025-12-31T15:59:59.999Z"))).toBe("2025-12-31");
  });

  it("refuses malformed dates and reversed ranges, naming the field", () => {
    expect(() => cal.day("2025-02-30")).toThrow(/date/);
    expect(() => cal.day("20250101")).toThrow(/date/);
    expect(() => cal.days("2025-02-02", "2025-02-01")).toThrow(/^to/);
    expect(cal.days("2025-02-01", "2025-02-03").map((d) => d.date)).toEqual(["2025-02-01", "2025-02-02", "2025-02-03"]);
  });
});

describe("speed", () => {
  it("adds working days at ≥ 200k calls per second", () => {
    const start = at("2020-01-01T09:00:00+08:00").getTime();
    const n = 200_000;
    const t0 = performance.now();
    let sink = 0;
    for (let i = 0; i < n; i++) {
      const from = new Date(start + (i % 2500) * 86_400_000 + (i % 97) * 60_000);
      sink += cal.addWorkingDays(from, 1 + (i % 5), i % 2 ? "elapsed" : "end_of_day").getTime() & 1;
    }
    const ms = performance.now() - t0;
    expect(sink).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(1000);
  });
});
