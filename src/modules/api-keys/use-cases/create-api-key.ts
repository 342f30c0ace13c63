import type { Db } from "../../../db/database.js";
import type { ApiKeyRow } from "../../../db/schema.js";
import { requireRole, type Actor, type ApiKeyScope } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { insertApiKey, newApiKey } from "../api-key.repository.js";

/** An admin creates a service account; the key is returned this once and only its hash is kept. Audited. */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: { name: string; scopes: readonly ApiKeyScope[] },
  now: Date,
): Promise<{ row: ApiKeyRow; key: string }> {
  requireRole(actor, "admin");
  const scopes = [...new Set(input.scopes)];
  const { key, keyHash, keyPrefix } = newApiKey();
  const row = await db.transaction().execute(async (trx) => {
    const created = await insertApiKey(trx, { name: input.name, scopes, keyHash, keyPrefix, createdBy: actor.id, now });
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: "api_key.created",
      targetType: "api_key",
      targetId: created.id,
      data: { name: created.name, scopes, keyPrefix },
    });
    return created;
  });
  return { row, key };
}
