import { z } from "zod";
import { invalid } from "../../domain/errors.js";
import { autoCloseAt, extendReplyDue, resumeDueAfterPause, returnDueAt } from "../../domain/policy/deadlines.js";
import { ticketEvent } from "../../domain/ticket/ticket-events.js";
import { propagateToMerged } from "../tickets/use-cases/merge-ticket.js";
import { EXCLUSION_REASONS, TicketAction, type ExclusionReason } from "../../domain/ticket/ticket.types.js";
import type { TicketUpdate } from "../../db/schema.js";
import { dispatchPatch } from "../tickets/dispatch-plan.js";
import { validateDispatchTarget } from "../tickets/use-cases/dispatch-ticket.js";
import { defineKind, type ReviewKind } from "./review-kind.js";
import { refileRefusal } from "../../domain/ticket/returns.js";
import { DomainError } from "../../domain/errors.js";

/**
 * Every kind of review request, declared once (issue 11). The generic workflow (review-workflow.ts) files
 * and decides each through runTicketAction, so the machine decides the status and applyTicketChange writes
 * the kind's patch and events; the repository stores every kind in `review_requests`. Adding a kind (e.g.
 * issue 13's supervision notice) is one entry here (plus its actions in the machine and ticket.policy.ts).
 */

const note = z.string().max(2000).optional();
const nullable = (s: string | undefined | null) => s ?? null;

