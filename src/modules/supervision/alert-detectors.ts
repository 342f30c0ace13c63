import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { AlertKind, SupervisionSettings } from "../../domain/supervision/supervision.js";
import type { PolicySettings } from "../../domain/policy/policy.js";
import { risingClusters } from "../suggestions/hot-issues.service.js";

/**
 * What a detector finds: one condition that deserves an alert. `conditionKey` names the condition; while an
 * alert with that key is open, the same condition never raises a second one (unique partial index).
 */
export interface AlertCandidate {
  kind: AlertKind;
  conditionKey: string;
  unitId: number | null;
  ticketIds: number[];
  count: number;
  label: string;
}

/**
 * One entry per alert kind (docs/SUPERVISION.md "Triggers"): each detector is one SQL statement over the
 * tickets (set-based, so it scales to a million tickets), reading its thresholds from the policy's
 * `supervision` settings. Adding a kind (issue 15's rising clusters) is one entry here.
 */
export interface AlertDetector {
  kind: AlertKind;
  /** `policy`: the whole current policy, for detectors whose settings live outside `supervision` (rising clusters). */
  detect(db: Db, now: Date, s: SupervisionSettings, policy: PolicySettings): Promise<AlertCandidate[]>;
}

const DAY = 86_400_000;
/** Tickets that still count: open ones, and ones closed within this many days (a late redo alert still matters). */
const RECENT_CLOSED_DAYS = 7;

/** Mirror of `addressPlace` (src/domain/supervision/supervision.ts) in SQL: the address reduced to its place. */
export const placeSqlText = (col: string) =>
  `nullif(regexp_replace(coalesce(substring(regexp_replace(${col}, '[[:space:]，。,.、·—()（）#-]', '', 'g') from '^(.*?(小区|村|社区|号院|花园|公寓|大厦|路|街|巷))'), regexp_replace(${col}, '[[:space:]，。,.、·—()（）#-]', '', 'g')), '[0-9０-９]+', '', 'g'), '')`;
export const placeSql = (col: string) => sql.raw(placeSqlText(col));

type Row = { unit_id: number | null; ticket_ids: number[]; count: number; key: string; label: string };
const rowsTo = (kind: AlertKind, rows: Row[]): AlertCandidate[] =>
  rows.map((r) => ({ kind, conditionKey: `${kind}:${r.key}`, unitId: r.unit_id, ticketIds: r.ticket_ids ?? [], count: Number(r.count), label: r.label }));

const redoRepeated: AlertDetector = {
  kind: "redo_repeated",
  async detect(db, now, s) {
    const since = new Date(now.getTime() - RECENT_CLOSED_DAYS * DAY);
    const r = await sql<Row>`
      SELECT lead_unit_id AS unit_id, ARRAY[id] AS ticket_ids, redo_count AS count,
        id || ':' || CASE WHEN redo_count >= ${s.redoWarning} THEN 'w' ELSE 'p' END AS key,
        '工单 ' || number || ' 已重办 ' || redo_count || ' 次：' || left(title, 40) AS label
      FROM tickets
      WHERE redo_count >= 1 AND redo_count >= ${s.redoThreshold}::int AND (closed_at IS NULL OR closed_at >= ${since})
      ORDER BY id`.execute(db);
    return rowsTo("redo_repeated", r.rows);
  },
};

/**
 * Rule 30: one issue asked N+ times. Two ways today (issue 15 adds linking): tickets linked to one master
 * (`repeat_of`, plus its `repeat_count`), and one caller's tickets within `repeatWindowDays` (30) on one category.
 */
