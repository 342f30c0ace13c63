import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Actor } from "../../src/http/auth.js";
import { SessionCache, type LiveSession } from "../../src/modules/auth/session-cache.js";
import { createServer, type Server } from "../../src/server.js";
import { ADMIN_PASSWORD, startTestServer, type TestServer } from "./helpers.js";

/**
 * The auth hook remembers live sessions for HUYING_SESSION_CACHE_MS (docs/DECISIONS.md "Sessions"). On
 * the instance where it happens, a logout, a deactivation, a role, unit or password change applies to the
 * very next request, and no session outlives its expires_at. Another instance applies a revocation
 * within its cache time (PostgreSQL only: PGlite is one process).
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("session cache on one instance", () => {
  let t: TestServer;
  let center: { id: number };
  const me = (token: string) => t.call("GET", "/api/me", { token });
  const patchUser = async (id: number, body: Record<string, unknown>) => {
    const res = await t.call("PATCH", `/api/users/${id}`, { token: t.adminToken, body });
    expect(res.status).toBe(200);
  };
  const intake = (token: string) =>
    t.call("POST", "/api/tickets", { token, body: { channel: "phone", requester: { name: "张三", phone: "13812345678" }, title: "路灯不亮", content: "和平路路灯坏了一周" } });

  beforeAll(async () => {
    t = await startTestServer({ env: { HUYING_SESSION_CACHE_MS: "60000" } });
    center = (await t.call("GET", "/api/units", { token: t.adminToken })).body.find((u: { kind: string }) => u.kind === "center");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("remembers a session it has read", async () => {
    const u = await t.user(["viewer"], center.id);
    expect((await me(u.token)).status).toBe(200);
    const size = t.server.ctx.sessions.size;
    expect((await me(u.token)).status).toBe(200);
    expect(t.server.ctx.sessions.size).toBe(size);
    expect(size).toBeGreaterThan(0);
  });

  it("refuses a token at once after its logout", async () => {
    const u = await t.user(["viewer"], center.id);
    expect((await me(u.token)).status).toBe(200);
    expect((await me(u.token)).status).toBe(200);
    expect((await t.call("POST", "/api/auth/logout", { token: u.token })).status).toBe(200);
    const after = await me(u.token);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("a logout ends only that token: the user's other session still works", async () => {
    const u = await t.user(["viewer"], center.id);
    const second = await t.login(u.username, "password-123");
    expect((await me(u.token)).status).toBe(200);
    expect((await me(second)).status).toBe(200);
    await t.call("POST", "/api/auth/logout", { token: u.token });
    expect((await me(u.token)).status).toBe(401);
    expect((await me(second)).status).toBe(200);
  });

  it("refuses every token of a deactivated user at once, and reactivation does not revive them", async () => {
    const u = await t.user(["operator"], center.id);
    const second = await t.login(u.username, "password-123");
    expect((await me(u.token)).status).toBe(200);
    expect((await me(second)).status).toBe(200);
    await patchUser(u.id, { active: false });
    expect((await me(u.token)).status).toBe(401);
    expect((await me(second)).status).toBe(401);
    expect((await intake(u.token)).status).toBe(401);
    await patchUser(u.id, { active: true });
    expect((await me(u.token)).status).toBe(401);
    expect((await me(await t.login(u.username, "password-123"))).status).toBe(200);
  });

  it("applies a role change to the next request", async () => {
    const u = await t.user(["operator"], center.id);
    expect((await intake(u.token)).status).toBe(201);
    await patchUser(u.id, { roles: ["viewer"] });
    const refused = await intake(u.token);
    expect(refused.status).toBe(403);
    expect((await me(u.token)).body.roles).toEqual(["viewer"]);
    await patchUser(u.id, { roles: ["operator"] });
    expect((await intake(u.token)).status).toBe(201);
  });

  it("applies a unit and name change to the next request", async () => {
    const unit = await t.unit("住建局");
    const u = await t.user(["unit_handler"], unit.id);
    expect((await me(u.token)).body.unitId).toBe(unit.id);
    const other = await t.unit("城关街道", "town");
    await patchUser(u.id, { unitId: other.id, name: "新名字" });
    const after = (await me(u.token)).body;
    expect(after.unitId).toBe(other.id);
    expect(after.name).toBe("新名字");
  });

  it("refuses the old tokens at once after a password change", async () => {
    const u = await t.user(["viewer"], center.id);
    expect((await me(u.token)).status).toBe(200);
    await patchUser(u.id, { password: "password-456" });
    expect((await me(u.token)).status).toBe(401);
    expect((await me(await t.login(u.username, "password-456"))).status).toBe(200);
  });

  it("a change to one user forgets only that user's sessions", async () => {
    const a = await t.user(["viewer"], center.id);
    const b = await t.user(["viewer"], center.id);
    expect((await me(a.token)).status).toBe(200);
    expect((await me(b.token)).status).toBe(200);
    const size = t.server.ctx.sessions.size;
    await patchUser(a.id, { active: false });
    expect(t.server.ctx.sessions.size).toBe(size - 1);
    expect((await me(a.token)).status).toBe(401);
    expect((await me(b.token)).status).toBe(200);
  });

  it("never remembers an unknown token", async () => {
    const size = t.server.ctx.sessions.size;
    expect((await me("not-a-token")).status).toBe(401);
    expect((await me("not-a-token")).status).toBe(401);
    expect(t.server.ctx.sessions.size).toBe(size);
  });
});

describe("session cache and the session's expiry", () => {
  let t: TestServer;

  beforeAll(async () => {
    // Sessions of 1.5 s, remembered for up to a minute: only expires_at can end the cached one.
    t = await startTestServer({ env: { HUYING_SESSION_HOURS: String(1.5 / 3600), HUYING_SESSION_CACHE_MS: "60000" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("refuses an expired session although it was cached", async () => {
    const res = await t.call("POST", "/api/auth/login", { body: { username: "admin", password: ADMIN_PASSWORD } });
    expect(res.status).toBe(200);
    const token = res.body.token as string;
    const expiresAt = new Date(res.body.expiresAt).getTime();
    expect((await t.call("GET", "/api/me", { token })).status).toBe(200);
    expect((await t.call("GET", "/api/me", { token })).status).toBe(200);
    await sleep(Math.max(0, expiresAt - Date.now()) + 20);
    const after = await t.call("GET", "/api/me", { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("UNAUTHENTICATED");
  });
});

describe("SessionCache", () => {
  const actor: Actor = { id: 7, username: "u7", name: "用户7", roles: ["operator"], unitId: 1 };
  const live = (expiresAt = new Date(Date.now() + 3_600_000)): LiveSession => ({ actor, expiresAt });

  it("does not store a session read by a lookup that raced with a revocation", async () => {
    const cache = new SessionCache(60_000);
    let release!: (s: LiveSession) => void;
    const slow = cache.actor("h1", new Date(), () => new Promise((r) => (release = r)));
    cache.forgetToken("h1"); // the logout commits while the lookup is on its way
    release(live());
    expect(await slow).not.toBeNull();
    let loads = 0;
    await cache.actor("h1", new Date(), async () => (loads++, null));
    expect(loads).toBe(1);
  });

  it("keeps at most its bound of entries, dropping the oldest", async () => {
    const cache = new SessionCache(60_000, 3);
    for (const h of ["a", "b", "c", "d"]) await cache.actor(h, new Date(), async () => live());
    expect(cache.size).toBe(3);
    let loads = 0;
    const count = async () => (loads++, live());
    await cache.actor("d", new Date(), count);
    expect(loads).toBe(0);
    await cache.actor("a", new Date(), count);
    expect(loads).toBe(1);
  });

  it("with a time of 0 remembers nothing", async () => {
    const cache = new SessionCache(0);
    await cache.actor("a", new Date(), async () => live());
    expect(cache.size).toBe(0);
  });

  it("hands out a frozen actor, so one request cannot change another's", async () => {
    const cache = new SessionCache(60_000);
    const got = await cache.actor("a", new Date(), async () => live());
    expect(() => got!.roles.push("admin")).toThrow(TypeError);
    expect(actor.roles).toEqual(["operator"]);
  });
});

const url = process.env.DATABASE_URL;

describe.skipIf(!url)("session cache across instances on one database", () => {
  let a: TestServer;
  let cached: Server; // remembers sessions for 400 ms
  let uncached: Server; // HUYING_SESSION_CACHE_MS=0
  let cachedUrl: string;
  let uncachedUrl: string;
  const TTL = 400;

  const instance = async (cacheMs: number) => {
    const config = loadConfig({ DATABASE_URL: url, HUYING_ADMIN_PASSWORD: ADMIN_PASSWORD, HUYING_SWEEP_INTERVAL_MS: "0", LOG_LEVEL: "error", HUYING_SESSION_CACHE_MS: String(cacheMs) });
    const server = await createServer({ config, schema: a.schema });
    return { server, url: await server.app.listen({ port: 0, host: "127.0.0.1" }) };
  };
  const me = async (base: string, token: string) => (await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status;

  beforeAll(async () => {
    a = await startTestServer();
    ({ server: cached, url: cachedUrl } = await instance(TTL));
    ({ server: uncached, url: uncachedUrl } = await instance(0));
  });
  afterAll(async () => {
    await cached?.close();
    await uncached?.close();
    await a?.close();
  });

  it("a logout on one instance is refused by an uncached instance at once and by a caching one within its cache time", async () => {
    const u = await a.user(["viewer"]);
    expect(await me(cachedUrl, u.token)).toBe(200);
    expect(await me(uncachedUrl, u.token)).toBe(200);
    const loggedOut = Date.now();
    expect((await a.call("POST", "/api/auth/logout", { token: u.token })).status).toBe(200);
    expect(await me(a.url, u.token)).toBe(401);
    expect(await me(uncachedUrl, u.token)).toBe(401);
    let status = await me(cachedUrl, u.token);
    while (status === 200 && Date.now() - loggedOut < TTL + 1_000) {
      await sleep(25);
      status = await me(cachedUrl, u.token);
    }
    expect(status).toBe(401);
    expect(Date.now() - loggedOut).toBeLessThan(TTL + 1_000);
  });

  it("a user deactivated on one instance is refused by a caching instance within its cache time", async () => {
    const u = await a.user(["viewer"]);
    expect(await me(cachedUrl, u.token)).toBe(200);
    const changed = Date.now();
    expect((await a.call("PATCH", `/api/users/${u.id}`, { token: a.adminToken, body: { active: false } })).status).toBe(200);
    expect(await me(uncachedUrl, u.token)).toBe(401);
    await sleep(TTL);
    expect(await me(cachedUrl, u.token)).toBe(401);
    expect(Date.now() - changed).toBeLessThan(TTL + 1_000);
  });
});
