import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { SettableClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/database.js";
import { MIGRATIONS, migrate } from "../../src/db/migrate.js";
import { DEMO_PASSWORD, demoRefusal, isLoopbackHost } from "../../src/seed/demo.js";
import { createServer, StartRefusedError, type Server } from "../../src/server.js";
import { ADMIN_PASSWORD, START } from "./helpers.js";

const url = process.env.DATABASE_URL;
const root = mkdtempSync(join(tmpdir(), "huying-demo-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A demo server on one persistent database: a PGlite folder, or a PostgreSQL schema. */
function demoStarter() {
  const schema = url ? `t_demo_${process.pid}_${randomBytes(4).toString("hex")}` : undefined;
  const config = loadConfig({
    HUYING_DEMO: "1",
    HUYING_ADMIN_PASSWORD: ADMIN_PASSWORD,
    HUYING_DATA_DIR: join(root, randomBytes(4).toString("hex")),
    HUYING_SWEEP_INTERVAL_MS: "0",
    LOG_LEVEL: "silent",
    ...(url ? { DATABASE_URL: url } : {}),
  });
  return (afterStep?: (step: number) => void, tickets?: number, clock = new SettableClock(START)) =>
    createServer({ config, schema, clock, demoHooks: { afterStep, tickets } });
}

async function demoState(server: Server) {
  const db = server.ctx.db;
  const tickets = await db.selectFrom("tickets").select(["status", sql<number>`count(*)`.as("n")]).groupBy("status").execute();
  const users = await db.selectFrom("users").select(["username", "roles", "active"]).orderBy("username").execute();
  const marker = await db.selectFrom("huying_markers").select("name").where("name", "=", "demo.seeded").executeTakeFirst();
  const events = await db.selectFrom("ticket_events").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
  const units = await db.selectFrom("units").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return { statuses: Object.fromEntries(tickets.map((t) => [t.status, Number(t.n)])), users, seeded: Boolean(marker), events: Number(events.n), units: Number(units.n) };
}

describe("demo data (issue 12, defects 3 and 15)", () => {
  it("a seed killed in the middle leaves nothing (one transaction); the next start seeds it all, once; no demo user is an admin", async () => {
    const start = demoStarter();
    const crash = new Error("killed while seeding");
    await expect(
      start((step) => {
        if (step === 2) throw crash; // after the units, users and tickets were written, before the marker
      }, 200),
    ).rejects.toBe(crash);
    const empty = await start(() => {
      throw crash;
    }, 200).catch((e: unknown) => e);
    expect(empty).toBe(crash); // still unseeded: the killed run left no marker

    const resumed = await start(undefined, 200);
    const after = await demoState(resumed);
    await resumed.close();
    expect(after.seeded).toBe(true);
    expect(Object.values(after.statuses).reduce((a, b) => a + b, 0)).toBe(200); // none twice
    expect(after.units).toBeGreaterThanOrEqual(29); // the center, 12 departments, 8 towns and their sections, none twice
    const admins = after.users.filter((u) => u.roles.includes("admin")).map((u) => u.username);
    expect(admins).toEqual(["admin"]);
    expect(after.users.length).toBeGreaterThanOrEqual(60);
    expect(after.users.map((u) => u.username)).not.toContain("demo_admin");
    expect(after.users.map((u) => u.username)).toEqual(expect.arrayContaining(["operator", "dispatcher", "supervisor", "followup", "viewer", "zjj_leader", "zjj_handler"]));

    // A third start changes nothing: the marker says the demo is complete.
    const again = await start();
    expect(await demoState(again)).toEqual(after);
    // The demo users log in with the published password; admin does not have it.
    const login = (username: string, password: string) => again.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
    expect((await login("operator", DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await login("admin", DEMO_PASSWORD)).statusCode).toBe(401);
    // Intake after the demo takes the next number of the day (the demo's numbers are not reused).
    const token = (await login("operator", DEMO_PASSWORD)).json().token as string;
    const created = await again.app.inject({
      method: "POST",
      url: "/api/tickets",
      headers: { authorization: `Bearer ${token}` },
      payload: { channel: "phone", requester: { name: "张三", phone: "13812345678" }, title: "测试", content: "演示数据之后的新工单" },
    });
    expect(created.statusCode, created.body).toBe(201);
    await again.close();
  }, 120_000);

  it("the full demo city: ~3,000 tickets over three months with full lifecycles, in under 60 s, showing figures at first sight", async () => {
    const start = demoStarter();
    const began = Date.now();
    const server = await start(undefined, undefined, new SettableClock(new Date("2025-06-30T10:00:00+08:00")));
    const seconds = (Date.now() - began) / 1000;
    console.log(`demo city start: ${seconds.toFixed(1)} s (${url ? "PostgreSQL" : "PGlite"})`);
    try {
      const state = await demoState(server);
      const total = Object.values(state.statuses).reduce((a, b) => a + b, 0);
      expect(total).toBe(3000);
      for (const s of ["pending_dispatch", "signed", "replied", "closed"]) expect(state.statuses[s], s).toBeGreaterThan(0);
      const db = server.ctx.db;
      const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) => Number((await q.executeTakeFirstOrThrow()).n);
      expect(await count(db.selectFrom("tickets").select(sql<number>`count(*)`.as("n")).where("redo_count", ">", 0))).toBeGreaterThan(20);
      expect(await count(db.selectFrom("tickets").select(sql<number>`count(*)`.as("n")).where("reply_overdue", "=", true))).toBeGreaterThan(20);
      expect(await count(db.selectFrom("review_requests").select(sql<number>`count(*)`.as("n")).where("kind", "=", "return"))).toBeGreaterThan(50);
      expect(await count(db.selectFrom("follow_ups").select(sql<number>`count(*)`.as("n")))).toBeGreaterThan(2000);
      const span = await db.selectFrom("tickets").select([sql<Date>`min(received_at)`.as("a"), sql<Date>`max(received_at)`.as("b")]).executeTakeFirstOrThrow();
      expect((new Date(span.b).getTime() - new Date(span.a).getTime()) / 86_400_000).toBeGreaterThan(85);
      // The dashboard and the appraisal have figures for each of the three months.
      const token = (await server.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "viewer", password: DEMO_PASSWORD } })).json().token as string;
      for (const month of ["2025-04", "2025-05", "2025-06"]) {
        const rates = await server.app.inject({ method: "GET", url: `/api/reports/rates?month=${month}`, headers: { authorization: `Bearer ${token}` } });
        expect(rates.statusCode, rates.body).toBe(200);
        expect(JSON.stringify(rates.json())).not.toBe("{}");
        const appraisal = await server.app.inject({ method: "GET", url: `/api/reports/appraisal?month=${month}&group=town`, headers: { authorization: `Bearer ${token}` } });
        const rows = appraisal.json().rows as Array<{ rank: number | null }>;
        expect(rows.filter((r) => r.rank !== null).length, month).toBeGreaterThanOrEqual(5);
      }
      // Issue 18: under 60 s on PGlite (about 25 s on an idle 2-core machine); the bound leaves room for a
      // machine shared with other test runs.
      if (!url) expect(seconds).toBeLessThan(90);
    } finally {
      await server.close();
    }
  }, 180_000);

  it("is refused on an address other machines reach, unless forced", async () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.org", "128.0.0.1"]) expect(isLoopbackHost(host), host).toBe(false);

    const config = loadConfig({ HUYING_DEMO: "1", HOST: "0.0.0.0", LOG_LEVEL: "silent" });
    await expect(createServer({ config, inMemory: true })).rejects.toBeInstanceOf(StartRefusedError);
    expect(demoRefusal(config)).toMatch(/HOST=0\.0\.0\.0 is reachable from other machines.*HUYING_DEMO_FORCE=1/);
    expect(demoRefusal(loadConfig({ HUYING_DEMO: "1", HOST: "0.0.0.0", HUYING_DEMO_FORCE: "1" }))).toBeNull();
    expect(demoRefusal(loadConfig({ HUYING_DEMO: "0", HOST: "0.0.0.0" }))).toBeNull();
  });

  it.skipIf(Boolean(url))("migration 0016 deactivates an existing demo_admin, revokes its sessions and marks an old demo as seeded", async () => {
    const database = await openDatabase({});
    const before = MIGRATIONS.findIndex((m) => m.name === "0016-data-lifecycle");
    await migrate(database, MIGRATIONS.slice(0, before));
    const db = database.db;
    const center = await db.insertInto("units").values({ name: "中心", kind: "center", parent_id: null, region: null }).returning("id").executeTakeFirstOrThrow();
    const [demoAdmin] = await db
      .insertInto("users")
      .values([
        { username: "demo_admin", password_hash: "x", name: "演示管理员", roles: ["admin"], unit_id: center.id },
        { username: "operator", password_hash: "x", name: "王话务", roles: ["operator"], unit_id: center.id },
      ])
      .returning("id")
      .execute();
    await db.insertInto("sessions").values({ token_hash: "h", user_id: demoAdmin!.id, created_at: new Date(), expires_at: new Date(Date.now() + 3_600_000) }).execute();
    await migrate(database);
    const user = await db.selectFrom("users").select("active").where("username", "=", "demo_admin").executeTakeFirstOrThrow();
    const session = await db.selectFrom("sessions").select("revoked_at").executeTakeFirstOrThrow();
    const marker = await db.selectFrom("huying_markers").select("name").executeTakeFirst();
    const audit = await db.selectFrom("audit_log").select(["action", "target_id"]).execute();
    await database.close();
    expect(user.active).toBe(false);
    expect(session.revoked_at).not.toBeNull();
    expect(marker?.name).toBe("demo.seeded");
    expect(audit).toEqual([{ action: "user.updated", target_id: String(demoAdmin!.id) }]);
  });
});
