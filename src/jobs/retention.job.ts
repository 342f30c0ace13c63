import { sql } from "kysely";
import type { AppContext } from "../app-context.js";
import { DEFAULT_POLICY } from "../domain/policy/policy.js";
import { writeAudit } from "../modules/audit/audit.repository.js";

export interface RetentionResult {
  anonymised: number;
  /** Tickets closed before this moment were due. */
  cutoff: Date;
  retentionYears: number;
}

/** `years` calendar years before `now` (29 February → 28 February). */
export function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  if (d.getUTCDate() !== now.getUTCDate()) d.setUTCDate(0);
  return d;
}

/**
 * Retention (docs/SECURITY.md "Retention"): the requester's name and phone of every ticket closed more than
 * `retentionYears` (policy setting) ago are removed, and `anonymised_at` records when. This is data-protection
 * bookkeeping, not a ticket change: it does not go through the state machine, bump `version`, change the
 * status or write a timeline event, so statistics (counts, deadlines, satisfaction) and the version a user
 * holds stay as they were (docs/DECISIONS.md "Data lifecycle"). Batches of `batch` tickets, each claimed with
 * SKIP LOCKED so a ticket in the middle of a (rare) redo is simply taken on the next run. Each run writes one
 * audit row with the count, never the data.
 */
export async function runRetention(deps: Pick<AppContext, "db" | "clock" | "policy">, batch = 1_000): Promise<RetentionResult> {
  const now = deps.clock.now();
  const policy = await deps.policy.current(deps.db);
  const retentionYears = policy.settings.retentionYears ?? DEFAULT_POLICY.retentionYears!;
  const cutoff = yearsBefore(now, retentionYears);
  let anonymised = 0;
  for (;;) {
    const rows = await deps.db
      .updateTable("tickets")
      .set({ requester_name: null, requester_phone: null, anonymised_at: now })
      .where(
        "id",
        "in",
        sql<number>`(SELECT id FROM tickets WHERE anonymised_at IS NULL AND closed_at IS NOT NULL AND closed_at < ${cutoff}
          AND status = 'closed' ORDER BY closed_at, id LIMIT ${batch} FOR UPDATE SKIP LOCKED)`,
      )
      .returning("id")
      .execute();
    anonymised += rows.length;
    if (rows.length < batch) break;
  }
  await writeAudit(deps.db, { at: now, actorId: null, action: "retention.anonymised", targetType: "tickets", data: { count: anonymised, closedBefore: cutoff.toISOString(), retentionYears } });
  return { anonymised, cutoff, retentionYears };
}
