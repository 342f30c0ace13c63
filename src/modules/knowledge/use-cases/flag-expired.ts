import { shanghaiDate } from "../../../domain/calendar/calendar.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { upsertPendingReview } from "../knowledge.repository.js";
import type { KnowledgeDeps } from "./save-entry.js";

/**
 * Published entries past their validity (issue 14) stop showing to operators at once (search filters on the
 * date); this sweep raises one expiry review task per entry for its owner, to renew or retire it. Idempotent
 * and bounded: each entry is claimed by a conditional update of `expiry_flagged`.
 */
export async function flagExpiredEntries(deps: KnowledgeDeps, now: Date = deps.clock.now()): Promise<number> {
  const today = shanghaiDate(now);
  let flagged = 0;
  for (;;) {
    const batch = await deps.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable("knowledge_entries")
        .set({ expiry_flagged: true })
        .where("id", "in", (qb) =>
          qb.selectFrom("knowledge_entries").select("id").where("status", "=", "published").where("expiry_flagged", "=", false).where("valid_to", "<", today).orderBy("id").limit(200),
        )
        .where("expiry_flagged", "=", false)
        .returning(["id", "version", "unit_id"])
        .execute();
      for (const e of claimed) {
        await upsertPendingReview(trx, { entryId: e.id, kind: "expiry", version: e.version, unitId: e.unit_id, requestedBy: null, at: now });
        await writeAudit(trx, { at: now, actorId: null, action: "knowledge.expiry_flagged", targetType: "knowledge_entry", targetId: e.id });
      }
      return claimed.length;
    });
    flagged += batch;
    if (batch < 200) return flagged;
  }
}
