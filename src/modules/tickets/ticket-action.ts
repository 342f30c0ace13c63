import type { AppContext } from "../../app-context.js";
import type { Db } from "../../db/database.js";
import type { TicketRow, TicketUpdate } from "../../db/schema.js";
import { DomainError } from "../../domain/errors.js";
import type { WorkingCalendar } from "../../domain/calendar/calendar.js";
import type { PolicySettings } from "../../domain/policy/policy.js";
import { deadlineMarks, nextDueAt } from "../../domain/ticket/deadline-marks.js";
import { nextStatus, type TransitionInput } from "../../domain/ticket/ticket.machine.js";
import type { TicketAction, TicketStatus } from "../../domain/ticket/ticket.types.js";
import type { Actor } from "../../http/auth.js";
import { factsOf } from "./ticket.presenter.js";
import { canSee, mayAct } from "./ticket.policy.js";
import { appendEvents, findTicket, updateTicket, type EventInput } from "./ticket.repository.js";

export type TicketDeps = Pick<AppContext, "db" | "clock" | "policy" | "calendar" | "notifier">;

export interface ActionOptions {
  /** If-Match: the version the client last saw. */
  ifMatch?: number;
  input?: TransitionInput;
  /** Transition input that depends on the ticket's own policy version (reply sign-off, rule 17). */
  inputFromPolicy?: (policy: PolicySettings) => TransitionInput;
}

/** What a use case's step sees inside the transaction. */
export interface ActionStep {
  trx: Db;
  ticket: TicketRow;
  from: TicketStatus;
  to: TicketStatus;
  now: Date;
  actor: Actor;
  policy: () => Promise<PolicySettings>;
  calendar: () => Promise<WorkingCalendar>;
  /** A (re)dispatch runs under the policy in force now, not the ticket's earlier version. */
  usePolicy: (settings: PolicySettings) => void;
}

export interface StepResult<T> {
  patch?: TicketUpdate;
  events: EventInput[];
  result?: T;
  /** Runs after the ticket row is updated, in the same transaction (records that reference it); its value is the result. */
  after?: (ticket: TicketRow) => Promise<T>;
}

/** Loads the ticket for update and answers 404 when it is missing or not visible to the actor. */
export async function loadVisibleTicket(db: Db, actor: Actor, id: number, forUpdate = false): Promise<TicketRow> {
  const ticket = await findTicket(db, id, forUpdate);
  if (!ticket || !canSee(actor, { leadUnitId: ticket.lead_unit_id, coUnitIds: ticket.co_unit_ids })) {
    throw new DomainError("TICKET_NOT_FOUND", `ticket ${id} not found`);
  }
  return ticket;
}

/**
 * The one path of every ticket write (STYLE.md): in one transaction, load and lock the ticket, check
 * visibility (404), permission (403), version (409 VERSION_CONFLICT) and the state machine (409
 * TRANSITION_NOT_ALLOWED), run the step, save with a conditional update, append the events.
 */
export async function runTicketAction<T = undefined>(
  deps: TicketDeps,
  actor: Actor,
  ticketId: number,
  action: TicketAction,
  options: ActionOptions,
  step: (s: ActionStep) => Promise<StepResult<T>>,
): Promise<{ ticket: TicketRow; result: T }> {
  return deps.db.transaction().execute(async (trx) => {
    const ticket = await loadVisibleTicket(trx, actor, ticketId, true);
    if (!mayAct(actor, action, { leadUnitId: ticket.lead_unit_id, coUnitIds: ticket.co_unit_ids })) {
      throw new DomainError("FORBIDDEN", `your roles do not allow ${action} on this ticket`);
    }
    if (options.ifMatch !== undefined && options.ifMatch !== ticket.version) {
      throw new DomainError("VERSION_CONFLICT", `ticket ${ticketId} is at version ${ticket.version}, not ${options.ifMatch}`);
    }
    const from = ticket.status as TicketStatus;
    let policy: PolicySettings | undefined;
    let calendar: WorkingCalendar | undefined;
    const ticketPolicy = async () => (policy ??= await deps.policy.byVersion(trx, ticket.policy_version));
    const input = options.inputFromPolicy ? { ...options.input, ...options.inputFromPolicy(await ticketPolicy()) } : options.input;
    const to = nextStatus(factsOf(ticket), action, input);
    const now = deps.clock.now();
    const s: ActionStep = {
      trx,
      ticket,
      from,
      to,
      now,
      actor,
      policy: ticketPolicy,
      calendar: async () => (calendar ??= await deps.calendar.get(trx)),
      usePolicy: (settings) => {
        policy = settings;
      },
    };
    const out = await step(s);
    const patch: TicketUpdate = { ...out.patch };
    if (to !== from) patch.status = to;
    const merged = { ...ticket, ...patch } as TicketRow;
    patch.next_due_at = nextDueAt(deadlineMarks(await s.policy(), await s.calendar(), deadlineStateOf(merged)));
    // A read-like action (reveal phone) changes no column: keep the version, so nobody's If-Match goes stale.
    const changes = Object.keys(patch).length > 1 || patch.next_due_at?.getTime() !== ticket.next_due_at?.getTime();
    const updated = changes ? await updateTicket(trx, ticket.id, ticket.version, patch) : ticket;
    if (!updated) throw new DomainError("VERSION_CONFLICT", `ticket ${ticketId} was changed by someone else; reload it`);
    await appendEvents(
      trx,
      ticket.id,
      out.events.map((e) => ({ ...e, data: { from, to, ...e.data } })),
    );
    const result = out.after ? await out.after(updated) : (out.result as T);
    return { ticket: updated, result };
  });
}

/** The deadline columns of a ticket as the pure deadline-mark module reads them. */
export function deadlineStateOf(
  t: Pick<TicketRow, "status" | "dispatched_at" | "replied_at" | "sign_due_at" | "contact_due_at" | "reply_due_at" | "auto_close_at" | "first_contact_state">,
) {
  return {
    status: t.status as TicketStatus,
    dispatchedAt: t.dispatched_at,
    repliedAt: t.replied_at,
    signDueAt: t.sign_due_at,
    contactDueAt: t.contact_due_at,
    replyDueAt: t.reply_due_at,
    autoCloseAt: t.auto_close_at,
    firstContactState: t.first_contact_state,
  };
}
