import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAuthHook } from "../../src/http/auth-hook.js";
import { actorOf } from "../../src/http/auth.js";
import { registerErrorHandler } from "../../src/http/error-handler.js";
import { loadConfig } from "../../src/config.js";
import { createServer, type Server } from "../../src/server.js";
import { ADMIN_PASSWORD, standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * Service accounts (docs/API.md "Service accounts"): admins create, list and revoke API keys; a key is
 * sent as `Authorization: ApiKey <key>`, reaches only the routes of its scopes (else 403, audited), acts as
 * a service actor with no personal-data rights, and is refused the moment it is revoked. PGlite and PostgreSQL.
 */
describe("API keys", () => {
  let t: TestServer;
  let cast: Awaited<ReturnType<typeof standardCast>>;
  const intake = { channel: "phone", requester: { name: "李四", phone: "13900001111" }, title: "上级转办：道路积水", content: "和平路下穿隧道积水" };
  const withKey = (method: string, path: string, key: string, body?: unknown, scheme = "ApiKey") =>
    t.call(method, path, { body, headers: { authorization: `${scheme} ${key}` } });
  const createKey = async (name: string, scopes: string[]) => {
    const res = await t.call("POST", "/api/api-keys", { token: t.adminToken, body: { name, scopes } });
    expect(res.status).toBe(201);
    return res.body as { id: number; name: string; scopes: string[]; key: string };
  };
  const audit = async (action: string) => (await t.call("GET", `/api/audit-log?action=${action}`, { token: t.adminToken })).body.items as any[];

  beforeAll(async () => {
    // A long session cache: revocation must still apply at once on this instance.
    t = await startTestServer({ env: { HUYING_SESSION_CACHE_MS: "60000" } });
    cast = await standardCast(t);
  });
  afterAll(async () => t?.close());

  it("an admin creates a key: shown once, hy_-prefixed, 256 bits; the list never shows it", async () => {
    const created = await createKey("省平台", ["upstream", "upstream"]);
    expect(created).toMatchObject({ name: "省平台", scopes: ["upstream"] });
    expect(created.key).toMatch(/^hy_[A-Za-z0-9_-]{43}$/);
    const listed = await t.call("GET", "/api/api-keys", { token: t.adminToken });
    expect(listed.status).toBe(200);
    const item = listed.body.items.find((k: any) => k.id === created.id);
    expect(item).toMatchObject({ name: "省平台", scopes: ["upstream"], lastUsedAt: null, revokedAt: null, keyPrefix: created.key.slice(0, 8) });
    expect(JSON.stringify(listed.body)).not.toContain(created.key);
    expect(listed.body.nextCursor).toBeNull();
    const [row] = await audit("api_key.created");
    expect(row).toMatchObject({ targetType: "api_key", targetId: String(created.id), data: { name: "省平台", scopes: ["upstream"] } });
    expect(JSON.stringify(row)).not.toContain(created.key);
    // Its backing user is not a person: not listed with the users.
    const users = await t.call("GET", "/api/users", { token: t.adminToken });
    expect(users.body.some((u: any) => u.username.startsWith("apikey:"))).toBe(false);
  });

  it("only admins manage keys; 403 before 400; a 400 names every bad field", async () => {
    expect((await t.call("POST", "/api/api-keys", { token: cast.supervisor.token, body: { name: "x", scopes: ["upstream"] } })).status).toBe(403);
    expect((await t.call("POST", "/api/api-keys", { token: cast.supervisor.token, body: {} })).status).toBe(403);
    expect((await t.call("GET", "/api/api-keys", { token: cast.dispatcher.token })).status).toBe(403);
    expect((await t.call("DELETE", "/api/api-keys/abc", { token: cast.dispatcher.token })).status).toBe(403);
    const bad = await t.call("POST", "/api/api-keys", { token: t.adminToken, body: { scopes: ["root"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    const named = JSON.stringify(bad.body.error);
    expect(named).toContain("name");
    expect((await t.call("POST", "/api/api-keys", { token: t.adminToken, body: { name: "x", scopes: [] } })).status).toBe(400);
    expect((await t.call("DELETE", "/api/api-keys/999999", { token: t.adminToken })).status).toBe(404);
    expect((await t.call("GET", "/api/api-keys?cursor=x", { token: t.adminToken })).status).toBe(400);
  });

  it("an upstream key creates a ticket as a service actor: masked phone, no reveal, audited as the key", async () => {
    const k = await createKey("市级平台", ["upstream"]);
    const res = await withKey("POST", "/api/tickets", k.key, intake);
    expect(res.status).toBe(201);
    expect(res.body.requester.phone).toBe("139****1111");
    expect(res.body.allowedActions).not.toContain("reveal_phone");
    // The timeline names the key as the actor.
    const detail = await t.call("GET", `/api/tickets/${res.body.id}`, { token: cast.dispatcher.token });
    const created = detail.body.events.find((e: any) => e.type === "ticket.created");
    expect(JSON.stringify(created)).toContain("市级平台");
    // Idempotency keys are the key's own, as a user's are.
    const again = await t.call("POST", "/api/tickets", { body: intake, headers: { authorization: `ApiKey ${k.key}`, "idempotency-key": "up-1" } });
    expect(again.status).toBe(201);
    const repeat = await t.call("POST", "/api/tickets", { body: intake, headers: { authorization: `ApiKey ${k.key}`, "idempotency-key": "up-1" } });
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(again.body.id);
    // A bad body from an allowed key is a 400 like anyone's.
    const bad = await withKey("POST", "/api/tickets", k.key, { channel: "phone" });
    expect(bad.status).toBe(400);
    // last_used_at is kept.
    const listed = await t.call("GET", "/api/api-keys", { token: t.adminToken });
    expect(listed.body.items.find((x: any) => x.id === k.id).lastUsedAt).toEqual(expect.any(String));
  });

  it("a key reaches only the routes of its scopes: everything else is 403 (not 401), audited", async () => {
    const k = await createKey("12345 开放接口", ["open311"]);
    const denied = await withKey("POST", "/api/tickets", k.key, intake);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("FORBIDDEN");
    // 403 before 400: an incomplete body is still refused for the scope first.
    expect((await withKey("POST", "/api/tickets", k.key, {})).status).toBe(403);
    const up = await createKey("上级", ["upstream"]);
    for (const [method, path] of [
      ["GET", "/api/tickets"],
      ["GET", "/api/me"],
      ["GET", "/api/api-keys"],
      ["GET", "/api/outbox"],
      ["POST", "/api/tickets/1/reveal-phone"],
      ["GET", "/api/audit-log"],
    ] as const) {
      const res = await withKey(method, path, up.key);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const rows = await audit("api_key.denied");
    const mine = rows.filter((r) => r.targetId === String(k.id));
    expect(mine.length).toBe(2);
    expect(mine[0]).toMatchObject({ actor: { name: "12345 开放接口" }, data: { method: "POST", route: "/api/tickets", scopes: ["open311"] } });
    expect(rows.filter((r) => r.targetId === String(up.id)).length).toBe(6);
    expect(JSON.stringify(rows)).not.toContain(k.key);
  });

  it("an unknown or malformed key is 401; a revoked key is refused at once, even with a cache", async () => {
    expect((await withKey("POST", "/api/tickets", "hy_not-a-key", intake)).status).toBe(401);
    expect((await t.call("POST", "/api/tickets", { body: intake, headers: { authorization: "ApiKey" } })).status).toBe(401);
    const k = await createKey("将被吊销", ["upstream"]);
    expect((await withKey("POST", "/api/tickets", k.key, intake)).status).toBe(201); // now cached
    // A key is not a session token, nor the other way round.
    expect((await withKey("GET", "/api/me", k.key, undefined, "Bearer")).status).toBe(401);
    expect((await withKey("GET", "/api/me", cast.operator.token)).status).toBe(401);
    const revoked = await t.call("DELETE", `/api/api-keys/${k.id}`, { token: t.adminToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const after = await withKey("POST", "/api/tickets", k.key, intake);
    expect(after.status).toBe(401);
    expect((await t.call("DELETE", `/api/api-keys/${k.id}`, { token: t.adminToken })).status).toBe(200); // idempotent
    const rows = (await audit("api_key.revoked")).filter((r) => r.targetId === String(k.id));
    expect(rows.length).toBe(1);
  });

  it("the list is keyset-paged, newest first", async () => {
    await createKey("p1", ["calls"]);
    await createKey("p2", ["calls"]);
    const first = await t.call("GET", "/api/api-keys?limit=2", { token: t.adminToken });
    expect(first.body.items.map((k: any) => k.name)).toEqual(["p2", "p1"]);
    const second = await t.call("GET", `/api/api-keys?limit=2&cursor=${first.body.nextCursor}`, { token: t.adminToken });
    expect(second.body.items.length).toBe(2);
    expect(second.body.items[0].id).toBeLessThan(first.body.items[1].id);
  });

  it("a route that opts in takes the key as an api_key parameter too (Open311), in the query or the body", async () => {
    // A stand-in for the Open311 routes to come, on this server's context and auth hook.
    const app = Fastify();
    registerErrorHandler(app);
    registerAuthHook(app, t.server.ctx);
    const handler = async (request: any) => ({ name: actorOf(request).name, kind: actorOf(request).kind });
    app.post("/api/open311-probe", { config: { apiKeyParam: true, apiKeyScopes: ["open311"] } }, handler);
    app.post("/api/no-param", { config: { apiKeyScopes: ["open311"] } }, handler);
    try {
      const k = await createKey("open311 客户端", ["open311"]);
      const up = await createKey("另一个", ["upstream"]);
      const inject = (url: string, payload?: unknown, headers: Record<string, string> = {}) => app.inject({ method: "POST", url, payload: payload as any, headers });
      const q = await inject(`/api/open311-probe?api_key=${k.key}`);
      expect(q.statusCode).toBe(200);
      expect(q.json()).toEqual({ name: "open311 客户端", kind: "service" });
      expect((await inject("/api/open311-probe", { api_key: k.key })).statusCode).toBe(200);
      expect((await inject("/api/open311-probe", {}, { authorization: `ApiKey ${k.key}` })).statusCode).toBe(200);
      expect((await inject("/api/open311-probe", { api_key: up.key })).statusCode).toBe(403);
      expect((await inject("/api/open311-probe", { api_key: "hy_nope" })).statusCode).toBe(401);
      expect((await inject("/api/open311-probe", {})).statusCode).toBe(401);
      // A route that did not opt in ignores the parameter.
      expect((await inject(`/api/no-param?api_key=${k.key}`)).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});

/** Keys live in the database: one instance's key works on another, and a revocation reaches it (PostgreSQL only). */
describe.skipIf(!process.env.DATABASE_URL)("API keys across two instances", () => {
  let a: TestServer;
  let b: Server;
  let bUrl: string;
  beforeAll(async () => {
    a = await startTestServer();
    const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, HUYING_ADMIN_PASSWORD: ADMIN_PASSWORD, HUYING_TEST_CLOCK: "1", HUYING_SESSION_CACHE_MS: "0", LOG_LEVEL: "error" });
    b = await createServer({ config, schema: a.schema });
    bUrl = await b.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("a key created on one instance works on the other and is refused there once revoked (cache off)", async () => {
    const created = await a.call("POST", "/api/api-keys", { token: a.adminToken, body: { name: "跨实例", scopes: ["upstream"] } });
    const onB = (body: unknown) =>
      fetch(`${bUrl}/api/tickets`, { method: "POST", headers: { authorization: `ApiKey ${created.body.key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const intake = { channel: "phone", requester: { name: "王五", phone: "13700002222" }, title: "上级转办", content: "占道经营" };
    expect((await onB(intake)).status).toBe(201);
    expect((await a.call("DELETE", `/api/api-keys/${created.body.id}`, { token: a.adminToken })).status).toBe(200);
    expect((await onB(intake)).status).toBe(401);
  });
});
