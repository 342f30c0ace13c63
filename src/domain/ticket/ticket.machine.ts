import { DomainError, notAllowedInStatusCode, type ErrorCode } from "../errors.js";
import { DEADLINE_BY_NAME } from "./deadline-kinds.js";
import { typedEvent, type TicketEventInput } from "./ticket-events.js";
import { TicketAction, TicketStatus, type ClosureKind, type CoUnitStatus, type FirstContactState } from "./ticket.types.js";

/**
 * The ticket lifecycle as one transition table (docs/RULES.md rules 10–27, docs/API.md "Statuses").
 * Pure: it answers which status an action leads to, or throws `<ACTION>_NOT_ALLOWED_IN_STATUS` (or a guard's
 * specific code: EXTENSION_ALREADY_PENDING, FOLLOW_UP_DECISION_REQUIRED…). Who may act is
 * decided separately (src/modules/tickets/ticket.policy.ts); what is saved is the use case's job.
 */

/** What the table needs to know about a ticket besides its status. */
export interface TicketFacts {
  status: TicketStatus;
  closureKind: ClosureKind | null;
  /** Status to resume when a return is refused (the status before the request). */
  resumeStatus: TicketStatus | null;
  pendingExtension: boolean;
  pendingExclusion: boolean;
  excludedFromSatisfaction: boolean;
}

/** Inputs some transitions branch on. */
export interface TransitionInput {
  approve?: boolean;
  /** decide_return: approve and send straight to another unit. */
  reassign?: boolean;
  /** reply: policy asks for the unit leader's sign-off (rule 17). */
  replySignOff?: boolean;
  /** follow_up outcome and decision (rules 22, 23, 25). */
  outcome?: "satisfied" | "basically_satisfied" | "unsatisfied" | "unreachable";
  decision?: "redo" | "close";
  /**
   * reply (issue 18 point 7, docs/WORKDAY.md): the policy's `replyNeedsFirstContact` (default on) and the ticket's first-contact
   * state; a reply is refused while first contact is pending (anonymous: not_required; deemed_reached and, once the
   * window has passed, missed may reply).
   */
  replyNeedsFirstContact?: boolean;
  firstContactState?: FirstContactState;
  /** co_sign, co_submit: the acting co-unit's own row (null when the actor's unit is no co-unit of the ticket). */
  coUnitStatus?: CoUnitStatus | null;
}

type Target = TicketStatus | ((facts: TicketFacts, input: TransitionInput) => TicketStatus);

interface Transition {
  action: TicketAction;
  from: readonly TicketStatus[];
  to: Target;
  /** Extra condition; returns the refusal (code and reason), or null. */
  guard?: (facts: TicketFacts, input: TransitionInput) => Refusal | null;
  /** A specific code for a status outside `from` (e.g. RETURN_ALREADY_PENDING in return_requested). */
  fromCodes?: Partial<Record<TicketStatus, ErrorCode>>;
}

interface Refusal {
  code: ErrorCode;
  reason: string;
  /** The request field at fault, for an input-shaped refusal (400). */
  field?: string;
}
const refuse = (code: ErrorCode, reason: string, field?: string): Refusal => ({ code, reason, field });

const S = TicketStatus;
const A = TicketAction;
const OPEN: readonly TicketStatus[] = [S.PendingDispatch, S.Dispatched, S.Signed, S.ReturnRequested, S.ReplyReview, S.Replied];
const WITH_UNIT: readonly TicketStatus[] = [S.Dispatched, S.Signed, S.ReturnRequested, S.ReplyReview, S.Replied];
const same = (f: TicketFacts) => f.status;
/** Statuses in which co-units work on their part (before the lead unit's reply is out). */
const CO_HANDLING: readonly TicketStatus[] = [S.Dispatched, S.Signed, S.ReturnRequested, S.ReplyReview];

