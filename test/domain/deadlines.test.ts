import { describe, expect, it } from "vitest";
import { WorkingCalendar, shanghaiDate } from "../../src/domain/calendar/calendar.js";
import {
  autoCloseAt,
  computeDeadlines,
  dueAfter,
  extendReplyDue,
  resumeDueAfterPause,
  returnDueAt,
  warningTimes,
} from "../../src/domain/policy/deadlines.js";
import { DEFAULT_POLICY, clonePolicy, type PolicySettings, type Urgency } from "../../src/domain/policy/policy.js";
import { PRESETS } from "../../src/domain/policy/presets.js";

const cal = new WorkingCalendar();
const at = (s: string): Date => new Date(s);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const sh = (s: string): string => at(`${s}+08:00`).toISOString();

// Dispatched Tuesday 2025-09-30 10:00, the eve of 国庆 (1–8 October off, Saturday 11 October worked).
const EVE = at("2025-09-30T10:00:00+08:00");

describe("computeDeadlines under the default policy (clocks start at dispatch)", () => {
  const table: [Urgency, string, string | null, string, string | null][] = [
    // urgency, sign, contact, reply, progress
    ["ordinary", "2025-10-09T23:59:59.999", "2025-10-09T23:59:59.999", "2025-10-14T23:59:59.999", null],
    ["urgent", "2025-09-30T10:30:00", "2025-10-09T23:59:59.999", "2025-10-10T23:59:59.999", null], // "at once" = 30 min
    ["special", "2025-09-30T12:00:00", "2025-09-30T12:00:00", "2025-10-14T23:59:59.999", "2025-10-11T23:59:59.999"],
    ["special_urgent", "2025-09-30T11:00:00", "2025-09-30T11:00:00", "2025-10-14T23:59:59.999", "2025-10-10T23:59:59.999"],
  ];
  it.each(table)("%s", (urgency, sign, contact, reply, progress) => {
    const d = computeDeadlines(DEFAULT_POLICY, cal, { urgency, dispatchedAt: EVE, anonymous: false });
    expect(iso(d.signDueAt)).toBe(sh(sign));
    expect(iso(d.contactDueAt)).toBe(contact ? sh(contact) : null);
    expect(iso(d.replyDueAt)).toBe(sh(reply));
    expect(iso(d.progressDueAt)).toBe(progress ? sh(progress) : null);
  });

  it("an anonymous ticket needs no first contact (rule 4)", () => {
    const d = computeDeadlines(DEFAULT_POLICY, cal, { urgency: "ordinary", dispatchedAt: EVE, anonymous: true });
    expect(d.contactDueAt).toBeNull();
    expect(d.replyDueAt).not.toBeNull();
  });

  it("with first contact not required, no ticket has a contact deadline", () => {
    const p = { ...clonePolicy(DEFAULT_POLICY), firstContactRequired: false };
    expect(computeDeadlines(p, cal, { urgency: "ordinary", dispatchedAt: EVE, anonymous: false }).contactDueAt).toBeNull();
  });

  it("a redo dispatched later gets fresh clocks from the redo time", () => {
    const redo = at("2025-10-20T16:00:00+08:00"); // Monday
    const d = computeDeadlines(DEFAULT_POLICY, cal, { urgency: "ordinary", dispatchedAt: redo, anonymous: false });
    expect(iso(d.replyDueAt)).toBe(sh("2025-10-27T23:59:59.999"));
  });

  it("elapsed mode keeps the time of day", () => {
    const p: PolicySettings = { ...clonePolicy(DEFAULT_POLICY), countingMode: "elapsed" };
    const d = computeDeadlines(p, cal, { urgency: "ordinary", dispatchedAt: EVE, anonymous: false });
    expect(iso(d.signDueAt)).toBe(sh("2025-10-09T10:00:00"));
    expect(iso(d.replyDueAt)).toBe(sh("2025-10-14T10:00:00"));
  });

  it("follows the calendar it is given (an override moves the reply deadline)", () => {
    const typhoon = new WorkingCalendar([{ date: "2025-10-10", workday: false, name: "台风" }]);
    const d = computeDeadlines(DEFAULT_POLICY, typhoon, { urgency: "ordinary", dispatchedAt: EVE, anonymous: false });
    expect(iso(d.replyDueAt)).toBe(sh("2025-10-15T23:59:59.999"));
  });
});

