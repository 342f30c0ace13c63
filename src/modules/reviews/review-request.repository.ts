import type { Db } from "../../db/database.js";
import type { ReviewRequestRow } from "../../db/schema.js";

/**
 * Kysely access to review requests (every kind in one table, keyed by (kind, id)); each function takes the
 * db or transaction first.
 */

export interface NewReviewRequest {
  kind: string;
  ticketId: number;
  unitId: number | null;
  payload: Record<string, unknown>;
  requestedBy: number | null;
  requestedAt: Date;
  late?: boolean | null;
  /** Only for a kind whose id is its record's (reply sign-off: the reply's id); others take the sequence. */
  id?: number;
}

/** Files a pending request. The partial unique index allows one pending request per ticket and kind. */
export async function createPending(db: Db, r: NewReviewRequest): Promise<ReviewRequestRow> {
  return db
    .insertInto("review_requests")
    .values({
      ...(r.id !== undefined && { id: r.id }),
      kind: r.kind,
      ticket_id: r.ticketId,
      unit_id: r.unitId,
      payload: JSON.stringify(r.payload),
      requested_by: r.requestedBy,
      requested_at: r.requestedAt,
      late: r.late ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One request of a kind on a ticket, whatever its status. */
export async function findRequest(db: Db, kind: string, ticketId: number, id: number): Promise<ReviewRequestRow | undefined> {
  return db.selectFrom("review_requests").selectAll().where("kind", "=", kind).where("id", "=", id).where("ticket_id", "=", ticketId).executeTakeFirst();
}

/** The pending request of a kind on a ticket, if any. */
export async function findPending(db: Db, ticketId: number, kind: string): Promise<ReviewRequestRow | undefined> {
  return db.selectFrom("review_requests").selectAll().where("ticket_id", "=", ticketId).where("kind", "=", kind).where("status", "=", "pending").executeTakeFirst();
}

/**
 * Records the decision, only if the request is still pending (docs/STYLE.md "Concurrency"): of two concurrent
 * decisions one gets the row, the other undefined (→ 409 REQUEST_ALREADY_DECIDED).
 */
export async function decideRequest(
  db: Db,
  kind: string,
  id: number,
  d: { status: "approved" | "refused" | "withdrawn"; decidedBy: number | null; decidedAt: Date; decision: Record<string, unknown> },
): Promise<ReviewRequestRow | undefined> {
  return db
    .updateTable("review_requests")
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.decidedAt, decision: JSON.stringify(d.decision) })
    .where("kind", "=", kind)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .returningAll()
    .executeTakeFirst();
}

/** Every request on a ticket, oldest first. */
export async function listForTicket(db: Db, ticketId: number): Promise<ReviewRequestRow[]> {
  return db.selectFrom("review_requests").selectAll().where("ticket_id", "=", ticketId).orderBy("id").execute();
}