export const TRANSITIONS: readonly Transition[] = [
  { action: A.Dispatch, from: [S.PendingDispatch], to: S.Dispatched },
  // Rule 14: the lead unit signs the dispatched ticket.
  { action: A.Sign, from: [S.Dispatched], to: S.Signed },
  // Rule 15: contact attempts are recorded while the unit holds the ticket.
  { action: A.RecordContact, from: [S.Dispatched, S.Signed, S.ReturnRequested], to: same },
  // Rule 16: a unit asks for return; the center decides.
  { action: A.RequestReturn, from: [S.Dispatched, S.Signed], to: S.ReturnRequested, fromCodes: { [S.ReturnRequested]: "RETURN_ALREADY_PENDING" } },
  {
    action: A.DecideReturn,
    from: [S.ReturnRequested],
    to: (f, i) => (i.approve ? (i.reassign ? S.Dispatched : S.PendingDispatch) : (f.resumeStatus ?? S.Signed)),
  },
  {
    action: A.RequestExtension,
    from: [S.Dispatched, S.Signed],
    to: same,
    guard: (f) => (f.pendingExtension ? refuse("EXTENSION_ALREADY_PENDING", "an extension request is already pending") : null),
  },
  {
    action: A.DecideExtension,
    from: [S.Dispatched, S.Signed, S.ReturnRequested, S.ReplyReview],
    to: same,
    guard: (f) => (f.pendingExtension ? null : refuse("NO_EXTENSION_PENDING", "no extension request is pending")),
  },
  // Rule 17: with sign-off on, a reply waits for the unit leader.
  {
    action: A.Reply,
    from: [S.Signed],
    to: (_f, i) => (i.replySignOff ? S.ReplyReview : S.Replied),
    // Issue 18: no reply while first contact is still owed (anonymous requesters need none; deemed reached counts).
    guard: (_f, i) =>
      i.replyNeedsFirstContact && i.firstContactState === "pending"
        ? refuse("FIRST_CONTACT_PENDING", "first contact with the requester is still pending")
        : null,
  },
  { action: A.ApproveReply, from: [S.ReplyReview], to: (_f, i) => (i.approve === false ? S.Signed : S.Replied) },
  // Rules 21–25: the follow-up closes, keeps waiting (unreachable), or sends the ticket back (redo).
  {
    action: A.FollowUp,
    from: [S.Replied],
    to: (f, i) => {
      if (i.outcome === "unreachable") return f.status;
      if (i.outcome === "unsatisfied" && i.decision === "redo") return S.Dispatched;
      return S.Closed;
    },
    // Checked here only (input-shaped, so a 400 naming `decision`).
    guard: (_f, i) =>
      i.outcome === "unsatisfied" && !i.decision
        ? refuse("FOLLOW_UP_DECISION_REQUIRED", "is required when the outcome is unsatisfied (redo or close)", "decision")
        : i.outcome !== undefined && i.outcome !== "unsatisfied" && i.decision
          ? refuse("FOLLOW_UP_DECISION_REQUIRED", "is only for an unsatisfied outcome", "decision")
          : null,
  },
  // Rule 23: redo after an unsatisfied follow-up; a ticket closed as unsatisfied may also be redone.
  {
    action: A.Redo,
    from: [S.Replied, S.Closed],
    to: S.Dispatched,
    guard: (f) =>
      f.status === S.Closed && f.closureKind !== "unsatisfied_closed" ? refuse("REDO_NOT_ALLOWED_FOR_CLOSURE", `a ticket closed as ${f.closureKind} cannot be redone`) : null,
  },
  // Rule 26: exclusion from satisfaction scoring, filed by the unit, approved by the center.
  {
    action: A.RequestExclusion,
    from: [S.Signed, S.ReplyReview, S.Replied, S.Closed],
    to: same,
    guard: (f) =>
      f.excludedFromSatisfaction
        ? refuse("ALREADY_EXCLUDED", "the ticket is already excluded from satisfaction scoring")
        : f.pendingExclusion
          ? refuse("EXCLUSION_ALREADY_PENDING", "an exclusion request is already pending")
          : f.status === S.Closed && (f.closureKind === "answered_directly" || f.closureKind === "terminated")
            ? refuse("CLOSURE_NOT_SCORED", `a ticket closed as ${f.closureKind} is not scored`)
            : null,
  },
  {
    action: A.DecideExclusion,
    from: [S.Signed, S.ReplyReview, S.Replied, S.Closed],
    to: same,
    guard: (f) => (f.pendingExclusion ? null : refuse("NO_EXCLUSION_PENDING", "no exclusion request is pending")),
  },
  // Rule 27: third-party review ends a repeated, unsolvable complaint.
  { action: A.Terminate, from: OPEN, to: S.Closed },
  { action: A.RevealPhone, from: [...OPEN, S.Closed], to: same },
  // Rule 22: no evaluation within the window after the reply → basically satisfied.
  { action: A.AutoClose, from: [S.Replied], to: S.Closed },
  // Rule 8 (issue 13): the lead unit files the progress report of a special ticket while it handles it.
  { action: A.ReportProgress, from: [S.Dispatched, S.Signed, S.ReturnRequested, S.ReplyReview], to: same },
  // Rule 10 (issue 18): co-units sign and submit their part while the lead unit handles the ticket.
  { action: A.CoSign, from: CO_HANDLING, to: same, guard: (_f, i) => coUnitGuard(i, "dispatched") },
  { action: A.CoSubmit, from: CO_HANDLING, to: same, guard: (_f, i) => coUnitGuard(i, "signed") },
  // Issue 18: the lead unit's leader assigns the ticket to a section or handler while the unit holds it.
  { action: A.Assign, from: [S.Dispatched, S.Signed, S.ReturnRequested, S.ReplyReview], to: same },
  // Issue 15 (并单): a duplicate of another open ticket is closed as merged; the target is checked by the use case.
  { action: A.Merge, from: OPEN, to: S.Closed },
  // Rule 3 (issue 14): a request outside the acceptance scope is closed at intake, before any dispatch.
  { action: A.CloseOutOfScope, from: [S.PendingDispatch], to: S.Closed },
];

