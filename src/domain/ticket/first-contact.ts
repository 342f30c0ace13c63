import type { ContactMethod, ContactOutcome, FirstContactState } from "./ticket.types.js";

/** One recorded attempt to reach the requester. */
export interface ContactAttempt {
  at: Date;
  method: ContactMethod;
  outcome: ContactOutcome;
}

export interface FirstContactRule {
  /** Failed calls that count as contacted (Qingpu: 3). */
  count: number;
  /** Minimum gap between two counted failed calls (Qingpu: 60 minutes). */
  minGapMinutes: number;
}

export interface FirstContactResult {
  state: FirstContactState;
  at: Date | null;
  /** Whether each attempt (same order as given) counted toward the failed-call rule or as the contact. */
  counted: boolean[];
  /** Failed calls counted so far (for "2 of 3" progress in the UI). */
  countedFailedCalls: number;
}

const FAILED_CALL: ReadonlySet<ContactOutcome> = new Set(["no_answer", "busy"]);
// "refused": the requester was reached and declined; Beijing asks for a recording as evidence.
const REACHED: ReadonlySet<ContactOutcome> = new Set(["reached", "refused"]);

/**
 * docs/RULES.md rule 15 (Qingpu): first contact is reached on the first reached attempt; otherwise three failed
 * phone calls, each at least one hour after the previous counted one and all inside the limit, count as
 * contacted ("deemed reached"). Calls hung up before ringing out never count, nor calls within the hour,
 * nor calls after the limit. Anonymous tickets need no contact (rule 4).
 */
export function evaluateFirstContact(
  attempts: readonly ContactAttempt[],
  rule: FirstContactRule,
  options: { required: boolean; dueAt: Date | null; overdue?: boolean },
): FirstContactResult {
  const counted = attempts.map(() => false);
  if (!options.required) return { state: "not_required", at: null, counted, countedFailedCalls: 0 };
  const order = attempts.map((a, i) => ({ a, i })).sort((x, y) => x.a.at.getTime() - y.a.at.getTime());
  let lastFailed: Date | null = null;
  let failed = 0;
  for (const { a, i } of order) {
    if (REACHED.has(a.outcome)) {
      counted[i] = true;
      return { state: "reached", at: a.at, counted, countedFailedCalls: failed };
    }
    if (a.method !== "phone" || !FAILED_CALL.has(a.outcome)) continue;
    if (options.dueAt && a.at.getTime() > options.dueAt.getTime()) continue;
    if (lastFailed && a.at.getTime() - lastFailed.getTime() < rule.minGapMinutes * 60_000) continue;
    counted[i] = true;
    failed += 1;
    lastFailed = a.at;
    if (failed >= rule.count) return { state: "deemed_reached", at: a.at, counted, countedFailedCalls: failed };
  }
  return { state: options.overdue ? "missed" : "pending", at: null, counted, countedFailedCalls: failed };
}
