import type { Db } from "../../../db/database.js";
import type { ApiKeyRow } from "../../../db/schema.js";
import { notFound } from "../../../domain/errors.js";
import { requireRole, type Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { lockApiKey, revokeApiKey } from "../api-key.repository.js";

/**
 * An admin revokes a key: refused from the next request on (the caller forgets it from this instance's
 * cache; other instances within HUYING_SESSION_CACHE_MS). Revoking a revoked key changes nothing. Audited.
 */
export async function revokeApiKeyById(db: Db, actor: Actor, id: number, now: Date): Promise<ApiKeyRow> {
  requireRole(actor, "admin");
  return db.transaction().execute(async (trx) => {
    const row = await lockApiKey(trx, id);
    if (!row) throw notFound("api key");
    if (row.revoked_at) return row;
    const revoked = await revokeApiKey(trx, id, actor.id, now);
    await writeAudit(trx, { at: now, actorId: actor.id, action: "api_key.revoked", targetType: "api_key", targetId: id, data: { name: row.name } });
    return revoked;
  });
}
