import { describe, expect, it } from "vitest";
import { TRANSITIONS, canTransition, closureOfFollowUp, nextStatus, type TicketFacts } from "../../src/domain/ticket/ticket.machine.js";
import { DomainError, ERROR_CODES } from "../../src/domain/errors.js";

const GUARD_CODES = ["NO_EXTENSION_PENDING", "NO_EXCLUSION_PENDING", "EXTENSION_ALREADY_PENDING", "EXCLUSION_ALREADY_PENDING", "ALREADY_EXCLUDED", "CLOSURE_NOT_SCORED", "REDO_NOT_ALLOWED_FOR_CLOSURE"];
import { TICKET_ACTIONS, TICKET_STATUSES, type TicketAction, type TicketStatus } from "../../src/domain/ticket/ticket.types.js";

const facts = (status: TicketStatus, extra: Partial<TicketFacts> = {}): TicketFacts => ({
  status,
  closureKind: status === "closed" ? "unsatisfied_closed" : null,
  resumeStatus: status === "return_requested" ? "signed" : null,
  pendingExtension: false,
  pendingExclusion: false,
  excludedFromSatisfaction: false,
  ...extra,
});

/**
 * Every (status, action) pair with plain facts (no pending requests; closed as unsatisfied_closed):
 * the status it leads to, or "x" when forbidden. Written out by hand from docs/RULES.md and docs/API.md.
 */
const S = "same";
const EXPECTED: Record<TicketStatus, Record<TicketAction, TicketStatus | "x" | typeof S>> = {
  pending_dispatch: { dispatch: "dispatched", sign: "x", record_contact: "x", request_return: "x", decide_return: "x", request_extension: "x", decide_extension: "x", reply: "x", approve_reply: "x", follow_up: "x", redo: "x", request_exclusion: "x", decide_exclusion: "x", terminate: "closed", reveal_phone: S, auto_close: "x", co_sign: "x", co_submit: "x", assign: "x", report_progress: "x", merge: "closed", close_out_of_scope: "closed" },
  dispatched: { dispatch: "x", sign: "signed", record_contact: S, request_return: "return_requested", decide_return: "x", request_extension: S, decide_extension: "x", reply: "x", approve_reply: "x", follow_up: "x", redo: "x", request_exclusion: "x", decide_exclusion: "x", terminate: "closed", reveal_phone: S, auto_close: "x", co_sign: S, co_submit: S, assign: S, report_progress: S, merge: "closed", close_out_of_scope: "x" },
  signed: { dispatch: "x", sign: "x", record_contact: S, request_return: "return_requested", decide_return: "x", request_extension: S, decide_extension: "x", reply: "replied", approve_reply: "x", follow_up: "x", redo: "x", request_exclusion: S, decide_exclusion: "x", terminate: "closed", reveal_phone: S, auto_close: "x", co_sign: S, co_submit: S, assign: S, report_progress: S, merge: "closed", close_out_of_scope: "x" },
  return_requested: { dispatch: "x", sign: "x", record_contact: S, request_return: "x", decide_return: "signed", request_extension: "x", decide_extension: "x", reply: "x", approve_reply: "x", follow_up: "x", redo: "x", request_exclusion: "x", decide_exclusion: "x", terminate: "closed", reveal_phone: S, auto_close: "x", co_sign: S, co_submit: S, assign: S, report_progress: S, merge: "closed", close_out_of_scope: "x" },
  reply_review: { dispatch: "x", sign: "x", record_contact: "x", request_return: "x", decide_return: "x", request_extension: "x", decide_extension: "x", reply: "x", approve_reply: "replied", follow_up: "x", redo: "x", request_exclusion: S, decide_exclusion: "x", terminate: "closed", reveal_phone: S, auto_close: "x", co_sign: S, co_submit: S, assign: S, report_progress: S, merge: "closed", close_out_of_scope: "x" },
  replied: { dispatch: "x", sign: "x", record_contact: "x", request_return: "x", decide_return: "x", request_extension: "x", decide_extension: "x", reply: "x", approve_reply: "x", follow_up: "closed", redo: "dispatched", request_exclusion: S, decide_exclusion: "x", terminate: "closed", reveal_phone: S, auto_close: "closed", co_sign: "x", co_submit: "x", assign: "x", report_progress: "x", merge: "closed", close_out_of_scope: "x" },
  closed: { dispatch: "x", sign: "x", record_contact: "x", request_return: "x", decide_return: "x", request_extension: "x", decide_extension: "x", reply: "x", approve_reply: "x", follow_up: "x", redo: "dispatched", request_exclusion: S, decide_exclusion: "x", terminate: "x", reveal_phone: S, auto_close: "x", co_sign: "x", co_submit: "x", assign: "x", report_progress: "x", merge: "x", close_out_of_scope: "x" },
};

