import type { Db } from "../../db/database.js";
import type { YearEndScores } from "../../domain/metrics/annual-score.js";

/** The kinds of items the center enters per unit and month (migration 0003, docs/RULES.md rule 35). */
export const APPRAISAL_ENTRY_KINDS = {
  city_supervision: "市级热线督办（每次扣0.2分）",
  written_order: "市热线中心书面办理（每次扣0.5分）",
  county_supervision: "县政府督查室政务督查（每次扣1分）",
  media_or_discipline: "联合媒体督办或移交纪检监察（每次扣5分）",
  city_redo: "市级重办2次及以上工单",
  process_fault: "办理过程扣分项（每次扣0.2分）",
  wrongful_return: "属本单位职责却作回退（每件扣0.5分）",
  poor_filing: "不合规诉求上报材料不到位（每件扣0.5分）",
  false_filing: "不合规诉求上报弄虚作假或被上级督查（每件扣1分）",
  // Per-person points (rule 36, Beijing), per ticket: the handler named on its reply loses the points.
  missing_evidence: "办理佐证材料缺失（个人积分每件扣0.5分）",
  negative_opinion: "造成严重负面舆情（个人积分每件扣3分）",
} as const;

/** Entry kinds about one ticket's handler (person points): they need the ticket. */
export const PERSON_ENTRY_KINDS: readonly AppraisalEntryKind[] = ["missing_evidence", "negative_opinion"];
export type AppraisalEntryKind = keyof typeof APPRAISAL_ENTRY_KINDS;

/** An entry as the API shows it. */
export interface AppraisalEntryView {
  id: number;
  month: string;
  unitId: number;
  kind: string;
  label: string;
  count: number;
  ticketId: number | null;
  note: string | null;
  createdBy: number | null;
  createdAt: string;
}

function present(r: { id: number; month: string; unit_id: number; kind: string; count: number; ticket_id: number | null; note: string | null; created_by: number | null; created_at: Date }): AppraisalEntryView {
  return {
    id: r.id,
    month: r.month,
    unitId: r.unit_id,
    kind: r.kind,
    label: APPRAISAL_ENTRY_KINDS[r.kind as AppraisalEntryKind] ?? r.kind,
    count: r.count,
    ticketId: r.ticket_id,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  };
}

/** Inserts one entry (inside the caller's transaction, next to its audit row). */
export async function insertEntry(
  db: Db,
  e: { month: string; unitId: number; kind: AppraisalEntryKind; count: number; ticketId: number | null; note: string | null; createdBy: number; at: Date },
): Promise<AppraisalEntryView> {
  const row = await db
    .insertInto("appraisal_entries")
    .values({ month: e.month, unit_id: e.unitId, kind: e.kind, count: e.count, ticket_id: e.ticketId, note: e.note, created_by: e.createdBy, created_at: e.at })
    .returningAll()
    .executeTakeFirstOrThrow();
  return present(row);
}

/** The entries of a month, optionally of one unit, oldest first. */
export async function listEntries(db: Db, month: string, unitId?: number): Promise<AppraisalEntryView[]> {
  let q = db.selectFrom("appraisal_entries").selectAll().where("month", "=", month);
  if (unitId !== undefined) q = q.where("unit_id", "=", unitId);
  return (await q.orderBy("id").execute()).map(present);
}

/** Deletes one entry; returns it, or undefined when there was none. */
export async function deleteEntry(db: Db, id: number): Promise<AppraisalEntryView | undefined> {
  const row = await db.deleteFrom("appraisal_entries").where("id", "=", id).returningAll().executeTakeFirst();
  return row ? present(row) : undefined;
}

/** Sets (tier) or clears (null) a department's volume tier for a month. */
export async function setTier(db: Db, month: string, unitId: number, tier: number | null, actorId: number, at: Date): Promise<void> {
  if (tier === null) {
    await db.deleteFrom("appraisal_tiers").where("month", "=", month).where("unit_id", "=", unitId).execute();
    return;
  }
  await db
    .insertInto("appraisal_tiers")
    .values({ month, unit_id: unitId, tier, updated_by: actorId, updated_at: at })
    .onConflict((oc) => oc.columns(["month", "unit_id"]).doUpdateSet({ tier, updated_by: actorId, updated_at: at }))
    .execute();
}

const YEAR_END_COLUMNS = {
  office: "office",
  knowledgeBase: "knowledge_base",
  provincialOnTime: "provincial_on_time",
  provincialSatisfaction: "provincial_satisfaction",
  followThrough: "follow_through",
  signOff: "sign_off",
} as const;

/** Saves a unit's year-end items for a year, replacing earlier ones. */
export async function upsertYearEnd(db: Db, year: number, unitId: number, s: YearEndScores, actorId: number, at: Date): Promise<void> {
  const values = {
    office: s.office,
    knowledge_base: s.knowledgeBase,
    provincial_on_time: s.provincialOnTime,
    provincial_satisfaction: s.provincialSatisfaction,
    follow_through: s.followThrough,
    sign_off: s.signOff,
    updated_by: actorId,
    updated_at: at,
  };
  await db
    .insertInto("appraisal_year_end")
    .values({ year, unit_id: unitId, ...values })
    .onConflict((oc) => oc.columns(["year", "unit_id"]).doUpdateSet(values))
    .execute();
}

/** Year-end items per unit id for a year. */
export async function yearEndScores(db: Db, year: number): Promise<Map<number, YearEndScores>> {
  const rows = await db.selectFrom("appraisal_year_end").selectAll().where("year", "=", year).execute();
  const out = new Map<number, YearEndScores>();
  for (const r of rows) {
    const scores = {} as YearEndScores;
    for (const [key, column] of Object.entries(YEAR_END_COLUMNS) as Array<[keyof YearEndScores, (typeof YEAR_END_COLUMNS)[keyof YearEndScores]]>) {
      scores[key] = Number(r[column]);
    }
    out.set(r.unit_id, scores);
  }
  return out;
}
