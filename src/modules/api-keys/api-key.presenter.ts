import { z } from "zod";
import type { ApiKeyRow } from "../../db/schema.js";
import { API_KEY_SCOPES } from "../../http/auth.js";

export const apiKeyView = z.object({
  id: z.number(),
  name: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  keyPrefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** A key as admins see it: never the key (only its first characters, to recognise it). */
export function presentApiKey(row: ApiKeyRow): z.infer<typeof apiKeyView> {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes as z.infer<typeof apiKeyView>["scopes"],
    keyPrefix: row.key_prefix,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null,
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}
