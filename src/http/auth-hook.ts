import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import { DomainError } from "../domain/errors.js";
import { hashApiKey, liveApiKey, touchApiKey } from "../modules/api-keys/api-key.repository.js";
import { writeAudit } from "../modules/audit/audit.repository.js";
import { assertNoPendingReset } from "../modules/auth/password-reset.guard.js";
import { hashToken, liveSession } from "../modules/auth/session.repository.js";
import type { Actor, ApiKeyScope } from "./auth.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** API-key scopes that reach this route (none: API keys get 403 here). Sessions are unaffected. */
    apiKeyScopes?: readonly ApiKeyScope[];
    /** The route also takes the key as an `api_key` query or body parameter (Open311). */
    apiKeyParam?: boolean;
  }
}

/** How often a key's `last_used_at` is written, at most (per instance, and skipped when fresh). */
const TOUCH_EVERY_MS = 60_000;

/** The `api_key` parameter of a request (query string, or a parsed JSON or form body), if any. */
export function apiKeyParam(request: FastifyRequest): string | undefined {
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.api_key;
  if (typeof fromQuery === "string" && fromQuery) return fromQuery;
  const body = request.body;
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const fromBody = (body as Record<string, unknown>).api_key;
    if (typeof fromBody === "string" && fromBody) return fromBody;
  }
  return undefined;
}

/**
 * Resolves the caller of every /api/ request before anything else runs (so 401 and 403 come before 400):
 * `Authorization: Bearer <session token>` → a user; `Authorization: ApiKey <key>` → a service account,
 * which reaches only the routes that list one of its scopes in `config.apiKeyScopes` (else 403, audited).
 * Both go through the session cache; revoking a key or a session forgets it on this instance at once.
 */
export function registerAuthHook(app: FastifyInstance, ctx: AppContext): void {
  const touched = new Map<number, number>();

  const authenticateKey = async (request: FastifyRequest, key: string): Promise<void> => {
    const keyHash = hashApiKey(key);
    const now = new Date(); // keys, like sessions, live in real time
    const actor = await ctx.sessions.actor(`apikey:${keyHash}`, now, () => liveApiKey(ctx.db, keyHash));
    if (!actor) throw new DomainError("UNAUTHENTICATED", "the API key is unknown or was revoked");
    const accepted = request.routeOptions.config?.apiKeyScopes ?? [];
    const scopes = actor.scopes ?? [];
    if (!scopes.some((s) => accepted.includes(s))) {
      await auditDenied(ctx, actor, request);
      throw new DomainError("FORBIDDEN", `this API key (scopes: ${scopes.join(", ")}) does not reach ${request.method} ${routeOf(request)}`);
    }
    const last = touched.get(actor.apiKeyId!) ?? 0;
    if (now.getTime() - last >= TOUCH_EVERY_MS) {
      touched.set(actor.apiKeyId!, now.getTime());
      await touchApiKey(ctx.db, actor.apiKeyId!, now, TOUCH_EVERY_MS);
    }
    request.actor = actor;
  };

  app.addHook("onRequest", async (request) => {
    const path = request.url.split("?")[0] ?? "";
    if (!path.startsWith("/api/") || path === "/api/openapi.json" || request.routeOptions.config?.public) return;
    const header = request.headers.authorization ?? "";
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    if (bearer) {
      const tokenHash = hashToken(bearer[1]!);
      const now = new Date(); // sessions: real time
      const actor = await ctx.sessions.actor(tokenHash, now, () => liveSession(ctx.db, tokenHash, now));
      if (!actor) throw new DomainError("UNAUTHENTICATED", "the session has expired or was revoked");
      assertNoPendingReset(actor, request);
      request.actor = actor;
      request.tokenHash = tokenHash;
      return;
    }
    const apiKey = /^ApiKey\s+(\S+)$/i.exec(header);
    if (apiKey) return authenticateKey(request, apiKey[1]!);
    // Open311 may send the key as a parameter; a body is parsed only later (preValidation below).
    if (request.routeOptions.config?.apiKeyParam) return;
    throw new DomainError("UNAUTHENTICATED", "send Authorization: Bearer <token> (or ApiKey <key>)");
  });

  app.addHook("preValidation", async (request) => {
    if (request.actor || !request.routeOptions.config?.apiKeyParam || request.routeOptions.config.public) return;
    const key = apiKeyParam(request);
    if (!key) throw new DomainError("UNAUTHENTICATED", "send Authorization: ApiKey <key> or the api_key parameter");
    await authenticateKey(request, key);
  });
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split("?")[0] ?? "";
}

/** A key used outside its scopes: written on its own (there is no business transaction to join). */
async function auditDenied(ctx: AppContext, actor: Actor, request: FastifyRequest): Promise<void> {
  await writeAudit(ctx.db, {
    at: ctx.clock.now(),
    actorId: actor.id,
    action: "api_key.denied",
    targetType: "api_key",
    targetId: actor.apiKeyId,
    // The route pattern, not the URL: a query string may carry the key itself.
    data: { method: request.method, route: routeOf(request), scopes: actor.scopes ?? [] },
  });
}
