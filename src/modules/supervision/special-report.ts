import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { shanghaiMidnight } from "../../domain/calendar/calendar.js";
import { supervisionOf, weekRange, type SupervisionSettings } from "../../domain/supervision/supervision.js";
import type { Actor } from "../../http/auth.js";
import { writeAudit } from "../audit/audit.repository.js";
import { hotIssues as hotIssueClusters, type HotIssue } from "../suggestions/hot-issues.service.js";
import { placeSql } from "./alert-detectors.js";
import type { SupervisionDeps } from "./supervision.service.js";

export interface UnitRow {
  unitId: number;
  unitName: string;
  repeatedTenPlus: number;
  overdue: number;
  missedFirstContact: number;
  missedSign: number;
  missedReply: number;
}

export interface ReportSections {
  redoneThreePlus: number[];
  concentrated: Array<{ label: string; ticketIds: number[]; requesters: number; unitIds: number[] }>;
  multiUnit: number[];
  /** Issue 15's hot-issue clusters of the week (issue and place), against the week before, biggest first. */
  hotIssues: HotIssue[];
  units: UnitRow[];
  summary: { volume: number; closed: number; onTimeReplyRate: number | null; satisfactionRate: number | null; redone: number };
}

const SAMPLE = 50;
/** Hot-issue clusters the report lists (the biggest of the week). */
export const REPORT_HOT_ISSUES = 10;

/**
 * A stored report's hot issue as the API shows it. Reports stored before issue 15's clusters held the top
 * categories (`{label, categoryId, ticketCount, unitIds}`): they read as clusters without place, words,
 * requesters or trend (nothing is recomputed: a stored report stays what it was).
 */
export function storedHotIssue(h: Partial<HotIssue> & { label: string; ticketCount: number }): HotIssue {
  return {
    label: h.label,
    place: h.place ?? null,
    terms: h.terms ?? [],
    ticketCount: h.ticketCount,
    requesterCount: h.requesterCount ?? 0,
    previousCount: h.previousCount ?? 0,
    growth: h.growth ?? null,
    unitIds: h.unitIds ?? [],
    sampleTicketIds: h.sampleTicketIds ?? [],
  };
}

/**
 * Rule 30 (Qingpu): per unit, for tickets received in [from, to): issues repeated 10+ times (the threshold is
 * the policy's), overdue tickets, missed first contact, sign and reply. Units with nothing to report are left out.
 */
export async function unitRows(db: Db, from: Date, to: Date, s: SupervisionSettings): Promise<UnitRow[]> {
  const r = await sql<{ unit_id: number; unit_name: string; rep: number; overdue: number; fc: number; sign: number; reply: number }>`
    WITH t AS (
      SELECT lead_unit_id, sign_overdue, reply_overdue, contact_overdue, progress_overdue, first_contact_state, repeat_count
      FROM tickets WHERE received_at >= ${from} AND received_at < ${to} AND lead_unit_id IS NOT NULL
    )
    SELECT u.id AS unit_id, u.name AS unit_name,
      count(*) FILTER (WHERE t.repeat_count + 1 >= ${s.repeatThreshold})::int AS rep,
      count(*) FILTER (WHERE t.sign_overdue OR t.reply_overdue OR t.contact_overdue OR t.progress_overdue)::int AS overdue,
      count(*) FILTER (WHERE t.first_contact_state = 'missed')::int AS fc,
      count(*) FILTER (WHERE t.sign_overdue)::int AS sign,
      count(*) FILTER (WHERE t.reply_overdue)::int AS reply
    FROM t JOIN units u ON u.id = t.lead_unit_id
    GROUP BY u.id, u.name
    HAVING count(*) FILTER (WHERE t.repeat_count + 1 >= ${s.repeatThreshold} OR t.sign_overdue OR t.reply_overdue OR t.contact_overdue OR t.progress_overdue OR t.first_contact_state = 'missed') > 0
    ORDER BY u.id`.execute(db);
  return r.rows.map((x) => ({ unitId: x.unit_id, unitName: x.unit_name, repeatedTenPlus: x.rep, overdue: x.overdue, missedFirstContact: x.fc, missedSign: x.sign, missedReply: x.reply }));
}

/**
 * The week's sections (rule 29): tickets redone 3+ times that were open during the week, concentrated complaints
 * (many requesters on one category and place), tickets spanning several units, the hot-issue clusters (issue 15), the units'
 * rule-30 figures and the center's weekly figures. Set-based statements over the week's tickets.
 */
