import { existsSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pino from "pino";
import { defaultTeddyDir, generate } from "../../bench/generate.js";
import { benchPool, captureQueries, type CapturedQuery } from "../../bench/lib/sql-capture.js";
import type { Actor } from "../../src/http/auth.js";
import { runDeadlineSweep } from "../../src/jobs/deadline-sweep.job.js";
import { CalendarService } from "../../src/modules/calendar/calendar.service.js";
import { Notifier } from "../../src/modules/notifications/notifier.js";
import { PolicyService } from "../../src/modules/policy/policy.service.js";
import { listTickets, type TicketListFilter } from "../../src/modules/tickets/ticket.query.js";

/**
 * The hot queries must stay index scans at realistic size (docs/SCALING.md): on a generated city of
 * 200,000 tickets (bench/generate.ts, ~99 % closed, a few units taking most tickets), the plans of the
 * unit inbox and of the deadline sweep's claim query, taken from the product code itself, must not
 * read the tickets table sequentially. PostgreSQL only (PGlite is the small-office engine).
 */
const url = process.env.DATABASE_URL;
const teddy = defaultTeddyDir();
const enabled = Boolean(url) && existsSync(join(teddy, "attachment1-label-taxonomy.xlsx"));
const schema = `explain_${process.pid}`;
const OPEN = ["dispatched", "signed", "return_requested", "reply_review"];

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe.skipIf(!enabled)("query plans at 200k tickets (PostgreSQL)", () => {
  let pool: pg.Pool;
  let unitActor: Actor;
  const center: Actor = { id: 1, username: "admin", name: "admin", roles: ["admin"], unitId: null };

  async function planOf(q: CapturedQuery): Promise<PlanNode[]> {
    const { rows } = await pool.query<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>({ text: `EXPLAIN (FORMAT JSON) ${q.sql}`, values: q.parameters as unknown[] });
    return nodes(rows[0]["QUERY PLAN"][0].Plan);
  }

  async function listPlan(actor: Actor, filter: TicketListFilter): Promise<PlanNode[]> {
    const { queries } = await captureQueries(pool, (db) => listTickets(db, actor, filter, new Date()));
    const select = queries.find((q) => /from "tickets"/i.test(q.sql));
    if (!select) throw new Error("listTickets sent no query on tickets");
    return planOf(select);
  }

  const seqScansOfTickets = (plan: PlanNode[]) => plan.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "tickets");

  beforeAll(async () => {
    await generate({
      tickets: 200_000,
      months: 12,
      seed: 20,
      schema,
      databaseUrl: url!,
      truncate: true,
      endMs: Date.UTC(2026, 10, 2, 2),
      towns: 300,
      teddyDir: teddy,
      adminPassword: "explain-admin-1",
      log: () => undefined,
      // The plans read tickets only: skip the timelines and the trigram index to keep the fixture quick.
      skipIndexes: ["ticket_texts_trgm_idx"],
      only: ["tickets"],
    });
    pool = benchPool(url!, schema, 2);
    // The unit with the most open tickets: the inbox that would be slowest.
    const { rows } = await pool.query<{ unit: number }>(
      "SELECT lead_unit_id AS unit FROM tickets WHERE status = ANY($1) AND lead_unit_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
      [OPEN],
    );
    unitActor = { id: 2, username: "leader", name: "leader", roles: ["unit_leader"], unitId: rows[0].unit };
  }, 600_000);

  afterAll(async () => {
    await pool?.end();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it("the unit inbox (open tickets by deadline) reads tickets through indexes", async () => {
    const plan = await listPlan(unitActor, { status: OPEN, sort: "deadline", limit: 20 });
    expect(seqScansOfTickets(plan)).toEqual([]);
    // An Index Scan on tickets, or a Bitmap Index Scan under a Bitmap Heap Scan: the planner picks either
    // depending on the sampled statistics; both read through a tickets index.
    expect(plan.some((n) => typeof n["Index Name"] === "string" && n["Index Name"].startsWith("tickets_"))).toBe(true);
  });

  it("the unit's overdue list and its full history read tickets through indexes", async () => {
    expect(seqScansOfTickets(await listPlan(unitActor, { status: OPEN, overdue: true, sort: "deadline", limit: 20 }))).toEqual([]);
    expect(seqScansOfTickets(await listPlan(unitActor, { limit: 20 }))).toEqual([]);
  });

  it("the center's newest-first list and its open-by-deadline list read tickets through indexes", async () => {
    expect(seqScansOfTickets(await listPlan(center, { limit: 20 }))).toEqual([]);
    expect(seqScansOfTickets(await listPlan(center, { status: OPEN, sort: "deadline", limit: 20 }))).toEqual([]);
  });

  it("the deadline sweep claims due tickets through the next_due_at index", async () => {
    // With a clock before every deadline the sweep only runs its claim query: capture it, then plan it for now.
    const deps = { policy: new PolicyService(), calendar: new CalendarService(), notifier: new Notifier(null), logger: pino({ level: "silent" }) };
    const { queries } = await captureQueries(pool, (db) => runDeadlineSweep({ ...deps, db }, new Date(0)));
    const claim = queries.find((q) => /from "tickets"/i.test(q.sql) && /next_due_at/.test(q.sql));
    expect(claim, "the sweep's claim query").toBeDefined();
    const plan = await planOf({ sql: claim!.sql, parameters: claim!.parameters.map((p) => (p instanceof Date ? new Date() : p)) });
    expect(seqScansOfTickets(plan)).toEqual([]);
    expect(plan.some((n) => n["Index Name"] === "tickets_next_due_idx")).toBe(true);
  });
});
