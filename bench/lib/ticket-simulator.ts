import { deadlineMarks, markKey } from "../../src/domain/ticket/deadline-marks.js";
import { TicketEventType as E, type TicketStatus } from "../../src/domain/ticket/ticket.types.js";
import type { City, CityUnit } from "./city.js";
import { personName } from "./city.js";
import { bool, copyLine, intArray, num, text, ts } from "./copy-writer.js";
import type { DeadlineSource, GenUrgency } from "./deadline-source.js";
import { Rng, WeightedPicker, weightedOptions, zipfWeights } from "./rng.js";
import type { SourceMessage, TextCorpus } from "./texts.js";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Column lists of the COPY streams, in the order the simulator writes them. */
export const COLUMNS = {
  tickets: [
    "id", "number", "status", "urgency", "channel", "title", "content", "business", "requester_name", "requester_phone",
    "anonymous", "category_id", "address", "received_at", "created_at", "created_by", "lead_unit_id", "co_unit_ids",
    "dispatch_mode", "dispatched_at", "signed_at", "replied_at", "closed_at", "closure_kind", "redo_count", "version",
    "resume_status", "deadline_cycle", "sign_due_at", "contact_due_at", "reply_due_at", "progress_due_at", "auto_close_at",
    "next_due_at", "sign_overdue", "contact_overdue", "reply_overdue", "first_contact_state", "first_contact_at",
    "excluded_from_satisfaction",
  ],
  ticket_events: ["id", "ticket_id", "type", "at", "actor_id", "unit_id", "data"],
  contact_attempts: ["id", "ticket_id", "unit_id", "at", "method", "outcome", "counted", "actor_id", "created_at"],
  // Return requests are rows of review_requests (kind "return"; src/modules/reviews/review-kinds.ts).
  review_requests: ["id", "kind", "ticket_id", "unit_id", "payload", "status", "requested_by", "requested_at", "decided_by", "decided_at", "decision", "late"],
  replies: [
    "id", "ticket_id", "unit_id", "round", "content", "result", "handler_name", "leader_name", "status", "approved_by",
    "approved_at", "late", "actor_id", "created_at",
  ],
  follow_ups: ["id", "ticket_id", "round", "outcome", "contacted", "informed", "resolved", "decision", "note", "actor_id", "at"],
  deadline_marks: ["ticket_id", "deadline", "kind", "cycle", "at"],
} as const;
export type TableName = keyof typeof COLUMNS;

/** Where the simulator writes COPY lines. */
export type Sink = Record<TableName, (line: string) => void>;

/** A category the generator may put on a ticket: a leaf of the taxonomy with its first-level name. */
export interface LeafCategory {
  id: number;
  level1: string;
}

/** Counts kept while generating, for the summary printed at the end. */
export interface Tally {
  statuses: Record<string, number>;
  closures: Record<string, number>;
  events: number;
  overdue: { sign: number; contact: number; reply: number };
  redone: number;
  returns: number;
}

const channelOf = weightedOptions<string>([
  ["phone", 68], ["web", 10], ["wechat", 9], ["app", 6], ["mailbox", 3], ["weibo", 1], ["upstream", 3],
]);
const urgencyOf = weightedOptions<GenUrgency>([["ordinary", 94], ["urgent", 4.5], ["special", 1.2], ["special_urgent", 0.3]]);
const followUpOutcome = weightedOptions<string>([["satisfied", 68], ["basically_satisfied", 14], ["unsatisfied", 10], ["unreachable", 8]]);
const replyResult = weightedOptions<string>([["resolved", 68], ["explained", 27], ["unresolved", 5]]);
const RETURN_REASONS = ["该诉求不属于本单位职责范围", "经核实，诉求地点不在本辖区", "该事项由行业主管部门负责", "涉及多个部门职责，建议指定主办单位"];
const OPENERS = ["", "", "市民来电反映：", "来电人称：", "网友留言：", "市民反映："];
const TAILS = ["", "", "", "希望相关部门尽快处理。", "请相关部门核实处理，谢谢。", "盼复。"];

