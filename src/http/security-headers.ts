import type { FastifyInstance, FastifyReply } from "fastify";
import helmet from "helmet";

/**
 * Security headers on every answer (docs/SECURITY.md "Headers"), fit for the React/antd/ECharts bundle:
 * scripts only from this origin (Vite emits no inline script and needs no eval), styles from this origin
 * plus inline ones (antd writes its CSS-in-JS into <style> tags), images also as data: and blob: (ECharts'
 * "save as image", antd's icons), no plug-ins, no framing by any page (clickjacking), no MIME sniffing, and
 * only the origin as referrer to other sites. No upgrade-insecure-requests and no HSTS: an office may run the
 * server on plain HTTP inside its network; the TLS-terminating proxy sets HSTS (see the nginx example).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  // helmet is built once here and applied to every answer. (@fastify/helmet rebuilds helmet and re-parses the
  // CSP for each request, which measured ~20 µs of CPU and a burst of garbage per request on intake.)
  const applyHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", "blob:"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    xFrameOptions: { action: "deny" },
  });
  app.addHook("onRequest", (request, reply, done) => applyHeaders(request.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined)));
}

/**
 * Caching of the web bundle: Vite names everything under /assets by its content hash, so those files may be
 * kept for a year; index.html (which names the current hashes) and anything else is revalidated every time,
 * so an upgrade reaches every screen on its next load.
 */
export function webCacheHeaders(reply: FastifyReply, filePath: string): void {
  const immutable = /[\\/]assets[\\/]/.test(filePath);
  reply.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
}
