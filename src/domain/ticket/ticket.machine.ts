import { DomainError } from "../errors.js";
import { TicketAction, TicketStatus, type ClosureKind } from "./ticket.types.js";

/**
 * The ticket lifecycle as one transition table (DOMAIN.md rules 10–27, CONTRACT.md "Statuses").
 * Pure: it answers which status an action leads to, or throws TRANSITION_NOT_ALLOWED. Who may act is
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
}

type Target = TicketStatus | ((facts: TicketFacts, input: TransitionInput) => TicketStatus);

interface Transition {
  action: TicketAction;
  from: readonly TicketStatus[];
  to: Target;
  /** Extra condition; returns the reason it fails, or null. */
  guard?: (facts: TicketFacts, input: TransitionInput) => string | null;
}

const S = TicketStatus;
const A = TicketAction;
const OPEN: readonly TicketStatus[] = [S.PendingDispatch, S.Dispatched, S.Signed, S.ReturnRequested, S.ReplyReview, S.Replied];
const WITH_UNIT: readonly TicketStatus[] = [S.Dispatched, S.Signed, S.ReturnRequested, S.ReplyReview, S.Replied];
const same = (f: TicketFacts) => f.status;

export const TRANSITIONS: readonly Transition[] = [
  { action: A.Dispatch, from: [S.PendingDispatch], to: S.Dispatched },
  // Rule 14: the lead unit signs the dispatched ticket.
  { action: A.Sign, from: [S.Dispatched], to: S.Signed },
  // Rule 15: contact attempts are recorded while the unit holds the ticket.
  { action: A.RecordContact, from: [S.Dispatched, S.Signed, S.ReturnRequested], to: same },
  // Rule 16: a unit asks for return; the center decides.
  { action: A.RequestReturn, from: [S.Dispatched, S.Signed], to: S.ReturnRequested },
  {
    action: A.DecideReturn,
    from: [S.ReturnRequested],
    to: (f, i) => (i.approve ? (i.reassign ? S.Dispatched : S.PendingDispatch) : (f.resumeStatus ?? S.Signed)),
  },
  {
    action: A.RequestExtension,
    from: [S.Dispatched, S.Signed],
    to: same,
    guard: (f) => (f.pendingExtension ? "an extension request is already pending" : null),
  },
  {
    action: A.DecideExtension,
    from: [S.Dispatched, S.Signed, S.ReturnRequested, S.ReplyReview],
    to: same,
    guard: (f) => (f.pendingExtension ? null : "no extension request is pending"),
  },
  // Rule 17: with sign-off on, a reply waits for the unit leader.
  { action: A.Reply, from: [S.Signed], to: (_f, i) => (i.replySignOff ? S.ReplyReview : S.Replied) },
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
    guard: (_f, i) => (i.outcome === "unsatisfied" && !i.decision ? "an unsatisfied follow-up needs a decision: redo or close" : null),
  },
  // Rule 23: redo after an unsatisfied follow-up; a ticket closed as unsatisfied may also be redone.
  {
    action: A.Redo,
    from: [S.Replied, S.Closed],
    to: S.Dispatched,
    guard: (f) => (f.status === S.Closed && f.closureKind !== "unsatisfied_closed" ? `a ticket closed as ${f.closureKind} cannot be redone` : null),
  },
  // Rule 26: exclusion from satisfaction scoring, filed by the unit, approved by the center.
  {
    action: A.RequestExclusion,
    from: [S.Signed, S.ReplyReview, S.Replied, S.Closed],
    to: same,
    guard: (f) =>
      f.excludedFromSatisfaction
        ? "the ticket is already excluded from satisfaction scoring"
        : f.pendingExclusion
          ? "an exclusion request is already pending"
          : f.status === S.Closed && (f.closureKind === "answered_directly" || f.closureKind === "terminated")
            ? `a ticket closed as ${f.closureKind} is not scored`
            : null,
  },
  {
    action: A.DecideExclusion,
    from: [S.Signed, S.ReplyReview, S.Replied, S.Closed],
    to: same,
    guard: (f) => (f.pendingExclusion ? null : "no exclusion request is pending"),
  },
  // Rule 27: third-party review ends a repeated, unsolvable complaint.
  { action: A.Terminate, from: OPEN, to: S.Closed },
  { action: A.RevealPhone, from: [...OPEN, S.Closed], to: same },
  // Rule 22: no evaluation within the window after the reply → basically satisfied.
  { action: A.AutoClose, from: [S.Replied], to: S.Closed },
];

const BY_ACTION = new Map<TicketAction, Transition>(TRANSITIONS.map((t) => [t.action, t]));

/** True when the action may be taken from the ticket's status (guards included). */
export function canTransition(facts: TicketFacts, action: TicketAction, input: TransitionInput = {}): boolean {
  const t = BY_ACTION.get(action);
  if (!t || !t.from.includes(facts.status)) return false;
  return !t.guard || t.guard(facts, input) === null || isInputGuardOnly(action);
}

// Guards that depend on the request's input (not the ticket) do not hide the action from the menu.
function isInputGuardOnly(action: TicketAction): boolean {
  return action === A.FollowUp;
}

/**
 * The status the action leads to. Throws DomainError TRANSITION_NOT_ALLOWED naming the status and
 * the action when the table forbids it.
 */
export function nextStatus(facts: TicketFacts, action: TicketAction, input: TransitionInput = {}): TicketStatus {
  const t = BY_ACTION.get(action);
  if (!t || !t.from.includes(facts.status)) {
    throw new DomainError("TRANSITION_NOT_ALLOWED", `action ${action} is not allowed in status ${facts.status}`);
  }
  const reason = t.guard?.(facts, input);
  if (reason) {
    throw new DomainError("TRANSITION_NOT_ALLOWED", `action ${action} is not allowed in status ${facts.status}: ${reason}`);
  }
  return typeof t.to === "function" ? t.to(facts, input) : t.to;
}

/** The actions the table allows from this ticket's state, before role checks. */
export function availableActions(facts: TicketFacts): TicketAction[] {
  return TRANSITIONS.filter((t) => canTransition(facts, t.action)).map((t) => t.action);
}

/** DOMAIN.md rule 22/23/25: the closure kind a follow-up leads to, or null when the ticket stays open. */
export function closureOfFollowUp(
  outcome: NonNullable<TransitionInput["outcome"]>,
  decision: TransitionInput["decision"],
): ClosureKind | null {
  if (outcome === "satisfied") return "satisfied";
  if (outcome === "basically_satisfied") return "basically_satisfied";
  if (outcome === "unsatisfied" && decision === "close") return "unsatisfied_closed";
  return null;
}
