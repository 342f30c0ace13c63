import type { FastifyBaseLogger } from "fastify";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Database, Db } from "./db/database.js";
import type { Metrics } from "./http/metrics.js";
import type { SessionCache } from "./modules/auth/session-cache.js";
import type { CalendarService } from "./modules/calendar/calendar.service.js";
import type { PolicyService } from "./modules/policy/policy.service.js";
import type { Notifier } from "./modules/notifications/notifier.js";
import type { OutboxHandlers } from "./modules/outbox/outbox.types.js";

/** What every route and use case is handed: no singletons (docs/STYLE.md "Persistence"). */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  /**
   * Where read-only work that may lag a few seconds goes: reports, exports, full-text searches. The
   * DATABASE_REPLICA_URL replica when set, else the same as `db`. Never for read-your-own-write.
   */
  readDb: Db;
  /** Prometheus registry and the instruments the jobs update (src/http/metrics.ts). */
  metrics: Metrics;
  clock: Clock;
  calendar: CalendarService;
  policy: PolicyService;
  notifier: Notifier;
  /** How each outbox kind is delivered after commit (tests may replace an entry). */
  outboxHandlers: OutboxHandlers;
  /** Live sessions this instance read recently; forget a token or user here when revoking or changing it. */
  sessions: SessionCache;
  logger: FastifyBaseLogger;
}
