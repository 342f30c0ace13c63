import type { FastifyRequest } from "fastify";
import { DomainError } from "../domain/errors.js";
import type { Role } from "../domain/ticket/ticket.types.js";

/** The authenticated user of a request, as every use case sees it. */
export interface Actor {
  id: number;
  username: string;
  name: string;
  roles: Role[];
  unitId: number | null;
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
