import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { AppContext } from "../../app-context.js";
import type { Db } from "../../db/database.js";
import type { SupervisionNoticeRow, SupervisionOrderRow } from "../../db/schema.js";
import { shanghaiDate } from "../../domain/calendar/calendar.js";
import { DomainError, invalid, notFound } from "../../domain/errors.js";
import {
  ALERT_LABELS,
  documentNumber,
  leaderContactSchema,
  severityOf,
  supervisionOf,
  type LeaderContact,
  type OrderForm,
  type OrderSource,
} from "../../domain/supervision/supervision.js";
import type { Actor } from "../../http/auth.js";
import { writeAudit } from "../audit/audit.repository.js";
import { enqueue } from "../outbox/outbox.repository.js";
import type { OutboxMessage } from "../outbox/outbox.types.js";
import { ALERT_DETECTORS, type AlertCandidate } from "./alert-detectors.js";
import { isCenterActor, isUnitActor } from "./supervision.policy.js";

export type SupervisionDeps = Pick<AppContext, "db" | "clock" | "policy" | "calendar" | "notifier">;

/** Center users who get supervision notices in-app (supervisors and admins). */
async function supervisorIds(db: Db): Promise<number[]> {
  const rows = await sql<{ id: number }>`SELECT id FROM users WHERE active AND roles && ARRAY['supervisor']::text[]`.execute(db);
  return rows.rows.map((r) => r.id);
}

// ---------------------------------------------------------------- alerts

export interface DetectionResult {
  raised: number;
  byKind: Record<string, number>;
}

/** Inserts candidates; an open alert with the same condition key makes the insert a no-op. Returns the new ids. */
async function raise(trx: Db, now: Date, candidates: readonly AlertCandidate[], s: ReturnType<typeof supervisionOf>): Promise<number[]> {
  if (candidates.length === 0) return [];
  const rows = candidates.map((c) => ({ ...c, severity: severityOf(c.kind, c.count, s) }));
  const result = await sql<{ id: number }>`
    INSERT INTO supervision_alerts (kind, condition_key, unit_id, ticket_ids, count, severity, label, detected_at)
    SELECT c.kind, c."conditionKey", c."unitId", ARRAY(SELECT jsonb_array_elements_text(c."ticketIds")::int), c.count, c.severity, c.label, ${now}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS c(kind text, "conditionKey" text, "unitId" integer, "ticketIds" jsonb, count integer, severity text, label text)
    ON CONFLICT (condition_key) WHERE status = 'open' DO NOTHING
    RETURNING id`.execute(trx);
  return result.rows.map((r) => r.id);
}

/**
 * The daily detection (and the test clock's sweep): every detector of the registry, in one transaction; each
 * condition raises at most one open alert. New alerts notify the center's supervisors in-app.
 */
export async function runDetection(deps: Pick<AppContext, "db" | "policy" | "notifier">, now: Date): Promise<DetectionResult> {
  return deps.db.transaction().execute(async (trx) => {
    const policy = (await deps.policy.current(trx)).settings;
    const s = supervisionOf(policy);
    const byKind: Record<string, number> = {};
    let raised = 0;
    for (const d of ALERT_DETECTORS) {
      const ids = await raise(trx, now, await d.detect(trx, now, s, policy), s);
      if (ids.length > 0) byKind[d.kind] = ids.length;
      raised += ids.length;
    }
    if (raised > 0) {
      await writeAudit(trx, { at: now, actorId: null, action: "supervision.alert_raised", targetType: "supervision_alerts", data: { byKind } });
      const ids = await supervisorIds(trx);
      const summary = Object.entries(byKind).map(([k, n]) => `${ALERT_LABELS[k as keyof typeof ALERT_LABELS] ?? k} ${n}`).join("、");
      // In-app only: a supervisor reads the queue; SMS goes to the units' leaders with the notices.
      if (ids.length > 0) {
        await trx
          .insertInto("notifications")
          .values(ids.map((user_id) => ({ user_id, ticket_id: null, kind: "supervision.alerts", title: `新增督办预警 ${raised} 条：${summary}`, body: null, created_at: now })))
          .execute();
      }
    }
    return { raised, byKind };
  });
}