/** Everything fixed for one generation run. */
export interface SimulatorContext {
  city: City;
  leaves: LeafCategory[];
  corpus: TextCorpus;
  deadlines: DeadlineSource;
  /** The generator's "now": nothing happens after it; open tickets keep their running clocks. */
  endMs: number;
}

interface Ev {
  type: string;
  at: number;
  actor: number | null;
  unit: number | null;
  data: string;
}

/**
 * Plays one ticket's lifecycle (docs/RULES.md rules 14–25) from its receipt up to `endMs` and writes the
 * ticket row and its records, so the row always agrees with its events: status, redo count, closure,
 * overdue flags (set when a deadline passed before the action), first-contact state, running clocks.
 */
export class TicketSimulator {
  private readonly messagePicker: WeightedPicker;
  private readonly townPicker: WeightedPicker;
  private readonly townOrder: CityUnit[];
  private readonly deptPicker: WeightedPicker;
  private readonly deptOrder: CityUnit[];
  private readonly bySector = new Map<string, CityUnit[]>();
  private readonly leavesByLevel1 = new Map<string, LeafCategory[]>();
  private readonly frequentCallers: string[];
  private readonly ids = { event: 0, contact: 0, ret: 0, reply: 0, followUp: 0 };
  readonly tally: Tally = { statuses: {}, closures: {}, events: 0, overdue: { sign: 0, contact: 0, reply: 0 }, redone: 0, returns: 0 };

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly sink: Sink,
    setupRng: Rng,
  ) {
    this.messagePicker = new WeightedPicker(ctx.corpus.messages.map((m) => m.weight));
    // A few towns and departments take most tickets: Zipf over a seeded shuffle (the unit skew).
    this.townOrder = shuffle(setupRng, ctx.city.towns);
    this.townPicker = new WeightedPicker(zipfWeights(this.townOrder.length, 0.9));
    this.deptOrder = shuffle(setupRng, ctx.city.departments);
    this.deptPicker = new WeightedPicker(zipfWeights(this.deptOrder.length, 1.0));
    for (const d of this.deptOrder) for (const s of d.sectors) this.bySector.set(s, [...(this.bySector.get(s) ?? []), d]);
    for (const leaf of ctx.leaves) this.leavesByLevel1.set(leaf.level1, [...(this.leavesByLevel1.get(leaf.level1) ?? []), leaf]);
    this.frequentCallers = Array.from({ length: 5000 }, () => phoneNumber(setupRng));
  }

  private chooseUnit(rng: Rng, level1: string | null, exclude?: number): CityUnit {
    for (let i = 0; i < 5; i++) {
      let unit: CityUnit;
      if (rng.chance(0.55)) unit = this.townOrder[this.townPicker.pick(rng)];
      else {
        const competent = level1 ? this.bySector.get(level1) : undefined;
        unit = competent && rng.chance(0.85) ? competent[Math.min(competent.length - 1, Math.floor(Math.abs(rng.normal()) * 1.2))] : this.deptOrder[this.deptPicker.pick(rng)];
      }
      if (unit.id !== exclude) return unit;
    }
    return this.townOrder[(this.townOrder.findIndex((u) => u.id === exclude) + 1) % this.townOrder.length];
  }

  private staff(unitId: number, rng: Rng): { leader: number; handler: number } {
    const s = this.ctx.city.unitStaff.get(unitId);
    if (!s) throw new Error(`no staff for unit ${unitId}`);
    return { leader: s.leader, handler: rng.pick(s.handlers) };
  }

  /** Generates ticket `id` received at `receivedAt`, with a per-ticket RNG so output is stable. */
  generate(id: number, number: string, receivedAt: number, rng: Rng): void {
    const { city, deadlines: dl, endMs } = this.ctx;
    const cs = city.centerStaff;
    const msg: SourceMessage = this.ctx.corpus.messages[this.messagePicker.pick(rng)];
    const leaves = (msg.label && this.leavesByLevel1.get(msg.label)) || this.ctx.leaves;
    const category = leaves[Math.min(leaves.length - 1, Math.floor(Math.abs(rng.normal()) * leaves.length * 0.35))];
    const level1 = msg.label ?? category.level1;
    const channel = channelOf(rng);
    const urgency = urgencyOf(rng);
    const anonymous = rng.chance(channel === "phone" ? 0.06 : 0.15);
    const business = rng.chance(0.06);
    const operator = rng.pick(cs.operator);
    const events: Ev[] = [];
    const ev = (type: string, at: number, actor: number | null, unit: number | null, data: Record<string, unknown> = {}): void => {
      events.push({ type, at, actor, unit, data: JSON.stringify(data) });
    };

    let lead = this.chooseUnit(rng, level1);
    const district = lead.region ?? rng.pick(this.townOrder).region ?? "东湖区";
    const title = vary(msg.title, district, rng, false);
    const content = rng.pick(OPENERS) + vary(msg.content, district, rng, true) + rng.pick(TAILS);
    const requesterName = anonymous ? null : personName(rng);
    const phone = anonymous && rng.chance(0.5) ? null : rng.chance(0.15) ? rng.pick(this.frequentCallers) : phoneNumber(rng);
    const address = rng.chance(0.7) ? `${district}${rng.pick(["人民路", "解放路", "建设路", "滨江路", "长安街", "新华路"])}${1 + rng.int(300)}号` : null;

    // The ticket's state, advanced event by event; nothing after endMs happens.
    const t = {
      status: "pending_dispatch", coUnits: [] as number[], mode: null as string | null, dispatchedAt: null as number | null,
      signedAt: null as number | null, repliedAt: null as number | null, closedAt: null as number | null, closure: null as string | null,
      redo: 0, cycle: 0, resume: null as string | null, signDue: null as number | null, contactDue: null as number | null,
      replyDue: null as number | null, progressDue: null as number | null, autoClose: null as number | null,
      signOver: false, contactOver: false, replyOver: false, fcState: anonymous ? "not_required" : "pending", fcAt: null as number | null,
      excluded: false,
    };
    const marks: string[] = [];
    const marked = new Set<string>();
    const overdue = (deadline: "sign" | "contact" | "reply", due: number): void => {
      marked.add(`${t.cycle}|${deadline}|overdue`);
      // The sweep (src/jobs/deadline-sweep.job.ts) marks a passed deadline once per cycle and writes the event.
      ev(E.Overdue, due + MIN, null, lead.id, { deadline, dueAt: new Date(due).toISOString() });
      marks.push(copyLine([num(id), deadline, "overdue", num(t.cycle), ts(due + MIN)]));
      if (deadline === "contact" && t.fcState === "pending") t.fcState = "missed";
    };
    const answered = rng.chance(channel === "phone" ? 0.12 : 0.03);
    ev(E.Created, receivedAt, operator, null, { channel, urgency, business, answeredDirectly: answered });

    const simulate = (): void => {
      if (answered) {
        // Rule 2: answered on the call from the knowledge base; recorded, closed at once.
        t.status = "closed";
        t.closure = "answered_directly";
        t.closedAt = receivedAt;
        t.fcState = "not_required";
        ev(E.Closed, receivedAt, operator, null, { kind: "answered_directly" });
        return;
      }
      let at = receivedAt + Math.min(20 * HOUR, rng.logNormal(urgency === "ordinary" ? 40 * MIN : 8 * MIN, 1));
      let returns = 0;
      for (;;) {
        // Dispatch (rule 2: the same day; deadlines start at dispatch, docs/API.md).
        if (at > endMs) return;
        if (t.status === "pending_dispatch") {
          if (rng.chance(0.08)) {
            t.mode = "designated";
            t.coUnits = [this.chooseUnit(rng, level1, lead.id).id];
          } else t.mode = lead.kind === "town" && rng.chance(0.1) ? "territorial" : "direct";
          ev(E.Dispatched, at, rng.pick(cs.dispatcher), lead.id, { from: "pending_dispatch", to: "dispatched", leadUnitId: lead.id, coUnitIds: t.coUnits, mode: t.mode, note: null });
        }
        t.status = "dispatched";
        t.dispatchedAt = at;
        t.signedAt = null;
        const d = dl.atDispatch(urgency, at, anonymous);
        t.signDue = d.signDue;
        t.replyDue = d.replyDue;
        t.progressDue = d.progressDue;
        t.autoClose = null;
        if (t.fcState === "pending") t.contactDue = d.contactDue;
        const unitStaff = this.staff(lead.id, rng);

        // Return (rule 16): ~5 % ask to hand the ticket back; the center approves about two in three.
        if (returns < 2 && rng.chance(returns === 0 ? 0.05 : 0.02)) {
          returns++;
          this.tally.returns++;
          const reqAt = at + rng.logNormal(5 * HOUR, 1);
          if (reqAt > endMs) return this.finishOpen(t, overdue);
          if (t.signDue < reqAt) {
            t.signOver = true;
            overdue("sign", t.signDue);
          }
          const returnDue = dl.returnDueAt(at, null);
          const late = reqAt > (returnDue ?? Infinity);
          const decidedAt = reqAt + rng.logNormal(3 * HOUR, 1);
          const decided = decidedAt <= endMs;
          const approve = rng.chance(0.65);
          const suggested = this.chooseUnit(rng, level1, lead.id);
          const retId = ++this.ids.ret;
          const reason = rng.pick(RETURN_REASONS);
          ev(E.ReturnRequested, reqAt, unitStaff.leader, lead.id, {
            from: "dispatched", to: "return_requested", reason, basis: null, late, returnDueAt: ts(returnDue), firstContactState: t.fcState, suggestedUnitId: suggested.id,
          });
          const payload = { reason, basis: "《12345热线工单办理规范》", verified: "已与诉求人联系核实", suggestedUnitId: suggested.id };
          const decision = decided ? { note: approve ? "同意退回，改派" : "属本单位职责，请继续办理", reassignTo: null } : null;
          this.sink.review_requests(copyLine([
            num(retId), "return", num(id), num(lead.id), text(JSON.stringify(payload)), decided ? (approve ? "approved" : "refused") : "pending",
            num(unitStaff.leader), ts(reqAt), decided ? num(rng.pick(cs.supervisor)) : "\\N", decided ? ts(decidedAt) : "\\N",
            text(decision && JSON.stringify(decision)), bool(late),
          ]));
          if (!decided) {
            t.status = "return_requested";
            t.resume = "dispatched";
            return this.finishOpen(t, overdue);
          }
          if (approve) {
            ev(E.ReturnApproved, decidedAt, rng.pick(cs.supervisor), lead.id, { from: "return_requested", to: "pending_dispatch", requestId: retId, note: null, reassignTo: null });
            lead = suggested;
            t.coUnits = [];
            t.cycle++;
            t.status = "pending_dispatch";
            t.signDue = t.replyDue = t.progressDue = null;
            if (t.fcState === "pending") t.contactDue = null;
            at = decidedAt + rng.logNormal(30 * MIN, 0.8);
            continue;
          }
          ev(E.ReturnRefused, decidedAt, rng.pick(cs.supervisor), lead.id, { from: "return_requested", to: "dispatched", requestId: retId, note: null });
          at = decidedAt;
        }

        // Sign (rule 14): usually within hours; a few units sign late.
        // Urgent levels sign "at once" (rule 14): most on dispatch, a few minutes late.
        const atOnce = t.signDue - at < 30 * MIN && rng.chance(0.9);
        const signAt = atOnce ? t.signDue : rng.chance(0.03) ? Math.max(at, t.signDue) + rng.logNormal(5 * HOUR, 1) : at + Math.min(rng.logNormal(urgency === "ordinary" ? 2.5 * HOUR : 20 * MIN, 1), t.signDue - at > 0 ? (t.signDue - at) * 0.98 : 10 * MIN);
        if (t.signDue < Math.min(signAt, endMs) && !t.signOver) {
          t.signOver = true;
          overdue("sign", t.signDue);
        }
        if (signAt > endMs) return this.finishOpen(t, overdue);
        t.status = "signed";
        t.signedAt = signAt;
        ev(E.Signed, signAt, unitStaff.leader, lead.id, { from: "dispatched", to: "signed", late: signAt > t.signDue });

        // First contact (rule 15): reached, or three counted failed calls ≥ 1 h apart; a few units never call.
        let cursor = signAt;
        if (t.fcState === "pending" && t.contactDue !== null && !rng.chance(0.02)) {
          const due = t.contactDue;
          let failures = 0;
          for (let attempt = 0; attempt < 6 && (t.fcState === "pending" || t.fcState === "missed"); attempt++) {
            cursor += attempt === 0 ? rng.logNormal(1.5 * HOUR, 1) : HOUR + rng.logNormal(40 * MIN, 1);
            if (cursor > endMs) break;
            const reached = rng.chance(attempt === 0 ? 0.8 : 0.5);
            const cid = ++this.ids.contact;
            this.sink.contact_attempts(copyLine([num(cid), num(id), num(lead.id), ts(cursor), "phone", reached ? "reached" : "no_answer", "t", num(unitStaff.handler), ts(cursor)]));
            ev(E.ContactAttempted, cursor, unitStaff.handler, lead.id, {
              attemptAt: ts(cursor), method: "phone", outcome: reached ? "reached" : "no_answer", counted: true, countedFailedCalls: failures + (reached ? 0 : 1),
            });
            if (reached) {
              t.fcState = "reached";
              t.fcAt = cursor;
              ev(E.FirstContactReached, cursor, unitStaff.handler, lead.id, { state: "reached", contactAt: ts(cursor), late: cursor > due });
            } else if (++failures >= 3 && cursor <= due) {
              t.fcState = "deemed_reached";
              t.fcAt = cursor;
              ev(E.FirstContactReached, cursor, unitStaff.handler, lead.id, { state: "deemed_reached", contactAt: ts(cursor), late: false });
            }
          }
        }
        if (t.contactDue !== null && !t.contactOver && t.contactDue < Math.min(t.fcAt ?? Infinity, endMs)) {
          const state = t.fcState;
          t.contactOver = true;
          overdue("contact", t.contactDue);
          t.fcState = state === "pending" ? "missed" : state;
        }
        if ((t.fcState === "pending" || t.fcState === "missed") && cursor > endMs) return this.finishOpen(t, overdue);

        // Reply (rules 18, 19): median two days, a long tail past the limit.
        const replyAt = Math.max(cursor, signAt) + rng.logNormal(urgency === "ordinary" ? 2 * DAY : 0.6 * DAY, 0.8);
        if (t.replyDue < Math.min(replyAt, endMs) && !t.replyOver) {
          t.replyOver = true;
          overdue("reply", t.replyDue);
        }
        if (replyAt > endMs) return this.finishOpen(t, overdue);
        // Issue 18 point 7 (policy replyNeedsFirstContact, default on): no reply while first contact is pending —
        // its window is still open at the end of the simulated period, so the ticket waits for the contact.
        if (t.fcState === "pending") return this.finishOpen(t, overdue);
        const rid = ++this.ids.reply;
        const handlerName = personName(rng);
        const leaderName = personName(rng);
        const result = replyResult(rng);
        const replyText = vary(rng.pick(this.ctx.corpus.replies), district, rng, true);
        this.sink.replies(copyLine([
          num(rid), num(id), num(lead.id), num(t.redo), text(replyText), result, text(handlerName), text(leaderName),
          "approved", num(unitStaff.leader), ts(replyAt), bool(replyAt > t.replyDue), num(unitStaff.handler), ts(replyAt),
        ]));
        ev(E.Replied, replyAt, unitStaff.handler, lead.id, { from: "signed", to: "replied", result, handlerName, leaderName, late: replyAt > t.replyDue, awaitingSignOff: false });
        t.status = "replied";
        t.repliedAt = replyAt;
        t.autoClose = dl.autoCloseAt(replyAt);

        // Follow-up (rules 21–23): the center calls back; no verdict within 5 working days closes as basically satisfied.
        let fuAt = replyAt + rng.logNormal(DAY, 0.7);
        let verdict = "unreachable";
        for (let call = 0; call < 2 && verdict === "unreachable"; call++) {
          if (call > 0) fuAt += rng.logNormal(DAY, 0.5);
          if (fuAt > t.autoClose || fuAt > endMs) break;
          verdict = followUpOutcome(rng);
          const fid = ++this.ids.followUp;
          const decision = verdict === "unsatisfied" ? (t.redo < 3 && rng.chance(0.6 / (t.redo + 1)) ? "redo" : "close") : null;
          const contacted = verdict !== "unreachable";
          this.sink.follow_ups(copyLine([
            num(fid), num(id), num(t.redo), verdict, bool(contacted), bool(contacted), bool(contacted && verdict !== "unsatisfied"),
            decision ?? "\\N", "\\N", num(rng.pick(cs.follow_up)), ts(fuAt),
          ]));
          ev(E.FollowedUp, fuAt, rng.pick(cs.follow_up), lead.id, {
            from: "replied", to: decision === "redo" ? "dispatched" : verdict === "unreachable" ? "replied" : "closed",
            outcome: verdict, contacted, informed: contacted, resolved: contacted && verdict !== "unsatisfied", decision, round: t.redo,
          });
          if (verdict === "satisfied" || verdict === "basically_satisfied") return this.close(t, ev, fuAt, verdict, rng.pick(cs.follow_up));
          if (decision === "close") {
            t.excluded = rng.chance(0.1);
            return this.close(t, ev, fuAt, "unsatisfied_closed", rng.pick(cs.supervisor));
          }
          if (decision === "redo") {
            // Rule 23: redo, dispatched again to the same lead unit with new deadlines.
            at = fuAt;
            t.redo++;
            t.cycle++;
            this.tally.redone++;
            ev(E.Redone, at, rng.pick(cs.follow_up), lead.id, { reason: "回访不满意", redoCount: t.redo });
            break;
          }
        }
        if (verdict === "unsatisfied") continue;
        if (t.autoClose <= endMs) return this.close(t, ev, t.autoClose, "auto_basically_satisfied", null);
        return this.finishOpen(t, overdue);
      }
    };
    simulate();
    const open = t.status !== "closed";
    let nextDue: number | null = null;
    if (open) {
      // The sweep's view of the running clocks (src/domain/ticket/deadline-marks.ts): marks due before the
      // end are recorded as done (warnings too), the first one after it is the ticket's next_due_at.
      const state = {
        status: t.status as TicketStatus, dispatched_at: date(t.dispatchedAt), replied_at: date(t.repliedAt), sign_due_at: date(t.signDue),
        contact_due_at: date(t.contactDue), reply_due_at: date(t.replyDue), auto_close_at: date(t.autoClose), first_contact_state: t.fcState,
      };
      for (const m of deadlineMarks(dl.policy, dl.calendar, state)) {
        const at = m.at.getTime();
        if (at > endMs) {
          nextDue = at;
          break;
        }
        if (marked.has(`${t.cycle}|${markKey(m)}`)) continue;
        marks.push(copyLine([num(id), m.deadline, text(m.kind), num(t.cycle), ts(at + MIN)]));
        if (m.kind.startsWith("warn:")) ev(E.Warning, at + MIN, null, lead.id, { deadline: m.deadline, dueAt: ts(m.deadline === "sign" ? t.signDue : m.deadline === "contact" ? t.contactDue : t.replyDue) });
      }
    }

    events.sort((a, b) => a.at - b.at);
    for (const e of events) {
      this.sink.ticket_events(copyLine([num(++this.ids.event), num(id), e.type, ts(e.at), num(e.actor), num(e.unit), text(e.data)]));
    }
    for (const m of marks) this.sink.deadline_marks(m);
    this.tally.events += events.length;
    this.tally.statuses[t.status] = (this.tally.statuses[t.status] ?? 0) + 1;
    if (t.closure) this.tally.closures[t.closure] = (this.tally.closures[t.closure] ?? 0) + 1;
    if (t.signOver) this.tally.overdue.sign++;
    if (t.contactOver) this.tally.overdue.contact++;
    if (t.replyOver) this.tally.overdue.reply++;
    this.sink.tickets(copyLine([
      num(id), number, t.status, urgency, channel, text(title), text(content), bool(business), text(requesterName), text(phone),
      bool(anonymous), num(category.id), text(address), ts(receivedAt), ts(receivedAt), num(operator), t.dispatchedAt && t.status !== "pending_dispatch" ? num(lead.id) : "\\N",
      intArray(t.coUnits), text(t.mode), ts(t.dispatchedAt), ts(t.signedAt), ts(t.repliedAt), ts(t.closedAt), text(t.closure), num(t.redo),
      num(events.length), text(t.resume), num(t.cycle), ts(t.signDue), ts(t.contactDue), ts(t.replyDue), ts(t.progressDue), ts(t.autoClose),
      ts(nextDue), bool(t.signOver), bool(t.contactOver), bool(t.replyOver), t.fcState, ts(t.fcAt), bool(t.excluded),
    ]));
  }

  private close(t: { status: string; closedAt: number | null; closure: string | null }, ev: (type: string, at: number, actor: number | null, unit: number | null, data?: Record<string, unknown>) => void, at: number, kind: string, actor: number | null): void {
    ev(E.Closed, at, actor, null, actor === null ? { kind, from: t.status, to: "closed", auto: true } : { kind, remark: null });
    t.status = "closed";
    t.closedAt = at;
    t.closure = kind;
  }

  /** At the end of time: mark every deadline that passed before it (the sweep would have). */
  private finishOpen(
    t: { status: string; signDue: number | null; signOver: boolean; contactDue: number | null; contactOver: boolean; fcState: string; replyDue: number | null; replyOver: boolean },
    overdue: (deadline: "sign" | "contact" | "reply", due: number) => void,
  ): void {
    const end = this.ctx.endMs;
    if (t.status === "dispatched" && t.signDue !== null && t.signDue < end && !t.signOver) {
      t.signOver = true;
      overdue("sign", t.signDue);
    }
    if (t.fcState === "pending" && t.contactDue !== null && t.contactDue < end && !t.contactOver && t.status !== "pending_dispatch") {
      t.contactOver = true;
      overdue("contact", t.contactDue);
      t.fcState = "missed";
    }
    if (t.status !== "replied" && t.status !== "pending_dispatch" && t.replyDue !== null && t.replyDue < end && !t.replyOver) {
      t.replyOver = true;
      overdue("reply", t.replyDue);
    }
  }
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function phoneNumber(rng: Rng): string {
  return `1${rng.pick(["3", "5", "7", "8", "9"])}${String(rng.int(1e9)).padStart(9, "0")}`;
}

/**
 * Varies a Teddy Cup text: the masked places (A市, A3区, 西地省) become this city's, long texts are cut
 * at a sentence end, so one source message yields many different tickets.
 */
export function vary(s: string, district: string, rng: Rng, long: boolean): string {
  let out = s.replace(/[A-L]\d{1,2}[区县]/g, district).replace(/[A-L]市/g, "本市").replace(/西地省/g, "本省");
  // A hotline ticket holds the operator's summary, shorter than a web message: cut at a sentence end.
  if (long && out.length > 240) {
    const cut = out.indexOf("。", 100 + rng.int(120));
    out = cut > 0 && cut < 300 ? out.slice(0, cut + 1) : out.slice(0, 240);
  }
  return out;
}
