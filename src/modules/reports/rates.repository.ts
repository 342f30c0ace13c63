import { type RawBuilder, sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { MetricSettings } from "../../domain/metrics/metric-settings.js";
import type { Period } from "../../domain/metrics/period.js";
import { emptyRateCounts, type RateCounts } from "../../domain/metrics/rates.js";
import { factsCte, type FactFilters } from "./report-facts.sql.js";
import { type DrillIndicator, type DrillPart, indicatorCondition } from "./report-indicators.js";

/** Groupings the count query does in SQL. */
export const GROUP_BYS = ["unit", "category", "region", "channel", "all"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
/** What a report may group by: the SQL groupings, or months (one cohort and cut-off per month). */
export const REPORT_GROUP_BYS = [...GROUP_BYS, "month"] as const;
export type ReportGroupBy = (typeof REPORT_GROUP_BYS)[number];

const CHANNEL_NAMES: Record<string, string> = { phone: "电话", web: "网站", mailbox: "信箱", wechat: "微信", app: "APP", weibo: "微博", upstream: "上级转办", open311: "Open311", sms: "短信", email: "电子邮件" };
const channelLabelSql = sql<string>`CASE f.channel ${sql.join(Object.entries(CHANNEL_NAMES).map(([k, v]) => sql`WHEN ${sql.lit(k)} THEN ${sql.lit(v)}`), sql` `)} ELSE f.channel END`;

/** One group's counts, with the key and a label to show. */
export interface CountedGroup {
  /** A unit's id (an integer, as unit ids are everywhere) for groupBy=unit; a string otherwise. */
  key: string | number;
  label: string;
  counts: RateCounts;
}

const KEY: Record<GroupBy, { key: RawBuilder<string>; label: RawBuilder<string> }> = {
  unit: { key: sql`f.unit_id::text`, label: sql`coalesce(f.unit_name, '')` },
  category: { key: sql`coalesce(f.category_id::text, '')`, label: sql`coalesce(cat.name, '未分类')` },
  region: { key: sql`coalesce(f.region, '')`, label: sql`coalesce(f.region, '未设置区域')` },
  // Issue 16: the rates per intake channel (the key is the channel code, the label its Chinese name).
  channel: { key: sql`f.channel`, label: channelLabelSql },
  all: { key: sql`'all'`, label: sql`'合计'` },
};

interface CountRow {
  key: string;
  label: string;
  volume: number;
  fc_required: number;
  fc_reached: number;
  fc_deemed: number;
  fc_missed: number;
  fc_pending: number;
  sign_due: number;
  signed_on_time: number;
  reply_due: number;
  replied_on_time: number;
  followed_up: number;
  resolved: number;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  unfinished: number;
  excluded: number;
  first_time: number;
  redo_satisfied: number;
  redone_twice: number;
  returned: number;
  sign_overdue: number;
  contact_overdue: number;
  reply_overdue: number;
}

/**
 * Counts the facts of rule 34's rates per group in one aggregate query over the cohort
 * (docs/METRICS.md); the formulas themselves are src/domain/metrics/rates.ts.
 */
export async function countRates(db: Db, period: Period, groupBy: GroupBy, filters: FactFilters = {}): Promise<CountedGroup[]> {
  const k = KEY[groupBy];
  const result = await sql<CountRow>`
WITH ${factsCte(period, filters)}
SELECT ${k.key} AS key, ${k.label} AS label,
  count(*)::int AS volume,
  count(*) FILTER (WHERE fc_required)::int AS fc_required,
  count(*) FILTER (WHERE fc_required AND fc_state = 'reached')::int AS fc_reached,
  count(*) FILTER (WHERE fc_required AND fc_state = 'deemed_reached')::int AS fc_deemed,
  count(*) FILTER (WHERE fc_required AND fc_state = 'missed')::int AS fc_missed,
  count(*) FILTER (WHERE fc_required AND fc_state = 'pending')::int AS fc_pending,
  count(*) FILTER (WHERE sign_due)::int AS sign_due,
  count(*) FILTER (WHERE signed_on_time)::int AS signed_on_time,
  count(*) FILTER (WHERE reply_due)::int AS reply_due,
  count(*) FILTER (WHERE replied_on_time)::int AS replied_on_time,
  count(*) FILTER (WHERE followed_up)::int AS followed_up,
  count(*) FILTER (WHERE resolved)::int AS resolved,
  count(*) FILTER (WHERE verdict = 'satisfied')::int AS satisfied,
  count(*) FILTER (WHERE verdict = 'basic')::int AS basic,
  count(*) FILTER (WHERE verdict = 'unsatisfied')::int AS unsatisfied,
  count(*) FILTER (WHERE verdict = 'unfinished')::int AS unfinished,
  count(*) FILTER (WHERE verdict = 'excluded')::int AS excluded,
  count(*) FILTER (WHERE ended_satisfied AND redo_count = 0)::int AS first_time,
  count(*) FILTER (WHERE ended_satisfied AND redo_count >= 1)::int AS redo_satisfied,
  count(*) FILTER (WHERE redo_count >= 2)::int AS redone_twice,
  count(*) FILTER (WHERE returned)::int AS returned,
  count(*) FILTER (WHERE sign_overdue)::int AS sign_overdue,
  count(*) FILTER (WHERE contact_overdue)::int AS contact_overdue,
  count(*) FILTER (WHERE reply_overdue)::int AS reply_overdue
FROM facts f
LEFT JOIN categories cat ON cat.id = f.category_id
GROUP BY 1, 2
ORDER BY 2, 1`.execute(db);
  return result.rows.map((r) => ({ key: groupBy === "unit" ? Number(r.key) : r.key, label: r.label, counts: toCounts(r) }));
}

function toCounts(r: CountRow): RateCounts {
  return {
    ...emptyRateCounts(),
    volume: r.volume,
    firstContactRequired: r.fc_required,
    firstContactByState: { reached: r.fc_reached, deemed_reached: r.fc_deemed, missed: r.fc_missed, pending: r.fc_pending },
    signDue: r.sign_due,
    signedOnTime: r.signed_on_time,
    replyDue: r.reply_due,
    repliedOnTime: r.replied_on_time,
    followedUp: r.followed_up,
    resolved: r.resolved,
    satisfied: r.satisfied,
    basicallySatisfied: r.basic,
    unsatisfied: r.unsatisfied,
    unfinished: r.unfinished,
    excluded: r.excluded,
    firstTimeSatisfied: r.first_time,
    redoSatisfied: r.redo_satisfied,
    redoneTwice: r.redone_twice,
    returned: r.returned,
    signOverdue: r.sign_overdue,
    contactOverdue: r.contact_overdue,
    replyOverdue: r.reply_overdue,
  };
}

/** A ticket behind a number. */
export interface DrillTicket {
  id: number;
  number: string;
  title: string;
  receivedAt: string;
  unitId: number | null;
  unitName: string | null;
  categoryId: number | null;
  verdict: string;
  redoCount: number;
}

/** Which tickets of the facts to list. */
export interface DrillQuery {
  indicator: DrillIndicator;
  part: DrillPart;
  groupBy: GroupBy;
  /** The row's key; omitted = every group. */
  key?: string;
  limit: number;
  /** Keyset cursor: the last ticket id of the previous page. */
  afterId?: number;
}

/** Lists the tickets behind one number of the rates report, with the very condition that counted them. */
export async function drillTickets(db: Db, period: Period, filters: FactFilters, settings: MetricSettings, q: DrillQuery): Promise<DrillTicket[]> {
  const condition = indicatorCondition(q.indicator, q.part, settings);
  const keyCond = q.key === undefined ? sql`true` : sql`${KEY[q.groupBy].key} = ${q.key}`;
  const after = q.afterId === undefined ? sql`true` : sql`f.id > ${q.afterId}`;
  const result = await sql<{
    id: number;
    number: string;
    title: string;
    received_at: Date;
    unit_id: number | null;
    unit_name: string | null;
    category_id: number | null;
    verdict: string;
    redo_count: number;
  }>`
WITH ${factsCte(period, filters)}
SELECT f.id, f.number, f.title, f.received_at, f.unit_id, f.unit_name, f.category_id, f.verdict, f.redo_count
FROM facts f
WHERE (${condition}) AND (${keyCond}) AND ${after}
ORDER BY f.id
LIMIT ${q.limit}`.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    receivedAt: new Date(r.received_at).toISOString(),
    unitId: r.unit_id,
    unitName: r.unit_name,
    categoryId: r.category_id,
    verdict: r.verdict,
    redoCount: r.redo_count,
  }));
}