const repeatRequests: AlertDetector = {
  kind: "repeat_requests",
  async detect(db, now, s) {
    const since = new Date(now.getTime() - s.repeatWindowDays * DAY);
    const r = await sql<Row>`
      SELECT m.lead_unit_id AS unit_id, (ARRAY[m.id] || coalesce(l.ids, '{}'))[1:50] AS ticket_ids,
        (1 + greatest(m.repeat_count, coalesce(l.n, 0)))::int AS count, 't' || m.id AS key,
        '工单 ' || m.number || ' 同一诉求已反映 ' || (1 + greatest(m.repeat_count, coalesce(l.n, 0))) || ' 次：' || left(m.title, 40) AS label
      FROM (
        SELECT id FROM tickets WHERE repeat_count >= 1 AND repeat_count + 1 >= ${s.repeatThreshold}::int
        UNION SELECT repeat_of FROM tickets WHERE repeat_of IS NOT NULL GROUP BY repeat_of HAVING count(*) + 1 >= ${s.repeatThreshold}::int
      ) c
      JOIN tickets m ON m.id = c.id
      LEFT JOIN (SELECT repeat_of, count(*)::int AS n, array_agg(id ORDER BY id) AS ids FROM tickets WHERE repeat_of IS NOT NULL GROUP BY repeat_of) l ON l.repeat_of = m.id
      WHERE m.repeat_of IS NULL AND (m.closed_at IS NULL OR m.closed_at >= ${since})
        AND 1 + greatest(m.repeat_count, coalesce(l.n, 0)) >= ${s.repeatThreshold}
      UNION ALL
      SELECT t.lead_unit_id AS unit_id,
        ARRAY(SELECT x.id FROM tickets x WHERE x.requester_phone = g.requester_phone AND x.category_id IS NOT DISTINCT FROM g.category_id
              AND x.received_at >= ${since} AND x.repeat_of IS NULL AND x.merged_into IS NULL ORDER BY x.id LIMIT 50) AS ticket_ids,
        g.n AS count, 'p' || md5(g.requester_phone) || ':' || coalesce(g.category_id, 0) AS key,
        '同一来电人 ' || g.n || ' 次反映：' || left(t.title, 40) AS label
      FROM (
        SELECT requester_phone, category_id, count(*)::int AS n, max(id) AS last_id
        FROM tickets
        WHERE requester_phone IS NOT NULL AND received_at >= ${since} AND repeat_of IS NULL AND merged_into IS NULL
        GROUP BY requester_phone, category_id
        HAVING count(*) >= ${s.repeatThreshold}::int
      ) g JOIN tickets t ON t.id = g.last_id`.execute(db);
    return rowsTo("repeat_requests", r.rows);
  },
};

/** Rule 28: many distinct requesters on one issue (same category and place) within the window. */
const concentrated: AlertDetector = {
  kind: "concentrated",
  async detect(db, now, s) {
    const since = new Date(now.getTime() - s.concentrated.windowDays * DAY);
    const r = await sql<Row>`
      WITH w AS (
        SELECT id, lead_unit_id, category_id, requester_phone, ${placeSql("address")} AS place
        FROM tickets WHERE received_at >= ${since} AND received_at <= ${now} AND address IS NOT NULL AND merged_into IS NULL
      )
      SELECT mode() WITHIN GROUP (ORDER BY lead_unit_id) AS unit_id, (array_agg(id ORDER BY id))[1:50] AS ticket_ids,
        count(DISTINCT coalesce(requester_phone, id::text))::int AS count, coalesce(category_id, 0) || '|' || place AS key,
        place || ' 集中诉求：' || count(DISTINCT coalesce(requester_phone, id::text)) || ' 人' AS label
      FROM w WHERE place IS NOT NULL AND length(place) >= 2
      GROUP BY category_id, place
      HAVING count(DISTINCT coalesce(requester_phone, id::text)) >= ${s.concentrated.minRequesters}`.execute(db);
    return rowsTo("concentrated", r.rows);
  },
};

/** Overdue sign, reply and progress report, per unit and deadline (open tickets). */
const overdue: AlertDetector = {
  kind: "overdue",
  async detect(db) {
    const r = await sql<Row>`
      SELECT lead_unit_id AS unit_id, (array_agg(id ORDER BY id))[1:50] AS ticket_ids, count(*)::int AS count, lead_unit_id || ':' || d AS key,
        CASE d WHEN 'sign' THEN '签收超期 ' WHEN 'reply' THEN '答复超期 ' ELSE '进展报告超期 ' END || count(*) || ' 件' AS label
      FROM (
        SELECT t.id, t.lead_unit_id, x.d
        FROM tickets t CROSS JOIN LATERAL (VALUES ('sign', t.sign_overdue), ('reply', t.reply_overdue), ('progress', t.progress_overdue)) AS x(d, flag)
        WHERE t.status <> 'closed' AND (t.sign_overdue OR t.reply_overdue OR t.progress_overdue OR t.first_contact_state = 'missed')
          AND t.lead_unit_id IS NOT NULL AND x.flag
      ) o GROUP BY lead_unit_id, d`.execute(db);
    return rowsTo("overdue", r.rows);
  },
};

