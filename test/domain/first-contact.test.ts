import { describe, expect, it } from "vitest";
import { evaluateFirstContact, type ContactAttempt } from "../../src/domain/ticket/first-contact.js";

const T0 = new Date("2025-03-03T09:00:00+08:00").getTime();
const at = (hours: number) => new Date(T0 + hours * 3_600_000);
const due = at(30);
const rule = { count: 3, minGapMinutes: 60 };
const call = (h: number, outcome: ContactAttempt["outcome"] = "no_answer", method: ContactAttempt["method"] = "phone"): ContactAttempt => ({ at: at(h), method, outcome });

describe("first contact, docs/RULES.md rule 15", () => {
  it.each([
    ["no attempts", [], "pending", 0],
    ["a reached call", [call(1, "reached")], "reached", 0],
    ["a refusal is a contact", [call(1, "refused")], "reached", 0],
    ["three failed calls ≥ 1 h apart", [call(0), call(1), call(2)], "deemed_reached", 3],
    ["busy counts like no answer", [call(0, "busy"), call(1), call(2, "busy")], "deemed_reached", 3],
    ["exactly one hour apart counts", [call(0), call(1), call(2)], "deemed_reached", 3],
    ["a call 59 minutes later does not count", [call(0), call(59 / 60), call(1.5)], "pending", 2],
    ["hung up before ringing out does not count", [call(0), call(1, "hung_up"), call(2)], "pending", 2],
    ["SMS and visits are not calls", [call(0), call(1, "no_answer", "sms"), call(2, "no_answer", "visit")], "pending", 1],
    ["calls after the limit do not count", [call(0), call(31), call(32)], "pending", 1],
    ["order of recording does not matter", [call(2), call(0), call(1)], "deemed_reached", 3],
    ["reached after failures", [call(0), call(1), call(1.5, "reached")], "reached", 2],
  ] as const)("%s → %s", (_name, attempts, state, failed) => {
    const r = evaluateFirstContact(attempts as unknown as ContactAttempt[], rule, { required: true, dueAt: due });
    expect(r.state).toBe(state);
    expect(r.countedFailedCalls).toBe(failed);
  });

  it("marks which attempts counted", () => {
    const r = evaluateFirstContact([call(0), call(0.5), call(1.2), call(2.3)], rule, { required: true, dueAt: due });
    expect(r.counted).toEqual([true, false, true, true]);
    expect(r.at).toEqual(at(2.3));
  });

  it("anonymous tickets need none; an overdue pending contact is missed", () => {
    expect(evaluateFirstContact([], rule, { required: false, dueAt: due }).state).toBe("not_required");
    expect(evaluateFirstContact([call(0)], rule, { required: true, dueAt: due, overdue: true }).state).toBe("missed");
  });

  it("follows the policy's count and gap (a city with 2 calls, 30 minutes)", () => {
    expect(evaluateFirstContact([call(0), call(0.5)], { count: 2, minGapMinutes: 30 }, { required: true, dueAt: due }).state).toBe("deemed_reached");
  });
});
