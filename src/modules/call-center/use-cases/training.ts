import type { Db } from "../../../db/database.js";
import { invalid } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";

export type TrainingKind = "induction" | "monthly" | "weekly";

export interface TrainingInput {
  operatorId: number;
  kind: TrainingKind;
  title: string;
  date: string;
  days?: number;
  attended: boolean;
  note?: string | null;
}

/** Records one training of an operator (rule 41: 20-day induction, monthly and weekly trainings), audited. */
export async function recordTraining(db: Db, actor: Actor, input: TrainingInput, now: Date) {
  const op = await db.selectFrom("users").select("id").where("id", "=", input.operatorId).executeTakeFirst();
  if (!op) throw invalid("operatorId", "no such user");
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("training_records")
      .values({ operator_id: input.operatorId, kind: input.kind, title: input.title, date: input.date, days: input.days ?? 1, attended: input.attended, note: input.note ?? null, created_at: now, created_by: actor.id })
      .returning(["id"])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { at: now, actorId: actor.id, action: "training.recorded", targetType: "training_record", targetId: row.id, data: { operatorId: input.operatorId, kind: input.kind } });
    return { id: row.id, ...input, days: input.days ?? 1, note: input.note ?? null };
  });
}
