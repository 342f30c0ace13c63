import autocannon from "autocannon";
import { sql } from "kysely";
import type pg from "pg";
import type { Db } from "../../src/db/database.js";
import { intakeBody } from "../lib/api-client.js";
import type { BenchRow } from "../lib/result.js";
import { throughput } from "../lib/stats.js";

/** The rows intake writes — the ticket, its created event, its searchable text — as one prepared statement. */
const RAW_INSERT = `
WITH t AS (
  INSERT INTO tickets (number, status, urgency, channel, title, content, requester_name, requester_phone, anonymous, received_at, created_at, created_by)
  VALUES ($1, 'pending_dispatch', 'ordinary', 'phone', $2, $3, $4, $5, false, now(), now(), $6) RETURNING id, title, content),
x AS (INSERT INTO ticket_texts (ticket_id, body) SELECT id, title || ' ' || content FROM t)
INSERT INTO ticket_events (ticket_id, type, at, actor_id, data)
SELECT id, 'ticket.created', now(), $6, '{"channel":"phone","urgency":"ordinary"}'::jsonb FROM t`;

function rawValues(tag: string, i: number, actorId: number | null): unknown[] {
  const b = intakeBody(i) as { title: string; content: string; requester: { name: string; phone: string } };
  return [`B${tag}-${i}`, b.title, b.content, b.requester.name, b.requester.phone, actorId];
}

/** POST /api/tickets under `connections` concurrent clients for `seconds` (autocannon). */
export async function apiIntake(baseUrl: string, token: string, connections: number, seconds: number): Promise<{ perSecond: number; created: number; errors: number; p99: number }> {
  const result = await autocannon({
    url: `${baseUrl}/api/tickets`,
    method: "POST",
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(intakeBody(7)),
  });
  const created = result["2xx"];
  return { perSecond: created / result.duration, created, errors: result.non2xx + result.errors, p99: result.latency.p99 };
}

/** The physical limit on PostgreSQL: the same ticket + event insert as one prepared statement per ticket. */
export async function rawPgIntake(pool: pg.Pool, actorId: number, connections: number, seconds: number) {
  const tag = Date.now().toString(36);
  return throughput(connections, seconds * 1000, async (w, i) => {
    await pool.query({ name: "bench-raw-intake", text: RAW_INSERT, values: rawValues(`${tag}${w}`, i, actorId) });
  });
}

/** The same on an embedded PGlite (one connection: statements run one after another). */
export async function rawPgliteIntake(db: Db, actorId: number | null, seconds: number) {
  const tag = Date.now().toString(36);
  return throughput(1, seconds * 1000, async (_w, i) => {
    const v = rawValues(tag, i, actorId);
    await sql`
      WITH t AS (
        INSERT INTO tickets (number, status, urgency, channel, title, content, requester_name, requester_phone, anonymous, received_at, created_at, created_by)
        VALUES (${v[0]}, 'pending_dispatch', 'ordinary', 'phone', ${v[1]}, ${v[2]}, ${v[3]}, ${v[4]}, false, now(), now(), ${v[5]}) RETURNING id, title, content),
      x AS (INSERT INTO ticket_texts (ticket_id, body) SELECT id, title || ' ' || content FROM t)
      INSERT INTO ticket_events (ticket_id, type, at, actor_id, data)
      SELECT id, 'ticket.created', now(), ${v[5]}, '{"channel":"phone","urgency":"ordinary"}'::jsonb FROM t`.execute(db);
  });
}

/**
 * Removes the tickets bench 1 wrote (ids above `lastId`) with their events, texts and terms, and vacuums, so the
 * list benchmarks see the generated city and not tens of thousands of identical calls on top of it.
 */
export async function removeIntakeTickets(pool: pg.Pool, lastId: number): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("DELETE FROM ticket_events WHERE ticket_id > $1", [lastId]);
    await client.query("DELETE FROM ticket_texts WHERE ticket_id > $1", [lastId]);
    await client.query("DELETE FROM ticket_terms WHERE ticket_id > $1", [lastId]); // issue 15: intake indexes its words

    const r = await client.query("DELETE FROM tickets WHERE id > $1", [lastId]);
    await client.query("COMMIT");
    await client.query("VACUUM (ANALYZE) tickets, ticket_texts, ticket_terms, ticket_events");
    return r.rowCount ?? 0;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Bench 1: intake through the API vs the raw insert; goal ratio ≥ 0.6. */
export function intakeRow(engine: BenchRow["engine"], scale: string, api: { perSecond: number; errors: number; p99: number }, raw: { perSecond: number; errors: number }): BenchRow {
  const ratio = raw.perSecond > 0 ? api.perSecond / raw.perSecond : NaN;
  return {
    engine,
    bench: "1 intake POST /api/tickets",
    scale,
    unit: "tickets/s",
    value: api.perSecond,
    baseline: raw.perSecond,
    ratio,
    goal: "ratio ≥ 0.6",
    met: ratio >= 0.6 && api.errors === 0 && raw.errors === 0,
    detail: { apiErrors: api.errors, apiP99Ms: api.p99, rawErrors: raw.errors, rawFirstError: (raw as { firstError?: string }).firstError },
  };
}
