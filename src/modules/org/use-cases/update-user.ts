import type { AppContext } from "../../../app-context.js";
import { passwordProblem } from "../../../domain/auth/password-policy.js";
import { invalid, notFound } from "../../../domain/errors.js";
import { UNIT_ROLES, type Role } from "../../../domain/ticket/ticket.types.js";
import type { Actor } from "../../../http/auth.js";
import { SERVICE_USERNAME_PREFIX } from "../../api-keys/api-key.repository.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { hashPassword } from "../../auth/password.js";
import { revokeUserSessions } from "../../auth/session.repository.js";
import { unitExists } from "../org.repository.js";
import { presentUser, type UserView } from "../user.presenter.js";

export interface UserChanges {
  name?: string;
  roles?: Role[];
  unitId?: number | null;
  active?: boolean;
  password?: string;
}

const FIELDS = ["name", "roles", "unitId", "active", "password"] as const;

/**
 * PATCH /api/users/:id (admin): the fields sent change, nothing else. An empty change is a 400 naming the
 * body (docs/DECISIONS.md "Auth, users and HTTP hardening"). A new password follows the password policy;
 * deactivating or a new password ends the user's sessions.
 */
export async function updateUser(ctx: Pick<AppContext, "db" | "clock" | "sessions">, actor: Actor, userId: number, b: UserChanges): Promise<UserView> {
  if (!FIELDS.some((f) => b[f] !== undefined)) throw invalid("body", `give at least one of ${FIELDS.join(", ")}`);
  if (b.unitId && !(await unitExists(ctx.db, b.unitId))) throw invalid("unitId", "no such unit");
  let passwordHash: string | undefined;
  if (b.password !== undefined) {
    const target = await ctx.db.selectFrom("users").select("username").where("id", "=", userId).executeTakeFirst();
    if (!target) throw notFound("user");
    const problem = passwordProblem(b.password, target.username);
    if (problem) throw invalid("password", problem);
    passwordHash = await hashPassword(b.password);
  }
  const user = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("users")
      .set({
        ...(b.name !== undefined && { name: b.name }),
        ...(b.roles !== undefined && { roles: b.roles }),
        ...(b.unitId !== undefined && { unit_id: b.unitId }),
        ...(b.active !== undefined && { active: b.active }),
        ...(passwordHash && { password_hash: passwordHash }),
      })
      .where("id", "=", userId)
      // An API key's backing user is managed through /api/api-keys only.
      .where("username", "not like", `${SERVICE_USERNAME_PREFIX}%`)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound("user");
    if (row.roles.some((role) => UNIT_ROLES.includes(role as Role)) && row.unit_id === null) {
      throw invalid("unitId", "unit roles need a unit");
    }
    if (b.active === false || passwordHash) await revokeUserSessions(trx, row.id, ctx.clock.now());
    const changed = FIELDS.filter((k) => k !== "password" && b[k] !== undefined);
    await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "user.updated", targetType: "user", targetId: row.id, data: { changed, passwordReset: !!passwordHash } });
    return presentUser(row);
  });
  // After the commit: this instance's cached sessions of the user must not outlive the change.
  ctx.sessions.forgetUser(user.id);
  return user;
}
