/**
 * Deadline maths: a policy plus a calendar turn a start time into due times. Pure. The use cases
 * store the results on the ticket (docs/STYLE.md: deadlines are stored and recomputed explicitly).
 * Deadlines start at dispatch, and again at redo (docs/API.md), not at sign.
 */
import type { WorkingCalendar } from "../calendar/calendar.js";
import { limitHours, type Limit, type PolicySettings, type Urgency } from "./policy.js";

/** The unit's clocks for one dispatch cycle; null where the clock does not run. */
export interface Deadlines {
  signDueAt: Date | null;
  contactDueAt: Date | null;
  replyDueAt: Date | null;
  progressDueAt: Date | null;
}

/** `from` plus one limit: working days in the policy's counting mode, or wall-clock hours ("at once" = `atOnceMinutes`). */
export function dueAfter(p: PolicySettings, cal: WorkingCalendar, from: Date, limit: Limit): Date {
  return "workingDays" in limit
    ? cal.addWorkingDays(from, limit.workingDays, p.countingMode)
    : cal.addHours(from, limitHours(p, limit.hours));
}

/**
 * Every clock that starts at dispatch (or re-dispatch after redo, rule 23): sign (rule 14), first
 * contact (rule 15; only for non-anonymous tickets when rule 4 applies), reply (rule 18) and the
 * progress report of the special levels (rule 8).
 */
export function computeDeadlines(
  p: PolicySettings,
  cal: WorkingCalendar,
  input: { urgency: Urgency; dispatchedAt: Date; anonymous: boolean },
): Deadlines {
  const { urgency, dispatchedAt, anonymous } = input;
  const contactRequired = p.firstContactRequired && !anonymous;
  const progress = urgency === "special" || urgency === "special_urgent" ? p.progress[urgency] : null;
  return {
    signDueAt: dueAfter(p, cal, dispatchedAt, p.sign[urgency]),
    contactDueAt: contactRequired ? dueAfter(p, cal, dispatchedAt, p.firstContact[urgency]) : null,
    replyDueAt: dueAfter(p, cal, dispatchedAt, p.reply[urgency]),
    progressDueAt: progress ? dueAfter(p, cal, dispatchedAt, progress) : null,
  };
}

/**
 * Rule 16: the last moment a unit may ask for a return without it counting as late. Counted from
 * dispatch, or from sign (Chengdu: "2 working days after signing"); null while an unsigned ticket
 * has not started a from-sign window.
 */
export function returnDueAt(
  p: PolicySettings,
  cal: WorkingCalendar,
  input: { dispatchedAt: Date; signedAt: Date | null },
): Date | null {
  const start = p.returnWindow.from === "sign" ? input.signedAt : input.dispatchedAt;
  return start ? dueAfter(p, cal, start, p.returnWindow.limit) : null;
}

/** An approved extension moves the reply deadline by the granted working days (not from today). */
export function extendReplyDue(p: PolicySettings, cal: WorkingCalendar, replyDueAt: Date, workingDays: number): Date {
  return cal.addWorkingDays(replyDueAt, workingDays, p.countingMode);
}

/** Rule 22: when a replied ticket with no evaluation closes as basically satisfied. */
export function autoCloseAt(p: PolicySettings, cal: WorkingCalendar, repliedAt: Date): Date {
  return dueAfter(p, cal, repliedAt, p.autoClose);
}

/**
 * When `returnStopsClock` is on, a deadline running when a return was requested resumes after the
 * review with the working time it had left; otherwise (the default) it is unchanged. A deadline
 * already passed at the pause stays as it was.
 */
export function resumeDueAfterPause(
  p: PolicySettings,
  cal: WorkingCalendar,
  due: Date,
  pausedAt: Date,
  resumedAt: Date,
): Date {
  if (!p.returnStopsClock || due.getTime() <= pausedAt.getTime() || resumedAt.getTime() <= pausedAt.getTime()) {
    return due;
  }
  return cal.addWorkingMs(resumedAt, cal.workingMsBetween(pausedAt, due));
}

/**
 * Rule 18 (Ankang) 预警催办: the moments to warn before `due`: each fraction of the span from
 * `start` (of working time when a calendar is given, so a warning never lands in the middle of a
 * holiday; else of wall-clock time) and each `hoursBefore` wall-clock hours before `due`. Sorted,
 * distinct, each strictly between `start` and `due`; none for an "at once" limit.
 */
export function warningTimes(p: PolicySettings, start: Date, due: Date, cal?: WorkingCalendar): Date[] {
  const s = start.getTime();
  const d = due.getTime();
  if (!(d > s)) return [];
  const times = new Set<number>();
  const workMs = cal ? cal.workingMsBetween(start, due) : 0;
  for (const f of p.warnings.fractions) {
    times.add(cal && workMs > 0 ? cal.addWorkingMs(start, Math.round(workMs * f)).getTime() : Math.round(s + (d - s) * f));
  }
  for (const h of p.warnings.hoursBefore) times.add(d - Math.round(h * 3_600_000));
  return [...times]
    .filter((t) => t > s && t < d)
    .sort((a, b) => a - b)
    .map((t) => new Date(t));
}
