import type { AppContext } from "../../../app-context.js";
import { passwordProblem } from "../../../domain/auth/password-policy.js";
import { invalid, notFound } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { hashPassword, verifyPassword } from "../password.js";
import { revokeUserSessions } from "../session.repository.js";

/**
 * POST /api/me/password: the user proves the current password and chooses a new one under the password
 * policy. Clears a reset an admin forced, and ends the user's other sessions (this one stays).
 */
export async function changeOwnPassword(
  ctx: Pick<AppContext, "db" | "sessions">,
  actor: Actor,
  tokenHash: string | null,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await ctx.db.selectFrom("users").select(["id", "username", "password_hash"]).where("id", "=", actor.id).executeTakeFirst();
  if (!user) throw notFound("user");
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) throw invalid("currentPassword", "is not your current password");
  const problem = passwordProblem(input.newPassword, user.username);
  if (problem) throw invalid("newPassword", problem);
  if (input.newPassword === input.currentPassword) throw invalid("newPassword", "must differ from the current password");
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date(); // sessions: real time
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ password_hash: passwordHash, must_change_password: false }).where("id", "=", user.id).execute();
    await revokeUserSessions(trx, user.id, now, tokenHash ?? undefined);
    await writeAudit(trx, { at: now, actorId: user.id, action: "auth.password_changed", targetType: "user", targetId: user.id });
  });
  ctx.sessions.forgetUser(user.id);
}
