import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from "kysely";
import type { Db } from "../../db/database.js";
import type { DB, TicketRow } from "../../db/schema.js";
import { DomainError, invalid } from "../../domain/errors.js";
import { dayNumber, shanghaiMidnight } from "../../domain/calendar/calendar.js";
import type { Actor } from "../../http/auth.js";
import { MAX_ID } from "../../http/schemas.js";
import { OVERDUE_KINDS, type DeadlineKind } from "../../domain/ticket/deadline-kinds.js";
import { isCenterUser, maySeePhone } from "./ticket.policy.js";

export interface TicketListFilter {
  status?: string[];
  unitId?: number;
  overdue?: boolean;
  q?: string;
  phone?: string;
  categoryId?: number;
  assignedUserId?: number;
  channel?: string;
  urgency?: string;
  business?: boolean;
  pendingExtension?: boolean;
  pendingExclusion?: boolean;
  flaggedNoChange?: boolean;
  receivedFrom?: string;
  receivedTo?: string;
  sort?: "received" | "deadline";
  limit?: number;
  cursor?: string;
}

type Eb = ExpressionBuilder<DB, "tickets">;

/** The SQL form of clockRuns (deadline-kinds.ts): the kind's clock runs for the row. */
export function clockRunsExpr(eb: Eb, k: DeadlineKind): Expression<SqlBool> {
  const conds: Expression<SqlBool>[] = [eb("status", "in", [...k.runsIn])];
  if (k.firstContact) conds.push(eb("first_contact_state", "in", [...k.firstContact]));
  return eb.and(conds);
}

/** Overdue now: a flag set by the sweep or an action, or a running clock already past (rule 30), per DEADLINE_KINDS. */
export function overdueExpr(eb: Eb, now: Date): Expression<SqlBool> {
  return eb.or([
    ...OVERDUE_KINDS.map((k) => eb(k.overdue!.column, "=", true)),
    ...OVERDUE_KINDS.map((k) => eb.and([clockRunsExpr(eb, k), eb(k.dueColumn, "<", now)])),
  ]);
}

/** A start or end of the received range: a date (Asia/Shanghai day) or a full time. */
function boundary(value: string, field: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    dayNumber(value, field); // a 400 naming the filter for 2025-02-30
    const start = shanghaiMidnight(value);
    return end ? new Date(start.getTime() + 86_400_000) : start;
  }
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw invalid(field, "use YYYY-MM-DD or an ISO 8601 time");
  return t;
}

/** The (sort key, id) a cursor holds; a cursor this server did not give out is a 400, never a database error. */
function decodeCursor(cursor: string, keyMayBeNull: boolean): [string | null, number] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2) {
    const [k, id] = parsed as unknown[];
    const keyOk = (k === null && keyMayBeNull) || (typeof k === "string" && !Number.isNaN(new Date(k).getTime()));
    if (keyOk && typeof id === "number" && Number.isInteger(id) && id > 0 && id <= MAX_ID) return [k as string | null, id];
  }
  throw invalid("cursor", "is not a cursor this server gave out");
}

const encodeCursor = (k: string | null, id: number) => Buffer.from(JSON.stringify([k, id])).toString("base64url");

/** The shape of a ticket number (20250506-000123). */
const TICKET_NUMBER = /^\d{8}-\d{6}$/;

/** Escapes LIKE wildcards so a search for "100%" means the text "100%". */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The unit is one of the ticket's co-units. */
const coHandles = (eb: Eb, unit: number) => eb("co_unit_ids", "@>", sql<number[]>`ARRAY[${unit}]::integer[]`);

/** A ticket involves a unit: it leads it or is one of its co-units. */
const involves = (eb: Eb, unit: number) => eb.or([eb("lead_unit_id", "=", unit), coHandles(eb, unit)]);