/** Staff mark a petition risk (rule 28) on a ticket: an alert at once, warning grade. */
export async function markPetitionRisk(deps: SupervisionDeps, actor: Actor, input: { ticketId: number; note?: string }) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const t = await trx.selectFrom("tickets").select(["id", "number", "title", "lead_unit_id", "status"]).where("id", "=", input.ticketId).executeTakeFirst();
    if (!t) throw invalid("ticketId", `no ticket ${input.ticketId}`);
    const s = supervisionOf((await deps.policy.current(trx)).settings);
    const label = `工单 ${t.number} 存在信访风险${input.note ? `：${input.note.slice(0, 60)}` : ""}`;
    const ids = await raise(trx, now, [{ kind: "petition_risk", conditionKey: `petition_risk:${t.id}`, unitId: t.lead_unit_id, ticketIds: [t.id], count: 1, label }], s);
    if (ids.length === 0) throw new DomainError("DUPLICATE", "an open petition-risk alert exists for this ticket");
    await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.alert_raised", targetType: "supervision_alert", targetId: ids[0]!, data: { kind: "petition_risk", ticketId: t.id } });
    return trx.selectFrom("supervision_alerts").selectAll().where("id", "=", ids[0]!).executeTakeFirstOrThrow();
  });
}

export async function handleAlert(deps: SupervisionDeps, actor: Actor, id: number, note: string | undefined) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("supervision_alerts")
      .set({ status: "handled", handled_at: now, handled_by: actor.id, handled_note: note ?? null })
      .where("id", "=", id)
      .where("status", "=", "open")
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom("supervision_alerts").select("id").where("id", "=", id).executeTakeFirst();
      if (!exists) throw notFound(`alert ${id}`);
      throw new DomainError("SUPERVISION_ALREADY_DONE", `alert ${id} is already handled`);
    }
    await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.alert_handled", targetType: "supervision_alert", targetId: id, data: { note: note ?? null } });
    return row;
  });
}

// ---------------------------------------------------------------- helpers

async function checkUnit(trx: Db, unitId: number, field = "unitId") {
  const u = await trx.selectFrom("units").select(["id", "name", "kind", "leader_contacts"]).where("id", "=", unitId).executeTakeFirst();
  if (!u) throw invalid(field, `no unit ${unitId}`);
  if (u.kind === "center") throw invalid(field, "supervision goes to handler units, not to the center");
  return u;
}

const leadersOf = (raw: unknown): LeaderContact[] =>
  (Array.isArray(raw) ? raw : []).flatMap((x) => {
    const p = leaderContactSchema.safeParse(x);
    return p.success ? [p.data] : [];
  });

/**
 * SMS to the unit's principal and supervising leaders (rule 28) through the outbox, or to its unit_leader
 * users when no leader contact is set; in-app notices to the unit's leaders either way.
 */
async function tellUnit(deps: SupervisionDeps, trx: Db, unit: { id: number; leader_contacts: unknown }, text: string, now: Date) {
  const leaders = leadersOf(unit.leader_contacts).filter((l) => l.role === "principal" || l.role === "supervising");
  const users = await sql<{ id: number }>`SELECT id FROM users WHERE active AND unit_id = ${unit.id} AND roles && ARRAY['unit_leader']::text[]`.execute(trx);
  const userIds = users.rows.map((r) => r.id);
  if (userIds.length > 0) {
    await trx.insertInto("notifications").values(userIds.map((user_id) => ({ user_id, ticket_id: null, kind: "supervision.notice", title: text.slice(0, 200), body: null, created_at: now }))).execute();
  }
  const messages: OutboxMessage[] =
    leaders.length > 0
      ? leaders.map((l) => ({ kind: "sms", payload: { userId: 0, phone: l.phone, text } }))
      : userIds.map((userId) => ({ kind: "sms", payload: { userId, text } }));
  await enqueue(trx, messages);
  return messages.length;
}

async function openTicketsOfUnit(trx: Db, ticketIds: readonly number[], unitId: number, field: string) {
  if (ticketIds.length === 0) return [];
  const rows = await trx.selectFrom("tickets").select(["id", "number", "title", "status", "lead_unit_id", "co_unit_ids"]).where("id", "in", [...ticketIds]).execute();
  for (const id of ticketIds) {
    const t = rows.find((r) => r.id === id);
    if (!t) throw invalid(field, `no ticket ${id}`);
    if (t.lead_unit_id !== unitId && !t.co_unit_ids.includes(unitId)) throw invalid(field, `ticket ${t.number} is not handled by unit ${unitId}`);
    if (t.status === "closed") throw new DomainError("SUPERVISION_TICKET_CLOSED", `${field}: ticket ${t.number} is closed`, field);
  }
  return rows;
}

