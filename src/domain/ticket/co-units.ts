import type { WorkingCalendar } from "../calendar/calendar.js";
import { dueAfter } from "../policy/deadlines.js";
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
