import { sql } from "kysely";
import type { Db } from "../../db/database.js";

/**
 * Each unit's published knowledge-base contributions in a year (Asia/Shanghai): approved publish reviews of
 * entries the unit owns, submitted by a user of that unit (src/domain/metrics/knowledge-contributions.ts).
 */
export async function knowledgeContributions(db: Db, year: number): Promise<Map<number, number>> {
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const rows = await db
    .selectFrom("knowledge_reviews as r")
    .innerJoin("users as u", "u.id", "r.requested_by")
    .select(["r.unit_id", sql<number>`count(*)::int`.as("n")])
    .where("r.kind", "=", "publish")
    .where("r.status", "=", "approved")
    .where("r.decided_at", ">=", from)
    .where("r.decided_at", "<", to)
    .whereRef("u.unit_id", "=", "r.unit_id")
    .groupBy("r.unit_id")
    .execute();
  return new Map(rows.filter((r) => r.unit_id !== null).map((r) => [r.unit_id!, Number(r.n)]));
}