async function nextNumber(trx: Db, seq: "supervision_notice_no" | "supervision_order_no", kind: "prompt" | "warning" | "order", now: Date) {
  const r = await sql<{ n: string }>`SELECT nextval(${seq}::regclass)::text AS n`.execute(trx);
  return documentNumber(kind, Number(shanghaiDate(now).slice(0, 4)), Number(r.rows[0]!.n));
}

// ---------------------------------------------------------------- notices

export interface NoticeInput {
  kind: "prompt" | "warning";
  form: "sms" | "letter";
  unitId: number;
  alertIds?: number[];
  ticketIds?: number[];
  content: string;
  dueAt?: Date;
}

/** A prompt or warning notice (rule 28) to a unit, from alerts or tickets; SMS to its leaders through the outbox. */
export async function issueNotice(deps: SupervisionDeps, actor: Actor, input: NoticeInput): Promise<SupervisionNoticeRow> {
  const now = deps.clock.now();
  if (input.dueAt && input.dueAt.getTime() <= now.getTime()) throw invalid("dueAt", "is in the past");
  return deps.db.transaction().execute(async (trx) => {
    const unit = await checkUnit(trx, input.unitId);
    const alertIds = [...new Set(input.alertIds ?? [])];
    const alerts = alertIds.length > 0 ? await trx.selectFrom("supervision_alerts").selectAll().where("id", "in", alertIds).execute() : [];
    for (const id of alertIds) {
      const a = alerts.find((x) => x.id === id);
      if (!a) throw invalid("alertIds", `no alert ${id}`);
      if (a.unit_id !== null && a.unit_id !== input.unitId) throw invalid("alertIds", `alert ${id} is about another unit`);
    }
    const explicit = [...new Set(input.ticketIds ?? [])];
    await openTicketsOfUnit(trx, explicit, input.unitId, "ticketIds");
    const ticketIds = [...new Set([...explicit, ...alerts.flatMap((a) => a.ticket_ids)])].slice(0, 200);
    const settings = (await deps.policy.current(trx)).settings;
    const s = supervisionOf(settings);
    const calendar = await deps.calendar.get(trx);
    const dueAt = input.dueAt ?? calendar.addWorkingDays(now, s.noticeReplyWorkingDays[input.kind], settings.countingMode);
    const number = await nextNumber(trx, "supervision_notice_no", input.kind, now);
    const row = await trx
      .insertInto("supervision_notices")
      .values({ number, kind: input.kind, form: input.form, unit_id: input.unitId, alert_ids: alertIds, ticket_ids: ticketIds, content: input.content, due_at: dueAt, issued_by: actor.id, issued_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (alertIds.length > 0) {
      await trx.updateTable("supervision_alerts").set({ status: "handled", handled_at: now, handled_by: actor.id, handled_note: `已发${input.kind === "warning" ? "警示" : "提示"} ${number}` }).where("id", "in", alertIds).where("status", "=", "open").execute();
    }
    const word = input.kind === "warning" ? "警示" : "提示";
    const text = `【12345督办】${unit.name}：${input.form === "letter" ? `${word}函 ${number} 已下发，请登录系统查收` : `${word} ${number}：${input.content.slice(0, 120)}`}，请于 ${shanghaiDate(dueAt)} 前反馈。`;
    const sms = await tellUnit(deps, trx, unit, text, now);
    await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.notice_issued", targetType: "supervision_notice", targetId: row.id, data: { number, kind: input.kind, form: input.form, unitId: input.unitId, alertIds, ticketIds, sms } });
    return row;
  });
}

/** Unit users of the notice's unit (leaders; rule 28: the unit answers and copies the center). */
export async function answerNotice(deps: SupervisionDeps, actor: Actor, id: number, content: string): Promise<SupervisionNoticeRow> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const n = await trx.selectFrom("supervision_notices").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!n || (!isCenterActor(actor) && actor.unitId !== n.unit_id)) throw notFound(`notice ${id}`);
    if (actor.unitId !== n.unit_id || !actor.roles.includes("unit_leader")) throw new DomainError("FORBIDDEN", "only a leader of the notice's unit answers it");
    if (n.responded_at) throw new DomainError("SUPERVISION_ALREADY_DONE", `notice ${n.number} is already answered`);
    const row = await trx
      .updateTable("supervision_notices")
      .set({ status: "answered", response: content, responded_by: actor.id, responded_at: now })
      .where("id", "=", id)
      .where("responded_at", "is", null)
      .returningAll()
      .executeTakeFirstOrThrow();
    const copyTo = [...new Set([...(n.issued_by ? [n.issued_by] : []), ...(await supervisorIds(trx))])];
    if (copyTo.length > 0) {
      await trx.insertInto("notifications").values(copyTo.map((user_id) => ({ user_id, ticket_id: null, kind: "supervision.answered", title: `${n.number} 已反馈：${content.slice(0, 80)}`, body: null, created_at: now }))).execute();
    }
    await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.notice_answered", targetType: "supervision_notice", targetId: id, data: { chars: content.length } });
    return row;
  });
}

