import type { FastifyRequest } from "fastify";
import { DomainError } from "../../domain/errors.js";
import type { Actor } from "../../http/auth.js";

/** What a user whose password an admin reset may still do: choose a new one, or log out. */
const OPEN_DURING_RESET = new Set(["POST /api/me/password", "POST /api/auth/logout"]);

/** Called by the auth hook: 403 PASSWORD_RESET_REQUIRED for everything else while a reset is pending. */
export function assertNoPendingReset(actor: Actor, request: FastifyRequest): void {
  if (!actor.mustChangePassword) return;
  if (OPEN_DURING_RESET.has(`${request.method} ${request.routeOptions.url ?? ""}`)) return;
  throw new DomainError("PASSWORD_RESET_REQUIRED", "an administrator reset your password: choose a new one (POST /api/me/password)");
}
