import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { AppContext } from "../../../app-context.js";
import type { Db } from "../../../db/database.js";
import { passwordProblem } from "../../../domain/auth/password-policy.js";
import { DomainError, invalid, notFound } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { SERVICE_USERNAME_PREFIX } from "../../api-keys/api-key.repository.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { hashPassword } from "../../auth/password.js";
import { revokeUserSessions } from "../../auth/session.repository.js";
import type { UnitView } from "../org.repository.js";
import { maskPhone } from "../../tickets/ticket.presenter.js";
import { normalizeDutyPhone } from "../duty-phone.js";
import { presentUser, type UserView } from "../user.presenter.js";

type Deps = Pick<AppContext, "db" | "clock" | "sessions">;

/** How many rows of each kind still name a record; the first non-zero one is the 409's reason. */
async function firstReference(db: Db, checks: Array<[string, () => Promise<number>]>): Promise<string | null> {
  for (const [label, count] of checks) {
    const n = await count();
    if (n > 0) return `${label} ${n}`;
  }
  return null;
}

const countOf = async (q: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }) => Number((await q.executeTakeFirstOrThrow()).n);

function inUse(what: string, reason: string): DomainError {
  return new DomainError("IN_USE", `${what} is still referenced (${reason}); disable it instead`);
}

/** A unit as the list shows it. */
const unitOf = (r: { id: number; name: string; kind: UnitView["kind"]; parent_id: number | null; region: string | null; active: boolean; duty_phone: string | null }): UnitView => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  parentId: r.parent_id,
  region: r.region,
  active: r.active,
  dutyPhone: r.duty_phone,
});

/** PATCH /api/units/:id (admin): rename, move, change the region or the duty phone, disable/enable a unit. Audited. */
export async function updateUnit(
  ctx: Deps,
  actor: Actor,
  id: number,
  b: { name?: string; kind?: UnitView["kind"]; parentId?: number | null; region?: string | null; active?: boolean; dutyPhone?: string | null },
): Promise<UnitView> {
  const fields = (["name", "kind", "parentId", "region", "active", "dutyPhone"] as const).filter((f) => b[f] !== undefined);
  if (fields.length === 0) throw invalid("body", "give at least one of name, kind, parentId, region, active, dutyPhone");
  const dutyPhone = b.dutyPhone === undefined ? undefined : b.dutyPhone === null ? null : normalizeDutyPhone(b.dutyPhone);
  if (b.parentId === id) throw invalid("parentId", "a unit cannot be its own parent");
  return ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("units").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!current) throw notFound("unit");
    if (current.kind === "center" && (b.active === false || (b.kind && b.kind !== "center"))) throw invalid("active", "the center cannot be disabled");
    if (b.parentId) {
      // No cycles: the new parent must not sit under this unit.
      let at: number | null = b.parentId;
      for (let depth = 0; at !== null && depth < 50; depth++) {
        if (at === id) throw invalid("parentId", "would put the unit under itself");
        const p: { parent_id: number | null } | undefined = await trx.selectFrom("units").select("parent_id").where("id", "=", at).executeTakeFirst();
        if (!p) throw invalid("parentId", "no such unit");
        at = p.parent_id;
      }
    }
    const row = await trx
      .updateTable("units")
      .set({
        ...(b.name !== undefined && { name: b.name }),
        ...(b.kind !== undefined && { kind: b.kind }),
        ...(b.parentId !== undefined && { parent_id: b.parentId }),
        ...(b.region !== undefined && { region: b.region }),
        ...(b.active !== undefined && { active: b.active }),
        ...(dutyPhone !== undefined && { duty_phone: dutyPhone }),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "unit.updated", targetType: "unit", targetId: id, data: { changed: fields, name: row.name } });
    if (dutyPhone !== undefined && dutyPhone !== current.duty_phone) {
      await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "unit.duty_phone_set", targetType: "unit", targetId: id, data: { dutyPhone: maskPhone(dutyPhone) } });
    }
    return unitOf(row);
  });
}

/** DELETE /api/units/:id (admin): only a unit nothing refers to; otherwise 409 IN_USE with the reason. */
export async function deleteUnit(ctx: Deps, actor: Actor, id: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom("units").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!unit) throw notFound("unit");
    if (unit.kind === "center") throw new DomainError("IN_USE", "the center cannot be deleted");
    const reason = await firstReference(trx, [
      ["tickets", () => countOf(trx.selectFrom("tickets").select((eb) => eb.fn.countAll().as("n")).where((eb) => eb.or([eb("lead_unit_id", "=", id), eb("co_unit_ids", "@>", sql<number[]>`ARRAY[${id}]::integer[]`)])))],
      ["ticket events", () => countOf(trx.selectFrom("ticket_events").select((eb) => eb.fn.countAll().as("n")).where("unit_id", "=", id))],
      ["users", () => countOf(trx.selectFrom("users").select((eb) => eb.fn.countAll().as("n")).where("unit_id", "=", id))],
      ["sub-units", () => countOf(trx.selectFrom("units").select((eb) => eb.fn.countAll().as("n")).where("parent_id", "=", id))],
    ]);
    if (reason) throw inUse("unit", reason);
    await deleteOrInUse("unit", () => trx.deleteFrom("units").where("id", "=", id).execute());
    await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "unit.deleted", targetType: "unit", targetId: id, data: { name: unit.name } });
  });
}

