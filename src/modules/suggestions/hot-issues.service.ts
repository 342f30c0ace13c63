import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { hotClusters, placeMatcher, risingOf, type HotCluster, type HotTicket } from "../../domain/suggestions/hot-issues.js";
import { repeatSettings, type PolicySettings } from "../../domain/policy/policy.js";
import type { Actor } from "../../http/auth.js";
import type { Notifier } from "../notifications/notifier.js";
import { isCenterUser } from "../tickets/ticket.policy.js";
import { townUnits } from "./suggestion.service.js";

/**
 * Hot issues and heat (rule 39, issue 15): the tickets of a period, grouped by place and issue, against the
 * previous period of the same length; the heat of each town of the unit tree; the rising clusters
 * (未诉先办) that the supervision alert registry (issue 13) takes over after the merge.
 */

/** Tickets a period holds at most for clustering (the most recent); a city's week is far below it. */
const MAX_TICKETS = 20_000;

interface Period {
  from: Date;
  to: Date;
}

async function loadPeriod(db: Db, actor: Actor | null, p: Period, places: readonly string[]): Promise<HotTicket[]> {
  const visible = !actor || isCenterUser(actor) ? sql`true` : actor.unitId === null ? sql`false` : sql`(t.lead_unit_id = ${actor.unitId} OR ${actor.unitId} = ANY (t.co_unit_ids))`;
  const rows = await sql<{ id: number; received_at: Date; address: string | null; requester_phone: string | null; requester_name: string | null; anonymous: boolean; lead_unit_id: number | null; terms: string[] | null }>`
    SELECT t.id, t.received_at, t.address, t.requester_phone, t.requester_name, t.anonymous, t.lead_unit_id, x.terms
    FROM tickets t LEFT JOIN ticket_terms x ON x.ticket_id = t.id
    WHERE t.received_at >= ${p.from} AND t.received_at < ${p.to} AND t.merged_into IS NULL AND ${visible}
    ORDER BY t.received_at DESC LIMIT ${MAX_TICKETS}`.execute(db);
  const placeOf = placeMatcher(places);
  return rows.rows.map((r) => ({
    id: r.id,
    at: r.received_at,
    terms: new Set(r.terms ?? []),
    place: placeOf(r.address),
    requester: r.anonymous ? null : (r.requester_phone?.replace(/\D/g, "") || r.requester_name || null),
    unitId: r.lead_unit_id,
  }));
}

export interface HotIssue {
  label: string;
  place: string | null;
  terms: string[];
  ticketCount: number;
  requesterCount: number;
  previousCount: number;
  /** (this period − previous) / previous; null when the cluster is new. */
  growth: number | null;
  unitIds: number[];
  sampleTicketIds: number[];
}

function present(c: HotCluster): HotIssue {
  return {
    label: c.label,
    place: c.place,
    terms: c.terms,
    ticketCount: c.ticketIds.length,
    requesterCount: c.requesterCount,
    previousCount: c.previousCount,
    growth: c.previousCount === 0 ? null : Math.round(((c.ticketIds.length - c.previousCount) / c.previousCount) * 1000) / 1000,
    unitIds: c.unitIds,
    sampleTicketIds: c.ticketIds.slice(-5).reverse(),
  };
}

/** Clusters of [from, to) against the period just before it, biggest first. */
export async function hotIssues(db: Db, actor: Actor | null, from: Date, to: Date, minCount = 2): Promise<HotIssue[]> {
  const places = (await townUnits(db, true)).map((u) => u.name);
  const len = Math.max(60_000, to.getTime() - from.getTime());
  const current = await loadPeriod(db, actor, { from, to }, places);
  const previous = await loadPeriod(db, actor, { from: new Date(from.getTime() - len), to: from }, places);
  return hotClusters(current, previous, minCount, 200).map(present);
}

/** Rising clusters of the week before `now` against the week before it (the early warning, 未诉先办). */
export async function risingClusters(db: Db, now: Date, policy: PolicySettings): Promise<HotIssue[]> {
  const s = repeatSettings(policy);
  const from = new Date(now.getTime() - 7 * 86_400_000);
  const all = await hotIssues(db, null, from, now, Math.min(2, s.risingMinCount));
  return all.filter((c) => risingOf([{ ticketIds: new Array(c.ticketCount), previousCount: c.previousCount } as HotCluster], { growth: s.risingGrowth, minCount: s.risingMinCount }).length > 0);
}

/**
 * Until the supervision alert registry takes rising clusters (issue 13), the units concerned are told
 * through the Notifier, once per cluster label and week (a marker row), in one transaction.
 */
export async function notifyRising(db: Db, notifier: Notifier, now: Date, policy: PolicySettings): Promise<number> {
  const rising = await risingClusters(db, now, policy);
  let sent = 0;
  const week = Math.floor(now.getTime() / (7 * 86_400_000));
  for (const c of rising) {
    if (c.unitIds.length === 0) continue;
    await db.transaction().execute(async (trx) => {
      const fresh = await trx
        .insertInto("huying_markers")
        .values({ name: `rising:${week}:${c.label}`.slice(0, 200), value: String(c.ticketCount), at: now })
        .onConflict((oc) => oc.column("name").doNothing())
        .returning("name")
        .executeTakeFirst();
      if (!fresh) return;
      const title = `热点预警：${c.label} 本周 ${c.ticketCount} 件（上周 ${c.previousCount} 件），请提前研判处置`;
      await notifier.notifyUnits(trx, c.unitIds.map((unitId) => ({ unitId, ticketId: c.sampleTicketIds[0] ?? null, kind: "hot_issue_rising", title })), now);
      sent++;
    });
  }
  return sent;
}

export interface HeatCell {
  unitId: number;
  name: string;
  parentId: number | null;
  ticketCount: number;
  previousCount: number;
}

/** Tickets per town of the unit tree in [from, to) (by the town the address names, else a town lead unit). */
export async function heat(db: Db, actor: Actor | null, from: Date, to: Date): Promise<HeatCell[]> {
  const towns = await db.selectFrom("units").select(["id", "name", "parent_id"]).where("kind", "=", "town").orderBy("id").execute();
  const places = towns.map((t) => t.name);
  const byName = new Map(towns.map((t) => [t.name, t.id]));
  const townIds = new Set(towns.map((t) => t.id));
  const len = Math.max(60_000, to.getTime() - from.getTime());
  const count = async (p: Period) => {
    const m = new Map<number, number>();
    for (const t of await loadPeriod(db, actor, p, places)) {
      const id = t.place ? byName.get(t.place) : t.unitId !== null && townIds.has(t.unitId) ? t.unitId : undefined;
      if (id !== undefined) m.set(id, (m.get(id) ?? 0) + 1);
    }
    return m;
  };
  const now = await count({ from, to });
  const before = await count({ from: new Date(from.getTime() - len), to: from });
  return towns.map((t) => ({ unitId: t.id, name: t.name, parentId: t.parent_id, ticketCount: now.get(t.id) ?? 0, previousCount: before.get(t.id) ?? 0 }));
}
