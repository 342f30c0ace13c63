import type { WorkingCalendar } from "../calendar/calendar.js";
import { warningTimes } from "../policy/deadlines.js";
import type { PolicySettings } from "../policy/policy.js";
import type { TicketStatus } from "./ticket.types.js";
import { DEADLINE_KINDS, clockSwept, type DeadlineKind, type DeadlineName } from "./deadline-kinds.js";

/**
 * What the deadline sweep must do for one ticket, as marks with a time: warnings before a deadline
 * (rule 18 预警催办), the overdue mark when it passes, and the auto-close of rule 22. Each mark is done
 * at most once per ticket and deadline cycle (the sweep records it in deadline_marks). Pure.
 */
export type { DeadlineName };

export interface DeadlineMark {
  deadline: DeadlineName;
  /** "warn:<iso time>", "overdue" or "close". */
  kind: string;
  at: Date;
}

/** The ticket columns the marks read: status, first contact, the clocks' start and every kind's due column. */
export type DeadlineState = {
  status: TicketStatus | string;
  dispatched_at: Date | null;
  replied_at?: Date | null;
  first_contact_state: string;
} & { [K in DeadlineKind["dueColumn"]]?: Date | null };

function clockMarks(p: PolicySettings, cal: WorkingCalendar, deadline: DeadlineName, start: Date | null, due: Date | null): DeadlineMark[] {
  if (!due) return [];
  const warnings = start ? warningTimes(p, start, due, cal) : [];
  return [
    ...warnings.map((at) => ({ deadline, kind: `warn:${at.toISOString()}`, at })),
    { deadline, kind: "overdue", at: due },
  ];
}

/** Every mark of the clocks running now, sorted by time. */
export function deadlineMarks(p: PolicySettings, cal: WorkingCalendar, t: DeadlineState): DeadlineMark[] {
  // With returnStopsClock, a ticket under return review runs no clock until the center decides.
  if (p.returnStopsClock && t.status === "return_requested") return [];
  const marks: DeadlineMark[] = [];
  for (const k of DEADLINE_KINDS as readonly DeadlineKind[]) {
    if (!clockSwept(k, t.status, t.first_contact_state)) continue;
    const due = t[k.dueColumn] ?? null;
    const name = k.name as DeadlineName;
    if (k.sweep === "clock") marks.push(...clockMarks(p, cal, name, t.dispatched_at, due));
    else if (k.sweep === "close" && due) marks.push({ deadline: name, kind: "close", at: due });
  }
  return marks.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export const markKey = (m: { deadline: string; kind: string }) => `${m.deadline}|${m.kind}`;

/**
 * Whether a mark is done: recorded, or a warning whose deadline's overdue mark is recorded (once a
 * deadline has passed, a warning that it is near has nothing left to say).
 */
export function isMarkDone(m: Pick<DeadlineMark, "deadline" | "kind">, done: ReadonlySet<string>): boolean {
  return done.has(markKey(m)) || (m.kind.startsWith("warn:") && done.has(markKey({ deadline: m.deadline, kind: "overdue" })));
}

/**
 * A warning the sweep reaches only after its deadline has passed (a backlog after downtime, a ticket
 * dispatched with little time left): it is not sent, since the overdue notice of the same sweep says more.
 */
export function isStaleWarning(m: DeadlineMark, marks: readonly DeadlineMark[], now: Date): boolean {
  return m.kind.startsWith("warn:") && marks.some((o) => o.deadline === m.deadline && o.kind === "overdue" && o.at <= now);
}

/** The time of the earliest mark not yet done, or null when nothing is left to do. */
export function nextDueAt(marks: readonly DeadlineMark[], done: ReadonlySet<string> = new Set()): Date | null {
  return marks.find((m) => !isMarkDone(m, done))?.at ?? null;
}
