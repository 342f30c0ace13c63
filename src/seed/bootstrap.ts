import type { AppContext } from "../app-context.js";
import { hashPassword } from "../modules/auth/password.js";

/**
 * On an empty database, creates the center unit and user `admin` (docs/API.md: HUYING_ADMIN_PASSWORD, or a
 * random one printed once). Returns the password when it created the user.
 */
export async function ensureAdmin(ctx: Pick<AppContext, "db">, password: string): Promise<{ password: string } | null> {
  const existing = await ctx.db.selectFrom("users").select("id").where("username", "=", "admin").executeTakeFirst();
  if (existing) return null;
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    let center = await trx.selectFrom("units").select("id").where("kind", "=", "center").orderBy("id").executeTakeFirst();
    center ??= await trx.insertInto("units").values({ name: "12345热线中心", kind: "center", parent_id: null, region: null }).returning("id").executeTakeFirstOrThrow();
    await trx
      .insertInto("users")
      .values({ username: "admin", password_hash: passwordHash, name: "系统管理员", roles: ["admin"], unit_id: center.id })
      .onConflict((oc) => oc.column("username").doNothing())
      .execute();
  });
  return { password };
}
