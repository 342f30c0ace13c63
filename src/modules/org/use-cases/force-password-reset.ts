import type { AppContext } from "../../../app-context.js";
import { notFound } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { revokeUserSessions } from "../../auth/session.repository.js";
import { presentUser, type UserView } from "../user.presenter.js";

/**
 * POST /api/users/:id/force-password-reset (admin): the user must choose a new password before anything
 * else. Their sessions end now; they may log in with the old password, and then only change it or log out
 * (403 PASSWORD_RESET_REQUIRED for everything else). Audited.
 */
export async function forcePasswordReset(ctx: Pick<AppContext, "db" | "clock" | "sessions">, actor: Actor, userId: number): Promise<UserView> {
  const user = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable("users").set({ must_change_password: true }).where("id", "=", userId).returningAll().executeTakeFirst();
    if (!row) throw notFound("user");
    await revokeUserSessions(trx, row.id, new Date());
    await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "user.password_reset_forced", targetType: "user", targetId: row.id, data: { username: row.username } });
    return presentUser(row);
  });
  ctx.sessions.forgetUser(user.id);
  return user;
}