/** A co-unit action needs the actor's co-unit row in the given state (undefined: not known here, as in menus). */
function coUnitGuard(i: TransitionInput, needs: CoUnitStatus): Refusal | null {
  if (i.coUnitStatus === undefined) return null;
  if (i.coUnitStatus === null) return refuse("NOT_A_CO_UNIT", "your unit is not a co-unit of this ticket");
  if (i.coUnitStatus === needs) return null;
  if (needs === "dispatched") return refuse("CO_UNIT_ALREADY_SIGNED", "your unit has already signed its part");
  return i.coUnitStatus === "submitted" ? refuse("CO_PART_ALREADY_SUBMITTED", "your unit has already submitted its part") : refuse("CO_UNIT_NOT_SIGNED", "sign the co-handling first");
}

const BY_ACTION = new Map<TicketAction, Transition>(TRANSITIONS.map((t) => [t.action, t]));

/** True when the action may be taken from the ticket's status (guards included). */
export function canTransition(facts: TicketFacts, action: TicketAction, input: TransitionInput = {}): boolean {
  const t = BY_ACTION.get(action);
  if (!t || !t.from.includes(facts.status)) return false;
  return !t.guard || t.guard(facts, input) === null || isInputGuardOnly(action);
}

// Guards that depend on the request's input (not the ticket) do not hide the action from the menu.
function isInputGuardOnly(action: TicketAction): boolean {
  return action === A.FollowUp || action === A.CoSign || action === A.CoSubmit || action === A.Reply;
}

/**
 * The status the action leads to. Throws DomainError `<ACTION>_NOT_ALLOWED_IN_STATUS` when the table forbids
 * the action from the status, or the guard's own code (409; 400 for an input-shaped guard).
 */
export function nextStatus(facts: TicketFacts, action: TicketAction, input: TransitionInput = {}): TicketStatus {
  const t = BY_ACTION.get(action);
  if (!t || !t.from.includes(facts.status)) {
    const code = t?.fromCodes?.[facts.status] ?? notAllowedInStatusCode(action);
    throw new DomainError(code, `action ${action} is not allowed in status ${facts.status}`);
  }
  const refusal = t.guard?.(facts, input);
  if (refusal) {
    if (refusal.field) throw new DomainError(refusal.code, `${refusal.field}: ${refusal.reason}`, refusal.field);
    throw new DomainError(refusal.code, `action ${action} is not allowed in status ${facts.status}: ${refusal.reason}`);
  }
  return typeof t.to === "function" ? t.to(facts, input) : t.to;
}

