import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { executePrepared } from "../../db/prepared.js";
import type { NewTicket, TicketRow } from "../../db/schema.js";
import type { TicketEventType } from "../../domain/ticket/ticket.types.js";
import type { TicketEventInput } from "../../domain/ticket/ticket-events.js";

/** Kysely access to tickets and their timeline; every function takes the db or transaction first. */

export async function findTicket(db: Db, id: number, forUpdate = false): Promise<TicketRow | undefined> {
  let q = db.selectFrom("tickets").selectAll().where("id", "=", id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findTicketByIdempotencyKey(db: Db, key: string): Promise<TicketRow | undefined> {
  return db.selectFrom("tickets").selectAll().where("idempotency_key", "=", key).executeTakeFirst();
}

export async function findTicketByExternalRef(db: Db, externalRef: string): Promise<TicketRow | undefined> {
  return db.selectFrom("tickets").selectAll().where("external_ref", "=", externalRef).executeTakeFirst();
}

/** The sequence behind the numbers of one Shanghai day (YYYYMMDD): ticket_no_20250506. */
export const daySequence = (numberDay: string) => {
  if (!/^\d{8}$/.test(numberDay)) throw new Error(`not a YYYYMMDD day: ${numberDay}`);
  return `ticket_no_${numberDay}`;
};

/** Days whose sequence this process has seen, per database handle (tests run many schemas in one process). */
const knownDays = new WeakMap<Db, Set<string>>();

/**
 * Creates the day's number sequence if it is missing (the first intake of a day). Two instances may race:
 * CREATE SEQUENCE IF NOT EXISTS can still fail on the catalog's unique index, which means the other won.
 */
async function ensureDaySequence(db: Db, numberDay: string): Promise<void> {
  const known = knownDays.get(db) ?? new Set<string>();
  knownDays.set(db, known);
  if (known.has(numberDay)) return;
  try {
    await sql.raw(`CREATE SEQUENCE IF NOT EXISTS ${daySequence(numberDay)}`).execute(db);
  } catch (err) {
    if (!["23505", "42P07"].includes((err as { code?: string }).code ?? "")) throw err;
  }
  known.add(numberDay);
}

/**
 * Intake in one statement: the day's number (nextval of its sequence: no row lock, so concurrent intakes
 * do not wait for each other's commit), the ticket, its events and its searchable text (ticket_texts),
 * atomically. `numberDay` is YYYYMMDD; the number is `${numberDay}-NNNNNN` (more digits past 999,999; a
 * failed intake leaves a gap, as in every ticketing system).
 */
export async function insertTicketWithEvents(
  db: Db,
  numberDay: string,
  values: Omit<NewTicket, "number">,
  events: readonly EventInput[],
  /** Issue 15: the segmented words and normalised address for repeat detection (ticket_terms), same statement. */
  terms?: { terms: string[]; addressKey: string | null },
): Promise<TicketRow> {
  await ensureDaySequence(db, numberDay);
  const cols = Object.keys(values) as Array<keyof typeof values>;
  const params: unknown[] = [numberDay, daySequence(numberDay), ...cols.map((c) => values[c]), eventRecordsJson(events)];
  if (terms) params.push(terms.terms, terms.addressKey);
  const result = await executePrepared<TicketRow>(db, intakeStatement(cols, !!terms), params);
  const row = result.rows[0];
  if (!row) throw new Error("intake statement returned no ticket");
  return row;
}

/** Intake's statement text per column set (and with or without terms): built once, then prepared (src/db/prepared.ts). */
const intakeStatements = new Map<string, string>();

function intakeStatement(cols: readonly string[], withTerms: boolean): string {
  const key = `${cols.join(",")}|${withTerms}`;
  let text = intakeStatements.get(key);
  if (text) return text;
  for (const c of cols) if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`not a column name: ${c}`);
  const n = cols.length;
  const eventsParam = `$${n + 3}`;
  text = `WITH n AS (
      SELECT nextval($2::regclass)::text AS last
    ), t AS (
      INSERT INTO tickets (number, ${cols.map((c) => `"${c}"`).join(", ")})
      SELECT $1::text || '-' || lpad(n.last, greatest(6, length(n.last)), '0'), ${cols.map((_, i) => `$${i + 3}`).join(", ")} FROM n
      RETURNING *
    ), e AS (
      INSERT INTO ticket_events (ticket_id, type, at, actor_id, unit_id, data)
      SELECT t.id, x.type, x.at, x.actor_id, x.unit_id, x.data
      FROM t, jsonb_to_recordset(${eventsParam}::jsonb) AS x(ticket_id integer, type text, at timestamptz, actor_id integer, unit_id integer, data jsonb)
    ), s AS (
      INSERT INTO ticket_texts (ticket_id, body) SELECT t.id, t.title || ' ' || t.content FROM t
    )${withTerms ? `, w AS (INSERT INTO ticket_terms (ticket_id, terms, address_key) SELECT t.id, $${n + 4}::text[], $${n + 5} FROM t)` : ""}
    SELECT * FROM t`;
  intakeStatements.set(key, text);
  return text;
}

/** A typed event (src/domain/ticket/ticket-events.ts), as the repository appends it. */
export type EventInput = TicketEventInput | { type: TicketEventType; at: Date; actorId: number | null; unitId?: number | null; data?: Record<string, unknown> };

/**
 * Events as one JSON record set named `x`: one parameter however many rows (the sweep's batches write
 * thousands), read by intake's statement and by appendEventRows.
 */
function eventRecords(events: ReadonlyArray<EventInput & { ticketId?: number }>) {
  return sql`jsonb_to_recordset(${eventRecordsJson(events)}::jsonb) AS x(ticket_id integer, type text, at timestamptz, actor_id integer, unit_id integer, data jsonb)`;
}

/** The events as the JSON text of that record set. */
function eventRecordsJson(events: ReadonlyArray<EventInput & { ticketId?: number }>): string {
  return JSON.stringify(events.map((e) => ({ ticket_id: e.ticketId ?? null, type: e.type, at: e.at.toISOString(), actor_id: e.actorId, unit_id: e.unitId ?? null, data: e.data ?? {} })));
}

/** Appends events of several tickets in one statement. */
export async function appendEventRows(db: Db, events: ReadonlyArray<EventInput & { ticketId: number }>): Promise<void> {
  if (events.length === 0) return;
  await sql`
    INSERT INTO ticket_events (ticket_id, type, at, actor_id, unit_id, data)
    SELECT x.ticket_id, x.type, x.at, x.actor_id, x.unit_id, x.data FROM ${eventRecords(events)}`.execute(db);
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

/**
 * A ticket action's lock (docs/SCALING.md "Intake ratio"): the ticket FOR UPDATE and the done deadline marks of
 * its current cycle (what applyTicketChange needs for next_due_at), in one prepared round trip.
 */
export async function lockTicketWithMarks(db: Db, id: number): Promise<{ ticket: TicketRow; done: Set<string> } | undefined> {
  const result = await executePrepared<TicketRow & { done_marks__: string[] }>(
    db,
    `SELECT t.*, ARRAY(SELECT m.deadline || '|' || m.kind FROM deadline_marks m WHERE m.ticket_id = t.id AND m.cycle = t.deadline_cycle) AS done_marks__
     FROM tickets t WHERE t.id = $1 FOR UPDATE OF t`,
    [id],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  const { done_marks__: marks, ...ticket } = row;
  return { ticket: ticket as TicketRow, done: new Set(marks) };
}

/** Update statements per column set (with or without events), built once and prepared. */
const updateStatements = new Map<string, string>();

/**
 * A ticket's conditional update (id and version) and its events in one prepared statement: the events are
 * written only when the update matched. Returns the row as saved, or undefined when the version moved.
 * Undefined values are left out, as Kysely's `set` does.
 */
export async function updateTicketWithEvents(
  db: Db,
  ticket: { id: number; version: number },
  set: Record<string, unknown>,
  events: ReadonlyArray<EventInput & { ticketId?: number }>,
): Promise<TicketRow | undefined> {
  const cols = Object.keys(set).filter((c) => set[c] !== undefined);
  const key = `${cols.join(",")}|${events.length > 0}`;
  let text = updateStatements.get(key);
  if (!text) {
    for (const c of cols) if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`not a column name: ${c}`);
    const eventsParam = `$${cols.length + 3}`;
    text = `WITH u AS (
        UPDATE tickets SET ${cols.map((c, i) => `"${c}" = $${i + 3}`).join(", ")} WHERE id = $1 AND version = $2 RETURNING *
      )${
        events.length > 0
          ? `, e AS (
        INSERT INTO ticket_events (ticket_id, type, at, actor_id, unit_id, data)
        SELECT u.id, x.type, x.at, x.actor_id, x.unit_id, x.data
        FROM u, jsonb_to_recordset(${eventsParam}::jsonb) AS x(ticket_id integer, type text, at timestamptz, actor_id integer, unit_id integer, data jsonb)
      )`
          : ""
      }
      SELECT * FROM u`;
    updateStatements.set(key, text);
  }
  const params: unknown[] = [ticket.id, ticket.version, ...cols.map((c) => set[c])];
  if (events.length > 0) params.push(eventRecordsJson(events));
  const result = await executePrepared<TicketRow>(db, text, params);
  return result.rows[0];
}
