import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { AppraisalGroup, UnitMonthInput, VolumeTier } from "../../domain/metrics/appraisal.types.js";
import type { Period } from "../../domain/metrics/period.js";
import { ed, factsCte } from "./report-facts.sql.js";

interface InputRow {
  unit_id: number;
  unit_name: string;
  volume: number;
  unresponded: number;
  process_faults: number;
  first_time: number;
  redo_satisfied: number;
  county_redone_twice: number;
  filings: number;
  tier: number | null;
  e_city_supervision: number;
  e_written_order: number;
  e_county_supervision: number;
  e_media_or_discipline: number;
  e_city_redo: number;
  e_process_fault: number;
  e_wrongful_return: number;
  e_poor_filing: number;
  e_false_filing: number;
}

/** A unit's month with its name, for the report rows. */
export interface NamedUnitMonth extends UnitMonthInput {
  unitName: string;
}

/**
 * The month of every unit of the group (towns or departments), counted from the facts at the cut-off
 * plus what the center entered (appraisal_entries, appraisal_tiers). Units with no ticket are listed
 * too, with zero volume (docs/METRICS.md "Edge cases").
 */
export async function appraisalInputs(db: Db, period: Period, month: string, group: AppraisalGroup): Promise<NamedUnitMonth[]> {
  const entry = (kind: string) => sql.raw(`coalesce(sum(count) FILTER (WHERE kind = '${kind}'), 0)::int AS e_${kind}`);
  const result = await sql<InputRow>`
WITH ${factsCte(period)},
-- rule 35 item 2.2: 0.2 per late return, charged to the unit that asked (the ticket may have moved on)
late_returns AS (
  SELECT e.unit_id, count(*)::int AS n
  FROM ticket_events e JOIN cohort c ON c.id = e.ticket_id
  WHERE e.type = 'ticket.return_requested' AND ${ed("ticket.return_requested", "late")} = 'true' AND e.at < ${period.to}
  GROUP BY e.unit_id
),
agg AS (
  SELECT unit_id,
    count(*)::int AS volume,
    count(*) FILTER (WHERE unresponded)::int AS unresponded,
    -- … and 0.2 per overdue reply
    count(*) FILTER (WHERE reply_overdue)::int AS process_faults,
    count(*) FILTER (WHERE ended_satisfied AND redo_count = 0)::int AS first_time,
    count(*) FILTER (WHERE ended_satisfied AND redo_count >= 1)::int AS redo_satisfied,
    count(*) FILTER (WHERE redo_count >= 2)::int AS county_redone_twice,
    count(*) FILTER (WHERE exclusion_filed)::int AS filings
  FROM facts GROUP BY unit_id
),
ent AS (
  SELECT unit_id, ${entry("city_supervision")}, ${entry("written_order")}, ${entry("county_supervision")},
    ${entry("media_or_discipline")}, ${entry("city_redo")}, ${entry("process_fault")}, ${entry("wrongful_return")},
    ${entry("poor_filing")}, ${entry("false_filing")}
  FROM appraisal_entries WHERE month = ${month} GROUP BY unit_id
),
-- issue 13: supervision orders of the period feed the supervision indicator by source (rule 35), beside hand entries for paper orders
ord AS (
  SELECT unit_id,
    count(*) FILTER (WHERE source = 'city')::int AS o_city, count(*) FILTER (WHERE source = 'city_written')::int AS o_written,
    count(*) FILTER (WHERE source = 'county_government')::int AS o_county, count(*) FILTER (WHERE source = 'media_or_discipline')::int AS o_media
  FROM supervision_orders WHERE created_at >= ${period.from} AND created_at < ${period.to} GROUP BY unit_id
)
SELECT u.id AS unit_id, u.name AS unit_name,
  coalesce(a.volume, 0) AS volume, coalesce(a.unresponded, 0) AS unresponded,
  coalesce(a.process_faults, 0) + coalesce(lr.n, 0) AS process_faults,
  coalesce(a.first_time, 0) AS first_time, coalesce(a.redo_satisfied, 0) AS redo_satisfied,
  coalesce(a.county_redone_twice, 0) AS county_redone_twice, coalesce(a.filings, 0) AS filings, tr.tier,
  coalesce(e.e_city_supervision, 0) + coalesce(o.o_city, 0) AS e_city_supervision, coalesce(e.e_written_order, 0) + coalesce(o.o_written, 0) AS e_written_order,
  coalesce(e.e_county_supervision, 0) + coalesce(o.o_county, 0) AS e_county_supervision, coalesce(e.e_media_or_discipline, 0) + coalesce(o.o_media, 0) AS e_media_or_discipline,
  coalesce(e.e_city_redo, 0) AS e_city_redo, coalesce(e.e_process_fault, 0) AS e_process_fault,
  coalesce(e.e_wrongful_return, 0) AS e_wrongful_return, coalesce(e.e_poor_filing, 0) AS e_poor_filing,
  coalesce(e.e_false_filing, 0) AS e_false_filing
FROM units u
LEFT JOIN agg a ON a.unit_id = u.id
LEFT JOIN late_returns lr ON lr.unit_id = u.id
LEFT JOIN ent e ON e.unit_id = u.id
LEFT JOIN ord o ON o.unit_id = u.id
LEFT JOIN appraisal_tiers tr ON tr.unit_id = u.id AND tr.month = ${month}
WHERE u.kind = ${group}
ORDER BY u.id`.execute(db);
  return result.rows.map((r) => ({
    unitId: r.unit_id,
    unitName: r.unit_name,
    volume: r.volume,
    ...(r.tier !== null && { volumeTier: r.tier as VolumeTier }),
    unresponded: r.unresponded,
    processMinorFaults: r.process_faults + r.e_process_fault,
    wrongfulReturns: r.e_wrongful_return,
    firstTimeSatisfied: r.first_time,
    redoSatisfied: r.redo_satisfied,
    countyRedoneTwice: r.county_redone_twice,
    // entered by the center; never more than the unit's volume (the share is of its own tickets)
    cityRedoneTwice: Math.min(r.e_city_redo, r.volume),
    hardRequestFilings: r.filings,
    hardRequestPoorFilings: r.e_poor_filing,
    hardRequestFalseFilings: r.e_false_filing,
    supervision: {
      city: r.e_city_supervision,
      written: r.e_written_order,
      county: r.e_county_supervision,
      mediaOrDiscipline: r.e_media_or_discipline,
    },
  }));
}
