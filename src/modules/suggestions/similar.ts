import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { normaliseAddress } from "../../domain/suggestions/features.js";
import { probeTerms, repeatScore, type RepeatReason } from "../../domain/suggestions/repeats.js";
import type { Actor } from "../../http/auth.js";
import { words } from "../../text/segmenter.js";
import type { TicketStatus } from "../../domain/ticket/ticket.types.js";
import { isCenterUser } from "../tickets/ticket.policy.js";

/**
 * Repeat candidates (issue 15, rule 30): tickets received within the window with the same phone, the same
 * normalised address, or shared concept words (ticket_terms, GIN index), narrowed in the database and
 * ranked by `repeatScore`. Only tickets the actor may see; merged tickets are left out (their master stands
 * for them).
 */

export interface SimilarProbe {
  title: string;
  content: string;
  address: string | null;
  phone: string | null;
  /** The ticket itself, when looking up an existing one. */
  excludeId?: number;
}

export interface SimilarItem {
  ticketId: number;
  number: string;
  title: string;
  status: TicketStatus;
  receivedAt: string;
  score: number;
  reasons: RepeatReason[];
}

const PER_REASON = 60;
const TEXT_CANDIDATES = 200;

export async function findSimilar(db: Db, actor: Actor, probe: SimilarProbe, since: Date, limit = 10): Promise<SimilarItem[]> {
  const w = words(`${probe.title} ${probe.content}`.slice(0, 4000));
  const terms = probeTerms(w, 12);
  const addressKey = normaliseAddress(probe.address);
  const phone = probe.phone?.trim() || null;
  if (terms.length === 0 && !addressKey && !phone) return [];
  const exclude = probe.excludeId ?? 0;
  const visible = isCenterUser(actor)
    ? sql`true`
    : actor.unitId === null
      ? sql`false`
      : sql`(t.lead_unit_id = ${actor.unitId} OR ${actor.unitId} = ANY (t.co_unit_ids))`;
  const parts = [];
  if (phone) {
    parts.push(sql`(SELECT t.id FROM tickets t WHERE t.requester_phone = ${phone} AND t.received_at >= ${since} AND t.id <> ${exclude} AND t.merged_into IS NULL AND ${visible} ORDER BY t.received_at DESC LIMIT ${PER_REASON})`);
  }
  if (addressKey) {
    parts.push(sql`(SELECT t.id FROM ticket_terms x JOIN tickets t ON t.id = x.ticket_id WHERE x.address_key = ${addressKey} AND t.received_at >= ${since} AND t.id <> ${exclude} AND t.merged_into IS NULL AND ${visible} ORDER BY t.received_at DESC LIMIT ${PER_REASON})`);
  }
  if (terms.length > 0) {
    parts.push(sql`(SELECT t.id FROM ticket_terms x JOIN tickets t ON t.id = x.ticket_id WHERE x.terms && ${terms}::text[] AND t.received_at >= ${since} AND t.id <> ${exclude} AND t.merged_into IS NULL AND ${visible} ORDER BY t.received_at DESC LIMIT ${TEXT_CANDIDATES})`);
  }
  const ids = await sql<{ id: number }>`${sql.join(parts, sql` UNION `)}`.execute(db);
  if (ids.rows.length === 0) return [];
  const rows = await db
    .selectFrom("tickets as t")
    .leftJoin("ticket_terms as x", "x.ticket_id", "t.id")
    .select(["t.id", "t.number", "t.title", "t.status", "t.received_at", "t.address", "t.requester_phone", "x.terms"])
    .where("t.id", "in", ids.rows.map((r) => r.id))
    .execute();
  const me = { phone, address: probe.address, words: w };
  return rows
    .map((r) => {
      const { score, reasons } = repeatScore(me, { phone: r.requester_phone, address: r.address, words: r.terms ?? [] });
      return { ticketId: r.id, number: r.number, title: r.title, status: r.status as TicketStatus, receivedAt: r.received_at.toISOString(), score, reasons };
    })
    .filter((c) => c.reasons.length > 0)
    .sort((a, b) => b.score - a.score || b.receivedAt.localeCompare(a.receivedAt) || b.ticketId - a.ticketId)
    .slice(0, limit);
}