const missedFirstContact: AlertDetector = {
  kind: "missed_first_contact",
  async detect(db) {
    const r = await sql<Row>`
      SELECT lead_unit_id AS unit_id, (array_agg(id ORDER BY id))[1:50] AS ticket_ids, count(*)::int AS count, lead_unit_id::text AS key,
        '未按时先行联系 ' || count(*) || ' 件' AS label
      FROM tickets WHERE status <> 'closed' AND (sign_overdue OR reply_overdue OR progress_overdue OR first_contact_state = 'missed')
        AND first_contact_state = 'missed' AND lead_unit_id IS NOT NULL
      GROUP BY lead_unit_id`.execute(db);
    return rowsTo("missed_first_contact", r.rows);
  },
};

/** Rule 24: three replies in a row without substantive change (the reply use case sets the flag). */
const perfunctory: AlertDetector = {
  kind: "perfunctory",
  async detect(db, now) {
    const since = new Date(now.getTime() - RECENT_CLOSED_DAYS * DAY);
    const r = await sql<Row>`
      SELECT lead_unit_id AS unit_id, ARRAY[id] AS ticket_ids, no_change_streak AS count, id::text AS key,
        '工单 ' || number || ' 连续 ' || no_change_streak || ' 次答复无实质变化：' || left(title, 40) AS label
      FROM tickets WHERE flagged_no_change AND (closed_at IS NULL OR closed_at >= ${since})`.execute(db);
    return rowsTo("perfunctory", r.rows);
  },
};

/**
 * Rule 32: a unit's first-contact, resolution or satisfaction rate ranks in the bottom N (among units with at
 * least `minVolume` tickets in the window, only when more units than N qualify) or fell by `dropBy` against the
 * window before.
 */
const lowRates: AlertDetector = {
  kind: "low_rates",
  async detect(db, now, s) {
    const w = s.lowRates;
    const from = new Date(now.getTime() - w.windowDays * DAY);
    const prevFrom = new Date(now.getTime() - 2 * w.windowDays * DAY);
    const r = await sql<Row>`
      WITH t AS (
        SELECT lead_unit_id AS unit_id, received_at >= ${from} AS cur,
          first_contact_state IN ('reached', 'deemed_reached') AS fc_ok, first_contact_state <> 'not_required' AS fc_req,
          closure_kind IN ('satisfied', 'basically_satisfied', 'auto_basically_satisfied') AS sat,
          closure_kind IN ('satisfied', 'basically_satisfied', 'auto_basically_satisfied', 'unsatisfied_closed') AS scored,
          closure_kind IN ('satisfied', 'basically_satisfied', 'auto_basically_satisfied') AND redo_count = 0 AS resolved,
          status = 'closed' AS closed
        FROM tickets WHERE received_at >= ${prevFrom} AND received_at <= ${now} AND lead_unit_id IS NOT NULL
          AND (closure_kind IS NULL OR closure_kind NOT IN ('answered_directly', 'merged', 'out_of_scope'))
      ),
      g AS (
        SELECT unit_id, cur, count(*) AS volume,
          count(*) FILTER (WHERE fc_ok)::float / nullif(count(*) FILTER (WHERE fc_req), 0) AS first_contact,
          count(*) FILTER (WHERE resolved)::float / nullif(count(*) FILTER (WHERE closed), 0) AS resolution,
          count(*) FILTER (WHERE sat)::float / nullif(count(*) FILTER (WHERE scored), 0) AS satisfaction
        FROM t GROUP BY unit_id, cur
      ),
      m AS (
        SELECT c.unit_id, x.metric, x.v AS cur_v, x.pv AS prev_v
        FROM g c LEFT JOIN g p ON p.unit_id = c.unit_id AND NOT p.cur
        CROSS JOIN LATERAL (VALUES ('first_contact', c.first_contact, p.first_contact), ('resolution', c.resolution, p.resolution), ('satisfaction', c.satisfaction, p.satisfaction)) AS x(metric, v, pv)
        WHERE c.cur AND c.volume >= ${w.minVolume}::int AND x.v IS NOT NULL
      ),
      ranked AS (
        SELECT *, rank() OVER (PARTITION BY metric ORDER BY cur_v ASC) AS rk, count(*) OVER (PARTITION BY metric) AS n FROM m
      )
      SELECT unit_id, '{}'::int[] AS ticket_ids, rk::int AS count, unit_id || ':' || metric AS key,
        CASE metric WHEN 'first_contact' THEN '先行联系率' WHEN 'resolution' THEN '解决率' ELSE '满意率' END ||
        CASE WHEN n > ${w.bottomRanks}::int AND rk <= ${w.bottomRanks}::int THEN ' 排名靠后（第 ' || rk || '/' || n || ' 名，' || round((cur_v * 100)::numeric, 1) || '%）'
             ELSE ' 下降 ' || round(((prev_v - cur_v) * 100)::numeric, 1) || ' 个百分点（' || round((cur_v * 100)::numeric, 1) || '%）' END AS label
      FROM ranked
      WHERE (n > ${w.bottomRanks}::int AND rk <= ${w.bottomRanks}::int) OR (prev_v IS NOT NULL AND prev_v - cur_v >= ${w.dropBy}::float8 AND ${w.dropBy}::float8 > 0)`.execute(db);
    return rowsTo("low_rates", r.rows);
  },
};

