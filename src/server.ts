import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import type { AppContext } from "./app-context.js";
import { buildApp } from "./app.js";
import { SettableClock, systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { startDeadlineSweeper } from "./jobs/deadline-sweep.job.js";
import { startDataLifecycle } from "./jobs/data-lifecycle.job.js";
import { startPgliteMaintenance } from "./jobs/pglite-maintenance.job.js";
import { SessionCache } from "./modules/auth/session-cache.js";
import { CalendarService } from "./modules/calendar/calendar.service.js";
import { LogSmsGateway, Notifier } from "./modules/notifications/notifier.js";
import { PolicyService } from "./modules/policy/policy.service.js";
import { ensureAdmin } from "./seed/bootstrap.js";
import { demoRefusal, seedDemo, type DemoHooks } from "./seed/demo.js";

/** A start refused for a reason the operator must fix (main.ts prints it and exits 1). */
export class StartRefusedError extends Error {
  override name = "StartRefusedError";
}

export interface ServerOptions {
  config: Config;
  /** PostgreSQL schema (tests isolate each run). */
  schema?: string;
  /** Open an in-memory PGlite instead of HUYING_DATA_DIR (tests). */
  inMemory?: boolean;
  clock?: Clock;
  /** Start the interval sweeper (off in tests: they drive the clock). */
  sweeper?: boolean;
  /** Tests: hooks into the demo seed (a crash in the middle). */
  demoHooks?: DemoHooks;
}

export interface Server {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/** Opens the database, migrates, bootstraps the admin (and demo data), and builds the app. */
export async function createServer(options: ServerOptions): Promise<Server> {
  const { config } = options;
  const refusal = demoRefusal(config);
  if (refusal) throw new StartRefusedError(refusal);
  const logger = pino({ level: config.logLevel, base: undefined });
  const database: Database = await openDatabase({
    url: config.databaseUrl,
    dataDir: options.inMemory ? undefined : config.dataDir,
    schema: options.schema,
    poolSize: config.dbPoolSize,
  });
  try {
    return await startOn(database, options, logger);
  } catch (err) {
    // A failed start (a migration, the demo seed) must not keep the database open, nor its folder's lock.
    await database.close().catch(() => undefined);
    throw err;
  }
}

async function startOn(database: Database, options: ServerOptions, logger: pino.Logger): Promise<Server> {
  const { config } = options;
  await migrate(database);
  const clock = options.clock ?? (config.testClock ? new SettableClock() : systemClock);
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    clock,
    calendar: new CalendarService(),
    policy: new PolicyService(),
    notifier: new Notifier(new LogSmsGateway(logger)),
    sessions: new SessionCache(config.sessionCacheMs),
    logger,
  };
  const created = await ensureAdmin(ctx, config.adminPassword ?? randomBytes(12).toString("base64url"));
  if (created && !config.adminPassword) {
    logger.warn(`created user admin with password ${created.password} (shown once; set HUYING_ADMIN_PASSWORD to choose it)`);
  }
  if (config.demo) await seedDemo(ctx, options.demoHooks);
  const app = await buildApp(ctx);
  const stopSweeper = options.sweeper ? startDeadlineSweeper(ctx, clock, config.sweepIntervalMs) : () => undefined;
  // PGlite has no autovacuum: statistics and vacuuming come from this job (every minute).
  const stopMaintenance = options.sweeper ? startPgliteMaintenance(database, logger, 60_000) : () => undefined;
  // Retention (anonymisation) and the purges of sessions and read notifications, daily.
  const stopLifecycle = options.sweeper ? startDataLifecycle(ctx, config.lifecycleIntervalMs) : () => undefined;
  return {
    app,
    ctx,
    close: async () => {
      stopSweeper();
      stopMaintenance();
      stopLifecycle();
      await app.close();
      await database.close();
    },
  };
}
