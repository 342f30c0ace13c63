import type { TicketRow } from "../../db/schema.js";
import type { Actor } from "../../http/auth.js";
import { availableActions, type TicketFacts } from "../../domain/ticket/ticket.machine.js";
import { TicketAction, type Channel, type ClosureKind, type FirstContactState, type TicketStatus, type Urgency } from "../../domain/ticket/ticket.types.js";
import { DEADLINE_KINDS, OVERDUE_KINDS, clockRuns, type DeadlineViewKey, type OverdueViewKey } from "../../domain/ticket/deadline-kinds.js";
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

/** Each deadline kind's due time while its clock runs (DEADLINE_KINDS), else null. */
export function presentDeadlines(t: TicketRow): Record<DeadlineViewKey, string | null> {
  const out = {} as Record<DeadlineViewKey, string | null>;
  for (const k of DEADLINE_KINDS) out[k.viewKey] = clockRuns(k, t.status, t.first_contact_state) ? iso(t[k.dueColumn]) : null;
  return out;
}

/** Overdue per kind with an overdue flag: the flag set by the sweep or an action, or its running clock already past (rule 30). */
export function presentOverdue(t: TicketRow, now: Date): Record<OverdueViewKey, boolean> {
  const out = {} as Record<OverdueViewKey, boolean>;
  for (const k of OVERDUE_KINDS) out[k.overdue!.viewKey] = t[k.overdue!.column] || (clockRuns(k, t.status, t.first_contact_state) && past(t[k.dueColumn], now));
  return out;
}

/** The ticket as docs/API.md shows it, masked for the viewer, with the actions this viewer may take next. */
export function presentTicket(t: TicketRow, actor: Actor, now: Date) {
  const status = t.status as TicketStatus;
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
    deadlines: presentDeadlines(t),
    overdue: presentOverdue(t, now),
    firstContact: { state: t.first_contact_state as FirstContactState, at: iso(t.first_contact_at) },
    closure: t.closure_kind ? { kind: t.closure_kind as ClosureKind, at: iso(t.closed_at), remark: t.closure_remark } : null,
    excludedFromSatisfaction: t.excluded_from_satisfaction,
    pendingExtension: t.pending_extension,
    pendingExclusion: t.pending_exclusion,
    flaggedNoChange: t.flagged_no_change,
    repeatOf: t.repeat_of ?? null,
    repeatCount: t.repeat_count ?? 0,
    mergedInto: t.merged_into ?? null,
    assignedSectionId: t.assigned_section_id ?? null,
    assignedUserId: t.assigned_user_id ?? null,
    allowedActions,
  };
}

export type TicketView = ReturnType<typeof presentTicket>;