/** Notices and orders past their reply deadline; talks past their rectification deadline (set overdue here). */
const noticeOverdue: AlertDetector = {
  kind: "notice_overdue",
  async detect(db, now) {
    const r = await sql<Row>`
      UPDATE supervision_notices SET status = 'overdue' WHERE status IN ('open', 'overdue') AND due_at < ${now} AND responded_at IS NULL
      RETURNING unit_id, ticket_ids, 1 AS count, id::text AS key, number || ' 逾期未反馈' AS label`.execute(db);
    return rowsTo("notice_overdue", r.rows);
  },
};
const orderOverdue: AlertDetector = {
  kind: "order_overdue",
  async detect(db, now) {
    const r = await sql<Row>`
      UPDATE supervision_orders SET status = 'overdue' WHERE status IN ('open', 'overdue') AND due_at < ${now} AND responded_at IS NULL
      RETURNING unit_id, ARRAY[ticket_id] AS ticket_ids, 1 AS count, id::text AS key, number || ' 督办单逾期未反馈' AS label`.execute(db);
    return rowsTo("order_overdue", r.rows);
  },
};
const rectificationOverdue: AlertDetector = {
  kind: "rectification_overdue",
  async detect(db, now) {
    const r = await sql<Row>`
      UPDATE supervision_talks SET status = 'overdue' WHERE status IN ('open', 'overdue') AND rectification_due_at < ${now}
      RETURNING unit_id, '{}'::int[] AS ticket_ids, 1 AS count, id::text AS key, '约谈整改逾期（约谈 ' || to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') || '）' AS label`.execute(db);
    return rowsTo("rectification_overdue", r.rows);
  },
};

/**
 * Issue 15 (未诉先办, rule 39): a hot-issue cluster growing week on week past the policy's `repeats.risingGrowth`
 * (src/modules/suggestions/hot-issues.service.ts) raises one alert per unit concerned, once per cluster and week.
 */
const risingCluster: AlertDetector = {
  kind: "rising_cluster",
  async detect(db, now, _s, policy) {
    const week = Math.floor(now.getTime() / (7 * DAY));
    const out: AlertCandidate[] = [];
    for (const c of await risingClusters(db, now, policy)) {
      const growth = c.growth === null ? "新出现" : `环比增长 ${Math.round(c.growth * 100)}%`;
      for (const unitId of c.unitIds.length > 0 ? c.unitIds : [null]) {
        out.push({
          kind: "rising_cluster",
          conditionKey: `rising_cluster:${week}:${unitId ?? "-"}:${c.label}`,
          unitId,
          ticketIds: c.sampleTicketIds,
          count: c.ticketCount,
          label: `${c.label}：本周 ${c.ticketCount} 件（${growth}），${c.requesterCount} 位诉求人`,
        });
      }
    }
    return out;
  },
};

/** The registry, in detection order. `petition_risk` is marked by staff (POST /api/supervision/alerts), not detected. */
export const ALERT_DETECTORS: readonly AlertDetector[] = [
  redoRepeated,
  repeatRequests,
  concentrated,
  overdue,
  missedFirstContact,
  perfunctory,
  lowRates,
  noticeOverdue,
  orderOverdue,
  rectificationOverdue,
  risingCluster,
];