export const returnRequest = defineKind({
  kind: "return",
  noun: "return request",
  requestAction: TicketAction.RequestReturn,
  decideAction: TicketAction.DecideReturn,
  payload: z.object({ reason: z.string(), basis: z.string().nullable(), verified: z.string().nullable(), suggestedUnitId: z.number().int().nullable(), newFacts: z.string().nullable().optional() }),
  // keepAsLead (rule 16, issue 18): refuse the return but add co-units to share the work.
  decision: z.object({ approve: z.boolean(), note, reassignTo: z.number().int().optional(), coUnitIds: z.array(z.number().int()).optional(), keepAsLead: z.boolean().optional() }),
  prepareRequest: async (db, p) => {
    if (p.suggestedUnitId === null) return;
    const unit = await db.selectFrom("units").select("id").where("id", "=", p.suggestedUnitId).executeTakeFirst();
    if (!unit) throw invalid("suggestedUnitId", "no such unit");
  },
  prepareDecision: async (db, d) => {
    if (d.keepAsLead) {
      if (d.approve) throw invalid("keepAsLead", "keeping the unit as lead refuses the return: send approve false");
      if (!d.coUnitIds?.length) throw invalid("coUnitIds", "name the co-units to add when keeping the unit as lead");
      const units = await db.selectFrom("units").select(["id", "kind"]).where("id", "in", d.coUnitIds).execute();
      for (const id of d.coUnitIds) {
        const u = units.find((x) => x.id === id);
        if (!u || u.kind === "center" || u.kind === "section") throw invalid("coUnitIds", `no handler unit ${id}`);
      }
      return null;
    }
    return d.approve && d.reassignTo ? validateDispatchTarget(db, { unitId: d.reassignTo, coUnitIds: d.coUnitIds }, "reassignTo") : null;
  },
  decideInput: (d, target) => ({ approve: d.approve, reassign: !!target }),
  // docs/RULES.md rule 16: a request after the window is accepted and marked late; the ticket remembers where it was.
  onRequest: async (s, p) => {
    // Issue 18 (docs/WORKDAY.md): after a refusal in this dispatch cycle, only with new facts.
    const last = await s.trx
      .selectFrom("review_requests")
      .select(["unit_id", "payload", "requested_at"])
      .where("kind", "=", "return")
      .where("ticket_id", "=", s.ticket.id)
      .where("status", "=", "refused")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    const cycleStart = s.ticket.dispatched_at?.getTime() ?? 0;
    const refused = last
      ? { unitId: last.unit_id, reason: String((last.payload as { reason?: string }).reason ?? ""), verified: ((last.payload as { verified?: string | null }).verified ?? null) as string | null, cycle: last.requested_at.getTime() >= cycleStart ? 1 : 0 }
      : null;
    const why = refileRefusal(refused, s.actor.unitId, 1, p.newFacts);
    if (why) throw new DomainError("RETURN_NEEDS_NEW_FACTS", why, "newFacts");
    const due = returnDueAt(await s.policy(), await s.calendar(), { dispatchedAt: s.ticket.dispatched_at ?? s.now, signedAt: s.ticket.signed_at });
    const late = !!due && s.now.getTime() > due.getTime();
    return {
      late,
      patch: { resume_status: s.from },
      events: (requestId) => [
        ticketEvent("ticket.return_requested", s.now, s.actor.id, s.ticket.lead_unit_id, {
          requestId,
          ...p,
          late,
          returnDueAt: due?.toISOString() ?? null,
          firstContactState: s.ticket.first_contact_state as "pending",
        }),
      ],
    };
  },
  // Refuse → the unit keeps the ticket in the status it had; approve → back to dispatch, or straight to reassignTo.
  onDecide: async (s, request, d, target) => {
    let patch: TicketUpdate = { resume_status: null };
    const added = d.keepAsLead ? [...new Set(d.coUnitIds ?? [])].filter((id) => !s.ticket.co_unit_ids.includes(id)) : [];
    if (d.keepAsLead && s.ticket.lead_unit_id !== null && added.includes(s.ticket.lead_unit_id)) throw invalid("coUnitIds", "the lead unit cannot also be a co-unit");
    if (d.approve && target) {
      const current = await s.currentPolicy();
      s.usePolicy(current.settings);
      patch = { ...dispatchPatch(current.settings, await s.calendar(), s.ticket, target, s.now), policy_version: current.version || null };
    } else if (!d.approve) {
      // returnStopsClock (POLICIES.md): the unit's clocks resume with the working time they had left.
      const policy = await s.policy();
      if (policy.returnStopsClock) {
        const cal = await s.calendar();
        const since = new Date(request.requestedAt);
        const resume = (due: Date | null) => (due ? resumeDueAfterPause(policy, cal, due, since, s.now) : null);
        patch = { ...patch, sign_due_at: resume(s.ticket.sign_due_at), contact_due_at: resume(s.ticket.contact_due_at), reply_due_at: resume(s.ticket.reply_due_at), deadline_cycle: s.ticket.deadline_cycle + 1 };
      }
    } else {
      patch = { resume_status: null, lead_unit_id: null, co_unit_ids: [], sign_due_at: null, contact_due_at: null, reply_due_at: null, progress_due_at: null, signed_at: null };
    }
    if (added.length > 0) patch = { ...patch, co_unit_ids: [...s.ticket.co_unit_ids, ...added], dispatch_mode: "designated" };
    const unitId = request.unitId!;
    await s.notify({
      userIds: await s.unitUserIds([unitId, ...(target ? [target.leadUnitId, ...target.coUnitIds] : []), ...added]),
      ticketId: s.ticket.id,
      kind: d.approve ? "return.approved" : "return.refused",
      title: `${s.ticket.number} 退单申请${d.approve ? "已同意" : "未同意"}`,
      body: d.note,
      at: s.now,
    });
    return {
      approved: d.approve,
      patch,
      record: { note: nullable(d.note), reassignTo: target?.leadUnitId ?? null, ...(d.keepAsLead && { keptAsLead: true, addedCoUnitIds: added }) },
      events: [
        ticketEvent(d.approve ? "ticket.return_approved" : "ticket.return_refused", s.now, s.actor.id, unitId, { requestId: request.id, note: nullable(d.note), reassignTo: target?.leadUnitId ?? null }),
        ...(target ? [ticketEvent("ticket.dispatched", s.now, s.actor.id, target.leadUnitId, { ...target, note: nullable(d.note) })] : []),
        ...(added.length > 0 ? [ticketEvent("ticket.co_units_added", s.now, s.actor.id, s.ticket.lead_unit_id, { requestId: request.id, coUnitIds: added, note: nullable(d.note) })] : []),
      ],
    };
  },
  view: (r) => ({
    id: r.id,
    ticketId: r.ticketId,
    unitId: r.unitId,
    reason: r.payload.reason,
    basis: r.payload.basis,
    verified: r.payload.verified,
    suggestedUnitId: r.payload.suggestedUnitId,
    late: r.late ?? false,
    status: r.status,
    decisionNote: (r.decision?.note as string | null | undefined) ?? null,
    newFacts: r.payload.newFacts ?? null,
    keptAsLead: r.decision?.keptAsLead === true,
    addedCoUnitIds: (r.decision?.addedCoUnitIds as number[] | undefined) ?? [],
    createdAt: r.requestedAt,
    decidedAt: r.decidedAt,
  }),
});