/** A foreign key this module did not check (another module's table): still a 409, never a 500. */
async function deleteOrInUse(what: string, del: () => Promise<unknown>): Promise<void> {
  try {
    await del();
  } catch (err) {
    if ((err as { code?: unknown }).code === "23503") throw inUse(what, "other records");
    throw err;
  }
}

/** PATCH /api/categories/:id (admin): rename, move or disable/enable a category. Audited. */
export async function updateCategory(ctx: Deps, actor: Actor, id: number, b: { name?: string; parentId?: number | null; active?: boolean }) {
  const fields = (["name", "parentId", "active"] as const).filter((f) => b[f] !== undefined);
  if (fields.length === 0) throw invalid("body", "give at least one of name, parentId, active");
  if (b.parentId === id) throw invalid("parentId", "a category cannot be its own parent");
  return ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("categories").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!current) throw notFound("category");
    if (b.parentId) {
      let at: number | null = b.parentId;
      for (let depth = 0; at !== null && depth < 50; depth++) {
        if (at === id) throw invalid("parentId", "would put the category under itself");
        const p: { parent_id: number | null } | undefined = await trx.selectFrom("categories").select("parent_id").where("id", "=", at).executeTakeFirst();
        if (!p) throw invalid("parentId", "no such category");
        at = p.parent_id;
      }
    }
    const row = await trx
      .updateTable("categories")
      .set({
        ...(b.name !== undefined && { name: b.name }),
        ...(b.parentId !== undefined && { parent_id: b.parentId }),
        ...(b.active !== undefined && { active: b.active }),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "category.updated", targetType: "category", targetId: id, data: { changed: fields, name: row.name } });
    return { id: row.id, name: row.name, parentId: row.parent_id, active: row.active };
  });
}

/** DELETE /api/categories/:id (admin): only when no ticket and no sub-category names it. */
export async function deleteCategory(ctx: Deps, actor: Actor, id: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const cat = await trx.selectFrom("categories").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!cat) throw notFound("category");
    const reason = await firstReference(trx, [
      ["tickets", () => countOf(trx.selectFrom("tickets").select((eb) => eb.fn.countAll().as("n")).where("category_id", "=", id))],
      ["sub-categories", () => countOf(trx.selectFrom("categories").select((eb) => eb.fn.countAll().as("n")).where("parent_id", "=", id))],
    ]);
    if (reason) throw inUse("category", reason);
    await deleteOrInUse("category", () => trx.deleteFrom("categories").where("id", "=", id).execute());
    await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "category.deleted", targetType: "category", targetId: id, data: { name: cat.name } });
  });
}

/**
 * DELETE /api/users/:id (admin): only an account that never acted (no ticket, event or audit entry of its
 * own); anyone who worked is kept for the record and can only be disabled (409 IN_USE). Not oneself.
 */
export async function deleteUser(ctx: Deps, actor: Actor, id: number): Promise<void> {
  if (id === actor.id) throw new DomainError("IN_USE", "you cannot delete your own account");
  await ctx.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").selectAll().where("id", "=", id).where("username", "not like", `${SERVICE_USERNAME_PREFIX}%`).forUpdate().executeTakeFirst();
    if (!user) throw notFound("user");
    const reason = await firstReference(trx, [
      ["tickets", () => countOf(trx.selectFrom("tickets").select((eb) => eb.fn.countAll().as("n")).where("created_by", "=", id))],
      ["ticket events", () => countOf(trx.selectFrom("ticket_events").select((eb) => eb.fn.countAll().as("n")).where("actor_id", "=", id))],
      ["audit entries", () => countOf(trx.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).where("actor_id", "=", id))],
    ]);
    if (reason) throw inUse("user", reason);
    await trx.deleteFrom("sessions").where("user_id", "=", id).execute();
    await deleteOrInUse("user", () => trx.deleteFrom("users").where("id", "=", id).execute());
    await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "user.deleted", targetType: "user", targetId: id, data: { username: user.username } });
  });
  ctx.sessions.forgetUser(id);
}

/** A temporary password that passes the password policy: 12 characters from an unambiguous alphabet. */
function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join("");
}

/**
 * POST /api/users/:id/reset-password (admin): a new password (the admin's, or a generated temporary one,
 * shown once), which the user must change at the next login (must_change_password); sessions end. Audited
 * without the password.
 */
export async function resetPassword(ctx: Deps, actor: Actor, id: number, b: { password?: string }): Promise<{ user: UserView; temporaryPassword: string }> {
  const target = await ctx.db.selectFrom("users").select("username").where("id", "=", id).where("username", "not like", `${SERVICE_USERNAME_PREFIX}%`).executeTakeFirst();
  if (!target) throw notFound("user");
  const password = b.password ?? temporaryPassword();
  const problem = passwordProblem(password, target.username);
  if (problem) throw invalid("password", problem);
  const hash = await hashPassword(password);
  const user = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable("users").set({ password_hash: hash, must_change_password: true }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
    await revokeUserSessions(trx, id, ctx.clock.now());
    await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "user.password_reset", targetType: "user", targetId: id, data: { username: row.username, generated: b.password === undefined } });
    return presentUser(row);
  });
  ctx.sessions.forgetUser(id);
  return { user, temporaryPassword: password };
}
