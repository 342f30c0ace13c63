import type { FastifyInstance } from "fastify";
import { DomainError } from "../domain/errors.js";
import type { Role } from "../domain/ticket/ticket.types.js";
import { hasRole, type Actor } from "./auth.js";

/**
 * Who may call a route, declared once in the route's `config.access` and checked right after
 * authentication, before the body is parsed or validated: a caller without the role gets 403, never a
 * 400 about a body they may not send at all. The use cases check the same declaration (e.g. the ticket
 * actions' TICKET_PERMISSIONS through `mayAct`), with the record in hand (unit scoping, 404 before 403).
 */
export interface Access {
  /** The roles that may call the route (documented as `x-roles` in the OpenAPI document). */
  readonly roles: readonly Role[];
  /** Whether this actor may call the route at all (a finer check, on the record, follows in the use case). */
  allows(actor: Actor): boolean;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may call the route: checked before validation (src/http/access.ts). */
    access?: Access;
  }
}

/** Access for any actor holding one of the roles. */
export function rolesAccess(roles: readonly Role[]): Access {
  return { roles, allows: (actor) => hasRole(actor, ...roles) };
}

/** Registers the check; call it after the authentication hook (hooks run in the order they were added). */
export function registerAccessCheck(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access || !request.actor) return;
    if (!access.allows(request.actor)) {
      throw new DomainError("FORBIDDEN", `this needs one of the roles: ${access.roles.join(", ")}`);
    }
  });
}
