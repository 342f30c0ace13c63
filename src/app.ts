import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import { validatorCompiler } from "fastify-type-provider-zod";
import type { AppContext } from "./app-context.js";
import { registerAuthHook } from "./http/auth-hook.js";
import { MIGRATIONS } from "./db/migrate.js";
import { registerAccessCheck } from "./http/access.js";
import { registerErrorHandler } from "./http/error-handler.js";
import { registerMetrics } from "./http/metrics.js";
import { registerNulGuard } from "./http/nul-guard.js";
import { swaggerOptions } from "./http/openapi.js";
import { registerSecurityHeaders, webCacheHeaders } from "./http/security-headers.js";
import { fastifyTrustProxy } from "./config.js";
import { ROUTE_MODULES } from "./routes.js";

/** A request id we accept from a proxy: letters, digits, - and _, at most 64 (no log injection). */
const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), "..", "web", "dist");

declare module "fastify" {
  interface FastifyContextConfig {
    /** Route answers without a bearer token. */
    public?: boolean;
  }
}

/** Builds the HTTP server: schemas, OpenAPI, auth, every route module, and the web bundle. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger,
    bodyLimit: 2 * 1024 * 1024,
    // Off unless HUYING_TRUST_PROXY names the proxy: X-Forwarded-For from anyone else is ignored (docs/SECURITY.md).
    trustProxy: fastifyTrustProxy(ctx.config.trustProxy),
    // Request ids (docs/OPERATIONS.md "Logs"): the proxy's X-Request-Id when it is a plain token (nginx
    // sends $request_id), else a new UUID; logged as reqId on every line and echoed in the answer.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // The router's own refusals (a path segment over its 100 characters, a malformed URL) answer like any bad
    // input: a 400 naming the field (the path), not Fastify's bare {error, code, statusCode} 414/400.
    frameworkErrors: (err, _request, reply) => {
      const message = err.code === "FST_ERR_MAX_PARAM_LENGTH" ? "a path segment is longer than 100 characters" : "the URL is malformed";
      void (reply as unknown as FastifyReply).code(400).send({ error: { code: "VALIDATION_FAILED", message: `path: ${message}`, field: "path", fields: [{ field: "path", message }] } });
    },
  });
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.setValidatorCompiler(validatorCompiler);
  // Responses are described (for OpenAPI) but serialised as they are: presenters already shape them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerErrorHandler(app);
  registerNulGuard(app);
  registerSecurityHeaders(app);
  registerMetrics(app, ctx.metrics, { token: ctx.config.metricsToken, trustsProxy: ctx.config.trustProxy !== false });

  await app.register(fastifySwagger, swaggerOptions);

  app.decorateRequest("actor", null);
  app.decorateRequest("tokenHash", null);
  registerAuthHook(app, ctx);
  registerAccessCheck(app); // after authentication, before parsing and validation: 403 before 400

  app.get("/healthz", { schema: { hide: true } }, async () => {
    await ctx.db.selectFrom("huying_migrations").select("name").limit(1).execute();
    return { status: "ok" };
  });
  // Readiness (for a load balancer): the database answers and every migration this build knows is applied.
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    try {
      const applied = await ctx.db.selectFrom("huying_migrations").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
      const ready = Number(applied.n) >= MIGRATIONS.length;
      return reply.status(ready ? 200 : 503).send({ status: ready ? "ready" : "migrating", migrations: Number(applied.n) });
    } catch {
      return reply.status(503).send({ status: "unavailable" });
    }
  });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  for (const register of ROUTE_MODULES) await register(app, ctx);

  const spa = existsSync(WEB_DIST);
  if (spa) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, cacheControl: false, setHeaders: webCacheHeaders });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    // Single-page app: every non-API GET that is not a file gets index.html.
    if (spa && request.method === "GET" && !path.startsWith("/api/") && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.sendFile("index.html");
    }
    return reply.status(404).send({ error: { code: "NOT_FOUND", message: `no route ${request.method} ${path}` } });
  });
  return app;
}
