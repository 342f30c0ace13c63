import type { WorkingCalendar } from "../calendar/calendar.js";
import { dueAfter, warningTimes } from "../policy/deadlines.js";
import { DEFAULT_CO_UNIT_PART, type PolicySettings } from "../policy/policy.js";
import type { CoUnitStatus } from "./ticket.types.js";

/**
 * Co-handling (docs/RULES.md rule 10, issue 18; docs/WORKDAY.md "Part A"). Pure. A designated dispatch names a
 * lead unit and co-units; each co-unit signs, works on its part and submits it (text + evidence) to the lead
 * unit, whose reply is the one combined answer. A co-unit's part is due `coUnitPart` after it was given the
 * ticket (default 3 working days), never later than the lead unit's reply deadline.
 */
export function coUnitDueAt(p: PolicySettings, cal: WorkingCalendar, givenAt: Date, replyDueAt: Date | null): Date {
  const own = dueAfter(p, cal, givenAt, p.coUnitPart ?? DEFAULT_CO_UNIT_PART);
  return replyDueAt && replyDueAt.getTime() < own.getTime() ? replyDueAt : own;
}

/** A co-unit row as the rules see it. */
export interface CoUnitFacts {
  status: CoUnitStatus;
  dueAt: Date | null;
  submittedAt: Date | null;
}

/** Late: submitted after its due time, or still not submitted when the due time has passed. */
export function coUnitOverdue(c: CoUnitFacts, now: Date): boolean {
  if (!c.dueAt) return false;
  const at = c.status === "submitted" ? c.submittedAt : now;
  return !!at && at.getTime() > c.dueAt.getTime();
}

/** Signing is late when it comes after the lead unit's own sign limit would have (the same clock as the ticket's). */
export function coSignLate(signDueAt: Date | null, now: Date): boolean {
  return !!signDueAt && now.getTime() > signDueAt.getTime();
}

/** Statuses of the ticket in which a co-unit can still sign and submit its part (the co_sign/co_submit actions). */
export const CO_HANDLING_STATUSES = ["dispatched", "signed", "return_requested", "reply_review"] as const;

/**
 * The first mark a co-unit's deadline owes (issue 18 point 1, docs/WORKDAY.md "Co-unit deadlines"): the policy's
 * first warning point between the moment it was given the ticket and its due time (rule 18 预警催办, the same
 * points as the ticket's own clocks), else the due time itself.
 */
export function coUnitFirstMark(p: PolicySettings, cal: WorkingCalendar, givenAt: Date, dueAt: Date): Date {
  return warningTimes(p, givenAt, dueAt, cal)[0] ?? dueAt;
}

/** A co-unit row as the sweep sees it. */
export interface CoUnitClock {
  status: CoUnitStatus;
  dueAt: Date | null;
  warnedAt: Date | null;
  overdueAt: Date | null;
  /** The ticket's status: the co-unit's clock stops when the ticket leaves co-handling (replied, closed…). */
  ticketStatus: string;
}

export interface CoUnitMark {
  /** The mark to record now, if any. */
  kind: "warning" | "overdue" | null;
  /** The next time the sweep must look at this row (null: nothing more is owed). */
  next: Date | null;
}

/**
 * What the sweep does with a co-unit row that came due (pure): overdue once its due time has passed (a warning
 * reached only after that is not sent: the overdue mark stands for it), else the warning, then wait for the due
 * time. Nothing once the part is submitted, the row is already overdue, or the ticket left co-handling.
 */
export function decideCoUnitMark(c: CoUnitClock, now: Date): CoUnitMark {
  if (c.status === "submitted" || !c.dueAt || c.overdueAt) return { kind: null, next: null };
  if (!(CO_HANDLING_STATUSES as readonly string[]).includes(c.ticketStatus)) return { kind: null, next: null };
  if (now.getTime() >= c.dueAt.getTime()) return { kind: "overdue", next: null };
  if (!c.warnedAt) return { kind: "warning", next: c.dueAt };
  return { kind: null, next: c.dueAt };
}