const pairs = TICKET_STATUSES.flatMap((status) => TICKET_ACTIONS.map((action) => [status, action, EXPECTED[status][action]] as const));

describe("the transition table: every (status, action) pair", () => {
  it("covers every status and action", () => {
    expect(pairs).toHaveLength(TICKET_STATUSES.length * TICKET_ACTIONS.length);
  });

  it.each(pairs)("%s + %s → %s", (status, action, expected) => {
    const f = facts(status);
    const input = action === "follow_up" ? { outcome: "satisfied" as const } : {};
    if (expected === "x") {
      expect(canTransition(f, action, input)).toBe(false);
      expect(() => nextStatus(f, action, input)).toThrowError(DomainError);
      try {
        nextStatus(f, action, input);
      } catch (e) {
        // The generic refusal of the table, RETURN_ALREADY_PENDING for a second return request, or the guard's own code.
        const inFrom = TRANSITIONS.find((x) => x.action === action)!.from.includes(status);
        const code = status === "return_requested" && action === "request_return" ? "RETURN_ALREADY_PENDING" : `${action.toUpperCase()}_NOT_ALLOWED_IN_STATUS`;
        if (inFrom) expect(GUARD_CODES).toContain((e as DomainError).code);
        else expect((e as DomainError).code).toBe(code);
        expect(ERROR_CODES).toContain((e as DomainError).code);
        expect((e as DomainError).message).toContain(status);
        expect((e as DomainError).message).toContain(action);
      }
    } else {
      expect(canTransition(f, action, input)).toBe(true);
      expect(nextStatus(f, action, input)).toBe(expected === S ? status : expected);
    }
  });
});

