import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { CallRow } from "../../db/schema.js";

/** A call ready to store: the operator resolved to a user id. */
export interface NewCall {
  externalId: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  operatorId: number | null;
  ticketId: number | null;
  transferred: boolean;
  recordingUrl: string | null;
}

/** Rows per INSERT … SELECT FROM unnest(…): eight array parameters whatever the batch size. */
export const INSERT_BATCH = 5_000;

/**
 * Stores calls, skipping any whose external id is already there (idempotent by `externalId`).
 * One multi-row statement per batch through unnest, so a million rows are a few hundred statements.
 * Returns the ids of the rows inserted.
 */
export async function insertCalls(db: Db, calls: readonly NewCall[], createdAt: Date): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < calls.length; i += INSERT_BATCH) {
    const batch = calls.slice(i, i + INSERT_BATCH);
    const res = await sql<{ id: number }>`
      INSERT INTO calls (external_id, started_at, answered_at, ended_at, operator_id, ticket_id, transferred, recording_url, created_at)
      SELECT e, s, a, n, o, t, tr, r, ${createdAt}::timestamptz
      FROM unnest(${batch.map((c) => c.externalId)}::text[], ${batch.map((c) => c.startedAt.toISOString())}::timestamptz[],
                  ${batch.map((c) => c.answeredAt?.toISOString() ?? null)}::timestamptz[], ${batch.map((c) => c.endedAt.toISOString())}::timestamptz[],
                  ${batch.map((c) => c.operatorId)}::int[], ${batch.map((c) => c.ticketId)}::int[],
                  ${batch.map((c) => c.transferred)}::boolean[], ${batch.map((c) => c.recordingUrl)}::text[])
           AS x(e, s, a, n, o, t, tr, r)
      ON CONFLICT (external_id) DO NOTHING
      RETURNING id`.execute(db);
    for (const r of res.rows) ids.push(r.id);
  }
  return ids;
}

export async function findCallByExternalId(db: Db, externalId: string): Promise<CallRow | undefined> {
  return db.selectFrom("calls").selectAll().where("external_id", "=", externalId).executeTakeFirst();
}

export async function findCall(db: Db, id: number): Promise<CallRow | undefined> {
  return db.selectFrom("calls").selectAll().where("id", "=", id).executeTakeFirst();
}

/** User ids by username, for the usernames that exist and are active. */
export async function operatorIds(db: Db, usernames: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const unique = [...new Set(usernames)];
  for (let i = 0; i < unique.length; i += 5_000) {
    const rows = await db.selectFrom("users").select(["id", "username"]).where("username", "in", unique.slice(i, i + 5_000)).where("active", "=", true).execute();
    for (const r of rows) out.set(r.username, r.id);
  }
  return out;
}

/** The ticket ids among `ids` that exist. */
export async function existingTicketIds(db: Db, ids: readonly number[]): Promise<Set<number>> {
  const out = new Set<number>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 5_000) {
    const rows = await db.selectFrom("tickets").select("id").where("id", "in", unique.slice(i, i + 5_000)).execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** Links a call to the ticket the operator created on it (only a call not yet linked to another ticket). */
export async function linkCallTicket(db: Db, callId: number, ticketId: number): Promise<boolean> {
  const res = await db
    .updateTable("calls")
    .set({ ticket_id: ticketId })
    .where("id", "=", callId)
    .where((eb) => eb.or([eb("ticket_id", "is", null), eb("ticket_id", "=", ticketId)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export interface CallListRow extends CallRow {
  operator_username: string | null;
  operator_name: string | null;
  ticket_number: string | null;
  ticket_title: string | null;
}

/** Calls, newest first, keyset by (started_at, id). */
export async function listCalls(
  db: Db,
  f: { from?: Date; to?: Date; operatorId?: number; ticketId?: number; limit: number; before?: { at: Date; id: number } },
): Promise<CallListRow[]> {
  let q = db
    .selectFrom("calls as c")
    .leftJoin("users as u", "u.id", "c.operator_id")
    .leftJoin("tickets as t", "t.id", "c.ticket_id")
    .selectAll("c")
    .select(["u.username as operator_username", "u.name as operator_name", "t.number as ticket_number", "t.title as ticket_title"]);
  if (f.from) q = q.where("c.started_at", ">=", f.from);
  if (f.to) q = q.where("c.started_at", "<", f.to);
  if (f.operatorId !== undefined) q = q.where("c.operator_id", "=", f.operatorId);
  if (f.ticketId !== undefined) q = q.where("c.ticket_id", "=", f.ticketId);
  if (f.before) {
    const b = f.before;
    q = q.where((eb) => eb.or([eb("c.started_at", "<", b.at), eb.and([eb("c.started_at", "=", b.at), eb("c.id", "<", b.id)])]));
  }
  return (await q.orderBy("c.started_at", "desc").orderBy("c.id", "desc").limit(f.limit).execute()) as CallListRow[];
}

/** One call with its operator and ticket, for presenting. */
export async function findCallListRow(db: Db, id: number): Promise<CallListRow | undefined> {
  const rows = await db
    .selectFrom("calls as c")
    .leftJoin("users as u", "u.id", "c.operator_id")
    .leftJoin("tickets as t", "t.id", "c.ticket_id")
    .selectAll("c")
    .select(["u.username as operator_username", "u.name as operator_name", "t.number as ticket_number", "t.title as ticket_title"])
    .where("c.id", "=", id)
    .execute();
  return rows[0] as CallListRow | undefined;
}
