import { describe, expect, it } from "vitest";
import { WorkingCalendar } from "../../src/domain/calendar/calendar.js";
import { DEFAULT_POLICY, type PolicySettings } from "../../src/domain/policy/policy.js";
import { deadlineMarks, isMarkDone, isStaleWarning, markKey, nextDueAt, type DeadlineState } from "../../src/domain/ticket/deadline-marks.js";

const cal = new WorkingCalendar();
const policy: PolicySettings = { ...DEFAULT_POLICY, warnings: { fractions: [0.75], hoursBefore: [] } };
const d = (s: string) => new Date(s);
const base: DeadlineState = {
  status: "dispatched",
  dispatched_at: d("2025-03-03T09:00:00+08:00"),
  replied_at: null,
  sign_due_at: d("2025-03-04T23:59:59.999+08:00"),
  contact_due_at: d("2025-03-04T23:59:59.999+08:00"),
  reply_due_at: d("2025-03-10T23:59:59.999+08:00"),
  auto_close_at: null,
  first_contact_state: "pending",
};

describe("deadline marks of the sweep", () => {
  it("a dispatched ticket has warning and overdue marks for sign, contact and reply", () => {
    const marks = deadlineMarks(policy, cal, base);
    expect(marks.filter((m) => m.kind === "overdue").map((m) => m.deadline).sort()).toEqual(["contact", "reply", "sign"]);
    expect(marks.filter((m) => m.kind.startsWith("warn:"))).toHaveLength(3);
    for (const m of marks.filter((x) => x.kind.startsWith("warn:"))) expect(m.at.getTime()).toBeLessThan(base.reply_due_at!.getTime());
    expect(marks.map((m) => m.at.getTime())).toEqual([...marks.map((m) => m.at.getTime())].sort((a, b) => a - b));
  });

  it("signing stops the sign clock; a made contact stops the contact clock", () => {
    const marks = deadlineMarks(policy, cal, { ...base, status: "signed", first_contact_state: "reached" });
    expect(new Set(marks.map((m) => m.deadline))).toEqual(new Set(["reply"]));
  });

  it("a replied ticket only waits for the auto-close (rule 22); a closed one for nothing", () => {
    const replied = { ...base, status: "replied" as const, replied_at: d("2025-03-05T10:00:00+08:00"), auto_close_at: d("2025-03-12T23:59:59.999+08:00") };
    expect(deadlineMarks(policy, cal, replied)).toEqual([{ deadline: "auto_close", kind: "close", at: replied.auto_close_at }]);
    expect(deadlineMarks(policy, cal, { ...replied, status: "closed" })).toEqual([]);
  });

  it("nextDueAt skips the marks already done", () => {
    const marks = deadlineMarks(policy, cal, base);
    expect(nextDueAt(marks)).toEqual(marks[0]!.at);
    const done = new Set(marks.slice(0, 2).map(markKey));
    expect(nextDueAt(marks, done)).toEqual(marks[2]!.at);
    expect(nextDueAt(marks, new Set(marks.map(markKey)))).toBeNull();
  });

  it("a recorded overdue mark stands for the warnings of its deadline, and only of its deadline", () => {
    const marks = deadlineMarks(policy, cal, base);
    const signWarn = marks.find((m) => m.deadline === "sign" && m.kind.startsWith("warn:"))!;
    const replyWarn = marks.find((m) => m.deadline === "reply" && m.kind.startsWith("warn:"))!;
    const done = new Set([markKey({ deadline: "sign", kind: "overdue" }), markKey({ deadline: "contact", kind: "overdue" })]);
    expect(isMarkDone(signWarn, done)).toBe(true);
    expect(isMarkDone(replyWarn, done)).toBe(false);
    expect(isMarkDone({ deadline: "reply", kind: "overdue" }, done)).toBe(false);
    // With sign and contact past, the next thing the sweep owes is the reply warning.
    expect(nextDueAt(marks, done)).toEqual(replyWarn.at);
  });

  it.each([
    // [sweep time, stale sign warning, stale reply warning]
    ["2025-03-04T20:00:00+08:00", false, false], // sign warning due, sign deadline ahead
    ["2025-03-05T00:00:01+08:00", true, false], // sign deadline passed: its warning has nothing left to say
    ["2025-03-11T00:00:01+08:00", true, true], // a backlog: every deadline passed
  ])("at %s the sign warning is stale: %s, the reply warning: %s", (at, sign, reply) => {
    const marks = deadlineMarks(policy, cal, base);
    const now = d(at);
    const warn = (deadline: string) => marks.find((m) => m.deadline === deadline && m.kind.startsWith("warn:"))!;
    expect(isStaleWarning(warn("sign"), marks, now)).toBe(sign);
    expect(isStaleWarning(warn("reply"), marks, now)).toBe(reply);
    expect(marks.filter((m) => m.kind === "overdue").some((m) => isStaleWarning(m, marks, now))).toBe(false);
  });
});

describe("returnStopsClock", () => {
  it("a ticket under return review runs no clock when the policy stops it, and keeps running otherwise", () => {
    const state = { ...base, status: "return_requested" as const };
    expect(deadlineMarks({ ...policy, returnStopsClock: true }, cal, state)).toEqual([]);
    expect(deadlineMarks(policy, cal, state).length).toBeGreaterThan(0);
  });
});
