import { randomBytes } from "node:crypto";
import type { Db } from "../../db/database.js";
import type { ApiKeyRow } from "../../db/schema.js";
import type { Actor, ApiKeyScope } from "../../http/auth.js";
import type { LiveSession } from "../auth/session-cache.js";
import { hashToken } from "../auth/session.repository.js";
import { rolesForScopes } from "./api-key.scopes.js";

/** Recognisable in logs, configs and secret scanners. */
export const API_KEY_PREFIX = "hy_";
/** Usernames of keys' backing users: the ":" cannot appear in a person's username (org.routes.ts). */
export const SERVICE_USERNAME_PREFIX = "apikey:";
/** A key's backing user can never log in: no argon2 hash verifies against this. */
const NO_PASSWORD = "!service-account";

/** A new key: `hy_` + 256 random bits; only its SHA-256 is stored, as for session tokens. */
export function newApiKey(): { key: string; keyHash: string; keyPrefix: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, keyHash: hashApiKey(key), keyPrefix: key.slice(0, 8) };
}

/** A key is stored like a session token: its SHA-256 (one function for both secrets). */
export const hashApiKey = hashToken;

/** Inserts the key and its backing user, in the caller's transaction. */
export async function insertApiKey(
  trx: Db,
  input: { name: string; scopes: readonly ApiKeyScope[]; keyHash: string; keyPrefix: string; createdBy: number; now: Date },
): Promise<ApiKeyRow> {
  const user = await trx
    .insertInto("users")
    .values({
      username: `${SERVICE_USERNAME_PREFIX}${input.keyHash.slice(0, 16)}`,
      password_hash: NO_PASSWORD,
      name: input.name,
      roles: [],
      unit_id: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return trx
    .insertInto("api_keys")
    .values({
      name: input.name,
      scopes: [...input.scopes],
      key_hash: input.keyHash,
      key_prefix: input.keyPrefix,
      user_id: user.id,
      created_by: input.createdBy,
      created_at: input.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Newest first, keyset-paged by id; revoked keys included (with their revocation time). */
export async function listApiKeys(db: Db, q: { limit: number; beforeId?: number }): Promise<ApiKeyRow[]> {
  let query = db.selectFrom("api_keys").selectAll();
  if (q.beforeId !== undefined) query = query.where("id", "<", q.beforeId);
  return query.orderBy("id", "desc").limit(q.limit).execute();
}

export async function lockApiKey(trx: Db, id: number): Promise<ApiKeyRow | undefined> {
  return trx.selectFrom("api_keys").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** Revokes the key and deactivates its backing user. */
export async function revokeApiKey(trx: Db, id: number, by: number, now: Date): Promise<ApiKeyRow> {
  const row = await trx.updateTable("api_keys").set({ revoked_at: now, revoked_by: by }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
  await trx.updateTable("users").set({ active: false }).where("id", "=", row.user_id).execute();
  return row;
}

/** Keys never expire by themselves; the cache still holds an entry only for its TTL. */
const NEVER = new Date("9999-12-31T00:00:00Z");

/** The service actor of a live (unrevoked) key, or null. */
export async function liveApiKey(db: Db, keyHash: string): Promise<LiveSession | null> {
  const row = await db
    .selectFrom("api_keys")
    .innerJoin("users", "users.id", "api_keys.user_id")
    .select(["api_keys.id", "api_keys.name", "api_keys.scopes", "api_keys.user_id", "users.username"])
    .where("api_keys.key_hash", "=", keyHash)
    .where("api_keys.revoked_at", "is", null)
    .where("users.active", "=", true)
    .executeTakeFirst();
  if (!row) return null;
  const scopes = row.scopes as ApiKeyScope[];
  const actor: Actor = {
    id: row.user_id,
    username: row.username,
    name: row.name,
    roles: rolesForScopes(scopes),
    unitId: null,
    kind: "service",
    scopes,
    apiKeyId: row.id,
  };
  return { actor, expiresAt: NEVER };
}

/** Records use at most once a minute per key, across instances too (the condition skips a fresh stamp). */
export async function touchApiKey(db: Db, id: number, now: Date, everyMs: number): Promise<void> {
  await db
    .updateTable("api_keys")
    .set({ last_used_at: now })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", new Date(now.getTime() - everyMs))]))
    .execute();
}
