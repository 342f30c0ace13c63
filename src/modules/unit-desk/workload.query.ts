import { sql } from "kysely";
import type { Db } from "../../db/database.js";

/**
 * Per-person workload of a unit (issue 18, docs/WORKDAY.md): each active user of the unit with the open tickets
 * assigned to them and how many of those are overdue, plus the unit's open tickets nobody holds yet, and
 * its sections (科室) with their open tickets. `now` decides overdue like the lists do (a flag, or a running clock past due).
 */
export async function unitWorkload(db: Db, unitId: number, now: Date) {
  const overdue = sql<boolean>`(t.sign_overdue OR t.contact_overdue OR t.reply_overdue OR (t.status = 'dispatched' AND t.sign_due_at < ${now}) OR (t.reply_due_at < ${now} AND t.status IN ('dispatched','signed','return_requested','reply_review')))`;
  const open = ["dispatched", "signed", "return_requested", "reply_review"];
  const [users, counts, sections, sectionCounts, unassigned] = await Promise.all([
    db.selectFrom("users").select(["id", "name", "roles"]).where("unit_id", "=", unitId).where("active", "=", true).where("username", "not like", "apikey:%").orderBy("id").execute(),
    db
      .selectFrom("tickets as t")
      .select(["t.assigned_user_id as userId", sql<number>`count(*)::int`.as("open"), sql<number>`count(*) FILTER (WHERE ${overdue})::int`.as("overdue")])
      .where("t.lead_unit_id", "=", unitId)
      .where("t.status", "in", open)
      .where("t.assigned_user_id", "is not", null)
      .groupBy("t.assigned_user_id")
      .execute(),
    db.selectFrom("units").select(["id", "name"]).where("parent_id", "=", unitId).where("kind", "=", "section").orderBy("id").execute(),
    db
      .selectFrom("tickets as t")
      .select(["t.assigned_section_id as sectionId", sql<number>`count(*)::int`.as("open")])
      .where("t.lead_unit_id", "=", unitId)
      .where("t.status", "in", open)
      .where("t.assigned_section_id", "is not", null)
      .groupBy("t.assigned_section_id")
      .execute(),
    db
      .selectFrom("tickets as t")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("t.lead_unit_id", "=", unitId)
      .where("t.status", "in", open)
      .where("t.assigned_user_id", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    unitId,
    unassigned: unassigned.n,
    sections: sections.map((s) => ({ id: s.id, name: s.name, open: sectionCounts.find((c) => c.sectionId === s.id)?.open ?? 0 })),
    items: users.map((u) => {
      const c = counts.find((x) => x.userId === u.id);
      return { userId: u.id, name: u.name, roles: u.roles, open: c?.open ?? 0, overdue: c?.overdue ?? 0 };
    }),
    nextCursor: null as string | null,
  };
}
