import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";
import { helmetMiddleware, securityHeaders } from "../../src/http/security-headers.js";

/** Issue 12 item 9: security headers on every answer, and caching of the web bundle (index.html never stale). */
const DIST = join(import.meta.dirname, "..", "..", "web", "dist");
const hasBundle = existsSync(join(DIST, "index.html"));

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const get = (path: string, token?: string) => fetch(t.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("security headers", () => {
  it("an API answer carries CSP, frame-ancestors 'none', nosniff and a referrer policy", async () => {
    for (const res of [await get("/api/me", t.adminToken), await get("/api/tickets"), await get("/healthz")]) {
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });
});

describe("security headers worked out once", () => {
  it("every answer carries exactly what helmet would set on it, and no X-Powered-By", async () => {
    const recorded = securityHeaders();
    expect(recorded.set.length).toBeGreaterThanOrEqual(10);
    expect(recorded.removed).toContain("X-Powered-By");
    // helmet run on a real answer of its own gives the same list (no per-request value such as a nonce).
    const fresh = new Map<string, string>();
    helmetMiddleware()({} as never, { setHeader: (n: string, v: unknown) => fresh.set(n, String(v)), removeHeader: () => undefined } as never, () => undefined);
    expect(new Map(recorded.set)).toEqual(fresh);
    const res = await get("/api/tickets", t.adminToken);
    for (const [name, value] of recorded.set) expect(res.headers.get(name), name).toBe(value);
    expect(res.headers.get("x-powered-by")).toBeNull();
  });
});

describe.skipIf(!hasBundle)("the web bundle (needs npm run build:web)", () => {
  it("index.html is never cached stale: no-cache at /, at /index.html and for app routes", async () => {
    for (const path of ["/", "/index.html", "/tickets/42", "/admin/users"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toContain("text/html");
      expect(res.headers.get("cache-control"), path).toBe("no-cache");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });

  it("hashed assets under /assets may be cached for a year (immutable)", async () => {
    const asset = readdirSync(join(DIST, "assets")).find((f) => f.endsWith(".js"))!;
    const res = await get(`/assets/${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });
});
