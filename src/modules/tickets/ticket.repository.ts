import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { NewTicket, TicketRow, TicketUpdate } from "../../db/schema.js";
import type { TicketEventType } from "../../domain/ticket/ticket.types.js";

/** Kysely access to tickets and their timeline; every function takes the db or transaction first. */

export async function findTicket(db: Db, id: number, forUpdate = false): Promise<TicketRow | undefined> {
  let q = db.selectFrom("tickets").selectAll().where("id", "=", id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findTicketByIdempotencyKey(db: Db, key: string): Promise<TicketRow | undefined> {
  return db.selectFrom("tickets").selectAll().where("idempotency_key", "=", key).executeTakeFirst();
}

/**
 * Intake in one statement: the day's number from the counter, the ticket, its events and its searchable
 * text (ticket_texts), atomically (a single statement needs no BEGIN/COMMIT round trips, and holds the
 * counter row only for its own duration). `numberDay` is YYYYMMDD; the number is `${numberDay}-NNNNNN`.
 */
export async function insertTicketWithEvents(
  db: Db,
  numberDay: string,
  values: Omit<NewTicket, "number">,
  events: ReadonlyArray<Omit<EventInput, "unitId"> & { unitId?: number | null }>,
): Promise<TicketRow> {
  const cols = Object.keys(values) as Array<keyof typeof values>;
  const eventRows = events.map((e) => ({ type: e.type, at: e.at.toISOString(), actor_id: e.actorId, unit_id: e.unitId ?? null, data: e.data ?? {} }));
  const result = await sql<TicketRow>`
    WITH n AS (
      INSERT INTO ticket_number_counters (day, last) VALUES (${numberDay}, 1)
      ON CONFLICT (day) DO UPDATE SET last = ticket_number_counters.last + 1
      RETURNING last
    ), t AS (
      INSERT INTO tickets (number, ${sql.join(cols.map((c) => sql.ref(c)))})
      SELECT ${numberDay} || '-' || lpad(n.last::text, 6, '0'), ${sql.join(cols.map((c) => values[c]))} FROM n
      RETURNING *
    ), e AS (
      INSERT INTO ticket_events (ticket_id, type, at, actor_id, unit_id, data)
      SELECT t.id, x.type, x.at, x.actor_id, x.unit_id, x.data
      FROM t, jsonb_to_recordset(${JSON.stringify(eventRows)}::jsonb) AS x(type text, at timestamptz, actor_id integer, unit_id integer, data jsonb)
    ), x AS (
      INSERT INTO ticket_texts (ticket_id, body) SELECT t.id, t.title || ' ' || t.content FROM t
    )
    SELECT * FROM t`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error("intake statement returned no ticket");
  return row;
}

/**
 * Conditional update (STYLE.md "Concurrency"): applies only if the version is still the expected one and
 * bumps it. Returns undefined when another writer won.
 */
export async function updateTicket(db: Db, id: number, expectedVersion: number, patch: TicketUpdate): Promise<TicketRow | undefined> {
  return db
    .updateTable("tickets")
    .set({ ...patch, version: expectedVersion + 1 })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export interface EventInput {
  type: TicketEventType;
  at: Date;
  actorId: number | null;
  unitId?: number | null;
  data?: Record<string, unknown>;
}

export async function appendEvents(db: Db, ticketId: number, events: readonly EventInput[]): Promise<void> {
  await appendEventRows(db, events.map((e) => ({ ...e, ticketId })));
}

/** Appends events of several tickets in one statement (the deadline sweep's batches: one JSON parameter, not 6 a row). */
export async function appendEventRows(db: Db, events: ReadonlyArray<EventInput & { ticketId: number }>): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({ ticket_id: e.ticketId, type: e.type, at: e.at.toISOString(), actor_id: e.actorId, unit_id: e.unitId ?? null, data: e.data ?? {} }));
  await sql`
    INSERT INTO ticket_events (ticket_id, type, at, actor_id, unit_id, data)
    SELECT x.ticket_id, x.type, x.at, x.actor_id, x.unit_id, x.data
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(ticket_id integer, type text, at timestamptz, actor_id integer, unit_id integer, data jsonb)`.execute(db);
}

export interface TimelineEvent {
  id: number;
  type: string;
  at: Date;
  actor: { id: number; name: string } | null;
  unitId: number | null;
  data: Record<string, unknown>;
}

export async function listEvents(db: Db, ticketId: number): Promise<TimelineEvent[]> {
  const rows = await db
    .selectFrom("ticket_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select(["e.id", "e.type", "e.at", "e.actor_id", "u.name as actor_name", "e.unit_id", "e.data"])
    .where("e.ticket_id", "=", ticketId)
    .orderBy("e.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    at: r.at,
    actor: r.actor_id === null ? null : { id: r.actor_id, name: r.actor_name ?? "" },
    unitId: r.unit_id,
    data: r.data,
  }));
}