export async function computeSections(db: Db, weekOf: string, s: SupervisionSettings): Promise<{ start: string; end: string; sections: ReportSections }> {
  const { start, end } = weekRange(weekOf);
  const from = shanghaiMidnight(start);
  const to = shanghaiMidnight(end);
  const redone = await sql<{ id: number }>`
    SELECT id FROM tickets WHERE redo_count >= 3 AND received_at < ${to} AND (closed_at IS NULL OR closed_at >= ${from}) ORDER BY id LIMIT 500`.execute(db);
  // MATERIALIZED: the place (a few regular expressions) is computed once per ticket, not once per use.
  const conc = await sql<{ place: string; ticket_ids: number[]; requesters: number; unit_ids: number[] }>`
    WITH w AS MATERIALIZED (
      SELECT id, lead_unit_id, category_id, requester_phone, ${placeSql("address")} AS place
      FROM tickets WHERE received_at >= ${from} AND received_at < ${to} AND address IS NOT NULL AND merged_into IS NULL
    )
    SELECT place, (array_agg(id ORDER BY id))[1:${SAMPLE}] AS ticket_ids, count(DISTINCT coalesce(requester_phone, id::text))::int AS requesters,
      array_remove(array_agg(DISTINCT lead_unit_id), NULL) AS unit_ids
    FROM w WHERE place IS NOT NULL AND length(place) >= 2
    GROUP BY category_id, place
    HAVING count(DISTINCT coalesce(requester_phone, id::text)) >= ${s.concentrated.minRequesters}
    ORDER BY requesters DESC, place LIMIT 100`.execute(db);
  // The week's tickets with co-units first (partial index tickets_multi_unit_received_idx, migration 0072), then
  // the first 500 by id: with a bare `ORDER BY id LIMIT` the planner walks the primary key through every
  // older ticket.
  const multi = await sql<{ id: number }>`
    WITH m AS MATERIALIZED (SELECT id FROM tickets WHERE received_at >= ${from} AND received_at < ${to} AND cardinality(co_unit_ids) > 0)
    SELECT id FROM m ORDER BY id LIMIT 500`.execute(db);
  const hot = await hotIssueClusters(db, null, from, to);
  const sum = await sql<{ volume: number; closed: number; replied: number; on_time: number; scored: number; sat: number; redone: number }>`
    SELECT count(*)::int AS volume, count(*) FILTER (WHERE status = 'closed')::int AS closed,
      count(*) FILTER (WHERE replied_at IS NOT NULL)::int AS replied,
      count(*) FILTER (WHERE replied_at IS NOT NULL AND NOT reply_overdue)::int AS on_time,
      count(*) FILTER (WHERE closure_kind IN ('satisfied', 'basically_satisfied', 'auto_basically_satisfied', 'unsatisfied_closed'))::int AS scored,
      count(*) FILTER (WHERE closure_kind IN ('satisfied', 'basically_satisfied', 'auto_basically_satisfied'))::int AS sat,
      count(*) FILTER (WHERE redo_count >= 3)::int AS redone
    FROM tickets WHERE received_at >= ${from} AND received_at < ${to}`.execute(db);
  const x = sum.rows[0]!;
  return {
    start,
    end,
    sections: {
      redoneThreePlus: redone.rows.map((r) => r.id),
      concentrated: conc.rows.map((c) => ({ label: `${c.place}（${c.requesters} 人）`, ticketIds: c.ticket_ids, requesters: c.requesters, unitIds: c.unit_ids })),
      multiUnit: multi.rows.map((r) => r.id),
      hotIssues: hot.slice(0, REPORT_HOT_ISSUES),
      units: await unitRows(db, from, to, s),
      summary: {
        volume: x.volume,
        closed: x.closed,
        onTimeReplyRate: x.replied > 0 ? x.on_time / x.replied : null,
        satisfactionRate: x.scored > 0 ? x.sat / x.scored : null,
        redone: x.redone,
      },
    },
  };
}

/** POST /api/supervision/special-reports: computes and stores the week's report (a later one for the same week is a new version). */
export async function makeSpecialReport(deps: SupervisionDeps, actor: Actor, weekOf: string) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const s = supervisionOf((await deps.policy.current(trx)).settings);
    const { start, sections } = await computeSections(trx, weekOf, s);
    const row = await trx
      .insertInto("supervision_special_reports")
      .values({ week_of: start, sections: JSON.stringify(sections), created_by: actor.id, created_at: now })
      .returning(["id", "created_at"])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { at: now, actorId: actor.id, action: "supervision.report_made", targetType: "supervision_special_report", targetId: row.id, data: { weekOf: start } });
    return { id: row.id, weekOf: start, createdAt: row.created_at, sections };
  });
}
