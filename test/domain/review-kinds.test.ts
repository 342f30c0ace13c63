import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.js";
import type { TicketRow } from "../../src/db/schema.js";
import { WorkingCalendar } from "../../src/domain/calendar/calendar.js";
import { DEFAULT_POLICY } from "../../src/domain/policy/policy.js";
import { EVENT_DATA } from "../../src/domain/ticket/ticket-events.js";
import { nextStatus } from "../../src/domain/ticket/ticket.machine.js";
import { TICKET_ACTIONS, type TicketAction, type TicketStatus } from "../../src/domain/ticket/ticket.types.js";
import type { ReviewKind } from "../../src/modules/reviews/review-kind.js";
import { REVIEW_KINDS, reviewKind } from "../../src/modules/reviews/review-kinds.js";
import type { ReviewRequestView } from "../../src/modules/reviews/review-request.presenter.js";
import type { ActionStep } from "../../src/modules/tickets/ticket-action.js";
import { factsOf } from "../../src/modules/tickets/ticket.presenter.js";
import { TICKET_PERMISSIONS } from "../../src/modules/tickets/ticket.policy.js";

/**
 * Issue 11 "one review-request module": each kind is one entry of REVIEW_KINDS. The table below is what
 * each entry must do; a kind added to REVIEW_KINDS without a row here fails the first test.
 */
interface Expect {
  requestAction: TicketAction | null;
  decideAction: TicketAction;
  /** The ticket's status when the request is filed and decided. */
  status: TicketStatus;
  payload: Record<string, unknown>;
  approve: Record<string, unknown>;
  refuse: Record<string, unknown>;
  /** The pending flag the request sets (and the decision clears). */
  requestPatch: Record<string, unknown> | null;
  approvePatch: Record<string, unknown>;
  approveEvent: string;
  refuseEvent: string;
  viewKeys: string[] | null;
}

const EXPECTED: Record<string, Expect> = {
  return: {
    requestAction: "request_return",
    decideAction: "decide_return",
    status: "signed",
    payload: { reason: "不属于本单位", basis: null, verified: null, suggestedUnitId: null },
    approve: { approve: true },
    refuse: { approve: false, note: "继续办理" },
    requestPatch: { resume_status: "signed" },
    approvePatch: { resume_status: null, lead_unit_id: null },
    approveEvent: "ticket.return_approved",
    refuseEvent: "ticket.return_refused",
    viewKeys: ["addedCoUnitIds", "basis", "createdAt", "decidedAt", "decisionNote", "id", "keptAsLead", "late", "newFacts", "reason", "status", "suggestedUnitId", "ticketId", "unitId", "verified"],
  },
  extension: {
    requestAction: "request_extension",
    decideAction: "decide_extension",
    status: "signed",
    payload: { workingDays: 3, reason: "需要核实" },
    approve: { approve: true },
    refuse: { approve: false },
    requestPatch: { pending_extension: true },
    approvePatch: { pending_extension: false, reply_due_at: expect.any(Date) },
    approveEvent: "ticket.extension_approved",
    refuseEvent: "ticket.extension_refused",
    viewKeys: ["createdAt", "decidedAt", "grantedDays", "id", "reason", "status", "workingDays"],
  },
  exclusion: {
    requestAction: "request_exclusion",
    decideAction: "decide_exclusion",
    status: "replied",
    payload: { reasonCode: "duplicate", explanation: "重复" },
    approve: { approve: true },
    refuse: { approve: false },
    requestPatch: { pending_exclusion: true },
    approvePatch: { pending_exclusion: false, excluded_from_satisfaction: true },
    approveEvent: "ticket.exclusion_approved",
    refuseEvent: "ticket.exclusion_refused",
    viewKeys: ["createdAt", "decidedAt", "explanation", "id", "reasonCode", "status"],
  },
  reply_sign_off: {
    requestAction: null,
    decideAction: "approve_reply",
    status: "reply_review",
    payload: { replyId: 7 },
    approve: {},
    refuse: { approve: false, note: "补充" },
    requestPatch: null,
    approvePatch: { replied_at: expect.any(Date), auto_close_at: expect.any(Date) },
    approveEvent: "ticket.reply_approved",
    refuseEvent: "ticket.reply_approved",
    viewKeys: null,
  },
};

const now = new Date("2025-03-05T10:00:00+08:00");
const ticket = (status: TicketStatus): TicketRow =>
  ({
    id: 1,
    number: "20250303-000001",
    status,
    lead_unit_id: 10,
    co_unit_ids: [],
    dispatched_at: new Date("2025-03-03T09:00:00+08:00"),
    signed_at: new Date("2025-03-03T10:00:00+08:00"),
    reply_due_at: new Date("2025-03-10T23:59:59.999+08:00"),
    sign_due_at: null,
    contact_due_at: null,
    progress_due_at: null,
    reply_overdue: false,
    deadline_cycle: 1,
    first_contact_state: "reached",
    resume_status: status === "return_requested" ? "signed" : null,
    pending_extension: true,
    pending_exclusion: true,
    excluded_from_satisfaction: false,
    closure_kind: null,
    urgency: "normal",
    anonymous: false,
  }) as unknown as TicketRow;

