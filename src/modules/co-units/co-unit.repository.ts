import type { Db } from "../../db/database.js";
import type { TicketRow } from "../../db/schema.js";
import type { WorkingCalendar } from "../../domain/calendar/calendar.js";
import type { PolicySettings } from "../../domain/policy/policy.js";
import { coUnitDueAt, coUnitFirstMark } from "../../domain/ticket/co-units.js";

/**
 * The co-unit rows of a ticket (table ticket_co_units, rule 10; docs/WORKDAY.md). Written by the one write path:
 * applyTicketChange calls syncCoUnits whenever a change sets `co_unit_ids` (dispatch, redo, a return decision
 * that reassigns or keeps the unit as lead and adds co-units).
 */
export async function syncCoUnits(trx: Db, before: TicketRow, after: TicketRow, now: Date, policy?: PolicySettings, calendar?: WorkingCalendar): Promise<void> {
  const ids = after.co_unit_ids;
  // No co-units before or after: there is no row to add or remove (rows exist only for listed co-units,
  // written here and nowhere else), so a plain dispatch saves the read.
  if (ids.length === 0 && before.co_unit_ids.length === 0) return;
  const existing = await trx.selectFrom("ticket_co_units").selectAll().where("ticket_id", "=", after.id).execute();
  const gone = existing.filter((r) => !ids.includes(r.unit_id)).map((r) => r.id);
  if (gone.length > 0) await trx.deleteFrom("ticket_co_units").where("id", "in", gone).execute();
  if (ids.length === 0 || !policy || !calendar) return;
  // A new dispatch cycle (dispatch, redo, reassignment) starts every co-unit afresh; added co-units start now.
  const redispatched = after.dispatched_at?.getTime() !== before.dispatched_at?.getTime();
  for (const unitId of ids) {
    const row = existing.find((r) => r.unit_id === unitId);
    if (row && !redispatched) continue;
    const start = redispatched ? (after.dispatched_at ?? now) : now;
    const due = coUnitDueAt(policy, calendar, start, after.reply_due_at);
    // The sweep's first mark of the co-unit's own deadline (issue 18 point 1): its warning, then the due time.
    const next_mark_at = coUnitFirstMark(policy, calendar, start, due);
    if (row) {
      await trx
        .updateTable("ticket_co_units")
        .set({ cycle: row.cycle + 1, status: "dispatched", dispatched_at: start, due_at: due, signed_at: null, signed_by: null, sign_late: false, content: null, submitted_at: null, submitted_by: null, late: false, next_mark_at, warned_at: null, overdue_at: null })
        .where("id", "=", row.id)
        .execute();
    } else {
      await trx.insertInto("ticket_co_units").values({ ticket_id: after.id, unit_id: unitId, dispatched_at: start, due_at: due, next_mark_at }).execute();
    }
  }
}

export async function findCoUnit(db: Db, ticketId: number, unitId: number) {
  return db.selectFrom("ticket_co_units").selectAll().where("ticket_id", "=", ticketId).where("unit_id", "=", unitId).executeTakeFirst();
}

export async function listCoUnits(db: Db, ticketId: number) {
  return db.selectFrom("ticket_co_units").selectAll().where("ticket_id", "=", ticketId).orderBy("id").execute();
}

/**
 * A list page's co-unit actions as the actor's own rows allow them (one query for the page): co_sign only while
 * the co-unit has not signed, co_submit only once it has and has not submitted (issue 18).
 */
export async function withCoUnitActions<T extends { id: number; allowedActions: string[] }>(db: Db, actor: { unitId: number | null }, items: T[]): Promise<T[]> {
  const co = items.filter((t) => t.allowedActions.includes("co_sign") || t.allowedActions.includes("co_submit"));
  if (co.length === 0 || actor.unitId === null) return items;
  const rows = await db.selectFrom("ticket_co_units").select(["ticket_id", "status"]).where("unit_id", "=", actor.unitId).where("ticket_id", "in", co.map((t) => t.id)).execute();
  const status = new Map(rows.map((r) => [r.ticket_id, r.status]));
  for (const t of co) {
    const st = status.get(t.id);
    t.allowedActions = t.allowedActions.filter((a) => (a === "co_sign" ? st === "dispatched" : a === "co_submit" ? st === "signed" : true));
  }
  return items;
}
