import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { DomainError } from "../../domain/errors.js";
import { ROLES } from "../../domain/ticket/ticket.types.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, okResponse } from "../../http/schemas.js";
import { writeAudit } from "../audit/audit.repository.js";
import { presentUser, userView } from "../org/user.presenter.js";
import { checkCredentials, dummyHash } from "./credentials.js";
import { LoginThrottle, DEFAULT_THROTTLE, type FailureCounts } from "./login-throttle.js";
import { changeOwnPassword } from "./use-cases/change-own-password.js";
import { createSession, newToken, revokeSession } from "./session.repository.js";

/**
 * Failed logins are audited one by one while the throttle has not yet started to slow the account or the
 * address down; past that, one aggregate row each time a counter reaches a power of two (16, 32, 64, …), so
 * a flood writes a handful of rows, not one per guess (docs/SECURITY.md "Login protection").
 */
function auditFailure(counts: FailureCounts): { aggregated: boolean } | null {
  if (counts.account <= DEFAULT_THROTTLE.accountFree && counts.address <= DEFAULT_THROTTLE.addressFree) return { aggregated: false };
  const power = (n: number) => n >= 16 && (n & (n - 1)) === 0;
  return power(counts.account) || power(counts.address) ? { aggregated: true } : null;
}

/** POST /api/auth/login, POST /api/auth/logout, GET /api/me, POST /api/me/password. */
export async function authRoutes(app: FastifyInstance, ctx: AppContext, throttle = new LoginThrottle()): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  void dummyHash(); // made now, so the first unknown username is not slower than the rest

  r.post(
    "/api/auth/login",
    {
      config: { public: true },
      schema: {
        tags: ["auth"],
        summary: "Log in: a bearer token for the session",
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ token: z.string(), expiresAt: z.string(), user: userView }), ...errorResponses, 429: { description: "Too many failed logins (RATE_LIMITED)", content: errorResponses[400].content } },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      // Sessions live in real time, whatever the business (test) clock says.
      const now = new Date();
      const address = request.ip;
      const waitMs = throttle.waitMs(username, address, now.getTime());
      if (waitMs > 0) {
        reply.header("retry-after", String(Math.ceil(waitMs / 1000)));
        throw new DomainError("RATE_LIMITED", `too many failed logins; try again in ${Math.ceil(waitMs / 1000)} s`);
      }
      const user = await ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
      // Always verified (a dummy hash for unknown and inactive users): the timing tells nothing.
      const ok = await checkCredentials(user, password);
      if (!user || !ok) {
        const counts = throttle.recordFailure(username, address, now.getTime());
        const audit = auditFailure(counts);
        if (audit) {
          const data = { username, ip: address, ...(audit.aggregated && { aggregated: true, accountFailures: counts.account, addressFailures: counts.address }) };
          await writeAudit(ctx.db, { at: now, actorId: user?.id ?? null, action: "auth.login_failed", data });
        }
        throw new DomainError("UNAUTHENTICATED", "wrong username or password");
      }
      throttle.recordSuccess(username, address, now.getTime());
      const { token, tokenHash } = newToken();
      const expiresAt = await ctx.db.transaction().execute(async (trx) => {
        const at = await createSession(trx, user.id, tokenHash, now, ctx.config.sessionHours);
        await writeAudit(trx, { at: now, actorId: user.id, action: "auth.login", targetType: "user", targetId: user.id, data: { ip: address } });
        return at;
      });
      return { token, expiresAt: expiresAt.toISOString(), user: presentUser(user) };
    },
  );

  r.post("/api/auth/logout", { schema: { tags: ["auth"], summary: "Log out: revoke this session's token", response: { 200: okResponse, ...errorResponses } } }, async (request) => {
    const actor = actorOf(request);
    if (request.tokenHash) {
      const tokenHash = request.tokenHash;
      const now = new Date();
      await ctx.db.transaction().execute(async (trx) => {
        await revokeSession(trx, tokenHash, now);
        await writeAudit(trx, { at: now, actorId: actor.id, action: "auth.logout", targetType: "user", targetId: actor.id, data: { ip: request.ip } });
      });
      ctx.sessions.forgetToken(tokenHash);
    }
    return { ok: true as const };
  });

  r.get("/api/me", { schema: { tags: ["auth"], summary: "The logged-in user", response: { 200: userView, ...errorResponses } } }, async (request) => {
    const a = actorOf(request);
    return { id: a.id, username: a.username, name: a.name, roles: a.roles, unitId: a.unitId, active: true, mustChangePassword: !!a.mustChangePassword };
  });

  r.post(
    "/api/me/password",
    {
      schema: {
        tags: ["auth"],
        summary: "Change one's own password (also what a user whose password an admin reset must do first)",
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
        response: { 200: okResponse, ...errorResponses },
      },
    },
    async (request) => {
      await changeOwnPassword(ctx, actorOf(request), request.tokenHash, request.body);
      return { ok: true as const };
    },
  );
}
