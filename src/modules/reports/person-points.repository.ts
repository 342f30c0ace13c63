import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { PersonPointCounts } from "../../domain/metrics/person-points.js";
import type { Period } from "../../domain/metrics/period.js";
import { factsCte, type FactFilters } from "./report-facts.sql.js";

export interface HandlerCounts {
  unitId: number;
  unitName: string;
  handlerName: string;
  tickets: number;
  counts: PersonPointCounts;
}

/**
 * Per handler (the person named on the ticket's latest approved reply before the cut-off), the
 * outcomes of rule 36 from the latest follow-up that reached the requester. Missing evidence and
 * negative public opinion are the center's appraisal entries of those kinds on the ticket (issue 18
 * point 9), each ticket counted once per kind.
 */
export async function countHandlerOutcomes(db: Db, period: Period, filters: FactFilters): Promise<HandlerCounts[]> {
  const result = await sql<{ unit_id: number; unit_name: string; handler_name: string; tickets: number; double: number; one_no: number; two_no: number; missing: number; negative: number }>`
WITH ${factsCte(period, filters)},
h AS (
  SELECT DISTINCT ON (r.ticket_id) r.ticket_id, r.handler_name
  FROM replies r JOIN facts f ON f.id = r.ticket_id
  WHERE r.created_at < ${period.to} AND r.status = 'approved'
  ORDER BY r.ticket_id, r.id DESC
),
o AS (
  SELECT DISTINCT ON (x.ticket_id) x.ticket_id, x.resolved, x.outcome IN ('satisfied', 'basically_satisfied') AS satisfied
  FROM follow_ups x JOIN facts f ON f.id = x.ticket_id
  WHERE x.at < ${period.to} AND x.outcome <> 'unreachable'
  ORDER BY x.ticket_id, x.at DESC, x.id DESC
),
d AS (
  SELECT ticket_id, bool_or(kind = 'missing_evidence') AS missing, bool_or(kind = 'negative_opinion') AS negative
  FROM appraisal_entries WHERE ticket_id IS NOT NULL AND kind IN ('missing_evidence', 'negative_opinion')
  GROUP BY ticket_id
)
SELECT f.unit_id, f.unit_name, h.handler_name, count(*)::int AS tickets,
  count(*) FILTER (WHERE d.missing)::int AS missing,
  count(*) FILTER (WHERE d.negative)::int AS negative,
  count(*) FILTER (WHERE o.resolved AND o.satisfied)::int AS double,
  count(*) FILTER (WHERE o.resolved <> o.satisfied)::int AS one_no,
  count(*) FILTER (WHERE NOT o.resolved AND NOT o.satisfied)::int AS two_no
FROM facts f JOIN h ON h.ticket_id = f.id JOIN o ON o.ticket_id = f.id LEFT JOIN d ON d.ticket_id = f.id
GROUP BY 1, 2, 3
ORDER BY 1, 3`.execute(db);
  return result.rows.map((r) => ({
    unitId: r.unit_id,
    unitName: r.unit_name,
    handlerName: r.handler_name,
    tickets: r.tickets,
    counts: { doubleSatisfied: r.double, oneNo: r.one_no, twoNo: r.two_no, missingEvidence: r.missing, negativeOpinion: r.negative },
  }));
}
