import { isIP } from "node:net";
import { z } from "zod";
import { passwordProblem } from "./domain/auth/password-policy.js";
import { loadChannelConfig, type ChannelConfig } from "./modules/channels/channel-config.js";

/** Every environment variable Huying reads; the README lists the same. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(12345),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().url().optional(),
  // A streaming replica of DATABASE_URL for reports, exports and searches (docs/OPERATIONS.md "Read replica").
  DATABASE_REPLICA_URL: z.string().url().optional(),
  // Bearer token for GET /metrics from anywhere but loopback (unset: loopback only).
  HUYING_METRICS_TOKEN: z.string().min(16).optional(),
  HUYING_DATA_DIR: z.string().default("./data"),
  // The bootstrap admin's password follows the password policy like any other (docs/SECURITY.md).
  HUYING_ADMIN_PASSWORD: z
    .string()
    .optional()
    .superRefine((v, c) => {
      const problem = v === undefined ? null : passwordProblem(v, "admin");
      if (problem) c.addIssue({ code: "custom", message: problem });
    }),
  HUYING_DEMO: z.enum(["0", "1", ""]).default("0"),
  HUYING_DEMO_FORCE: z.enum(["0", "1", ""]).default("0"),
  HUYING_TEST_CLOCK: z.enum(["0", "1", ""]).default("0"),
  HUYING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  HUYING_SESSION_HOURS: z.coerce.number().positive().default(12),
  HUYING_SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  HUYING_UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  HUYING_UPLOAD_MAX_FILES_PER_TICKET: z.coerce.number().int().positive().default(50),
  HUYING_UPLOAD_MAX_BYTES_PER_TICKET: z.coerce.number().int().positive().default(200 * 1024 * 1024),
  HUYING_UPLOAD_ORPHAN_MINUTES: z.coerce.number().int().positive().default(60),
  HUYING_LIFECYCLE_INTERVAL_MS: z.coerce.number().int().min(0).default(86_400_000),
  HUYING_SUGGESTIONS_INTERVAL_MS: z.coerce.number().int().min(0).default(86_400_000),
  HUYING_NOTIFICATION_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  HUYING_DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  HUYING_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(0).default(1_000),
  HUYING_TRUST_PROXY: z
    .string()
    .default("")
    .transform((v, c) => {
      const parsed = parseTrustProxy(v);
      if (typeof parsed === "string") {
        c.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl?: string;
  /** PostgreSQL streaming replica for read-only work (reports, exports, searches); unset = the primary. */
  databaseReplicaUrl?: string;
  /** Bearer token that opens /metrics to non-loopback callers. */
  metricsToken?: string;
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
  /** Per-ticket attachment quota: how many files, and how many bytes in all. */
  uploadMaxFilesPerTicket: number;
  uploadMaxBytesPerTicket: number;
  /** The start-up sweep removes unfinished and unreferenced upload files older than this. */
  uploadOrphanMinutes: number;
  dbPoolSize: number;
  /** How often the outbox worker delivers (0 = never; tests call deliverOutbox). */
  outboxIntervalMs: number;
  /** How often the data-lifecycle jobs run (retention, purges); 0 = never. Daily by default. */
  lifecycleIntervalMs: number;
  /** Issue 15: retrain the suggestion models and run the early warning this often (0 = off). */
  suggestionsIntervalMs: number;
  /** Read notifications older than this many days are purged. */
  notificationKeepDays: number;
  logLevel: string;
  /** Which peers may set X-Forwarded-For: none (false), the n nearest hops, or addresses/CIDR ranges. */
  trustProxy: TrustProxy;
  /** The inbound and outbound channels' settings (docs/CHANNELS.md). */
  channels: ChannelConfig;
}>;

export type TrustProxy = false | number | readonly string[];

/** proxy-addr's names for ranges, accepted as Fastify accepts them. */
const RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * HUYING_TRUST_PROXY: empty, "0", "false" or "off" (the default) trusts no proxy; a number trusts that many
 * hops in front of the server; otherwise a comma list of addresses, CIDR ranges or proxy-addr's names
 * (loopback, linklocal, uniquelocal). Returns a message for anything else ("true" included: name the proxy).
 */
export function parseTrustProxy(raw: string): TrustProxy | string {
  const v = raw.trim();
  if (v === "" || v === "0" || v === "false" || v === "off") return false;
  if (/^\d+$/.test(v)) return Number(v);
  const items = v.split(",").map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (RANGE_NAMES.has(item)) continue;
    const [address, prefix, extra] = item.split("/");
    const family = isIP(address ?? "");
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (!family || !prefixOk || extra !== undefined) {
      return `"${item}" is not an address, a CIDR range, loopback/linklocal/uniquelocal or a hop count`;
    }
  }
  return items;
}

/** The Config's setting as Fastify's trustProxy option: a hop count trusts the n nearest peers. */
export function fastifyTrustProxy(t: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (t === false || t === 0) return false;
  if (typeof t === "number") return (_address, hop) => hop < t;
  return [...t];
}

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
    databaseReplicaUrl: e.DATABASE_REPLICA_URL,
    metricsToken: e.HUYING_METRICS_TOKEN,
    dataDir: e.HUYING_DATA_DIR,
    adminPassword: e.HUYING_ADMIN_PASSWORD,
    demo: e.HUYING_DEMO === "1",
    demoForce: e.HUYING_DEMO_FORCE === "1",
    testClock: e.HUYING_TEST_CLOCK === "1",
    sweepIntervalMs: e.HUYING_SWEEP_INTERVAL_MS,
    sessionHours: e.HUYING_SESSION_HOURS,
    sessionCacheMs: e.HUYING_SESSION_CACHE_MS,
    uploadMaxBytes: e.HUYING_UPLOAD_MAX_BYTES,
    uploadMaxFilesPerTicket: e.HUYING_UPLOAD_MAX_FILES_PER_TICKET,
    uploadMaxBytesPerTicket: e.HUYING_UPLOAD_MAX_BYTES_PER_TICKET,
    uploadOrphanMinutes: e.HUYING_UPLOAD_ORPHAN_MINUTES,
    dbPoolSize: e.HUYING_DB_POOL_SIZE,
    outboxIntervalMs: e.HUYING_OUTBOX_INTERVAL_MS,
    lifecycleIntervalMs: e.HUYING_LIFECYCLE_INTERVAL_MS,
    suggestionsIntervalMs: e.HUYING_SUGGESTIONS_INTERVAL_MS,
    notificationKeepDays: e.HUYING_NOTIFICATION_KEEP_DAYS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.HUYING_TRUST_PROXY,
    channels: loadChannelConfig(env),
  });
}
