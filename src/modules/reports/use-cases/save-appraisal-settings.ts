import type { AppContext } from "../../../app-context.js";
import { annualScore, type YearEndScores } from "../../../domain/metrics/annual-score.js";
import { invalid } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { setTier, upsertYearEnd } from "../appraisal-entries.repository.js";
import { requireAppraisalEditor } from "../report.policy.js";

type Deps = Pick<AppContext, "db" | "clock">;

async function requireUnit(db: Deps["db"], unitId: number, kinds: readonly string[]): Promise<void> {
  const unit = await db.selectFrom("units").select("kind").where("id", "=", unitId).executeTakeFirst();
  if (!unit) throw invalid("unitId", `no unit ${unitId}`);
  if (!kinds.includes(unit.kind)) throw invalid("unitId", `must be a ${kinds.join(" or ")}`);
}

/** The center sets (or clears, tier null) a department's volume tier of a month (rule 35: 10/8/6/4/2). */
export async function setVolumeTier(deps: Deps, actor: Actor, input: { month: string; unitId: number; tier: number | null }) {
  requireAppraisalEditor(actor);
  await deps.db.transaction().execute(async (trx) => {
    await requireUnit(trx, input.unitId, ["department"]);
    const at = deps.clock.now();
    await setTier(trx, input.month, input.unitId, input.tier, actor.id, at);
    await writeAudit(trx, { at, actorId: actor.id, action: "report.entry_saved", targetType: "appraisal_tier", targetId: `${input.month}/${input.unitId}`, data: { ...input } });
  });
}

/** The center enters a unit's year-end items (rule 35: 20 % of the annual score). */
export async function saveYearEndScores(deps: Deps, actor: Actor, input: { year: number; unitId: number; scores: YearEndScores }) {
  requireAppraisalEditor(actor);
  annualScore([], input.scores); // validates each item against its maximum (400 naming the item)
  await deps.db.transaction().execute(async (trx) => {
    await requireUnit(trx, input.unitId, ["town", "department"]);
    const at = deps.clock.now();
    await upsertYearEnd(trx, input.year, input.unitId, input.scores, actor.id, at);
    await writeAudit(trx, { at, actorId: actor.id, action: "report.entry_saved", targetType: "appraisal_year_end", targetId: `${input.year}/${input.unitId}`, data: { ...input.scores } });
  });
}