describe("returnDueAt (rule 16)", () => {
  const signed = at("2025-10-09T09:00:00+08:00");
  it("default: 1 working day from dispatch, whether signed or not", () => {
    expect(iso(returnDueAt(DEFAULT_POLICY, cal, { dispatchedAt: EVE, signedAt: null }))).toBe(sh("2025-10-09T23:59:59.999"));
    expect(iso(returnDueAt(DEFAULT_POLICY, cal, { dispatchedAt: EVE, signedAt: signed }))).toBe(sh("2025-10-09T23:59:59.999"));
  });
  it("chengdu: 2 working days after signing; not started while unsigned", () => {
    const p = PRESETS.chengdu.settings;
    expect(returnDueAt(p, cal, { dispatchedAt: EVE, signedAt: null })).toBeNull();
    // signed Thursday 9 Oct → Fri 10 (1), Sat 11 make-up (2)
    expect(iso(returnDueAt(p, cal, { dispatchedAt: EVE, signedAt: signed }))).toBe(sh("2025-10-11T23:59:59.999"));
  });
});

describe("extensions, auto-close and pauses", () => {
  it("an extension moves the reply deadline by the granted working days", () => {
    const due = at("2025-09-30T23:59:59.999+08:00");
    expect(iso(extendReplyDue(DEFAULT_POLICY, cal, due, 3))).toBe(sh("2025-10-11T23:59:59.999"));
    expect(iso(extendReplyDue(DEFAULT_POLICY, cal, due, 0))).toBe(iso(due));
  });

  it("auto-close 5 working days after the reply (rule 22)", () => {
    expect(iso(autoCloseAt(DEFAULT_POLICY, cal, at("2025-09-29T17:00:00+08:00")))).toBe(sh("2025-10-13T23:59:59.999"));
  });

  it("a return under review does not stop the clock by default", () => {
    const due = at("2025-10-14T23:59:59.999+08:00");
    const paused = at("2025-10-09T10:00:00+08:00");
    const resumed = at("2025-10-13T10:00:00+08:00");
    expect(iso(resumeDueAfterPause(DEFAULT_POLICY, cal, due, paused, resumed))).toBe(iso(due));
  });

  it("with returnStopsClock the deadline moves by the working time spent in review", () => {
    const p = { ...clonePolicy(DEFAULT_POLICY), returnStopsClock: true };
    const due = at("2025-10-14T23:59:59.999+08:00");
    // paused Thu 9 Oct 10:00, resumed Mon 13 Oct 10:00: Thu, Fri, Sat (make-up) lost → 3 working days
    const moved = resumeDueAfterPause(p, cal, due, at("2025-10-09T10:00:00+08:00"), at("2025-10-13T10:00:00+08:00"));
    expect(iso(moved)).toBe(sh("2025-10-17T23:59:59.999"));
    // a deadline already passed at the pause stays
    const late = at("2025-10-08T12:00:00+08:00");
    expect(iso(resumeDueAfterPause(p, cal, late, at("2025-10-09T10:00:00+08:00"), at("2025-10-13T10:00:00+08:00")))).toBe(iso(late));
  });

  it("dueAfter uses hours as wall-clock time", () => {
    expect(iso(dueAfter(DEFAULT_POLICY, cal, at("2025-09-30T23:00:00+08:00"), { hours: 2 }))).toBe(sh("2025-10-01T01:00:00"));
  });
});

