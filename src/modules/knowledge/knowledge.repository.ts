import type { Insertable } from "kysely";
import type { Db } from "../../db/database.js";
import type { KnowledgeEntryRow, KnowledgeVersionsTable } from "../../db/schema.js";

/** Kysely access to knowledge entries, versions and review tasks; each function takes the db or transaction first. */

export async function findEntry(db: Db, id: number, forUpdate = false): Promise<KnowledgeEntryRow | undefined> {
  let q = db.selectFrom("knowledge_entries").selectAll().where("id", "=", id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function entriesByIds(db: Db, ids: readonly number[]): Promise<Map<number, KnowledgeEntryRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("knowledge_entries").selectAll().where("id", "in", [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function versionsOf(db: Db, entryId: number) {
  return db.selectFrom("knowledge_versions").selectAll().where("entry_id", "=", entryId).orderBy("version", "desc").execute();
}

export async function findVersion(db: Db, entryId: number, version: number) {
  return db.selectFrom("knowledge_versions").selectAll().where("entry_id", "=", entryId).where("version", "=", version).executeTakeFirst();
}

export async function insertVersion(db: Db, v: Insertable<KnowledgeVersionsTable>): Promise<void> {
  await db.insertInto("knowledge_versions").values(v).execute();
}

/** Files (or moves to the new version) the pending review task of a kind for an entry. */
export async function upsertPendingReview(db: Db, r: { entryId: number; kind: "publish" | "expiry"; version: number; unitId: number | null; requestedBy: number | null; at: Date }): Promise<void> {
  const pending = await db.selectFrom("knowledge_reviews").select("id").where("entry_id", "=", r.entryId).where("kind", "=", r.kind).where("status", "=", "pending").executeTakeFirst();
  if (pending) {
    await db.updateTable("knowledge_reviews").set({ version: r.version, requested_by: r.requestedBy, requested_at: r.at, unit_id: r.unitId }).where("id", "=", pending.id).execute();
    return;
  }
  await db
    .insertInto("knowledge_reviews")
    .values({ entry_id: r.entryId, kind: r.kind, version: r.version, unit_id: r.unitId, requested_by: r.requestedBy, requested_at: r.at })
    .onConflict((oc) => oc.columns(["entry_id", "kind"]).where("status", "=", "pending").doNothing())
    .execute();
}

/** Decides the pending tasks of an entry (of a kind, or all): a conditional update, so two deciders never both win. */
export async function decidePending(db: Db, entryId: number, kind: "publish" | "expiry" | null, d: { status: "approved" | "refused" | "withdrawn"; by: number; at: Date; note: string | null }) {
  let q = db.updateTable("knowledge_reviews").set({ status: d.status, decided_by: d.by, decided_at: d.at, note: d.note }).where("entry_id", "=", entryId).where("status", "=", "pending");
  if (kind) q = q.where("kind", "=", kind);
  return q.returning("id").execute();
}
