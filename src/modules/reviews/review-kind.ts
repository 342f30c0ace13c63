import type { z } from "zod";
import type { Db } from "../../db/database.js";
import type { TicketUpdate } from "../../db/schema.js";
import type { TransitionInput } from "../../domain/ticket/ticket.machine.js";
import type { TicketEventInput } from "../../domain/ticket/ticket-events.js";
import type { TicketAction } from "../../domain/ticket/ticket.types.js";
import type { ActionStep } from "../tickets/ticket-action.js";
import type { ReviewRequestView } from "./review-request.presenter.js";

/** What a request does to the ticket: its columns (the pending flag, if any) and events (given the new id). */
export interface RequestEffects {
  patch: TicketUpdate;
  events: (requestId: number) => TicketEventInput[];
  late?: boolean;
}

/** What a decision does to the ticket, and what is stored as the request's `decision`. */
export interface DecisionEffects {
  approved: boolean;
  patch: TicketUpdate;
  events: TicketEventInput[];
  record: Record<string, unknown>;
}

/**
 * One kind of "request → review → decision" (issue 11): its payload and decision schemas, the machine
 * actions that file and decide it (who may do either is TICKET_PERMISSIONS of those actions, in
 * ticket.policy.ts), and its effects on the ticket, handed to the one write path through runTicketAction.
 */
export interface ReviewKind<
  P extends Record<string, unknown> = Record<string, unknown>,
  D extends Record<string, unknown> = Record<string, unknown>,
  Prep = unknown,
  V extends Record<string, unknown> = Record<string, unknown>,
> {
  /** The `kind` column. */
  kind: string;
  /** For messages ("return request 7 not found"). */
  noun: string;
  /** The action that files it; null when another action files it as a side effect (a reply with sign-off). */
  requestAction: TicketAction | null;
  decideAction: TicketAction;
  payload: z.ZodType<P>;
  decision: z.ZodType<D>;
  /** Input checks that need the database, before the transaction (a 400 names the field). */
  prepareRequest?: (db: Db, payload: P) => Promise<void>;
  prepareDecision?: (db: Db, decision: D) => Promise<Prep>;
  /** The machine's input for the decision (e.g. approve, reassign). */
  decideInput?: (decision: D, prep: Prep) => TransitionInput;
  onRequest?: (s: ActionStep, payload: P) => Promise<RequestEffects>;
  onDecide: (s: ActionStep, request: ReviewRequestView<P, Partial<D>>, decision: D, prep: Prep) => Promise<DecisionEffects>;
  /** The record as the ticket detail shows it (the API's field names, unchanged since the kinds had tables). */
  view: (r: ReviewRequestView<P, Record<string, unknown>>) => V;
  /** The answer to filing it (defaults to `view`). */
  requestView?: (r: ReviewRequestView<P, Record<string, unknown>>) => Record<string, unknown>;
}

/** Declares a kind with its types inferred from its schemas. */
export const defineKind = <P extends Record<string, unknown>, D extends Record<string, unknown>, Prep = undefined, V extends Record<string, unknown> = Record<string, unknown>>(
  k: ReviewKind<P, D, Prep, V>,
) => k;

/** The requests of one kind in the kind's own view (the ticket detail's `returnRequests`, …). */
export function viewsOf<P extends Record<string, unknown>, D extends Record<string, unknown>, Prep, V extends Record<string, unknown>>(kind: ReviewKind<P, D, Prep, V>, all: readonly ReviewRequestView[]): V[] {
  return all.filter((r) => r.kind === kind.kind).map((r) => kind.view(r as ReviewRequestView<P, Record<string, unknown>>));
}