/**
 * What a write does to a ticket, as the machine decides it: the status it leads to, the columns the
 * transition itself owns (closing), and its events. The use case adds its own columns and events; one
 * function applies the whole (src/modules/tickets/ticket-write.ts).
 */
export type TicketWriteKind = TicketAction | "intake" | "add_attachment" | "citizen_rating" | "deadline_warning" | "deadline_overdue" | "repeat_linked" | "master_update";

export interface TicketChange {
  /** The action, or a write outside the action table: intake, an attachment added, the sweep's marks. */
  action: TicketWriteKind;
  from: TicketStatus | null;
  to: TicketStatus;
  patch: ClosingPatch | MarkPatch | Record<string, never>;
  events: TicketEventInput[];
}

/** What closing writes, wherever a ticket closes (follow-up, termination, intake answered directly, auto-close). */
export interface ClosingPatch {
  closed_at: Date;
  closure_kind: ClosureKind;
  closure_remark: string | null;
  auto_close_at: null;
}

export function closing(kind: ClosureKind, now: Date, remark: string | null = null): ClosingPatch {
  return { closed_at: now, closure_kind: kind, closure_remark: remark, auto_close_at: null };
}

function closedEvent(kind: ClosureKind, now: Date, actorId: number | null, unitId: number | null, remark: string | null, auto: boolean): TicketEventInput {
  return typedEvent("ticket.closed", now, actorId, unitId, auto ? { kind, remark, auto: true } : { kind, remark });
}

/** Who and where, for the events the machine writes itself. */
export interface ChangeContext {
  now: Date;
  actorId: number | null;
  unitId: number | null;
  /** The closure kind and remark, when the action closes the ticket. */
  closure?: { kind: ClosureKind; remark: string | null };
}

/** The machine's decision for one action: status, the closing patch when it closes, and the closed event. */
export function decide(facts: TicketFacts, action: TicketAction, input: TransitionInput, ctx: ChangeContext): TicketChange {
  const to = nextStatus(facts, action, input);
  const change: TicketChange = { action, from: facts.status, to, patch: {}, events: [] };
  if (to === S.Closed && facts.status !== S.Closed) {
    const closure = ctx.closure ?? (action === A.AutoClose ? { kind: "auto_basically_satisfied" as const, remark: null } : null);
    if (!closure) throw new Error(`action ${action} closes the ticket but names no closure kind`);
    change.patch = closing(closure.kind, ctx.now, closure.remark);
    change.events.push(closedEvent(closure.kind, ctx.now, ctx.actorId, ctx.unitId, closure.remark, action === A.AutoClose));
  }
  return change;
}

/** Intake (rules 1–2): a new ticket waits for dispatch, or is closed at once when answered on the call. */
export function decideIntake(answeredDirectly: boolean, ctx: ChangeContext): TicketChange {
  if (!answeredDirectly) return { action: "intake", from: null, to: S.PendingDispatch, patch: {}, events: [] };
  return {
    action: "intake",
    from: null,
    to: S.Closed,
    patch: closing("answered_directly", ctx.now),
    events: [closedEvent("answered_directly", ctx.now, ctx.actorId, ctx.unitId, null, false)],
  };
}

/** A deadline mark the sweep reached: a warning, an overdue mark (its flag) or the auto-close (rule 22). */
export interface MarkInput {
  deadline: string;
  /** "warn:<iso>", "overdue" or "close" (src/domain/ticket/deadline-marks.ts). */
  kind: string;
  /** The mark's time: the due time for overdue and close. */
  at: Date;
  /** The deadline's due time (for the warning's event). */
  dueAt: Date | null;
}

export type MarkPatch = { [K in "sign_overdue" | "contact_overdue" | "reply_overdue" | "progress_overdue"]?: boolean } & { first_contact_state?: "missed" };

/**
 * The sweep's transitions (pure): a warning or an overdue mark changes no status (bookkeeping: an overdue
 * flag, first contact `missed`), the auto-close is the table's AutoClose with its closing patch.
 */
