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
  const headers = securityHeaders();
  // helmet's headers are the same on every answer (no nonce): worked out once, then set as a list (its
  // middleware chain measured ~4 % of an intake request's CPU; docs/SCALING.md "Intake ratio").
  app.addHook("onRequest", (_request, reply, done) => {
    const res = reply.raw;
    for (const [name, value] of headers.set) res.setHeader(name, value);
    for (const name of headers.removed) res.removeHeader(name);
    done();
  });
}

/** helmet built with this policy (see above). */
export function helmetMiddleware() {
  return helmet({
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
}

/** What helmet does to an answer (the headers it sets, in order, and those it removes), recorded on a stand-in. */
export function securityHeaders(): { set: Array<[string, string]>; removed: string[] } {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  const res = {
    setHeader: (name: string, value: unknown) => void set.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let failed: unknown;
  helmetMiddleware()({} as never, res as never, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return { set, removed };
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