/** The list's filters (everything but unit scoping and paging), shared by the list and its count. */
function filterTickets<Q extends SelectQueryBuilder<DB, "tickets", object>>(q0: Q, db: Db, actor: Actor, f: TicketListFilter, now: Date): Q {
  let q = q0 as SelectQueryBuilder<DB, "tickets", object>;
  if (f.status?.length) q = q.where("status", "in", f.status);
  if (f.overdue) q = q.where((eb) => overdueExpr(eb, now));
  if (f.overdue === false) q = q.where((eb) => eb.not(overdueExpr(eb, now)));
  // Searching by phone reads phone numbers: only for roles that see them (the list route also audits and limits it).
  if (f.phone && !maySeePhone(actor)) throw new DomainError("FORBIDDEN", "searching by phone needs a role that sees phone numbers");
  if (f.phone) q = q.where("requester_phone", "=", f.phone);
  if (f.categoryId !== undefined) q = q.where("category_id", "=", f.categoryId);
  if (f.assignedUserId !== undefined) q = q.where("assigned_user_id", "=", f.assignedUserId);
  if (f.channel) q = q.where("channel", "=", f.channel as TicketRow["channel"]);
  if (f.urgency) q = q.where("urgency", "=", f.urgency);
  if (f.business !== undefined) q = q.where("business", "=", f.business);
  if (f.pendingExtension !== undefined) q = q.where("pending_extension", "=", f.pendingExtension);
  if (f.pendingExclusion !== undefined) q = q.where("pending_exclusion", "=", f.pendingExclusion);
  if (f.flaggedNoChange !== undefined) q = q.where("flagged_no_change", "=", f.flaggedNoChange);
  if (f.receivedFrom) q = q.where("received_at", ">=", boundary(f.receivedFrom, "receivedFrom", false));
  if (f.receivedTo) q = q.where("received_at", "<", boundary(f.receivedTo, "receivedTo", true));
  if (f.q?.trim()) {
    const text = f.q.trim();
    const pattern = `%${likeEscape(text)}%`;
    const texts = db.selectFrom("ticket_texts").select("ticket_texts.ticket_id as id").where("body", "ilike", pattern);
    // A plain semi-join lets the planner walk the list order for a common word (物业) and start from the
    // trigram index for a rare one. A ticket number (always rare) also matches the number itself: one IN
    // over a UNION, never an OR, which would hide both indexes.
    q = TICKET_NUMBER.test(text)
      ? q.where("id", "in", texts.union(db.selectFrom("tickets as n").select("n.id").where("n.number", "=", text)))
      : q.where("id", "in", texts);
  }
  return q as Q;
}

/**
 * How many tickets the filters match, for the queue tabs and the search page's "共 N 条" (issue 18 point 5).
 * Same filters and unit scoping as the list (a unit user counts only tickets its unit leads or co-handles).
 */
export async function countTickets(db: Db, actor: Actor, f: TicketListFilter, now: Date): Promise<number> {
  let q = filterTickets(db.selectFrom("tickets").select((eb) => eb.fn.countAll<string>().as("n")), db, actor, f, now);
  const units = new Set<number>();
  if (!isCenterUser(actor)) units.add(actor.unitId ?? -1);
  if (f.unitId !== undefined) units.add(f.unitId);
  for (const unit of units) q = q.where((eb) => involves(eb, unit));
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The ticket list (docs/API.md): filters, unit scoping for unit roles, keyset pagination on
 * (received_at, id) or (reply_due_at, id) — never OFFSET, never a count of the whole table.
 *
 * A unit's list ("lead or co-unit") is two ordered, limited branches joined by UNION ALL: the unit's led
 * tickets (tickets_lead_unit_idx) and the tickets it co-handles (tickets_co_units_idx), so its cost
 * follows the unit's own tickets, not every open ticket of the city (an OR of the two defeats both indexes).
 */
export async function listTickets(db: Db, actor: Actor, f: TicketListFilter, now: Date): Promise<{ rows: TicketRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(f.limit ?? 20, 1), 200);
  const sort = f.sort ?? "received";
  const units: number[] = [];
  if (!isCenterUser(actor)) units.push(actor.unitId ?? -1);
  if (f.unitId !== undefined) units.push(f.unitId);
  const [branchUnit, ...otherUnits] = [...new Set(units)];

  let q = filterTickets(db.selectFrom("tickets").selectAll(), db, actor, f, now);
  for (const unit of otherUnits) q = q.where((eb) => involves(eb, unit));
  if (sort === "received") {
    if (f.cursor) {
      const [k, id] = decodeCursor(f.cursor, false);
      const at = new Date(k!);
      q = q.where((eb) => eb(eb.refTuple("received_at", "id"), "<", eb.tuple(at, id)));
    }
  } else if (f.cursor) {
    const [k, id] = decodeCursor(f.cursor, true);
    q = k === null
      ? q.where((eb) => eb.and([eb("reply_due_at", "is", null), eb("id", ">", id)]))
      : q.where((eb) => eb.or([eb(eb.refTuple("reply_due_at", "id"), ">", eb.tuple(new Date(k), id)), eb("reply_due_at", "is", null)]));
  }
  // One ordering for the list, each branch of a unit's list and their merge (the keyset's order).
  const order = sort === "received" ? sql`received_at desc, id desc` : sql`reply_due_at asc nulls last, id asc`;

  let rows: TicketRow[];
  if (branchUnit === undefined) {
    rows = await q.orderBy(order).limit(limit + 1).execute();
  } else {
    const led = q.where("lead_unit_id", "=", branchUnit).orderBy(order).limit(limit + 1);
    const co = q
      .where((eb) => coHandles(eb, branchUnit))
      .where((eb) => eb.or([eb("lead_unit_id", "is", null), eb("lead_unit_id", "<>", branchUnit)]))
      .orderBy(order)
      .limit(limit + 1);
    const both = db.selectFrom(led.as("a")).selectAll().unionAll(db.selectFrom(co.as("b")).selectAll());
    rows = (await db.selectFrom(both.as("tickets")).selectAll().orderBy(order).limit(limit + 1).execute()) as TicketRow[];
  }
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(sort === "received" ? last.received_at.toISOString() : (last.reply_due_at?.toISOString() ?? null), last.id)
      : null;
  return { rows: page, nextCursor };
}
