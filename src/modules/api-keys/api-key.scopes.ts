import type { Role } from "../../domain/ticket/ticket.types.js";
import type { ApiKeyScope } from "../../http/auth.js";

/**
 * What a scope lets a key's actor do inside the routes it reaches (the route gate in src/http/auth-hook.ts
 * decides which routes those are). Every integration so far passes requests in, so each scope acts with
 * the intake rights of a dispatcher; `mayHandlePersonalData` keeps phones masked and reveals refused.
 * A new scope is one entry here and in API_KEY_SCOPES.
 */
export const SCOPE_ROLES: Record<ApiKeyScope, readonly Role[]> = {
  open311: ["dispatcher"],
  upstream: ["dispatcher"],
  calls: ["dispatcher"],
};

export function rolesForScopes(scopes: readonly ApiKeyScope[]): Role[] {
  return [...new Set(scopes.flatMap((s) => SCOPE_ROLES[s]))];
}
