import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";

/**
 * Issue 12 items 4, 6, 10, 11 through the real server: proxy trust, login slow-down without locking the real
 * user out, audited logins and logouts, timing of unknown usernames, the password policy, forced resets.
 */

const PASSWORD = "password-123";

async function login(t: TestServer, username: string, password: string, forwardedFor?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
  const res = await fetch(`${t.url}/api/auth/login`, { method: "POST", headers, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as any;
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body };
}

/** A user created by the admin who never logged in (so no address is known to be theirs). */
async function freshUser(t: TestServer, roles = ["viewer"]): Promise<{ id: number; username: string }> {
  const center = (await t.call("GET", "/api/units", { token: t.adminToken })).body.find((u: any) => u.kind === "center");
  const username = `fresh_${Math.random().toString(36).slice(2, 10)}`;
  const res = await t.call("POST", "/api/users", { token: t.adminToken, body: { username, password: PASSWORD, name: "新用户", roles, unitId: center.id } });
  expect(res.status).toBe(201);
  return { id: res.body.id, username };
}

const auditRows = async (t: TestServer, action: string) =>
  (await t.call("GET", `/api/audit-log?action=${action}&limit=200`, { token: t.adminToken })).body.items as any[];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("without HUYING_TRUST_PROXY (the default)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.close());

  it("a forged X-Forwarded-For does not reset the per-address slow-down, and is not what gets audited", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await login(t, `nobody${i}`, "guess-guess-1", `198.51.100.${i + 1}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
    const failed = await auditRows(t, "auth.login_failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.data.ip === "127.0.0.1")).toBe(true);
  });
});

describe("behind a trusted proxy (HUYING_TRUST_PROXY=127.0.0.1)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { HUYING_TRUST_PROXY: "127.0.0.1" } });
  });
  afterAll(async () => t?.close());

  it("the real user still logs in from their address while an attacker's guesses are slowed down", async () => {
    const u = await freshUser(t);
    expect((await login(t, u.username, PASSWORD, "192.0.2.10")).status).toBe(200);
    const attacker: number[] = [];
    for (let i = 0; i < 9; i++) attacker.push((await login(t, u.username, `guess-number-${i}`, "203.0.113.66")).status);
    expect(attacker.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attacker.slice(5)).toContain(429);
    // The address the user logged in from before is not held back by the account's wait …
    expect((await login(t, u.username, PASSWORD, "192.0.2.10")).status).toBe(200);
    // … and from a new address the wait is short (bounded at 30 s), with Retry-After: no lockout.
    const elsewhere = await login(t, u.username, PASSWORD, "192.0.2.99");
    expect(elsewhere.status).toBe(429);
    expect(Number(elsewhere.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(elsewhere.retryAfter)).toBeLessThanOrEqual(30);
    expect(elsewhere.body.error.code).toBe("RATE_LIMITED");
  });

  it("a flood from one address is answered 429 after ten failures and writes a bounded number of audit rows", async () => {
    const before = (await auditRows(t, "auth.login_failed")).length;
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await login(t, `sprayed${i}`, "guess-guess-1", "203.0.113.200")).status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(11);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(189);
    const after = (await auditRows(t, "auth.login_failed")).length;
    expect(after - before).toBeLessThanOrEqual(11);
    // Another client is not affected.
    const u = await freshUser(t);
    expect((await login(t, u.username, PASSWORD, "192.0.2.20")).status).toBe(200);
  });

  it("a wrong password of a real user takes about as long as an unknown username (no enumeration by timing)", async () => {
    const users = await Promise.all(Array.from({ length: 10 }, () => freshUser(t)));
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 10; i++) {
      let start = performance.now();
      expect((await login(t, users[i]!.username, "not-the-password-1", `198.18.0.${i + 1}`)).status).toBe(401);
      known.push(performance.now() - start);
      start = performance.now();
      expect((await login(t, `ghost_${i}_${Date.now()}`, "not-the-password-1", `198.18.1.${i + 1}`)).status).toBe(401);
      unknown.push(performance.now() - start);
    }
    const ratio = median(unknown) / median(known);
    expect(ratio, `unknown ${median(unknown).toFixed(1)} ms vs known ${median(known).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("audits successful logins and logouts", async () => {
    const u = await freshUser(t);
    const { body } = await login(t, u.username, PASSWORD, "192.0.2.30");
    const logins = await auditRows(t, "auth.login");
    expect(logins.some((r) => r.actor?.id === u.id && r.data.ip === "192.0.2.30")).toBe(true);
    expect((await t.call("POST", "/api/auth/logout", { token: body.token })).status).toBe(200);
    const logouts = await auditRows(t, "auth.logout");
    expect(logouts.some((r) => r.actor?.id === u.id)).toBe(true);
  });
});

describe("password policy, forced reset and empty updates", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.close());

  const create = (username: string, password: string) =>
    t.call("POST", "/api/users", { token: t.adminToken, body: { username, password, name: "测试", roles: ["viewer"] } });

  it.each([
    ["12345678", "too short"],
    ["1234567890", "common"],
    ["qwertyuiop", "common"],
    ["password123", "common"],
  ])("refuses to create a user with %j (%s): 400 naming password", async (password) => {
    const res = await create(`weak_${Math.random().toString(36).slice(2, 8)}`, password);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("password");
  });

  it("refuses the username as password, or a password containing it, in any case", async () => {
    for (const [username, password] of [["liwei20250", "liwei20250"], ["liwei2026", "LIWEI2026-home"]] as const) {
      const res = await create(username, password);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe("password");
      expect(res.body.error.message).toContain("username");
    }
  });

  it("applies the policy to an admin's password change too", async () => {
    const u = await freshUser(t);
    const res = await t.call("PATCH", `/api/users/${u.id}`, { token: t.adminToken, body: { password: u.username + "-x" } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("password");
  });

  it("PATCH /api/users/:id with an empty body is a 400 naming the body, not a 500", async () => {
    const u = await freshUser(t);
    for (const body of [{}, { bogus: 1 }]) {
      const res = await t.call("PATCH", `/api/users/${u.id}`, { token: t.adminToken, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(res.body.error.field).toBe("body");
    }
    const viewer = await t.user(["viewer"]);
    expect((await t.call("PATCH", `/api/users/${u.id}`, { token: viewer.token, body: {} })).status).toBe(403);
  });

  it("a forced reset ends the sessions; after logging in, only the password change and logout are allowed", async () => {
    const u = await t.user(["viewer"]);
    const forced = await t.call("POST", `/api/users/${u.id}/force-password-reset`, { token: t.adminToken });
    expect(forced.status).toBe(200);
    expect(forced.body.mustChangePassword).toBe(true);
    expect((await t.call("GET", "/api/tickets", { token: u.token })).status).toBe(401);
    expect((await t.call("GET", "/api/audit-log?action=user.password_reset_forced", { token: t.adminToken })).body.items[0].targetId).toBe(String(u.id));

    const res = await t.call("POST", "/api/auth/login", { body: { username: u.username, password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.user.mustChangePassword).toBe(true);
    const token = res.body.token as string;
    for (const [method, path] of [["GET", "/api/tickets"], ["GET", "/api/me"], ["GET", "/api/units"]] as const) {
      const r = await t.call(method, path, { token });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("PASSWORD_RESET_REQUIRED");
    }
    const wrong = await t.call("POST", "/api/me/password", { token, body: { currentPassword: "not-it-at-all", newPassword: "a-fresh-secret-7" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe("currentPassword");
    const weak = await t.call("POST", "/api/me/password", { token, body: { currentPassword: PASSWORD, newPassword: "1234567890" } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.field).toBe("newPassword");
    const same = await t.call("POST", "/api/me/password", { token, body: { currentPassword: PASSWORD, newPassword: PASSWORD } });
    expect(same.status).toBe(400);
    expect((await t.call("POST", "/api/me/password", { token, body: { currentPassword: PASSWORD, newPassword: "a-fresh-secret-7" } })).status).toBe(200);
    const me = await t.call("GET", "/api/me", { token });
    expect(me.status).toBe(200);
    expect(me.body.mustChangePassword).toBe(false);
    expect((await t.call("GET", "/api/tickets", { token })).status).toBe(200);
    expect((await t.call("POST", "/api/auth/login", { body: { username: u.username, password: "a-fresh-secret-7" } })).status).toBe(200);
  });

  it("logout stays allowed during a pending reset", async () => {
    const u = await t.user(["viewer"]);
    await t.call("POST", `/api/users/${u.id}/force-password-reset`, { token: t.adminToken });
    const token = await t.login(u.username, PASSWORD);
    expect((await t.call("POST", "/api/auth/logout", { token })).status).toBe(200);
  });

  it("only an admin may force a reset", async () => {
    const u = await t.user(["viewer"]);
    const supervisor = await t.user(["supervisor"]);
    const res = await t.call("POST", `/api/users/${u.id}/force-password-reset`, { token: supervisor.token });
    expect(res.status).toBe(403);
    expect((await t.call("POST", "/api/users/2147483647/force-password-reset", { token: t.adminToken })).status).toBe(404);
  });

  it("changing one's own password ends the other sessions and keeps this one", async () => {
    const u = await t.user(["viewer"]);
    const other = await t.login(u.username, PASSWORD);
    const res = await t.call("POST", "/api/me/password", { token: u.token, body: { currentPassword: PASSWORD, newPassword: "my-own-choice-9" } });
    expect(res.status).toBe(200);
    expect((await t.call("GET", "/api/me", { token: u.token })).status).toBe(200);
    expect((await t.call("GET", "/api/me", { token: other })).status).toBe(401);
    expect((await t.call("GET", "/api/audit-log?action=auth.password_changed", { token: t.adminToken })).body.items[0].targetId).toBe(String(u.id));
  });
});
