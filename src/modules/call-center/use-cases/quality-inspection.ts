import type { Db } from "../../../db/database.js";
import { DomainError, invalid, notFound } from "../../../domain/errors.js";
import { consecutiveFailures, drawSample, FAILURES_TO_FLAG, scoreTotal, shiftOfHour, type QaScores } from "../../../domain/call-center/quality.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { loadCallCenterSettings } from "../call-center-settings.repository.js";
import { seesAllOperators } from "../call-center.policy.js";
import { findCall } from "../call.repository.js";
import { monthBounds, operatorRoster, reviewsUpTo, sampleCandidates, trainingFor } from "../qa.repository.js";

/**
 * Monthly sampling (docs/RULES.md rule 41): up to `perOperator` answered calls per operator, spread
 * over the shifts they worked, drawn by a generator seeded with the seed (default: the month), so the
 * same month, data and seed always give the same calls. Stored (a call is sampled once a month).
 */
export async function sampleCalls(db: Db, actor: Actor, input: { month: string; perOperator?: number; seed?: string }, now: Date) {
  const settings = await loadCallCenterSettings(db);
  const perOperator = input.perOperator ?? settings.qaSamplePerOperator;
  const seed = input.seed ?? input.month;
  const { start, end } = monthBounds(input.month);
  const candidates = (await sampleCandidates(db, start, end)).map((c) => ({ callId: c.callId, operatorId: c.operatorId, shift: shiftOfHour(c.hour) }));
  const drawn = drawSample(candidates, perOperator, seed);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < drawn.length; i += 2_000) {
      const batch = drawn.slice(i, i + 2_000);
      await trx
        .insertInto("qa_samples")
        .values(batch.map((d) => ({ month: input.month, call_id: d.callId, operator_id: d.operatorId, shift: d.shift, seed, created_at: now, created_by: actor.id })))
        .onConflict((oc) => oc.columns(["month", "call_id"]).doNothing())
        .execute();
    }
    await writeAudit(trx, { at: now, actorId: actor.id, action: "qa.sampled", targetType: "qa_month", targetId: input.month, data: { perOperator, seed, calls: drawn.length } });
  });
  const operators = new Set(drawn.map((d) => d.operatorId)).size;
  return { month: input.month, seed, perOperator, operators, items: drawn.map((d) => d.callId), sample: drawn };
}

/**
 * A QA review of one answered call: the four scores (0–100) weighted by the settings, passed when the
 * total reaches the pass mark; one review per call (a second → 409 DUPLICATE).
 */
export async function reviewCall(db: Db, actor: Actor, input: { callId: number; scores: QaScores; comment?: string | null }, now: Date) {
  const call = await findCall(db, input.callId);
  if (!call) throw notFound("call");
  if (!call.answered_at || !call.operator_id) throw invalid("callId", "only an answered call with an operator can be reviewed");
  if (call.operator_id === actor.id) throw new DomainError("FORBIDDEN", "an operator's own call is reviewed by someone else");
  const settings = await loadCallCenterSettings(db);
  const total = scoreTotal(input.scores, settings.qaWeights);
  const passed = total >= settings.qaPassMark;
  const startedAt = new Date(call.started_at);
  const month = new Date(startedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("qa_reviews")
      .values({ call_id: call.id, operator_id: call.operator_id!, reviewer_id: actor.id, month, scores: JSON.stringify(input.scores), total, passed, comment: input.comment ?? null, call_started_at: startedAt, created_at: now })
      .onConflict((oc) => oc.column("call_id").doNothing())
      .returning(["id"])
      .executeTakeFirst();
    if (!inserted) throw new DomainError("DUPLICATE", "this call has already been reviewed");
    await writeAudit(trx, { at: now, actorId: actor.id, action: "qa.reviewed", targetType: "call", targetId: call.id, data: { reviewId: inserted.id, total, passed } });
    return inserted;
  });
  return { id: row.id, callId: call.id, operatorId: call.operator_id!, month, scores: input.scores, total, passed, passMark: settings.qaPassMark, comment: input.comment ?? null };
}

const TREND_MONTHS = 6;

function monthsBack(month: string, n: number): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const out: string[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const idx = y * 12 + (m - 1) - k;
    out.push(`${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, "0")}`);
  }
  return out;
}

/**
 * Each operator's month: reviews, average, failures, the run of consecutive failures up to the month's
 * end (≥ 3 → flagged, rule 41), the six-month trend, and training beside it. Operators see their own row.
 */
export async function operatorsSummary(db: Db, actor: Actor, month: string) {
  const own = seesAllOperators(actor) ? undefined : actor.id;
  const { end } = monthBounds(month);
  const settings = await loadCallCenterSettings(db);
  const roster = await operatorRoster(db, own);
  const reviews = await reviewsUpTo(db, end, own);
  const byOp = new Map<number, typeof reviews>();
  for (const r of reviews) byOp.set(r.operator_id, [...(byOp.get(r.operator_id) ?? []), r]);
  // Anyone reviewed is listed, even without the operator role today.
  const missing = [...byOp.keys()].filter((id) => !roster.some((u) => u.id === id));
  const extra = missing.length ? await db.selectFrom("users").select(["id", "username", "name"]).where("id", "in", missing).execute() : [];
  const people = [...roster, ...extra];
  const monthEnd = new Date(end.getTime() - 1 + 8 * 3_600_000).toISOString().slice(0, 10);
  const training = await trainingFor(db, people.map((p) => p.id), monthEnd);
  const trendMonths = monthsBack(month, TREND_MONTHS);
  const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);
  const rows = people.map((p) => {
    const all = byOp.get(p.id) ?? [];
    const inMonth = all.filter((r) => r.month === month);
    const streak = consecutiveFailures(all.map((r) => r.passed));
    const t = training.filter((x) => x.operator_id === p.id);
    const monthT = t.filter((x) => x.date.startsWith(month));
    return {
      operatorId: p.id,
      operator: p.username,
      name: p.name,
      reviews: inMonth.length,
      averageScore: avg(inMonth.map((r) => r.total)),
      passed: inMonth.filter((r) => r.passed).length,
      failed: inMonth.filter((r) => !r.passed).length,
      consecutiveFailures: streak,
      flagged: streak >= FAILURES_TO_FLAG,
      trend: trendMonths.map((m) => {
        const xs = all.filter((r) => r.month === m);
        return { month: m, reviews: xs.length, averageScore: avg(xs.map((r) => r.total)) };
      }),
      training: {
        inductionDays: t.filter((x) => x.kind === "induction" && x.attended).reduce((s, x) => s + x.days, 0),
        inductionComplete: t.filter((x) => x.kind === "induction" && x.attended).reduce((s, x) => s + x.days, 0) >= INDUCTION_DAYS,
        monthlyAttended: monthT.filter((x) => x.kind === "monthly" && x.attended).length,
        monthlyHeld: monthT.filter((x) => x.kind === "monthly").length,
        weeklyAttended: monthT.filter((x) => x.kind === "weekly" && x.attended).length,
        weeklyHeld: monthT.filter((x) => x.kind === "weekly").length,
      },
    };
  });
  return { month, passMark: settings.qaPassMark, failuresToFlag: FAILURES_TO_FLAG, rows };
}

/** Rule 41: a new operator's induction is 20 days. */
export const INDUCTION_DAYS = 20;