describe("branches and guards", () => {
  it.each([
    [{ approve: false }, "signed"],
    [{ approve: true }, "pending_dispatch"],
    [{ approve: true, reassign: true }, "dispatched"],
  ] as const)("decide_return %o → %s", (input, to) => {
    expect(nextStatus(facts("return_requested"), "decide_return", input)).toBe(to);
  });

  it("a refused return resumes the status before the request", () => {
    expect(nextStatus(facts("return_requested", { resumeStatus: "dispatched" }), "decide_return", { approve: false })).toBe("dispatched");
  });

  it.each([
    [{ outcome: "satisfied" }, "closed"],
    [{ outcome: "basically_satisfied" }, "closed"],
    [{ outcome: "unsatisfied", decision: "close" }, "closed"],
    [{ outcome: "unsatisfied", decision: "redo" }, "dispatched"],
    [{ outcome: "unreachable" }, "replied"],
  ] as const)("follow_up %o → %s", (input, to) => {
    expect(nextStatus(facts("replied"), "follow_up", input)).toBe(to);
  });

  it("an unsatisfied follow-up needs a decision", () => {
    expect(() => nextStatus(facts("replied"), "follow_up", { outcome: "unsatisfied" })).toThrow(/decision/);
  });

  it.each([
    ["satisfied", undefined, "satisfied"],
    ["basically_satisfied", undefined, "basically_satisfied"],
    ["unsatisfied", "close", "unsatisfied_closed"],
    ["unsatisfied", "redo", null],
    ["unreachable", undefined, null],
  ] as const)("closure of follow-up %s/%s = %s", (outcome, decision, kind) => {
    expect(closureOfFollowUp(outcome, decision)).toBe(kind);
  });

  it("reply goes to reply_review when sign-off is on (rule 17); the leader can send it back", () => {
    expect(nextStatus(facts("signed"), "reply", { replySignOff: true })).toBe("reply_review");
    expect(nextStatus(facts("reply_review"), "approve_reply", { approve: false })).toBe("signed");
  });

  it("pending requests gate their decisions and forbid a second request", () => {
    expect(canTransition(facts("signed", { pendingExtension: true }), "decide_extension")).toBe(true);
    expect(canTransition(facts("signed", { pendingExtension: true }), "request_extension")).toBe(false);
    expect(canTransition(facts("replied", { pendingExclusion: true }), "decide_exclusion")).toBe(true);
    expect(canTransition(facts("replied", { pendingExclusion: true }), "request_exclusion")).toBe(false);
    expect(canTransition(facts("replied", { excludedFromSatisfaction: true }), "request_exclusion")).toBe(false);
  });

  it.each(["satisfied", "basically_satisfied", "auto_basically_satisfied", "answered_directly", "terminated"] as const)(
    "a ticket closed as %s cannot be redone",
    (kind) => {
      expect(canTransition(facts("closed", { closureKind: kind }), "redo")).toBe(false);
    },
  );
});

describe("fine refusal codes", () => {
  const base: TicketFacts = { status: "signed", closureKind: null, resumeStatus: null, pendingExtension: false, pendingExclusion: false, excludedFromSatisfaction: false };
  const code = (f: TicketFacts, action: TicketAction, input = {}) => {
    try {
      nextStatus(f, action, input);
    } catch (e) {
      return (e as DomainError).code;
    }
    return null;
  };
  it("names the action and the guard", () => {
    expect(code({ ...base, status: "closed" }, "sign")).toBe("SIGN_NOT_ALLOWED_IN_STATUS");
    expect(code({ ...base, status: "return_requested" }, "request_return")).toBe("RETURN_ALREADY_PENDING");
    expect(code({ ...base, pendingExtension: true }, "request_extension")).toBe("EXTENSION_ALREADY_PENDING");
    expect(code(base, "decide_extension")).toBe("NO_EXTENSION_PENDING");
    expect(code({ ...base, pendingExclusion: true }, "request_exclusion")).toBe("EXCLUSION_ALREADY_PENDING");
    expect(code({ ...base, status: "closed", closureKind: "satisfied" }, "redo")).toBe("REDO_NOT_ALLOWED_FOR_CLOSURE");
    expect(code({ ...base, status: "replied" }, "follow_up", { outcome: "unsatisfied" })).toBe("FOLLOW_UP_DECISION_REQUIRED");
    expect(code({ ...base, status: "replied" }, "follow_up", { outcome: "satisfied", decision: "redo" })).toBe("FOLLOW_UP_DECISION_REQUIRED");
  });
  it("every refusal is 409 except the input-shaped follow-up decision (400), and every code is in ERROR_CODES", async () => {
    const { ERROR_STATUS } = await import("../../src/domain/errors.js");
    for (const a of TICKET_ACTIONS) expect(ERROR_STATUS[`${a.toUpperCase()}_NOT_ALLOWED_IN_STATUS` as keyof typeof ERROR_STATUS]).toBe(409);
    expect(ERROR_STATUS.FOLLOW_UP_DECISION_REQUIRED).toBe(400);
    expect(ERROR_CODES).not.toContain("TRANSITION_NOT_ALLOWED");
  });
});
