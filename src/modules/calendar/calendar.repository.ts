import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { CalendarOverride } from "../../domain/calendar/calendar.js";

/** A stored admin override, with who set it and when. */
export interface StoredOverride extends CalendarOverride {
  name: string | null;
  updatedAt: Date;
  updatedBy: number | null;
}

/**
 * Every override, oldest date first. The date is read as text: a `date` column parsed by the driver
 * would become a Date at the host's local midnight, and the host's zone must not matter.
 */
export async function listOverrides(db: Db): Promise<StoredOverride[]> {
  const rows = await db
    .selectFrom("calendar_overrides")
    .select([sql<string>`date::text`.as("date"), "workday", "name", "updated_at", "updated_by"])
    .orderBy("calendar_overrides.date")
    .execute();
  return rows.map((r) => ({ date: r.date, workday: r.workday, name: r.name, updatedAt: r.updated_at, updatedBy: r.updated_by }));
}

/** One override, or undefined. */
export async function findOverride(db: Db, date: string): Promise<StoredOverride | undefined> {
  const r = await db
    .selectFrom("calendar_overrides")
    .select([sql<string>`date::text`.as("date"), "workday", "name", "updated_at", "updated_by"])
    .where("date", "=", date)
    .executeTakeFirst();
  return r && { date: r.date, workday: r.workday, name: r.name, updatedAt: r.updated_at, updatedBy: r.updated_by };
}

/** Inserts or replaces the override of one date. */
export async function upsertOverride(
  db: Db,
  o: { date: string; workday: boolean; name: string | null; at: Date; by: number | null },
): Promise<void> {
  await db
    .insertInto("calendar_overrides")
    .values({ date: o.date, workday: o.workday, name: o.name, updated_at: o.at, updated_by: o.by })
    .onConflict((oc) => oc.column("date").doUpdateSet({ workday: o.workday, name: o.name, updated_at: o.at, updated_by: o.by }))
    .execute();
}

/** Removes the override of one date; true if there was one. */
export async function deleteOverride(db: Db, date: string): Promise<boolean> {
  const r = await db.deleteFrom("calendar_overrides").where("date", "=", date).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
