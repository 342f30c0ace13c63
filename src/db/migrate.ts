import type { Database } from "./database.js";
import { sql as initial } from "./migrations/0001-initial.js";
import { sql as appraisalEntries } from "./migrations/0003-appraisal-entries.js";
import { sql as ticketTexts } from "./migrations/0004-ticket-texts.js";
import { sql as nextDueKeyset } from "./migrations/0005-next-due-keyset.js";
import { sql as ticketNumberSequences } from "./migrations/0006-ticket-number-sequences.js";
import { sql as ticketTextStatistics } from "./migrations/0007-ticket-text-statistics.js";
import { sql as listIndexes } from "./migrations/0008-list-indexes.js";
import { sql as outbox } from "./migrations/0013-outbox.js";
import { sql as apiKeys } from "./migrations/0014-api-keys.js";
import { sql as auditChain } from "./migrations/0015-audit-chain.js";
import { sql as dataLifecycle } from "./migrations/0016-data-lifecycle.js";
import { sql as policyAtOnceMinutes } from "./migrations/0018-policy-at-once-minutes.js";
import { sql as idempotencyHash } from "./migrations/0019-idempotency-hash.js";
import { sql as mustChangePassword } from "./migrations/0020-must-change-password.js";
import { sql as reviewRequests } from "./migrations/0021-review-requests.js";
import { sql as ticketRepeats } from "./migrations/0022-ticket-repeats.js";
import { sql as supervision } from "./migrations/0030-supervision.js";
import { sql as supervisionIndexes } from "./migrations/0031-supervision-indexes.js";
import { sql as knowledge } from "./migrations/0035-knowledge.js";
import { sql as suggestions } from "./migrations/0040-suggestions.js";
import { sql as channels } from "./migrations/0045-channels.js";
import { sql as callCenter } from "./migrations/0050-call-center.js";
import { sql as workdayCoUnitsDesk } from "./migrations/0055-workday-co-units-desk.js";
import { sql as orgActive } from "./migrations/0060-org-active.js";
import { sql as personPointEntries } from "./migrations/0061-person-point-entries.js";
import { sql as monthlyPartitions } from "./migrations/0065-monthly-partitions.js";
import { sql as coUnitDeadlineMarks } from "./migrations/0071-co-unit-deadline-marks.js";
import { sql as specialReportIndexes } from "./migrations/0072-special-report-indexes.js";
import { sql as knowledgeImpact } from "./migrations/0073-knowledge-impact.js";

/** Ordered migrations; append, never edit a released one. */
export const MIGRATIONS: ReadonlyArray<{ name: string; sql: string }> = [
  { name: "0001-initial", sql: initial },
  { name: "0003-appraisal-entries", sql: appraisalEntries },
  { name: "0004-ticket-texts", sql: ticketTexts },
  { name: "0005-next-due-keyset", sql: nextDueKeyset },
  { name: "0006-ticket-number-sequences", sql: ticketNumberSequences },
  { name: "0007-ticket-text-statistics", sql: ticketTextStatistics },
  { name: "0008-list-indexes", sql: listIndexes },
  { name: "0013-outbox", sql: outbox },
  { name: "0014-api-keys", sql: apiKeys },
  { name: "0015-audit-chain", sql: auditChain },
  { name: "0016-data-lifecycle", sql: dataLifecycle },
  { name: "0018-policy-at-once-minutes", sql: policyAtOnceMinutes },
  { name: "0019-idempotency-hash", sql: idempotencyHash },
  { name: "0020-must-change-password", sql: mustChangePassword },
  { name: "0021-review-requests", sql: reviewRequests },
  { name: "0022-ticket-repeats", sql: ticketRepeats },
  { name: "0030-supervision", sql: supervision },
  { name: "0031-supervision-indexes", sql: supervisionIndexes },
  { name: "0035-knowledge", sql: knowledge },
  { name: "0040-suggestions", sql: suggestions },
  { name: "0045-channels", sql: channels },
  { name: "0050-call-center", sql: callCenter },
  { name: "0055-workday-co-units-desk", sql: workdayCoUnitsDesk },
  { name: "0060-org-active", sql: orgActive },
  { name: "0061-person-point-entries", sql: personPointEntries },
  { name: "0065-monthly-partitions", sql: monthlyPartitions },
  { name: "0071-co-unit-deadline-marks", sql: coUnitDeadlineMarks },
  { name: "0072-special-report-indexes", sql: specialReportIndexes },
  { name: "0073-knowledge-impact", sql: knowledgeImpact },
  // Issue 19: 0065 converts the append-only tables the migrations before it define (docs/SCALING.md); a later
  // migration that creates an append-only table must partition it itself. The ones after it add columns and indexes only.
];

/** The advisory lock two instances starting at once take in turn for each migration (PostgreSQL). */
const MIGRATION_LOCK = 72019;
const ALREADY_APPLIED = "huying-migration-already-applied";

/**
 * Applies pending migrations in order, each in its own transaction, recorded in huying_migrations. Safe
 * with several instances starting at once (docs/OPERATIONS.md "Upgrades"): on PostgreSQL each migration's
 * transaction first takes an advisory lock and re-checks that nobody applied it meanwhile.
 */
export async function migrate(database: Database, migrations = MIGRATIONS): Promise<string[]> {
  const create = "CREATE TABLE IF NOT EXISTS huying_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())";
  // Two first starts may race on creating the table itself (a unique violation in the catalogue): once more.
  await database.exec(create).catch(() => database.exec(create));
  const rows = await database.db.selectFrom("huying_migrations").select("name").execute();
  const done = new Set(rows.map((r) => r.name));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    const escaped = m.name.replace(/'/g, "''");
    const guard =
      database.kind === "postgres"
        ? `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});\nDO $guard$ BEGIN IF EXISTS (SELECT 1 FROM huying_migrations WHERE name = '${escaped}') THEN RAISE EXCEPTION '${ALREADY_APPLIED}'; END IF; END $guard$;\n`
        : "";
    try {
      await database.exec(`BEGIN;\n${guard}${m.sql}\nINSERT INTO huying_migrations (name) VALUES ('${escaped}');\nCOMMIT;`);
    } catch (err) {
      if (err instanceof Error && err.message.includes(ALREADY_APPLIED)) continue; // another instance did it
      throw err;
    }
    applied.push(m.name);
  }
  return applied;
}
