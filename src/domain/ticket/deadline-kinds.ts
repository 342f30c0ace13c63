import type { FirstContactState, TicketStatus } from "./ticket.types.js";

/**
 * Which clock runs in which status, declared once (pure). The presenter (`deadlines`, `overdue`), the list's
 * overdue filter, the deadline marks and the sweep (warnings, overdue marks, auto-close), the web's tags and
 * labels and the bench read this table; adding a deadline is one entry here (docs/ARCHITECTURE.md "Deadlines").
 */
export interface DeadlineKind {
  /** The name in deadline_marks, in events (`ticket.overdue` data.deadline) and in notices. */
  readonly name: string;
  /** Chinese name of the clock (签收, 答复…), used in notices and on the web. */
  readonly label: string;
  /** Chinese name of its overdue tag on the web, or null for a clock without overdue tag. */
  readonly overdueLabel: string | null;
  /** The tickets column holding the due time. */
  readonly dueColumn: "sign_due_at" | "contact_due_at" | "reply_due_at" | "progress_due_at" | "auto_close_at";
  /** The key under the presented ticket's `deadlines`. */
  readonly viewKey: "signDueAt" | "contactDueAt" | "replyDueAt" | "progressDueAt" | "autoCloseAt";
  /** The tickets column of the overdue flag and the key under the presented ticket's `overdue`, or null. */
  readonly overdue: { readonly column: "sign_overdue" | "contact_overdue" | "reply_overdue" | "progress_overdue"; readonly viewKey: "sign" | "contact" | "reply" | "progress" } | null;
  /** Statuses in which the clock runs. */
  readonly runsIn: readonly TicketStatus[];
  /** When set, the clock runs only while the first contact is in one of these states. */
  readonly firstContact?: readonly FirstContactState[];
  /**
   * What the sweep does with it: "clock" = warnings before the due time and an overdue mark at it; "close" =
   * the auto-close of rule 22 at the due time; null = shown only, not swept.
   */
  readonly sweep: "clock" | "close" | null;
  /** Sweep: marks are made only while the first contact is in one of these states (default: `firstContact`). */
  readonly sweepFirstContact?: readonly FirstContactState[];
  /** Sweep: first-contact state the overdue mark moves `pending` to. */
  readonly overdueFirstContact?: FirstContactState;
}

const HANDLING: readonly TicketStatus[] = ["dispatched", "signed", "return_requested", "reply_review"];

export const DEADLINE_KINDS = [
  { name: "sign", label: "签收", overdueLabel: "签收超期", dueColumn: "sign_due_at", viewKey: "signDueAt", overdue: { column: "sign_overdue", viewKey: "sign" }, runsIn: ["dispatched"], sweep: "clock" },
  {
    name: "contact",
    label: "先行联系",
    overdueLabel: "联系超期",
    dueColumn: "contact_due_at",
    viewKey: "contactDueAt",
    overdue: { column: "contact_overdue", viewKey: "contact" },
    runsIn: HANDLING,
    firstContact: ["pending", "missed"],
    sweep: "clock",
    sweepFirstContact: ["pending"],
    overdueFirstContact: "missed",
  },
  { name: "reply", label: "答复", overdueLabel: "答复超期", dueColumn: "reply_due_at", viewKey: "replyDueAt", overdue: { column: "reply_overdue", viewKey: "reply" }, runsIn: HANDLING, sweep: "clock" },
  // Rule 8 (issue 13): the progress report of special / special-urgent tickets; POST /api/tickets/:id/progress stops it.
  { name: "progress", label: "进展报告", overdueLabel: "进展超期", dueColumn: "progress_due_at", viewKey: "progressDueAt", overdue: { column: "progress_overdue", viewKey: "progress" }, runsIn: HANDLING, sweep: "clock" },
  { name: "auto_close", label: "自动办结", overdueLabel: null, dueColumn: "auto_close_at", viewKey: "autoCloseAt", overdue: null, runsIn: ["replied"], sweep: "close" },
] as const satisfies readonly DeadlineKind[];

export type DeadlineName = (typeof DEADLINE_KINDS)[number]["name"];
export type DeadlineViewKey = (typeof DEADLINE_KINDS)[number]["viewKey"];
export type OverdueViewKey = NonNullable<(typeof DEADLINE_KINDS)[number]["overdue"]>["viewKey"];

export const DEADLINE_BY_NAME: ReadonlyMap<string, DeadlineKind> = new Map(DEADLINE_KINDS.map((k) => [k.name, k]));
/** The kinds with an overdue flag (sign, contact, reply, progress). */
export const OVERDUE_KINDS: readonly DeadlineKind[] = DEADLINE_KINDS.filter((k) => k.overdue !== null);

export const deadlineLabel = (name: string) => DEADLINE_BY_NAME.get(name)?.label ?? name;

/** Whether the kind's clock runs for a ticket in this status and first-contact state (display and the list filter). */
export function clockRuns(k: DeadlineKind, status: string, firstContactState: string): boolean {
  return (k.runsIn as readonly string[]).includes(status) && (!k.firstContact || (k.firstContact as readonly string[]).includes(firstContactState));
}

/** Whether the sweep makes marks for the kind on this ticket now. */
export function clockSwept(k: DeadlineKind, status: string, firstContactState: string): boolean {
  const fc = k.sweepFirstContact ?? k.firstContact;
  return k.sweep !== null && (k.runsIn as readonly string[]).includes(status) && (!fc || (fc as readonly string[]).includes(firstContactState));
}
