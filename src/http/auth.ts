import type { FastifyRequest } from "fastify";
import { DomainError } from "../domain/errors.js";
import type { Role } from "../domain/ticket/ticket.types.js";

/** The scopes an API key may hold (docs/API.md "Service accounts"); routes declare which they accept. */
export const API_KEY_SCOPES = ["open311", "upstream", "calls"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * The authenticated caller of a request, as every use case sees it: a person logged in with a session
 * (`kind` "user", absent on older call sites) or a service account calling with an API key (`kind`
 * "service"). A service actor's `id` is its key's backing user row, so what it writes references it like
 * a user's; its roles come from its scopes and it never has personal-data rights (`mayHandlePersonalData`).
 */
export interface Actor {
  id: number;
  username: string;
  name: string;
  roles: Role[];
  unitId: number | null;
  kind?: "user" | "service";
  /** A service actor's scopes (empty for users). */
  scopes?: readonly ApiKeyScope[];
  /** A service actor's key id (audit rows name it). */
  apiKeyId?: number;
  /** An admin forced a password reset: only changing the password and logging out are allowed. */
  mustChangePassword?: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
    tokenHash: string | null;
  }
}

/** The actor of an authenticated route (the auth hook has already rejected anonymous calls). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError("UNAUTHENTICATED", "log in first");
  return request.actor;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** Throws 403 unless the actor holds one of the roles. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!hasRole(actor, ...roles)) {
    throw new DomainError("FORBIDDEN", `this needs one of the roles: ${roles.join(", ")}`);
  }
}

export function isService(actor: Actor): boolean {
  return actor.kind === "service";
}

/** Whether the actor may ever see or reveal personal data (names, phones): never a service account. */
export function mayHandlePersonalData(actor: Actor): boolean {
  return !isService(actor);
}
