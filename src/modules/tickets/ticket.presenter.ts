import type { TicketRow } from "../../db/schema.js";
import type { Actor } from "../../http/auth.js";
import { availableActions, type TicketFacts } from "../../domain/ticket/ticket.machine.js";
import { TicketAction, type Channel, type ClosureKind, type FirstContactState, type TicketStatus, type Urgency } from "../../domain/ticket/ticket.types.js";
import { mayAct, maySeePhone } from "./ticket.policy.js";

/** Masks a phone number: 13812345678 → 138****5678; short numbers keep only their last two digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\s/g, "");
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${"*".repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

export function factsOf(t: TicketRow): TicketFacts {
  return {
    status: t.status as TicketStatus,
    closureKind: t.closure_kind as ClosureKind | null,
    resumeStatus: t.resume_status as TicketStatus | null,
    pendingExtension: t.pending_extension,
    pendingExclusion: t.pending_exclusion,
    excludedFromSatisfaction: t.excluded_from_satisfaction,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const past = (due: Date | null, now: Date) => !!due && now.getTime() > due.getTime();

/** The ticket as CONTRACT.md shows it, masked for the viewer, with the actions this viewer may take next. */
export function presentTicket(t: TicketRow, actor: Actor, now: Date) {
  const status = t.status as TicketStatus;
  const awaitingSign = status === "dispatched";
  const contactPending = t.first_contact_state === "pending" || t.first_contact_state === "missed";
  const handling = status === "dispatched" || status === "signed" || status === "return_requested" || status === "reply_review";
  const scope = { leadUnitId: t.lead_unit_id, coUnitIds: t.co_unit_ids };
  const allowedActions = availableActions(factsOf(t)).filter(
    (a) => a !== TicketAction.AutoClose && mayAct(actor, a, scope) && !(a === TicketAction.RevealPhone && (!t.requester_phone || maySeePhone(actor))),
  );
  return {
    id: t.id,
    number: t.number,
    status,
    urgency: t.urgency as Urgency,
    channel: t.channel as Channel,
    title: t.title,
    content: t.content,
    business: t.business,
    address: t.address,
    externalRef: t.external_ref,
    requester: {
      name: t.anonymous ? null : t.requester_name,
      phone: maySeePhone(actor) ? t.requester_phone : maskPhone(t.requester_phone),
      anonymous: t.anonymous,
    },
    categoryId: t.category_id,
    receivedAt: t.received_at.toISOString(),
    createdAt: t.created_at.toISOString(),
    leadUnitId: t.lead_unit_id,
    coUnitIds: t.co_unit_ids,
    dispatchMode: t.dispatch_mode,
    dispatchedAt: iso(t.dispatched_at),
    signedAt: iso(t.signed_at),
    repliedAt: iso(t.replied_at),
    redoCount: t.redo_count,
    version: t.version,
    policyVersion: t.policy_version,
    deadlines: {
      signDueAt: awaitingSign ? iso(t.sign_due_at) : null,
      contactDueAt: contactPending && status !== "closed" ? iso(t.contact_due_at) : null,
      replyDueAt: handling ? iso(t.reply_due_at) : null,
      progressDueAt: handling ? iso(t.progress_due_at) : null,
      autoCloseAt: status === "replied" ? iso(t.auto_close_at) : null,
    },
    overdue: {
      sign: t.sign_overdue || (awaitingSign && past(t.sign_due_at, now)),
      contact: t.contact_overdue || (contactPending && status !== "closed" && status !== "pending_dispatch" && past(t.contact_due_at, now)),
      reply: t.reply_overdue || (handling && past(t.reply_due_at, now)),
    },
    firstContact: { state: t.first_contact_state as FirstContactState, at: iso(t.first_contact_at) },
    closure: t.closure_kind ? { kind: t.closure_kind as ClosureKind, at: iso(t.closed_at), remark: t.closure_remark } : null,
    excludedFromSatisfaction: t.excluded_from_satisfaction,
    pendingExtension: t.pending_extension,
    pendingExclusion: t.pending_exclusion,
    flaggedNoChange: t.flagged_no_change,
    allowedActions,
  };
}

export type TicketView = ReturnType<typeof presentTicket>;
