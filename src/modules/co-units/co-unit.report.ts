import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { Actor } from "../../http/auth.js";
import { CO_HANDLING_STATUSES } from "../../domain/ticket/co-units.js";
import { isCenterUser } from "../tickets/ticket.policy.js";

/**
 * Co-units' own timeliness (rule 10, issue 18): per unit, the co-unit parts it was given in the period (by the
 * time it was given them), how many it signed, submitted, submitted on time, and how many were or are overdue
 * (submitted late, marked overdue by the deadline sweep, or past due while the ticket is still being co-handled).
 * Unit users see their own unit's row only.
 */
export async function coUnitFigures(db: Db, actor: Actor, q: { from: Date; to: Date }, now: Date) {
  let query = db
    .selectFrom("ticket_co_units as c")
    .innerJoin("units as u", "u.id", "c.unit_id")
    .innerJoin("tickets as t", "t.id", "c.ticket_id")
    .select([
      "c.unit_id as unitId",
      "u.name as unitName",
      sql<number>`count(*)::int`.as("given"),
      sql<number>`count(*) FILTER (WHERE c.signed_at IS NOT NULL)::int`.as("signed"),
      sql<number>`count(*) FILTER (WHERE c.signed_at IS NOT NULL AND NOT c.sign_late)::int`.as("signedOnTime"),
      sql<number>`count(*) FILTER (WHERE c.status = 'submitted')::int`.as("submitted"),
      sql<number>`count(*) FILTER (WHERE c.status = 'submitted' AND NOT c.late)::int`.as("submittedOnTime"),
      // Late: submitted late, marked overdue by the sweep, or past due now while the ticket is still in co-handling
      // (a part the lead unit's reply overtook before it was due is not the co-unit's lateness).
      sql<number>`count(*) FILTER (WHERE (c.status = 'submitted' AND c.late) OR c.overdue_at IS NOT NULL
        OR (c.status <> 'submitted' AND c.due_at < ${now} AND t.status IN (${sql.join(CO_HANDLING_STATUSES.map((x) => sql.lit(x)))})))::int`.as("overdue"),
    ])
    .where("c.dispatched_at", ">=", q.from)
    .where("c.dispatched_at", "<", q.to)
    .groupBy(["c.unit_id", "u.name"])
    .orderBy("c.unit_id");
  if (!isCenterUser(actor)) query = query.where("c.unit_id", "=", actor.unitId ?? -1);
  const rows = await query.execute();
  return { items: rows.map((r) => ({ ...r, onTimeRate: r.given === 0 ? null : r.submittedOnTime / r.given })), nextCursor: null as string | null };
}