describe("warningTimes (rule 18 预警催办)", () => {
  const start = at("2025-06-16T09:00:00+08:00"); // Monday
  const due = at("2025-06-20T23:59:59.999+08:00"); // Friday end
  it("75 % of the span and 4 h before, sorted, inside (start, due)", () => {
    const ws = warningTimes(DEFAULT_POLICY, start, due).map(iso);
    const span = due.getTime() - start.getTime();
    expect(ws).toEqual([iso(new Date(start.getTime() + Math.round(span * 0.75))), sh("2025-06-20T19:59:59.999")]);
  });

  it("with a calendar, the fraction is of working time, so it never lands in a holiday", () => {
    const ws = warningTimes(DEFAULT_POLICY, EVE, at("2025-10-14T23:59:59.999+08:00"), cal);
    // working time: 30 Sep 14 h + 9, 10, 11, 13, 14 Oct (5 × 24 h) = 134 h; 75 % = 100.5 h → 13 Oct 14:30
    expect(ws).toHaveLength(2);
    expect(Math.abs(ws[0].getTime() - at("2025-10-13T14:30:00+08:00").getTime())).toBeLessThanOrEqual(1); // due ends at .999
    expect(iso(ws[1])).toBe(sh("2025-10-14T19:59:59.999"));
    const half = { ...clonePolicy(DEFAULT_POLICY), warnings: { fractions: [0.5], hoursBefore: [] } };
    const [wall] = warningTimes(half, EVE, at("2025-10-14T23:59:59.999+08:00"));
    expect(shanghaiDate(wall)).toBe("2025-10-07"); // wall-clock halfway is in the holiday…
    const [work] = warningTimes(half, EVE, at("2025-10-14T23:59:59.999+08:00"), cal);
    expect(shanghaiDate(work)).toBe("2025-10-11"); // …working-time halfway (67 h) is on the make-up Saturday
  });

  it("none for an 'at once' limit; those before the start are dropped; duplicates merged", () => {
    expect(warningTimes(DEFAULT_POLICY, start, start)).toEqual([]);
    const oneHour = new Date(start.getTime() + 3_600_000);
    expect(warningTimes(DEFAULT_POLICY, start, oneHour).map(iso)).toEqual([iso(new Date(start.getTime() + 2_700_000))]);
    const p = { ...clonePolicy(DEFAULT_POLICY), warnings: { fractions: [0.5], hoursBefore: [2] } };
    const fourHours = new Date(start.getTime() + 4 * 3_600_000);
    expect(warningTimes(p, start, fourHours)).toHaveLength(1);
  });
});

describe("'at once' is atOnceMinutes, not the dispatch moment (issue 12, defect 16)", () => {
  const table: [string, number | undefined, string, string][] = [
    // case, atOnceMinutes, dispatched (Shanghai), sign due (Shanghai)
    ["default 30 minutes", 30, "2025-09-30T10:00:00", "2025-09-30T10:30:00"],
    ["a stored policy without the setting: 30", undefined, "2025-09-30T10:00:00", "2025-09-30T10:30:00"],
    ["15 minutes", 15, "2025-09-30T10:00:00", "2025-09-30T10:15:00"],
    ["wall-clock, across midnight and a holiday", 45, "2025-09-30T23:50:00", "2025-10-01T00:35:00"],
    ["a whole day", 1440, "2025-10-01T08:00:00", "2025-10-02T08:00:00"],
  ];
  it.each(table)("%s", (_name, minutes, dispatched, due) => {
    const p: Omit<PolicySettings, "atOnceMinutes"> & { atOnceMinutes?: number } = clonePolicy(DEFAULT_POLICY);
    if (minutes === undefined) delete p.atOnceMinutes;
    else p.atOnceMinutes = minutes;
    const d = computeDeadlines(p as PolicySettings, cal, { urgency: "urgent", dispatchedAt: at(`${dispatched}+08:00`), anonymous: false });
    expect(iso(d.signDueAt)).toBe(sh(due));
    expect(d.signDueAt!.getTime()).toBeGreaterThan(at(`${dispatched}+08:00`).getTime());
  });

  it("only an 'at once' limit uses it: 2 hours stay 2 hours", () => {
    const p = { ...clonePolicy(DEFAULT_POLICY), atOnceMinutes: 5 };
    expect(iso(dueAfter(p, cal, EVE, { hours: 2 }))).toBe(sh("2025-09-30T12:00:00"));
    expect(iso(dueAfter(p, cal, EVE, { hours: 0 }))).toBe(sh("2025-09-30T10:05:00"));
  });

  it.each(Object.entries(PRESETS))("preset %s sets its own atOnceMinutes (30: no source gives a number)", (_name, preset) => {
    expect(preset.settings.atOnceMinutes).toBe(30);
    expect(preset.sources.atOnceMinutes).toBeTruthy();
  });
});
