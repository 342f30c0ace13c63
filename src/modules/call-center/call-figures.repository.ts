import { sql } from "kysely";
import type { Db } from "../../db/database.js";

/** Asia/Shanghai is UTC+8 all year: buckets are computed on the epoch, no time-zone data needed. */
const SHANGHAI_S = 8 * 3600;

export interface FigureRow {
  /** Bucket start, seconds since the epoch (hour or Shanghai day). */
  bucket: number;
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  transferred: number;
  /** Sum of seconds from offer to answer over answered calls. */
  waitSeconds: number;
  /** Sum of seconds from answer to end over answered calls. */
  handleSeconds: number;
}

/**
 * Connection figures per hour or per Shanghai day over [from, to): one aggregate over the calls'
 * start-time index. `answeredWithinTarget` counts calls answered at most `targetSeconds` after offer.
 */
export async function callFigures(db: Db, from: Date, to: Date, interval: "hour" | "day", targetSeconds: number): Promise<FigureRow[]> {
  const width = interval === "hour" ? 3600 : 86400;
  const res = await sql<FigureRow>`
    SELECT (floor((extract(epoch FROM started_at) + ${SHANGHAI_S}) / ${width}) * ${width} - ${SHANGHAI_S})::bigint AS bucket,
           count(*)::int AS offered,
           count(answered_at)::int AS answered,
           count(*) FILTER (WHERE answered_at - started_at <= make_interval(secs => ${targetSeconds}))::int AS "answeredWithinTarget",
           (count(*) - count(answered_at))::int AS abandoned,
           count(*) FILTER (WHERE transferred)::int AS transferred,
           coalesce(sum(extract(epoch FROM answered_at - started_at)), 0)::float8 AS "waitSeconds",
           coalesce(sum(extract(epoch FROM ended_at - answered_at)), 0)::float8 AS "handleSeconds"
    FROM calls
    WHERE started_at >= ${from} AND started_at < ${to}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return res.rows.map((r) => ({ ...r, bucket: Number(r.bucket) }));
}

export interface OperatorFigureRow {
  operatorId: number;
  username: string;
  name: string;
  answered: number;
  answeredWithinTarget: number;
  transferred: number;
  waitSeconds: number;
  handleSeconds: number;
  ticketsLinked: number;
}

/** Per operator over [from, to): the calls each answered (abandoned calls have no operator). */
export async function operatorFigures(db: Db, from: Date, to: Date, targetSeconds: number, operatorId?: number): Promise<OperatorFigureRow[]> {
  const res = await sql<OperatorFigureRow>`
    SELECT c.operator_id AS "operatorId", u.username, u.name,
           count(c.answered_at)::int AS answered,
           count(*) FILTER (WHERE c.answered_at - c.started_at <= make_interval(secs => ${targetSeconds}))::int AS "answeredWithinTarget",
           count(*) FILTER (WHERE c.transferred)::int AS transferred,
           coalesce(sum(extract(epoch FROM c.answered_at - c.started_at)), 0)::float8 AS "waitSeconds",
           coalesce(sum(extract(epoch FROM c.ended_at - c.answered_at)), 0)::float8 AS "handleSeconds",
           count(c.ticket_id)::int AS "ticketsLinked"
    FROM calls c JOIN users u ON u.id = c.operator_id
    WHERE c.started_at >= ${from} AND c.started_at < ${to} AND c.answered_at IS NOT NULL
      ${operatorId === undefined ? sql`` : sql`AND c.operator_id = ${operatorId}`}
    GROUP BY c.operator_id, u.username, u.name
    ORDER BY u.username`.execute(db);
  return res.rows;
}

export interface SlotRow {
  day: number;
  slot: number;
  offered: number;
  answered: number;
  handleSeconds: number;
}

/**
 * The history of the given Shanghai days (day numbers since the epoch) per half hour: offered,
 * answered, and handling seconds. One range scan per run of consecutive days.
 */
export async function slotHistory(db: Db, days: readonly number[]): Promise<SlotRow[]> {
  if (days.length === 0) return [];
  const out: SlotRow[] = [];
  for (const day of days) {
    const from = new Date((day * 86400 - SHANGHAI_S) * 1000);
    const to = new Date(from.getTime() + 86_400_000);
    const res = await sql<{ slot: number; offered: number; answered: number; handleSeconds: number }>`
      SELECT floor((extract(epoch FROM started_at) - ${day * 86400 - SHANGHAI_S}) / 1800)::int AS slot,
             count(*)::int AS offered, count(answered_at)::int AS answered,
             coalesce(sum(extract(epoch FROM ended_at - answered_at)), 0)::float8 AS "handleSeconds"
      FROM calls WHERE started_at >= ${from} AND started_at < ${to}
      GROUP BY 1`.execute(db);
    for (const r of res.rows) out.push({ day, ...r });
  }
  return out;
}

/** The first call's start (the history's beginning), or null. */
export async function firstCallAt(db: Db): Promise<Date | null> {
  const r = await db.selectFrom("calls").select("started_at").orderBy("started_at").limit(1).executeTakeFirst();
  return r ? new Date(r.started_at) : null;
}
