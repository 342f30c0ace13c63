import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import pino, { type DestinationStream } from "pino";
import type { AppContext } from "./app-context.js";
import { buildApp } from "./app.js";
import { SettableClock, systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { openDatabase, openReplica, type Database } from "./db/database.js";
import { createMetrics } from "./http/metrics.js";
import { migrate } from "./db/migrate.js";
import { LOG_SERIALIZERS, roundTimings } from "./http/log-redaction.js";
import { startDeadlineSweeper } from "./jobs/deadline-sweep.job.js";
import { startSupervisionDetection } from "./jobs/supervision.job.js";
import { startOutboxDelivery } from "./jobs/outbox-delivery.job.js";
import { startDataLifecycle } from "./jobs/data-lifecycle.job.js";
import { startKnowledgeExpiry } from "./jobs/knowledge-expiry.job.js";
import { startPgliteMaintenance } from "./jobs/pglite-maintenance.job.js";
import { startSuggestionsJob } from "./jobs/suggestions.job.js";
import { SessionCache } from "./modules/auth/session-cache.js";
import { CalendarService } from "./modules/calendar/calendar.service.js";
import { Notifier } from "./modules/notifications/notifier.js";
import { TransportSmsGateway } from "./modules/channels/sms/transport-gateway.js";
import { defaultOutboxHandlers } from "./modules/outbox/outbox-handlers.js";
import { channelHandlers } from "./modules/channels/channel-outbox.js";
import { smsTransportFor, startChannels } from "./modules/channels/channel-runtime.js";
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
  /** Where the log goes (default: stdout); tests capture it. */
  logStream?: DestinationStream;
  /** Start the interval sweeper (off in tests: they drive the clock). */
  sweeper?: boolean;
  /** Start the outbox worker every HUYING_OUTBOX_INTERVAL_MS (default: with the sweeper; tests call deliverOutbox). */
  outboxWorker?: boolean;
  /** Tests: hooks into the demo seed (a crash in the middle). */
  demoHooks?: DemoHooks;
}

export interface Server {
  app: FastifyInstance;
  ctx: AppContext;
  /** The SMTP listener's port (HUYING_SMTP_PORT, 0 = any free one), or null when mail intake is off. */
  smtpPort?: number | null;
  close(): Promise<void>;
}

/** Opens the database, migrates, bootstraps the admin (and demo data), and builds the app. */
export async function createServer(options: ServerOptions): Promise<Server> {
  const { config } = options;
  const refusal = demoRefusal(config);
  if (refusal) throw new StartRefusedError(refusal);
  // Redacting serializers (docs/SECURITY.md "What is logged"); `logStream` lets a test read the log.
  const logger = pino(
    { level: config.logLevel, base: undefined, serializers: LOG_SERIALIZERS, timestamp: pino.stdTimeFunctions.isoTime, formatters: { log: roundTimings } },
    options.logStream,
  );
  const database: Database = await openDatabase({
    url: config.databaseUrl,
    dataDir: options.inMemory ? undefined : config.dataDir,
    schema: options.schema,
    poolSize: config.dbPoolSize,
  });
  let replica: Database | undefined;
  try {
    // Reports, exports and searches read from the replica when one is configured (PostgreSQL only).
    if (config.databaseReplicaUrl) {
      if (!config.databaseUrl) throw new StartRefusedError("DATABASE_REPLICA_URL needs DATABASE_URL: a replica of what?");
      replica = await openReplica(config.databaseReplicaUrl, { schema: options.schema, poolSize: config.dbPoolSize });
    }
    return await startOn(database, replica, options, logger);
  } catch (err) {
    // A failed start (a migration, the demo seed) must not keep the database open, nor its folder's lock.
    await replica?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
}

async function startOn(database: Database, replica: Database | undefined, options: ServerOptions, logger: pino.Logger): Promise<Server> {
  const { config } = options;
  await migrate(database);
  const clock = options.clock ?? (config.testClock ? new SettableClock() : systemClock);
  const sms = smsTransportFor(config.channels, logger); // the SMS adapter: log or SMPP (docs/CHANNELS.md)
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    readDb: replica?.db ?? database.db,
    metrics: createMetrics({ database, replica, clock }),
    clock,
    calendar: new CalendarService(),
    policy: new PolicyService(),
    notifier: new Notifier({ sms: true }),
    // Every SMS, whatever its outbox kind, through the one gateway interface (log or SMPP; docs/CHANNELS.md "SMS").
    outboxHandlers: defaultOutboxHandlers(new TransportSmsGateway(database.db, sms, logger), undefined, channelHandlers(config.channels, sms)),
    sessions: new SessionCache(config.sessionCacheMs),
    logger,
  };
  const created = await ensureAdmin(ctx, config.adminPassword ?? randomBytes(12).toString("base64url"));
  if (created && !config.adminPassword) {
    logger.warn(`created user admin with password ${created.password} (shown once; set HUYING_ADMIN_PASSWORD to choose it)`);
  }
  if (config.demo) await seedDemo(ctx, options.demoHooks);
  const app = await buildApp(ctx);
  const channels = await startChannels(ctx, sms); // the SMPP session and the SMTP listener, when configured
  const stopSweeper = options.sweeper ? startDeadlineSweeper(ctx, clock, config.sweepIntervalMs, ctx.metrics) : () => undefined;
  // PGlite has no autovacuum: statistics and vacuuming come from this job (every minute).
  const stopMaintenance = options.sweeper ? startPgliteMaintenance(database, logger, 60_000) : () => undefined;
  const stopOutbox = (options.outboxWorker ?? options.sweeper) ? startOutboxDelivery(ctx, config.outboxIntervalMs) : async () => undefined;
  // Retention (anonymisation) and the purges of sessions and read notifications, daily.
  const stopLifecycle = options.sweeper ? startDataLifecycle(ctx, config.lifecycleIntervalMs) : () => undefined;
  // Supervision alerts (issue 13), daily like the lifecycle.
  const stopSupervision = options.sweeper ? startSupervisionDetection(ctx, config.lifecycleIntervalMs) : () => undefined;
  // Issue 15: retrain the suggestion models and run the rising-cluster warning (daily).
  const stopSuggestions = options.sweeper ? startSuggestionsJob(ctx, config.suggestionsIntervalMs) : () => undefined;
  const stopKnowledgeExpiry = options.sweeper ? startKnowledgeExpiry(ctx) : () => undefined;
  return {
    app,
    ctx,
    smtpPort: channels.smtpPort,
    close: async () => {
      await channels.stop();
      stopSweeper();
      stopMaintenance();
      await stopOutbox();
      stopLifecycle();
      stopSupervision();
      stopSuggestions();
      stopKnowledgeExpiry();
      await app.close();
      await replica?.close();
      await database.close();
    },
  };
}