export const extensionRequest = defineKind({
  kind: "extension",
  noun: "extension request",
  requestAction: TicketAction.RequestExtension,
  decideAction: TicketAction.DecideExtension,
  payload: z.object({ workingDays: z.number().int(), reason: z.string() }),
  decision: z.object({ approve: z.boolean(), workingDays: z.number().int().optional(), note }),
  onRequest: async (s, p) => ({
    patch: { pending_extension: true },
    events: (requestId) => [ticketEvent("ticket.extension_requested", s.now, s.actor.id, s.ticket.lead_unit_id, { requestId, ...p })],
  }),
  // Approval moves replyDueAt by the granted working days (default: those asked for) and starts a new warning cycle.
  onDecide: async (s, request, d) => {
    const granted = d.approve ? (d.workingDays ?? request.payload.workingDays) : null;
    const replyDue = granted && s.ticket.reply_due_at ? extendReplyDue(await s.policy(), await s.calendar(), s.ticket.reply_due_at, granted) : null;
    const unitId = request.unitId!;
    await s.notify({
      userIds: await s.unitUserIds([unitId]),
      ticketId: s.ticket.id,
      kind: d.approve ? "extension.approved" : "extension.refused",
      title: `${s.ticket.number} 延期申请${d.approve ? `已同意（${granted} 个工作日）` : "未同意"}`,
      at: s.now,
    });
    return {
      approved: d.approve,
      patch: {
        pending_extension: false,
        ...(replyDue && { reply_due_at: replyDue, deadline_cycle: s.ticket.deadline_cycle + 1, reply_overdue: s.ticket.reply_overdue && s.now > replyDue }),
      },
      record: { grantedDays: granted, note: nullable(d.note) },
      events: [
        ticketEvent(d.approve ? "ticket.extension_approved" : "ticket.extension_refused", s.now, s.actor.id, unitId, {
          requestId: request.id,
          workingDays: granted,
          replyDueAt: replyDue?.toISOString() ?? null,
          note: nullable(d.note),
        }),
      ],
    };
  },
  requestView: (r) => ({ id: r.id, workingDays: r.payload.workingDays, reason: r.payload.reason, status: r.status, createdAt: r.requestedAt }),
  view: (r) => ({
    id: r.id,
    workingDays: r.payload.workingDays,
    reason: r.payload.reason,
    status: r.status,
    grantedDays: (r.decision?.grantedDays as number | null | undefined) ?? null,
    createdAt: r.requestedAt,
    decidedAt: r.decidedAt,
  }),
});

const exclusionReason = z.enum(Object.keys(EXCLUSION_REASONS) as [ExclusionReason, ...ExclusionReason[]]);

