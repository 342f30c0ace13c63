import { sql } from "kysely";
import type { AppContext } from "../app-context.js";
import type { Db } from "../db/database.js";
import type { TicketRow } from "../db/schema.js";
import { deadlineMarks, markKey, nextDueAt, type DeadlineMark } from "../domain/ticket/deadline-marks.js";
import { deadlineStateOf } from "../modules/tickets/ticket-action.js";
import { appendEventRows, type EventInput } from "../modules/tickets/ticket.repository.js";

export type SweepDeps = Pick<AppContext, "db" | "policy" | "calendar" | "notifier" | "logger">;

export interface SweepResult {
  examined: number;
  warnings: number;
  overdue: number;
  autoClosed: number;
}

const LABEL: Record<string, string> = { sign: "签收", contact: "先行联系", reply: "答复办结" };

interface RowPlan {
  id: number;
  next_due_at: string | null;
  sign_overdue: boolean;
  contact_overdue: boolean;
  reply_overdue: boolean;
  contact_missed: boolean;
  close: boolean;
  changed: boolean;
}

/**
 * The deadline sweep (DOMAIN.md rules 18, 22, 28; STYLE.md "Sweeps are idempotent and bounded"): claims due
 * tickets in batches (FOR UPDATE SKIP LOCKED, so two instances split the work), records each mark in
 * deadline_marks (unique per ticket, deadline, kind and cycle, so every warning, overdue mark and auto-close
 * happens once even if the sweep runs twice or is interrupted), and applies only the marks it inserted.
 */
export async function runDeadlineSweep(deps: SweepDeps, now: Date, batchSize = 500): Promise<SweepResult> {
  const total: SweepResult = { examined: 0, warnings: 0, overdue: 0, autoClosed: 0 };
  for (;;) {
    const r = await deps.db.transaction().execute((trx) => sweepBatch(deps, trx, now, batchSize));
    total.examined += r.examined;
    total.warnings += r.warnings;
    total.overdue += r.overdue;
    total.autoClosed += r.autoClosed;
    if (r.examined < batchSize) return total;
  }
}

