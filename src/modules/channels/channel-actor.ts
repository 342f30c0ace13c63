import type { Db } from "../../db/database.js";
import type { Actor } from "../../http/auth.js";
import { SERVICE_USERNAME_PREFIX } from "../api-keys/api-key.repository.js";

/** The actors that take requests arriving without a person or a key behind them (citizen web, mail, SMS, WeChat). */
export type SystemChannel = "web" | "email" | "sms" | "wechat";
const NAMES: Record<SystemChannel, string> = { web: "市民网页", email: "电子邮件通道", sms: "短信通道", wechat: "微信公众号" };

const cache = new WeakMap<Db, Map<SystemChannel, number>>();

/**
 * A service actor (like an API key's) for a channel: a backing `users` row `apikey:channel-<name>` that can
 * never log in and is hidden from the user list, with intake rights only and no personal-data rights.
 */
export async function channelActor(db: Db, channel: SystemChannel): Promise<Actor> {
  const known = cache.get(db) ?? new Map<SystemChannel, number>();
  cache.set(db, known);
  let id = known.get(channel);
  const username = `${SERVICE_USERNAME_PREFIX}channel-${channel}`;
  if (id === undefined) {
    await db
      .insertInto("users")
      .values({ username, password_hash: "!service-account", name: NAMES[channel], roles: [], unit_id: null })
      .onConflict((oc) => oc.column("username").doNothing())
      .execute();
    const row = await db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
    id = row.id;
    known.set(channel, id);
  }
  return { id, username, name: NAMES[channel], roles: ["operator"], unitId: null, kind: "service", scopes: [] };
}
