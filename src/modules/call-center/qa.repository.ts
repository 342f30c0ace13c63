import { sql } from "kysely";
import type { Db } from "../../db/database.js";

/** Month "YYYY-MM" → its [start, end) in Asia/Shanghai. */
export function monthBounds(month: string): { start: Date; end: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000);
  const end = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 8 * 3_600_000);
  return { start, end };
}

/** Answered calls with an operator in [start, end), with the Shanghai hour they started. */
export async function sampleCandidates(db: Db, start: Date, end: Date): Promise<{ callId: number; operatorId: number; hour: number }[]> {
  const res = await sql<{ callId: number; operatorId: number; hour: number }>`
    SELECT id AS "callId", operator_id AS "operatorId",
           (floor((extract(epoch FROM started_at) + 28800) / 3600)::bigint % 24)::int AS hour
    FROM calls
    WHERE started_at >= ${start} AND started_at < ${end} AND answered_at IS NOT NULL AND operator_id IS NOT NULL`.execute(db);
  return res.rows;
}

export interface QaReviewRow {
  id: number;
  call_id: number;
  operator_id: number;
  reviewer_id: number;
  month: string;
  scores: Record<string, number>;
  total: number;
  passed: boolean;
  comment: string | null;
  call_started_at: Date;
  created_at: Date;
  reviewer_name: string;
  operator_username: string;
  operator_name: string;
}

function reviewQuery(db: Db) {
  return db
    .selectFrom("qa_reviews as r")
    .innerJoin("users as rv", "rv.id", "r.reviewer_id")
    .innerJoin("users as op", "op.id", "r.operator_id")
    .selectAll("r")
    .select(["rv.name as reviewer_name", "op.username as operator_username", "op.name as operator_name"]);
}

export async function listReviews(db: Db, f: { month?: string; operatorId?: number; limit: number; beforeId?: number }): Promise<QaReviewRow[]> {
  let q = reviewQuery(db);
  if (f.month) q = q.where("r.month", "=", f.month);
  if (f.operatorId !== undefined) q = q.where("r.operator_id", "=", f.operatorId);
  if (f.beforeId !== undefined) q = q.where("r.id", "<", f.beforeId);
  return (await q.orderBy("r.id", "desc").limit(f.limit).execute()) as unknown as QaReviewRow[];
}

export async function findReviewByCall(db: Db, callId: number): Promise<QaReviewRow | undefined> {
  return (await reviewQuery(db).where("r.call_id", "=", callId).executeTakeFirst()) as unknown as QaReviewRow | undefined;
}

/** Every review of the operators up to `end`, oldest call first (for streaks and trends). */
export async function reviewsUpTo(db: Db, end: Date, operatorId?: number) {
  let q = db.selectFrom("qa_reviews").select(["operator_id", "month", "total", "passed", "call_started_at"]).where("call_started_at", "<", end);
  if (operatorId !== undefined) q = q.where("operator_id", "=", operatorId);
  return q.orderBy("operator_id").orderBy("call_started_at").orderBy("id").execute();
}

/** Users holding the operator role (active), the roster of the QA summary. */
export async function operatorRoster(db: Db, onlyId?: number) {
  let q = db.selectFrom("users").select(["id", "username", "name"]).where(sql<boolean>`'operator' = ANY(roles)`).where("active", "=", true);
  if (onlyId !== undefined) q = q.where("id", "=", onlyId);
  return q.orderBy("username").execute();
}

export interface QaSampleRow {
  id: number;
  month: string;
  shift: string;
  call_id: number;
  operator_id: number;
  review_id: number | null;
  review_total: number | null;
  review_passed: boolean | null;
}

export async function listSamples(db: Db, f: { month: string; operatorId?: number; limit: number; afterId?: number }): Promise<QaSampleRow[]> {
  let q = db
    .selectFrom("qa_samples as s")
    .leftJoin("qa_reviews as r", "r.call_id", "s.call_id")
    .select(["s.id", "s.month", "s.shift", "s.call_id", "s.operator_id", "r.id as review_id", "r.total as review_total", "r.passed as review_passed"])
    .where("s.month", "=", f.month);
  if (f.operatorId !== undefined) q = q.where("s.operator_id", "=", f.operatorId);
  if (f.afterId !== undefined) q = q.where("s.id", ">", f.afterId);
  return (await q.orderBy("s.id").limit(f.limit).execute()) as QaSampleRow[];
}

export async function trainingFor(db: Db, operatorIds: readonly number[], upTo: string) {
  if (operatorIds.length === 0) return [];
  return db
    .selectFrom("training_records")
    .select(["operator_id", "kind", "days", "attended", sql<string>`date::text`.as("date")])
    .where("operator_id", "in", operatorIds)
    .where("date", "<=", upTo)
    .execute();
}