async function sweepBatch(deps: SweepDeps, trx: Db, now: Date, batchSize: number): Promise<SweepResult> {
  const result: SweepResult = { examined: 0, warnings: 0, overdue: 0, autoClosed: 0 };
  const tickets = await trx
    .selectFrom("tickets")
    .selectAll()
    .where("next_due_at", "<=", now)
    .orderBy("next_due_at")
    .limit(batchSize)
    .forUpdate()
    .skipLocked()
    .execute();
  result.examined = tickets.length;
  if (tickets.length === 0) return result;
  const calendar = await deps.calendar.get(trx);

  const planned: Array<{ t: TicketRow; marks: DeadlineMark[] }> = [];
  for (const t of tickets) {
    const policy = await deps.policy.byVersion(trx, t.policy_version);
    planned.push({ t, marks: deadlineMarks(policy, calendar, deadlineStateOf(t)) });
  }
  const due = planned.flatMap(({ t, marks }) => marks.filter((m) => m.at <= now).map((m) => ({ t, m })));
  const inserted = new Set<string>();
  if (due.length > 0) {
    const rows = await trx
      .insertInto("deadline_marks")
      .values(due.map(({ t, m }) => ({ ticket_id: t.id, deadline: m.deadline, kind: m.kind, cycle: t.deadline_cycle, at: now })))
      .onConflict((oc) => oc.doNothing())
      .returning(["ticket_id", "deadline", "kind"])
      .execute();
    for (const r of rows) inserted.add(`${r.ticket_id}|${r.deadline}|${r.kind}`);
  }
  const doneRows = await trx
    .selectFrom("deadline_marks")
    .select(["ticket_id", "deadline", "kind", "cycle"])
    .where("ticket_id", "in", tickets.map((t) => t.id))
    .execute();
  const cycleOf = new Map(tickets.map((t) => [t.id, t.deadline_cycle]));
  const done = new Map<number, Set<string>>();
  for (const d of doneRows) {
    if (cycleOf.get(d.ticket_id) !== d.cycle) continue;
    if (!done.has(d.ticket_id)) done.set(d.ticket_id, new Set());
    done.get(d.ticket_id)!.add(markKey(d));
  }

  const plans: RowPlan[] = [];
  const events: Array<EventInput & { ticketId: number }> = [];
  const notices: Array<{ unitId: number | null; ticketId: number; kind: string; title: string }> = [];
  for (const { t, marks } of planned) {
    const mine = marks.filter((m) => inserted.has(`${t.id}|${m.deadline}|${m.kind}`));
    const plan: RowPlan = { id: t.id, next_due_at: null, sign_overdue: false, contact_overdue: false, reply_overdue: false, contact_missed: false, close: false, changed: mine.length > 0 };
    for (const m of mine) {
      if (m.kind === "close") {
        plan.close = true;
        result.autoClosed++;
        events.push({ ticketId: t.id, type: "ticket.closed", at: now, actorId: null, unitId: t.lead_unit_id, data: { kind: "auto_basically_satisfied", from: t.status, to: "closed", auto: true } });
      } else if (m.kind === "overdue") {
        result.overdue++;
        if (m.deadline === "sign") plan.sign_overdue = true;
        if (m.deadline === "contact") plan.contact_overdue = plan.contact_missed = true;
        if (m.deadline === "reply") plan.reply_overdue = true;
        events.push({ ticketId: t.id, type: "ticket.overdue", at: now, actorId: null, unitId: t.lead_unit_id, data: { deadline: m.deadline, dueAt: m.at.toISOString() } });
        notices.push({ unitId: t.lead_unit_id, ticketId: t.id, kind: "deadline.overdue", title: `工单 ${t.number} ${LABEL[m.deadline]}已超期` });
      } else {
        result.warnings++;
        const dueAt = m.deadline === "sign" ? t.sign_due_at : m.deadline === "contact" ? t.contact_due_at : t.reply_due_at;
        events.push({ ticketId: t.id, type: "ticket.deadline_warning", at: now, actorId: null, unitId: t.lead_unit_id, data: { deadline: m.deadline, dueAt: dueAt?.toISOString() ?? null } });
        notices.push({ unitId: t.lead_unit_id, ticketId: t.id, kind: "deadline.warning", title: `预警：工单 ${t.number} ${LABEL[m.deadline]}时限将至` });
      }
    }
    // After an auto-close no clock runs; otherwise the next mark not yet done.
    plan.next_due_at = plan.close ? null : (nextDueAt(marks, done.get(t.id) ?? new Set())?.toISOString() ?? null);
    plans.push(plan);
  }

  await sql`
    UPDATE tickets AS t SET
      next_due_at = v.next_due_at,
      sign_overdue = t.sign_overdue OR v.sign_overdue,
      contact_overdue = t.contact_overdue OR v.contact_overdue,
      reply_overdue = t.reply_overdue OR v.reply_overdue,
      first_contact_state = CASE WHEN v.contact_missed AND t.first_contact_state = 'pending' THEN 'missed' ELSE t.first_contact_state END,
      status = CASE WHEN v.close THEN 'closed' ELSE t.status END,
      closed_at = CASE WHEN v.close THEN ${now}::timestamptz ELSE t.closed_at END,
      closure_kind = CASE WHEN v.close THEN 'auto_basically_satisfied' ELSE t.closure_kind END,
      version = t.version + CASE WHEN v.changed THEN 1 ELSE 0 END
    FROM jsonb_to_recordset(${JSON.stringify(plans)}::jsonb) AS v(id integer, next_due_at timestamptz, sign_overdue boolean,
      contact_overdue boolean, reply_overdue boolean, contact_missed boolean, close boolean, changed boolean)
    WHERE t.id = v.id`.execute(trx);

  await appendEventRows(trx, events);
  if (notices.length > 0) {
    const unitIds = [...new Set(notices.map((n) => n.unitId).filter((u): u is number => u !== null))];
    const users = unitIds.length
      ? await trx.selectFrom("users").select(["id", "unit_id"]).where("unit_id", "in", unitIds).where("active", "=", true).execute()
      : [];
    const rows = notices.flatMap((n) =>
      users.filter((u) => u.unit_id === n.unitId).map((u) => ({ user_id: u.id, ticket_id: n.ticketId, kind: n.kind, title: n.title, body: null, created_at: now })),
    );
    for (let i = 0; i < rows.length; i += 1000) await trx.insertInto("notifications").values(rows.slice(i, i + 1000)).execute();
  }
  return result;
}

/** Runs the sweep every `intervalMs` on the given clock, never two at once in this process. */
export function startDeadlineSweeper(deps: SweepDeps, clock: { now(): Date }, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runDeadlineSweep(deps, clock.now())
      .then((r) => {
        if (r.warnings + r.overdue + r.autoClosed > 0) deps.logger.info(r, "deadline sweep");
      })
      .catch((err: unknown) => deps.logger.error({ err }, "deadline sweep failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
