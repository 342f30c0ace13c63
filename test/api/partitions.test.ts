import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detachPartitionsBefore, ensurePartitions, listPartitions } from "../../src/db/partitions.js";
import { verifyAuditChain } from "../../src/modules/audit/audit-chain.js";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * docs/SCALING.md "Partitions" (migration 0065): on PostgreSQL ticket_events, notifications and audit_log
 * are partitioned by Shanghai month, rows land in their month (or DEFAULT), a month's partition can be made
 * later (its rows move out of DEFAULT) and old months detached; timelines, notifications and the audit
 * chain read the same. On PGlite the tables stay plain tables.
 */
describe("monthly partitions", () => {
  let t: TestServer;
  let cast: Awaited<ReturnType<typeof standardCast>>;
  let ticketId: number;
  const pg = !!process.env.DATABASE_URL;

  beforeAll(async () => {
    t = await startTestServer();
    cast = await standardCast(t);
    const ticket = await t.ticket(cast.operator.token);
    ticketId = ticket.id;
    expect((await t.call("POST", `/api/tickets/${ticketId}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } })).status).toBe(200);
  }, 60_000);
  afterAll(async () => t?.close());

  const kinds = async () => {
    const r = await sql<{ relname: string; relkind: string }>`
      SELECT relname, relkind FROM pg_class WHERE relname IN ('ticket_events', 'notifications', 'audit_log', 'outbox')
        AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`.execute(t.server.ctx.db);
    return Object.fromEntries(r.rows.map((row) => [row.relname, row.relkind]));
  };

  it.skipIf(pg)("PGlite: the same migrations leave the tables unpartitioned", async () => {
    expect(await kinds()).toEqual({ ticket_events: "r", notifications: "r", audit_log: "r", outbox: "r" });
    expect(await ensurePartitions(t.server.ctx.database)).toBe(0);
  });

  it.skipIf(!pg)("PostgreSQL: the append-only tables are partitioned, the outbox queue is not", async () => {
    expect(await kinds()).toEqual({ ticket_events: "p", notifications: "p", audit_log: "p", outbox: "r" });
    const parts = await listPartitions(t.server.ctx.db);
    for (const table of ["ticket_events", "notifications", "audit_log"]) {
      expect(parts.filter((p) => p.table === table && p.bound === "DEFAULT")).toHaveLength(1);
      expect(parts.filter((p) => p.table === table && p.until !== null).length).toBeGreaterThanOrEqual(3);
    }
  });

  it.skipIf(!pg)("a month made later takes its rows out of DEFAULT; timeline, inbox and audit chain read the same; old months detach", async () => {
    const db = t.server.ctx.db;
    const before = (await t.call("GET", `/api/tickets/${ticketId}`, { token: cast.dispatcher.token })).body;
    expect(before.events.length).toBeGreaterThanOrEqual(2);
    // The test clock is March 2025: those rows sit in DEFAULT until March 2025 has its partition.
    const inDefault = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ticket_events_default WHERE ticket_id = ${ticketId}`.execute(db);
    expect(inDefault.rows[0]!.n).toBe(before.events.length);
    expect(await ensurePartitions(t.server.ctx.database, 0, new Date("2025-03-10T00:00:00+08:00"))).toBeGreaterThan(0);
    const inMarch = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ticket_events_p202503 WHERE ticket_id = ${ticketId}`.execute(db);
    expect(inMarch.rows[0]!.n).toBe(before.events.length);
    const after = (await t.call("GET", `/api/tickets/${ticketId}`, { token: cast.dispatcher.token })).body;
    expect(after.events).toEqual(before.events);
    // audit rows moved too, and the hash chain still verifies; new writes keep chaining
    await t.ticket(cast.operator.token);
    await t.unit("档案室"); // an audited admin write
    const chain = await verifyAuditChain(db);
    expect(chain.firstBreak).toBeNull();
    expect(chain.rows).toBeGreaterThan(0);
    // new rows of March 2025 go straight to its partition
    const notices = (await t.call("GET", "/api/notifications", { token: cast.leaderA.token })).body;
    expect(Array.isArray(notices.items ?? notices)).toBe(true);

    // Detaching March 2025 and before: the rows leave every query, the table stays for pg_dump.
    const detached = await detachPartitionsBefore(db, new Date("2025-04-01T00:00:00+08:00"), ["ticket_events"]);
    expect(detached.map((p) => p.partition)).toEqual(["ticket_events_p202503"]);
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ticket_events WHERE ticket_id = ${ticketId}`.execute(db);
    expect(left.rows[0]!.n).toBe(0);
    const archived = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ticket_events_p202503 WHERE ticket_id = ${ticketId}`.execute(db);
    expect(archived.rows[0]!.n).toBe(before.events.length);
    // a month ahead exists for the writes to come
    const parts = await listPartitions(db);
    expect(parts.some((p) => p.table === "ticket_events" && p.until !== null && Date.parse(p.until) > Date.now())).toBe(true);
  });
});