// ---------------------------------------------------------------- orders

export interface OrderInput {
  ticketId: number;
  unitId?: number;
  form: OrderForm;
  source: OrderSource;
  requirement: string;
  dueWorkingDays: number;
}

/** A supervision order (督办单) on a ticket (rule 31); its source feeds the appraisal (rule 35). */
export async function issueOrder(deps: SupervisionDeps, actor: Actor, input: OrderInput): Promise<SupervisionOrderRow> {
  const now = deps.clock.now();
  const hash = createHash("sha256").update(input.requirement.trim()).digest("hex").slice(0, 32);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const t = await trx.selectFrom("tickets").select(["id", "number", "title", "status", "lead_unit_id"]).where("id", "=", input.ticketId).forUpdate().executeTakeFirst();
      if (!t) throw invalid("ticketId", `no ticket ${input.ticketId}`);
      if (t.status === "closed") throw new DomainError("SUPERVISION_TICKET_CLOSED", `ticketId: ticket ${t.number} is closed`, "ticketId");
      if (t.lead_unit_id === null) throw invalid("ticketId", `ticket ${t.number} is not dispatched to a unit yet`);
      if (input.unitId !== undefined && input.unitId !== t.lead_unit_id) throw invalid("unitId", `is not the ticket's lead unit`);
      const same = await trx
        .selectFrom("supervision_orders")
        .select(["id", "number"])
        .where("ticket_id", "=", t.id)
        .where("source", "=", input.source)
        .where("form", "=", input.form)
        .where("requirement_hash", "=", hash)
        .where("status", "<>", "closed")
        .executeTakeFirst();
      if (same) throw new DomainError("DUPLICATE", `the same order ${same.number} is already open on this ticket`);
      const unit = await checkUnit(trx, t.lead_unit_id);
      const settings = (await deps.policy.current(trx)).settings;
      const dueAt = (await deps.calendar.get(trx)).addWorkingDays(now, input.dueWorkingDays, settings.countingMode);
      const number = await nextNumber(trx, "supervision_order_no", "order", now);
      const row = await trx
        .insertInto("supervision_orders")
        .values({ number, ticket_id: t.id, unit_id: t.lead_unit_id, form: input.form, source: input.source, requirement: input.requirement, requirement_hash: hash, due_working_days: input.dueWorkingDays, due_at: dueAt, created_by: actor.id, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await tellUnit(deps, trx, unit, `【12345督办】${unit.name}：督办单 ${number}（工单 ${t.number}），请于 ${shanghaiDate(dueAt)} 前办理并反馈。`, now);
      await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.order_issued", targetType: "supervision_order", targetId: row.id, data: { number, ticketId: t.id, form: input.form, source: input.source, dueWorkingDays: input.dueWorkingDays } });
      return row;
    });
  } catch (err) {
    // Two clicks at once: the unique index lets one in.
    if ((err as { code?: string }).code === "23505") throw new DomainError("DUPLICATE", "the same order is already open on this ticket");
    throw err;
  }
}

export async function answerOrder(deps: SupervisionDeps, actor: Actor, id: number, content: string): Promise<SupervisionOrderRow> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const o = await trx.selectFrom("supervision_orders").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!o || (!isCenterActor(actor) && actor.unitId !== o.unit_id)) throw notFound(`order ${id}`);
    if (!isUnitActor(actor) || actor.unitId !== o.unit_id) throw new DomainError("FORBIDDEN", "only the order's unit answers it");
    if (o.responded_at || o.status === "closed") throw new DomainError("SUPERVISION_ALREADY_DONE", `order ${o.number} is already answered or closed`);
    const row = await trx
      .updateTable("supervision_orders")
      .set({ status: "answered", response: content, responded_by: actor.id, responded_at: now })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const copyTo = [...new Set([...(o.created_by ? [o.created_by] : []), ...(await supervisorIds(trx))])];
    if (copyTo.length > 0) {
      await trx.insertInto("notifications").values(copyTo.map((user_id) => ({ user_id, ticket_id: o.ticket_id, kind: "supervision.answered", title: `督办单 ${o.number} 已反馈`, body: null, created_at: now }))).execute();
    }
    await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.order_answered", targetType: "supervision_order", targetId: id, data: { chars: content.length } });
    return row;
  });
}

