import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { DomainError } from "../../domain/errors.js";
import { ROLES } from "../../domain/ticket/ticket.types.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, okResponse } from "../../http/schemas.js";
import { writeAudit } from "../audit/audit.repository.js";
import { presentUser } from "../org/user.presenter.js";
import { LoginThrottle } from "./login-throttle.js";
import { verifyPassword } from "./password.js";
import { createSession, newToken, revokeSession } from "./session.repository.js";

const userView = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  unitId: z.number().nullable(),
  active: z.boolean(),
});

/** POST /api/auth/login, POST /api/auth/logout, GET /api/me. */
export async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const throttle = new LoginThrottle();

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
    async (request) => {
      const { username, password } = request.body;
      // Sessions live in real time, whatever the business (test) clock says.
      const now = new Date();
      const keys = [`u:${username}`, `ip:${request.ip}`];
      if (throttle.isBlocked(keys, now.getTime())) {
        throw new DomainError("RATE_LIMITED", "too many failed logins; wait a few minutes");
      }
      const user = await ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
      const ok = user && user.active && (await verifyPassword(user.password_hash, password));
      if (!user || !ok) {
        throttle.recordFailure(keys, now.getTime());
        await writeAudit(ctx.db, { at: now, actorId: user?.id ?? null, action: "auth.login_failed", data: { username, ip: request.ip } });
        throw new DomainError("UNAUTHENTICATED", "wrong username or password");
      }
      throttle.reset(`u:${username}`);
      const { token, tokenHash } = newToken();
      const expiresAt = await createSession(ctx.db, user.id, tokenHash, now, ctx.config.sessionHours);
      return { token, expiresAt: expiresAt.toISOString(), user: presentUser(user) };
    },
  );

  r.post("/api/auth/logout", { schema: { tags: ["auth"], summary: "Log out: revoke this session's token", response: { 200: okResponse, ...errorResponses } } }, async (request) => {
    actorOf(request);
    if (request.tokenHash) {
      await revokeSession(ctx.db, request.tokenHash, new Date());
      ctx.sessions.forgetToken(request.tokenHash);
    }
    return { ok: true as const };
  });

  r.get("/api/me", { schema: { tags: ["auth"], summary: "The logged-in user", response: { 200: userView, ...errorResponses } } }, async (request) => {
    const a = actorOf(request);
    return { id: a.id, username: a.username, name: a.name, roles: a.roles, unitId: a.unitId, active: true };
  });
}
