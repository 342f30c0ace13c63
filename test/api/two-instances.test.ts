import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SettableClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { runDeadlineSweep } from "../../src/jobs/deadline-sweep.job.js";
import { createServer, type Server } from "../../src/server.js";
import { ADMIN_PASSWORD, START, standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * docs/SCALING.md "Stateless API instances": two servers on one PostgreSQL database behave as one. Sessions
 * live in the database (log in on one, call the other), a write on one is read on the other, and when
 * both run the deadline sweep at the same moment every warning, overdue mark and event happens exactly
 * once (FOR UPDATE SKIP LOCKED + the unique deadline_marks key). PostgreSQL only: PGlite is one process.
 */
const url = process.env.DATABASE_URL;
const TICKETS = 40;

describe.skipIf(!url)("two server instances on one database", () => {
  let a: TestServer;
  let b: Server;
  let bUrl: string;
  const bClock = new SettableClock(START);
  let cast: Awaited<ReturnType<typeof standardCast>>;
  const ids: number[] = [];

  const callB = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(bUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    a = await startTestServer();
    const config = loadConfig({ DATABASE_URL: url, HUYING_ADMIN_PASSWORD: ADMIN_PASSWORD, HUYING_TEST_CLOCK: "1", HUYING_SWEEP_INTERVAL_MS: "0", LOG_LEVEL: "error" });
    b = await createServer({ config, schema: a.schema, clock: bClock });
    bUrl = await b.app.listen({ port: 0, host: "127.0.0.1" });
    cast = await standardCast(a);
    for (let i = 0; i < TICKETS; i++) {
      // Intake alternates between the instances; so does dispatch (the token from instance A works on B).
      const body = { channel: "phone", requester: { name: "张三", phone: `1381234${String(i).padStart(4, "0")}` }, title: `噪音扰民 ${i}`, content: "夜间施工噪音" };
      const created = i % 2 === 0 ? await a.call("POST", "/api/tickets", { token: cast.operator.token, body }) : await callB("POST", "/api/tickets", cast.operator.token, body);
      expect(created.status).toBe(201);
      ids.push(created.body.id);
      const dispatch = { unitId: cast.unitA.id };
      const d = i % 2 === 1 ? await a.call("POST", `/api/tickets/${created.body.id}/dispatch`, { token: cast.dispatcher.token, body: dispatch }) : await callB("POST", `/api/tickets/${created.body.id}/dispatch`, cast.dispatcher.token, dispatch);
      expect(d.status).toBe(200);
    }
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("a write on one instance is read on the other, with the same version", async () => {
    const signed = await callB("POST", `/api/tickets/${ids[0]}/sign`, cast.leaderA.token);
    expect(signed.status).toBe(200);
    const onA = await a.call("GET", `/api/tickets/${ids[0]}`, { token: cast.leaderA.token });
    expect(onA.body.status).toBe("signed");
    expect(onA.body.version).toBe(signed.body.version);
  });

  it("both instances sweeping at once mark every passed deadline exactly once", async () => {
    const later = new Date(START.getTime() + 20 * 86_400_000);
    a.clock.set(later);
    bClock.set(later);
    // Small batches so the two sweeps interleave and contend for the same rows.
    const [ra, rb] = await Promise.all([runDeadlineSweep(a.server.ctx, later, 7), runDeadlineSweep(b.ctx, later, 7)]);
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${a.schema},public` });
    await client.connect();
    try {
      const marks = await client.query<{ kind: string; n: number }>("SELECT CASE WHEN kind LIKE 'warn:%' THEN 'warn' ELSE kind END AS kind, count(*)::int AS n FROM deadline_marks GROUP BY 1");
      const count = (k: string) => marks.rows.find((r) => r.kind === k)?.n ?? 0;
      // Ticket 0 was signed: its sign clock stopped. Every other ticket missed sign, first contact and reply.
      expect(count("overdue")).toBe(3 * (TICKETS - 1) + 2);
      expect(ra.overdue + rb.overdue).toBe(count("overdue"));
      expect(ra.warnings + rb.warnings).toBe(count("warn"));
      const dupes = await client.query(
        "SELECT ticket_id, data->>'deadline' AS d, count(*) FROM ticket_events WHERE type = 'ticket.overdue' GROUP BY 1, 2 HAVING count(*) > 1",
      );
      expect(dupes.rows).toEqual([]);
      const events = await client.query<{ type: string; n: number }>(
        "SELECT type, count(*)::int AS n FROM ticket_events WHERE type IN ('ticket.overdue', 'ticket.deadline_warning') GROUP BY 1",
      );
      const eventCount = (t: string) => events.rows.find((r) => r.type === t)?.n ?? 0;
      expect(eventCount("ticket.overdue")).toBe(count("overdue"));
      expect(eventCount("ticket.deadline_warning")).toBe(count("warn"));
    } finally {
      await client.end();
    }
    // Sweeping again, on either instance, finds nothing left to do.
    const again = await Promise.all([runDeadlineSweep(a.server.ctx, later, 7), runDeadlineSweep(b.ctx, later, 7)]);
    expect(again.map((r) => r.overdue + r.warnings + r.autoClosed)).toEqual([0, 0]);
  });

  it("both instances answer the same list and the same tickets", async () => {
    const path = "/api/tickets?overdue=true&limit=100";
    const fromA = await a.call("GET", path, { token: cast.dispatcher.token });
    const fromB = await callB("GET", path, cast.dispatcher.token);
    expect(fromA.status).toBe(200);
    expect(fromA.body.items.length).toBe(TICKETS);
    expect(fromB.body.items.map((t: any) => [t.id, t.version, t.overdue])).toEqual(fromA.body.items.map((t: any) => [t.id, t.version, t.overdue]));
    for (const id of ids.slice(0, 5)) {
      const ta = await a.call("GET", `/api/tickets/${id}`, { token: cast.leaderA.token });
      const tb = await callB("GET", `/api/tickets/${id}`, cast.leaderA.token);
      expect(tb.body.overdue).toEqual(ta.body.overdue);
      expect(tb.body.events.length).toBe(ta.body.events.length);
    }
  });
});
