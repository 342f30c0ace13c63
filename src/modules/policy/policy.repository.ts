import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { PolicySettings } from "../../domain/policy/policy.js";

/** One stored policy version. */
export interface PolicyRow {
  version: number;
  name: string;
  settings: unknown;
  createdAt: Date;
  createdBy: number | null;
}

function toRow(r: { version: number; name: string; settings: unknown; created_at: Date; created_by: number | null }): PolicyRow {
  return { version: r.version, name: r.name, settings: r.settings, createdAt: r.created_at, createdBy: r.created_by };
}

/** The newest version, or undefined before the first change (the default applies). */
export async function latestPolicy(db: Db): Promise<PolicyRow | undefined> {
  const r = await db.selectFrom("policies").selectAll().orderBy("version", "desc").limit(1).executeTakeFirst();
  return r && toRow(r);
}

/** One version, or undefined. */
export async function policyByVersion(db: Db, version: number): Promise<PolicyRow | undefined> {
  const r = await db.selectFrom("policies").selectAll().where("version", "=", version).executeTakeFirst();
  return r && toRow(r);
}

/** Every version, newest first, without the settings. */
export async function listPolicyVersions(db: Db, limit = 200): Promise<Omit<PolicyRow, "settings">[]> {
  const rows = await db
    .selectFrom("policies")
    .select(["version", "name", "created_at", "created_by"])
    .orderBy("version", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ version: r.version, name: r.name, createdAt: r.created_at, createdBy: r.created_by }));
}

/** Appends a new version (versions are never updated: tickets keep the one they were dispatched under). */
export async function insertPolicyVersion(
  db: Db,
  p: { name: string; settings: PolicySettings; at: Date; by: number | null },
): Promise<PolicyRow> {
  const r = await db
    .insertInto("policies")
    .values({ name: p.name, settings: JSON.stringify(p.settings), created_at: p.at, created_by: p.by })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRow(r);
}

/**
 * Stores `settings` as the first version when the table is empty (a no-op otherwise), so every
 * dispatched ticket can point at a stored version, even one dispatched before any admin change.
 * Two first calls at once may both insert: the rows are identical, so either serves.
 */
export async function insertFirstVersionIfEmpty(db: Db, name: string, settings: PolicySettings): Promise<void> {
  await sql`
    INSERT INTO policies (name, settings, created_at, created_by)
    SELECT ${name}, ${JSON.stringify(settings)}::jsonb, now(), NULL
    WHERE NOT EXISTS (SELECT 1 FROM policies)`.execute(db);
}
