import type { AppContext } from "../../app-context.js";
import type { Db } from "../../db/database.js";
import type { TicketRow, TicketUpdate } from "../../db/schema.js";
import { DomainError } from "../../domain/errors.js";
import type { WorkingCalendar } from "../../domain/calendar/calendar.js";
import type { PolicySettings } from "../../domain/policy/policy.js";
import { decide, nextStatus, type TransitionInput } from "../../domain/ticket/ticket.machine.js";
import type { TicketEventInput } from "../../domain/ticket/ticket-events.js";
import type { ClosureKind, TicketAction, TicketStatus } from "../../domain/ticket/ticket.types.js";
import type { NotificationInput } from "../notifications/notifier.js";
import type { Actor } from "../../http/auth.js";
import { factsOf } from "./ticket.presenter.js";
import { canSee, mayAct } from "./ticket.policy.js";
import { findTicket, lockTicketWithMarks } from "./ticket.repository.js";
import { applyTicketChange } from "./ticket-write.js";

export type TicketDeps = Pick<AppContext, "db" | "clock" | "policy" | "calendar" | "notifier">;

export interface ActionOptions {
  /** If-Match: the version the client last saw. */
  ifMatch?: number;
  input?: TransitionInput;
  /** Transition input that depends on the ticket's own policy version (reply sign-off, rule 17). */
  inputFromPolicy?: (policy: PolicySettings, ticket: TicketRow) => TransitionInput;
  /** Transition input read inside the transaction from the locked ticket's own records (a co-unit's row). */
  inputFromTicket?: (trx: Db, ticket: TicketRow) => Promise<TransitionInput>;
  /**
   * Checks of a record the action is about (a review request: 404, 409 REQUEST_ALREADY_DECIDED), after the
   * 403 and version checks and before the state machine, on the locked ticket inside the transaction.
   */
  before?: (trx: Db, ticket: TicketRow) => Promise<void>;
}

/**
 * What a use case's step sees inside the transaction: the transaction handle and the services bound to it,
 * never `deps.db` (on PGlite's one connection a query outside the transaction waits forever; on PostgreSQL it
 * runs outside the transaction). test/api/write-path.test.ts checks no step reaches `deps`.
 */
export interface ActionStep {
  trx: Db;
  ticket: TicketRow;
  from: TicketStatus;
  to: TicketStatus;
  now: Date;
  actor: Actor;
  policy: () => Promise<PolicySettings>;
  /** The policy in force now (a (re)dispatch runs under it; call usePolicy with its settings). */
  currentPolicy: () => Promise<{ version: number; settings: PolicySettings }>;
  calendar: () => Promise<WorkingCalendar>;
  /** A (re)dispatch runs under the policy in force now, not the ticket's earlier version. */
  usePolicy: (settings: PolicySettings) => void;
  /** The Notifier, bound to the transaction. */
  notify: (input: NotificationInput) => Promise<void>;
  /** Notices to every active user of each unit (and their SMS), fanned out in the database: one round trip. */
  notifyUnits: (notices: ReadonlyArray<{ unitId: number; ticketId: number | null; kind: string; title: string }>, at: Date) => Promise<void>;
  unitUserIds: (unitIds: readonly number[]) => Promise<number[]>;
}

export interface StepResult<T> {
  patch?: TicketUpdate;
  events: TicketEventInput[];
  /** The closure kind and remark when the action closes the ticket (the machine writes what closing writes). */
  closure?: { kind: ClosureKind; remark: string | null };
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
 * The one path of every ticket action (docs/STYLE.md): in one transaction, load and lock the ticket, check
 * visibility (404), permission (403), version (409 VERSION_CONFLICT) and the state machine (409
 * `<ACTION>_NOT_ALLOWED_IN_STATUS` or a guard's code), run the step, and hand the machine's decision with the
 * step's columns and events to applyTicketChange (conditional update, events append).
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
    // The lock and the done deadline marks in one round trip (applyTicketChange needs the marks).
    const locked = await lockTicketWithMarks(trx, ticketId);
    if (!locked || !canSee(actor, { leadUnitId: locked.ticket.lead_unit_id, coUnitIds: locked.ticket.co_unit_ids })) {
      throw new DomainError("TICKET_NOT_FOUND", `ticket ${ticketId} not found`);
    }
    const ticket = locked.ticket;
    if (!mayAct(actor, action, { leadUnitId: ticket.lead_unit_id, coUnitIds: ticket.co_unit_ids })) {
      throw new DomainError("FORBIDDEN", `your roles do not allow ${action} on this ticket`);
    }
    if (options.ifMatch !== undefined && options.ifMatch !== ticket.version) {
      throw new DomainError("VERSION_CONFLICT", `ticket ${ticketId} is at version ${ticket.version}, not ${options.ifMatch}`);
    }
    await options.before?.(trx, ticket);
    const from = ticket.status as TicketStatus;
    let policy: PolicySettings | undefined;
    let calendar: WorkingCalendar | undefined;
    const ticketPolicy = async () => (policy ??= await deps.policy.byVersion(trx, ticket.policy_version));
    let input = options.inputFromPolicy ? { ...options.input, ...options.inputFromPolicy(await ticketPolicy(), ticket) } : options.input;
    if (options.inputFromTicket) input = { ...input, ...(await options.inputFromTicket(trx, ticket)) };
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
      currentPolicy: () => deps.policy.current(trx),
      calendar: async () => (calendar ??= await deps.calendar.get(trx)),
      usePolicy: (settings) => {
        policy = settings;
      },
      notify: (n) => deps.notifier.notify(trx, n),
      notifyUnits: (notices, at) => deps.notifier.notifyUnits(trx, notices, at),
      unitUserIds: (ids) => deps.notifier.unitUserIds(trx, ids),
    };
    const out = await step(s);
    const change = decide(factsOf(ticket), action, input ?? {}, { now, actorId: actor.id, unitId: ticket.lead_unit_id, closure: out.closure });
    const updated = await applyTicketChange(trx, { ticket, change, patch: out.patch, events: out.events, policy: await s.policy(), calendar: await s.calendar(), now, done: locked.done });
    if (!updated) throw new DomainError("VERSION_CONFLICT", `ticket ${ticketId} was changed by someone else; reload it`);
    const result = out.after ? await out.after(updated) : (out.result as T);
    return { ticket: updated, result };
  });
}