export async function closeOrder(deps: SupervisionDeps, actor: Actor, id: number, note: string | undefined): Promise<SupervisionOrderRow> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("supervision_orders")
      .set({ status: "closed", closed_by: actor.id, closed_at: now, closing_note: note ?? null })
      .where("id", "=", id)
      .where("status", "<>", "closed")
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom("supervision_orders").select("id").where("id", "=", id).executeTakeFirst();
      if (!exists) throw notFound(`order ${id}`);
      throw new DomainError("SUPERVISION_ALREADY_DONE", `order ${id} is already closed`);
    }
    await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.order_closed", targetType: "supervision_order", targetId: id, data: { note: note ?? null } });
    return row;
  });
}

// ---------------------------------------------------------------- talks, evaluations, leaders

export interface TalkInput {
  unitId: number;
  reasons: string[];
  at: Date;
  participants: string[];
  minutes?: string;
  rectificationDueAt?: Date;
}

/** A formal talk (约谈, rule 32) with its rectification deadline (tracked by the detection: rectification_overdue). */
export async function recordTalk(deps: SupervisionDeps, actor: Actor, input: TalkInput) {
  const now = deps.clock.now();
  if (input.rectificationDueAt && input.rectificationDueAt.getTime() <= now.getTime()) throw invalid("rectificationDueAt", "is in the past");
  if (input.rectificationDueAt && input.rectificationDueAt.getTime() <= input.at.getTime()) throw invalid("rectificationDueAt", "is before the talk");
  return deps.db.transaction().execute(async (trx) => {
    await checkUnit(trx, input.unitId);
    const row = await trx
      .insertInto("supervision_talks")
      .values({ unit_id: input.unitId, reasons: input.reasons, at: input.at, participants: input.participants, minutes: input.minutes ?? null, rectification_due_at: input.rectificationDueAt ?? null, created_by: actor.id, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.talk_recorded", targetType: "supervision_talk", targetId: row.id, data: { unitId: input.unitId, reasons: input.reasons } });
    return row;
  });
}

export async function rectifyTalk(deps: SupervisionDeps, actor: Actor, id: number) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable("supervision_talks").set({ status: "rectified" }).where("id", "=", id).where("status", "<>", "rectified").returningAll().executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom("supervision_talks").select("id").where("id", "=", id).executeTakeFirst();
      if (!exists) throw notFound(`talk ${id}`);
      throw new DomainError("SUPERVISION_ALREADY_DONE", `talk ${id} is already rectified`);
    }
    await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.talk_recorded", targetType: "supervision_talk", targetId: id, data: { rectified: true } });
    return row;
  });
}

/** Rule 33: a social supervisor's evaluation of a unit. */
export async function fileEvaluation(deps: SupervisionDeps, actor: Actor, input: { unitId: number; score: number; comment?: string }) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await checkUnit(trx, input.unitId);
    const row = await trx
      .insertInto("supervision_evaluations")
      .values({ unit_id: input.unitId, score: input.score, comment: input.comment ?? null, evaluator_id: actor.id, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.evaluation_filed", targetType: "supervision_evaluation", targetId: row.id, data: { unitId: input.unitId, score: input.score } });
    return row;
  });
}

export async function setUnitLeaders(deps: SupervisionDeps, actor: Actor, unitId: number, leaders: LeaderContact[]) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom("units").select("id").where("id", "=", unitId).executeTakeFirst();
    if (!unit) throw notFound(`unit ${unitId}`);
    await trx.updateTable("units").set({ leader_contacts: JSON.stringify(leaders) }).where("id", "=", unitId).execute();
    // Names and roles only: phones are personal data, kept out of the audit log.
    await writeAudit(trx, { at: now, actorId: actor.id, action: "unit.leaders_set", targetType: "unit", targetId: unitId, data: { leaders: leaders.map((l) => ({ name: l.name, role: l.role })) } });
    return { unitId, leaders };
  });
}

export async function unitLeaders(db: Db, unitId: number): Promise<LeaderContact[]> {
  const unit = await db.selectFrom("units").select(["id", "leader_contacts"]).where("id", "=", unitId).executeTakeFirst();
  if (!unit) throw notFound(`unit ${unitId}`);
  return leadersOf(unit.leader_contacts);
}