export function decideMark(facts: TicketFacts & { firstContactState: string }, m: MarkInput, ctx: ChangeContext): TicketChange {
  if (m.kind === "close") return decide(facts, A.AutoClose, {}, { ...ctx, closure: undefined });
  const k = DEADLINE_BY_NAME.get(m.deadline);
  if (!k) throw new Error(`unknown deadline ${m.deadline}`);
  if (m.kind === "overdue") {
    const patch: MarkPatch = {};
    if (k.overdue) patch[k.overdue.column] = true;
    if (k.overdueFirstContact === "missed" && facts.firstContactState === "pending") patch.first_contact_state = "missed";
    const event = typedEvent("ticket.overdue", ctx.now, null, ctx.unitId, { deadline: m.deadline as never, dueAt: m.at.toISOString() });
    return { action: "deadline_overdue", from: facts.status, to: facts.status, patch, events: [event] };
  }
  const event = typedEvent("ticket.deadline_warning", ctx.now, null, ctx.unitId, { deadline: m.deadline as never, dueAt: m.dueAt?.toISOString() ?? null });
  return { action: "deadline_warning", from: facts.status, to: facts.status, patch: {}, events: [event] };
}

/** An attachment added to a ticket: no status change, one event (any status). */
export function decideAttachment(facts: Pick<TicketFacts, "status">): TicketChange {
  return { action: "add_attachment", from: facts.status, to: facts.status, patch: {}, events: [] };
}

/** Statuses in which a citizen may rate the result: after the unit's reply (rule 21: follow-up comes after the reply). */
export const CITIZEN_RATING_STATUSES: readonly TicketStatus[] = ["replied", "closed"];

/** A citizen's rating (issue 16): no status change, one event; only once the reply is out. */
export function decideCitizenRating(facts: Pick<TicketFacts, "status">): TicketChange {
  if (!CITIZEN_RATING_STATUSES.includes(facts.status)) {
    throw new DomainError("RATING_NOT_OPEN", "the ticket can be rated once the unit has replied");
  }
  return { action: "citizen_rating", from: facts.status, to: facts.status, patch: {}, events: [] };
}

/**
 * Issue 15: a ticket linked to this one as a repeat (at intake) or merged into it — the target must be
 * open; no status change, `repeat_count` grows by one (the use case writes it and the event).
 */
export function decideRepeatLinked(facts: Pick<TicketFacts, "status">): TicketChange {
  if (facts.status === S.Closed) throw new DomainError("REPEAT_TARGET_CLOSED", "a closed ticket cannot take repeats or merges");
  return { action: "repeat_linked", from: facts.status, to: facts.status, patch: {}, events: [] };
}

/** Issue 15: the master's reply or follow-up copied to a ticket merged into it (no status change). */
export function decideMasterUpdate(facts: Pick<TicketFacts, "status">): TicketChange {
  return { action: "master_update", from: facts.status, to: facts.status, patch: {}, events: [] };
}

/**
 * Issue 15 merge rules, pure: not into itself, not into a closed ticket, not in a cycle (the target's chain of
 * repeat_of / merged_into leads back to the ticket). `chain` is the target's chain, nearest first.
 */
export function checkMerge(ticketId: number, target: { id: number; status: TicketStatus }, chain: readonly number[]): void {
  if (target.id === ticketId) throw new DomainError("MERGE_INTO_SELF", "a ticket cannot be merged into itself");
  if (target.status === S.Closed) throw new DomainError("REPEAT_TARGET_CLOSED", `ticket ${target.id} is closed; merge into an open ticket`);
  if (chain.includes(ticketId)) throw new DomainError("MERGE_CYCLE", `ticket ${target.id} already repeats ticket ${ticketId}`);
}

/** The actions the table allows from this ticket's state, before role checks. */
export function availableActions(facts: TicketFacts): TicketAction[] {
  return TRANSITIONS.filter((t) => canTransition(facts, t.action)).map((t) => t.action);
}

/** docs/RULES.md rule 22/23/25: the closure kind a follow-up leads to, or null when the ticket stays open. */
export function closureOfFollowUp(
  outcome: NonNullable<TransitionInput["outcome"]>,
  decision: TransitionInput["decision"],
): ClosureKind | null {
  if (outcome === "satisfied") return "satisfied";
  if (outcome === "basically_satisfied") return "basically_satisfied";
  if (outcome === "unsatisfied" && decision === "close") return "unsatisfied_closed";
  return null;
}