/** A step with no database: records the notifications; the reply's update goes to a recording stub. */
function step(status: TicketStatus) {
  const writes: string[] = [];
  const chain = new Proxy({}, { get: (_t, p) => (p === "execute" ? async () => writes.push("replies") : () => chain) });
  const none: object = new Proxy({}, { get: (_t, p) => (p === "then" ? undefined : p === "executeTakeFirst" ? async () => undefined : () => none) });
  const s: ActionStep = {
    // the return kind looks up an earlier refused return (issue 18's refiling rule): none here
    trx: { updateTable: () => chain, selectFrom: () => none } as unknown as Db,
    ticket: ticket(status),
    from: status,
    to: status,
    now,
    actor: { id: 99, username: "x", name: "x", roles: ["dispatcher"], unitId: null },
    policy: async () => DEFAULT_POLICY,
    currentPolicy: async () => ({ version: 1, settings: DEFAULT_POLICY }),
    calendar: async () => new WorkingCalendar(),
    usePolicy: () => undefined,
    notify: async () => undefined,
    notifyUnits: async () => undefined,
    unitUserIds: async () => [],
  };
  return { s, writes };
}

const view = (k: ReviewKind, payload: Record<string, unknown>): ReviewRequestView => ({
  id: 7, kind: k.kind, ticketId: 1, unitId: 10, status: "pending", payload, decision: null, late: false,
  requestedBy: 5, requestedAt: "2025-03-04T02:00:00.000Z", decidedBy: null, decidedAt: null,
});

const kinds = REVIEW_KINDS as unknown as readonly ReviewKind[];

describe("review kinds (one table)", () => {
  it("every kind has one row in the expectations, and kinds are unique and found by name", () => {
    expect(kinds.map((k) => k.kind).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const k of kinds) expect(reviewKind(k.kind)).toBe(k);
    expect(reviewKind("no_such_kind")).toBeUndefined();
  });

  describe.each(kinds.map((k) => [k.kind, k] as const))("%s", (name, k) => {
    const e = EXPECTED[name]!;

    it("names its machine actions; who may file and decide is ticket.policy.ts for those actions", () => {
      expect(k.requestAction).toBe(e.requestAction);
      expect(k.decideAction).toBe(e.decideAction);
      for (const a of [k.requestAction, k.decideAction]) {
        if (a === null) continue;
        expect(TICKET_ACTIONS).toContain(a);
        const who = TICKET_PERMISSIONS[a];
        expect((who.center?.length ?? 0) + (who.leadUnit?.length ?? 0)).toBeGreaterThan(0);
      }
    });

    it("its payload schema accepts a valid payload and refuses an empty one", () => {
      expect(k.payload.parse(e.payload)).toEqual(e.payload);
      expect(k.payload.safeParse({}).success).toBe(false);
      expect(k.decision.safeParse(e.approve).success).toBe(true);
    });

    it("filing sets the kind's pending flag and writes a typed event carrying the request id", async () => {
      if (!k.onRequest) {
        expect(e.requestPatch).toBeNull();
        return;
      }
      const { s } = step(e.status);
      const fx = await k.onRequest(s, k.payload.parse(e.payload));
      expect(fx.patch).toEqual(e.requestPatch);
      const events = fx.events(42);
      expect(events).toHaveLength(1);
      expect(events[0]!.data).toMatchObject({ requestId: 42 });
      expect(Object.keys(EVENT_DATA)).toContain(events[0]!.type);
      // the machine lets the request through from the status it is filed in
      const facts = { ...factsOf(s.ticket), pendingExtension: false, pendingExclusion: false };
      expect(() => nextStatus(facts, k.requestAction!, {})).not.toThrow();
    });

    it("approval and refusal: the decision's patch, events and stored record", async () => {
      const approve = k.decision.parse(e.approve);
      const prep = await k.prepareDecision?.(null as unknown as Db, approve);
      const { s, writes } = step(e.status);
      const ok = await k.onDecide(s, view(k, e.payload), approve, prep);
      expect(ok.approved).toBe(true);
      expect(ok.patch).toMatchObject(e.approvePatch);
      expect(ok.events[0]!.type).toBe(e.approveEvent);
      const refuse = k.decision.parse(e.refuse);
      const no = await k.onDecide(step(e.status).s, view(k, e.payload), refuse, await k.prepareDecision?.(null as unknown as Db, refuse));
      expect(no.approved).toBe(false);
      expect(no.events[0]!.type).toBe(e.refuseEvent);
      expect(no.record).toHaveProperty("note");
      if (name === "reply_sign_off") expect(writes).toEqual(["replies"]);
    });

    it("its view keeps the API's field names", () => {
      if (e.viewKeys === null) return;
      expect(Object.keys(k.view(view(k, e.payload))).sort()).toEqual(e.viewKeys);
    });
  });
});
