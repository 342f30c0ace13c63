import { WorkingCalendar } from "../../src/domain/calendar/calendar.js";
import { autoCloseAt, computeDeadlines, returnDueAt } from "../../src/domain/policy/deadlines.js";
import { DEFAULT_POLICY, type PolicySettings } from "../../src/domain/policy/policy.js";

export type GenUrgency = "ordinary" | "urgent" | "special" | "special_urgent";

/** Due times (epoch ms) of one dispatch cycle; null where the clock does not run. */
export interface CycleDeadlines {
  signDue: number;
  contactDue: number | null;
  replyDue: number;
  progressDue: number | null;
}

/** What the generator needs of the deadline policy: the clocks started at dispatch, and auto-close. */
export interface DeadlineSource {
  policy: PolicySettings;
  calendar: WorkingCalendar;
  atDispatch(urgency: GenUrgency, dispatchedAt: number, anonymous: boolean): CycleDeadlines;
  autoCloseAt(repliedAt: number): number;
  /** Rule 16: the end of the return window. */
  returnDueAt(dispatchedAt: number, signedAt: number | null): number | null;
}

/** The product's own deadline maths (src/domain/policy) under the default policy and official calendar. */
export function productDeadlines(policy: PolicySettings = DEFAULT_POLICY, calendar = new WorkingCalendar()): DeadlineSource {
  const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
  return {
    policy,
    calendar,
    atDispatch(urgency, at, anonymous) {
      const d = computeDeadlines(policy, calendar, { urgency, dispatchedAt: new Date(at), anonymous });
      return { signDue: ms(d.signDueAt) ?? at, contactDue: ms(d.contactDueAt), replyDue: ms(d.replyDueAt) ?? at, progressDue: ms(d.progressDueAt) };
    },
    autoCloseAt: (at) => autoCloseAt(policy, calendar, new Date(at)).getTime(),
    returnDueAt: (at, signedAt) => ms(returnDueAt(policy, calendar, { dispatchedAt: new Date(at), signedAt: signedAt === null ? null : new Date(signedAt) })),
  };
}
