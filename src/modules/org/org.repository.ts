import type { Db } from "../../db/database.js";
import type { Role } from "../../domain/ticket/ticket.types.js";
import { DomainError, invalid } from "../../domain/errors.js";

export interface UnitView {
  id: number;
  name: string;
  kind: "center" | "department" | "town" | "section";
  parentId: number | null;
  region: string | null;
  active: boolean;
  /** The unit's duty phone for urgent-dispatch SMS (issue 16); masked for readers outside the center and the unit. */
  dutyPhone: string | null;
}

export async function listUnits(db: Db): Promise<UnitView[]> {
  const rows = await db.selectFrom("units").selectAll().orderBy("id").execute();
  return rows.map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parent_id, region: u.region, active: u.active, dutyPhone: u.duty_phone }));
}

export async function unitExists(db: Db, id: number): Promise<boolean> {
  return !!(await db.selectFrom("units").select("id").where("id", "=", id).executeTakeFirst());
}

export async function insertUnit(db: Db, input: Omit<UnitView, "id" | "active" | "dutyPhone"> & { dutyPhone?: string | null }): Promise<UnitView> {
  if (input.parentId !== null && !(await unitExists(db, input.parentId))) throw invalid("parentId", "no such unit");
  const row = await db
    .insertInto("units")
    .values({ name: input.name, kind: input.kind, parent_id: input.parentId, region: input.region, duty_phone: input.dutyPhone ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, kind: row.kind, parentId: row.parent_id, region: row.region, active: row.active, dutyPhone: row.duty_phone };
}

export async function insertUser(
  db: Db,
  input: { username: string; passwordHash: string; name: string; roles: Role[]; unitId: number | null; phone?: string | null },
) {
  const taken = await db.selectFrom("users").select("id").where("username", "=", input.username).executeTakeFirst();
  if (taken) throw new DomainError("DUPLICATE", `username ${input.username} is taken`, "username");
  return db
    .insertInto("users")
    .values({
      username: input.username,
      password_hash: input.passwordHash,
      name: input.name,
      roles: input.roles,
      unit_id: input.unitId,
      phone: input.phone ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface CategoryNode {
  id: number;
  name: string;
  parentId: number | null;
  active: boolean;
  children: CategoryNode[];
}

/** The category tree, roots first, children by name. */
export async function categoryTree(db: Db): Promise<CategoryNode[]> {
  const rows = await db.selectFrom("categories").select(["id", "name", "parent_id", "active"]).orderBy("id").execute();
  const nodes = new Map<number, CategoryNode>(rows.map((r) => [r.id, { id: r.id, name: r.name, parentId: r.parent_id, active: r.active, children: [] }]));
  const roots: CategoryNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

/** Inserts a category, or returns the existing one with the same name under the same parent. */
export async function upsertCategory(db: Db, name: string, parentId: number | null): Promise<{ id: number; name: string; parentId: number | null; created: boolean }> {
  let q = db.selectFrom("categories").select(["id", "name", "parent_id"]).where("name", "=", name);
  q = parentId === null ? q.where("parent_id", "is", null) : q.where("parent_id", "=", parentId);
  const existing = await q.executeTakeFirst();
  if (existing) return { id: existing.id, name: existing.name, parentId: existing.parent_id, created: false };
  if (parentId !== null) {
    const parent = await db.selectFrom("categories").select("id").where("id", "=", parentId).executeTakeFirst();
    if (!parent) throw invalid("parentId", "no such category");
  }
  const row = await db.insertInto("categories").values({ name, parent_id: parentId }).returning(["id", "name", "parent_id"]).executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, parentId: row.parent_id, created: true };
}