// docs/RULES.md rule 26: the unit picks a reason from the list and explains; approval takes the ticket out of satisfaction scoring.
export const exclusionRequest = defineKind({
  kind: "exclusion",
  noun: "exclusion request",
  requestAction: TicketAction.RequestExclusion,
  decideAction: TicketAction.DecideExclusion,
  payload: z.object({ reasonCode: exclusionReason, explanation: z.string() }),
  decision: z.object({ approve: z.boolean(), note }),
  onRequest: async (s, p) => ({
    patch: { pending_exclusion: true },
    events: (requestId) => [
      ticketEvent("ticket.exclusion_requested", s.now, s.actor.id, s.ticket.lead_unit_id, { requestId, reasonCode: p.reasonCode, reason: EXCLUSION_REASONS[p.reasonCode], explanation: p.explanation }),
    ],
  }),
  onDecide: async (s, request, d) => ({
    approved: d.approve,
    patch: { pending_exclusion: false, ...(d.approve && { excluded_from_satisfaction: true }) },
    record: { note: nullable(d.note) },
    events: [
      ticketEvent(d.approve ? "ticket.exclusion_approved" : "ticket.exclusion_refused", s.now, s.actor.id, request.unitId, { requestId: request.id, reasonCode: request.payload.reasonCode, note: nullable(d.note) }),
    ],
  }),
  requestView: (r) => ({ id: r.id, reasonCode: r.payload.reasonCode, explanation: r.payload.explanation, status: r.status, createdAt: r.requestedAt }),
  view: (r) => ({ id: r.id, reasonCode: r.payload.reasonCode, explanation: r.payload.explanation, status: r.status, createdAt: r.requestedAt, decidedAt: r.decidedAt }),
});

/**
 * Leader sign-off (docs/RULES.md rule 17). A reply stays its own record (`replies`: the text the requester is
 * told); a reply that waits for the unit leader files this request, with the reply's id as its own, so
 * /replies/:replyId/approve names it. Approval → replied (the follow-up and auto-close clocks start); refusal
 * sends the reply back to the handler (→ signed).
 */
export const replySignOff = defineKind({
  kind: "reply_sign_off",
  noun: "reply",
  requestAction: null,
  decideAction: TicketAction.ApproveReply,
  payload: z.object({ replyId: z.number().int() }),
  decision: z.object({ approve: z.boolean().optional(), note }),
  decideInput: (d) => ({ approve: d.approve !== false }),
  onDecide: async (s, request, d) => {
    const approve = d.approve !== false;
    // The reply record shows its outcome to whoever reads the ticket.
    await s.trx
      .updateTable("replies")
      // Issue 18: the responsible leader named on an approved reply is the user who signed it.
      .set({ status: approve ? "approved" : "rejected", approved_by: s.actor.id, approved_at: s.now, ...(approve && { leader_name: s.actor.name }) })
      .where("id", "=", request.payload.replyId)
      .execute();
    if (approve) {
      // Issue 15: requesters of tickets merged into this one get the approved reply too.
      const reply = await s.trx.selectFrom("replies").select("content").where("id", "=", request.payload.replyId).executeTakeFirst();
      await propagateToMerged(s.trx, s.ticket, "reply", reply?.content ?? null, s.actor.id, s.now);
    }
    return {
      approved: approve,
      patch: approve ? { replied_at: s.now, auto_close_at: autoCloseAt(await s.policy(), await s.calendar(), s.now) } : {},
      record: { note: nullable(d.note) },
      events: [ticketEvent("ticket.reply_approved", s.now, s.actor.id, s.ticket.lead_unit_id, { replyId: request.payload.replyId, approved: approve, note: nullable(d.note) })],
    };
  },
  view: (r) => ({ ...r }),
});

/** The table: one entry per kind. */
export const REVIEW_KINDS = [returnRequest, extensionRequest, exclusionRequest, replySignOff] as const;
export type ReviewKindName = (typeof REVIEW_KINDS)[number]["kind"];

export function reviewKind(name: string): ReviewKind | undefined {
  return REVIEW_KINDS.find((k) => k.kind === name) as unknown as ReviewKind | undefined;
}
