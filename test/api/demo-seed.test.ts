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

/** The demo's 16 tickets by the status each is left at (src/seed/demo.ts REQUESTS' stages). */
const DEMO_STATUSES = { pending_dispatch: 3, dispatched: 3, signed: 4, replied: 2, closed: 3, return_requested: 1 };

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
  return (afterStep?: (step: number) => void) => createServer({ config, schema, clock: new SettableClock(START), demoHooks: { afterStep } });
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
  it("a seed killed in the middle is completed by the next start, once, and no demo user is an admin", async () => {
    const start = demoStarter();
    const crash = new Error("killed while seeding");
    await expect(
      start((step) => {
        if (step === 9) throw crash; // after some tickets were made and moved along, not all
      }),
    ).rejects.toBe(crash);

    const resumed = await start();
    const after = await demoState(resumed);
    await resumed.close();
    expect(after.seeded).toBe(true);
    expect(after.statuses).toEqual(DEMO_STATUSES);
    expect(after.units).toBe(10); // the center and nine demo units, none twice
    const admins = after.users.filter((u) => u.roles.includes("admin")).map((u) => u.username);
    expect(admins).toEqual(["admin"]);
    expect(after.users.map((u) => u.username)).not.toContain("demo_admin");
    expect(after.users.map((u) => u.username)).toEqual(expect.arrayContaining(["operator", "dispatcher", "supervisor", "followup", "viewer", "zjj_leader", "zjj_handler"]));

    // A third start changes nothing: the marker says the demo is complete.
    const again = await start();
    expect(await demoState(again)).toEqual(after);
    // The demo users log in with the published password; admin does not have it.
    const login = (username: string, password: string) => again.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
    expect((await login("operator", DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await login("admin", DEMO_PASSWORD)).statusCode).toBe(401);
    await again.close();
  }, 120_000);

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
