import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The calendar must give the same answers whatever the host's zone (docs/API.md "TZ of the calendar").
// Each zone is really switched on: Node re-reads process.env.TZ, and the test checks the host offset.
const ZONES: [string, number][] = [
  ["UTC", 0],
  ["Asia/Shanghai", -480],
  ["America/New_York", 300], // January: EST, UTC−5
];

const EXPECTED = {
  example: "2025-10-14T15:59:59.999Z", // 2025-10-14 23:59:59.999 +08:00
  elapsed: "2025-06-16T07:00:00.000Z", // Friday 15:00 +08:00 + 1 → Monday 15:00 +08:00
  lateEvening: "2025-10-09T15:59:59.999Z", // 2025-09-30 23:30 +08:00 (15:30Z, a Tuesday in New York) + 1
  date: "2026-01-01", // 2025-12-31T16:00Z is already New Year's Day in Shanghai
  dstEdge: "2025-03-10T15:59:59.999Z", // New York's DST starts 2025-03-09; Shanghai has none
};

const original = process.env.TZ;
afterAll(() => {
  process.env.TZ = original;
});

describe.each(ZONES)("host TZ=%s", (zone, januaryOffset) => {
  it("computes the same Shanghai deadlines", async () => {
    process.env.TZ = zone;
    expect(new Date(2025, 0, 15).getTimezoneOffset()).toBe(januaryOffset);
    const { WorkingCalendar, shanghaiDate } = await import("../../src/domain/calendar/calendar.js");
    const cal = new WorkingCalendar();
    expect(cal.addWorkingDays(new Date("2025-09-30T10:00:00+08:00"), 5, "end_of_day").toISOString()).toBe(EXPECTED.example);
    expect(cal.addWorkingDays(new Date("2025-06-13T15:00:00+08:00"), 1, "elapsed").toISOString()).toBe(EXPECTED.elapsed);
    expect(cal.addWorkingDays(new Date("2025-09-30T23:30:00+08:00"), 1, "end_of_day").toISOString()).toBe(EXPECTED.lateEvening);
    expect(shanghaiDate(new Date("2025-12-31T16:00:00Z"))).toBe(EXPECTED.date);
    expect(cal.addWorkingDays(new Date("2025-03-07T12:00:00+08:00"), 1, "end_of_day").toISOString()).toBe(EXPECTED.dstEdge);
    expect(cal.isWorkdayAt(new Date("2025-10-11T01:00:00+08:00"))).toBe(true); // make-up Saturday, early morning
  });
});

describe("in a fresh process per zone", () => {
  it("prints identical results under TZ=UTC, Asia/Shanghai and America/New_York", () => {
    const dir = mkdtempSync(join(tmpdir(), "huying-tz-"));
    try {
      const calendarPath = fileURLToPath(new URL("../../src/domain/calendar/calendar.ts", import.meta.url));
      const probe = join(dir, "probe.ts");
      writeFileSync(
        probe,
        `import { WorkingCalendar, shanghaiDate } from ${JSON.stringify(calendarPath)};
const cal = new WorkingCalendar();
console.log(JSON.stringify({
  offset: new Date(2025, 0, 15).getTimezoneOffset(),
  example: cal.addWorkingDays(new Date("2025-09-30T10:00:00+08:00"), 5, "end_of_day").toISOString(),
  elapsed: cal.addWorkingDays(new Date("2025-06-13T15:00:00+08:00"), 1, "elapsed").toISOString(),
  lateEvening: cal.addWorkingDays(new Date("2025-09-30T23:30:00+08:00"), 1, "end_of_day").toISOString(),
  date: shanghaiDate(new Date("2025-12-31T16:00:00Z")),
  dstEdge: cal.addWorkingDays(new Date("2025-03-07T12:00:00+08:00"), 1, "end_of_day").toISOString(),
}));`,
      );
      const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
      for (const [zone, offset] of ZONES) {
        const out = execFileSync(tsx, [probe], { env: { ...process.env, TZ: zone }, encoding: "utf8" });
        expect(JSON.parse(out.trim().split("\n").pop() ?? "{}")).toEqual({ offset, ...EXPECTED });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
