import { z } from "zod";

/** Every environment variable Huying reads; the README lists the same. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(12345),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().url().optional(),
  HUYING_DATA_DIR: z.string().default("./data"),
  HUYING_ADMIN_PASSWORD: z.string().min(8).optional(),
  HUYING_DEMO: z.enum(["0", "1", ""]).default("0"),
  HUYING_DEMO_FORCE: z.enum(["0", "1", ""]).default("0"),
  HUYING_TEST_CLOCK: z.enum(["0", "1", ""]).default("0"),
  HUYING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  HUYING_SESSION_HOURS: z.coerce.number().positive().default(12),
  HUYING_SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  HUYING_UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  HUYING_LIFECYCLE_INTERVAL_MS: z.coerce.number().int().min(0).default(86_400_000),
  HUYING_NOTIFICATION_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  HUYING_DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  adminPassword?: string;
  demo: boolean;
  /** Demo data even when HOST is not a loopback address (it has published passwords). */
  demoForce: boolean;
  testClock: boolean;
  sweepIntervalMs: number;
  sessionHours: number;
  /** How long an instance trusts a session it read without reading it again (0 = always read). */
  sessionCacheMs: number;
  uploadMaxBytes: number;
  dbPoolSize: number;
  /** How often the data-lifecycle jobs run (retention, purges); 0 = never. Daily by default. */
  lifecycleIntervalMs: number;
  /** Read notifications older than this many days are purged. */
  notificationKeepDays: number;
  logLevel: string;
}>;

/** Reads and validates the environment once; throws a readable error naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.HUYING_DATA_DIR,
    adminPassword: e.HUYING_ADMIN_PASSWORD,
    demo: e.HUYING_DEMO === "1",
    demoForce: e.HUYING_DEMO_FORCE === "1",
    testClock: e.HUYING_TEST_CLOCK === "1",
    sweepIntervalMs: e.HUYING_SWEEP_INTERVAL_MS,
    sessionHours: e.HUYING_SESSION_HOURS,
    sessionCacheMs: e.HUYING_SESSION_CACHE_MS,
    uploadMaxBytes: e.HUYING_UPLOAD_MAX_BYTES,
    dbPoolSize: e.HUYING_DB_POOL_SIZE,
    lifecycleIntervalMs: e.HUYING_LIFECYCLE_INTERVAL_MS,
    notificationKeepDays: e.HUYING_NOTIFICATION_KEEP_DAYS,
    logLevel: e.LOG_LEVEL,
  });
}
