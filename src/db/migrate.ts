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
import { sql as knowledge } from "./migrations/0035-knowledge.js";

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
  { name: "0035-knowledge", sql: knowledge },
];

/** Applies pending migrations in order, each in its own transaction, recorded in huying_migrations. */
export async function migrate(database: Database, migrations = MIGRATIONS): Promise<string[]> {
  await database.exec(
    "CREATE TABLE IF NOT EXISTS huying_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  const rows = await database.db.selectFrom("huying_migrations").select("name").execute();
  const done = new Set(rows.map((r) => r.name));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    const escaped = m.name.replace(/'/g, "''");
    await database.exec(`BEGIN;\n${m.sql}\nINSERT INTO huying_migrations (name) VALUES ('${escaped}');\nCOMMIT;`);
    applied.push(m.name);
  }
  return applied;
}
