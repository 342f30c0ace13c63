import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { sql } from "kysely";
import client from "prom-client";
import type { Clock } from "../clock.js";
import type { Database } from "../db/database.js";

/**
 * Prometheus metrics (docs/OPERATIONS.md "Metrics"): request rate and latency by route pattern, the
 * database pools, the sweep's and the outbox's lag and queue sizes, and Node's own (event loop, heap,
 * GC). One registry per server (tests run several in one process). The queue figures are read from the
 * database when scraped — a few index-only counts — so every instance reports the same truth.
 */
export interface Metrics {
  registry: client.Registry;
  /** The deadline sweep reports each run here (src/jobs/deadline-sweep.job.ts). */
  sweepRun(seconds: number, ok: boolean, marks: number): void;
  /** The outbox worker reports each pass here. */
  outboxPass(delivered: number, failed: number): void;
}

export interface MetricsSources {
  database: Database;
  replica?: Database;
  clock: Clock;
}

/** Latency buckets (seconds): an API answer is 1–50 ms; reports and exports take up to seconds. */
const BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "huying_" });

  new client.Histogram({
    name: "huying_http_request_duration_seconds",
    help: "HTTP requests by method, route pattern and status code (the _count series is the request rate)",
    labelNames: ["method", "route", "status_code"],
    buckets: BUCKETS,
    registers: [registry],
  });

  const pools: Array<[string, Database]> = [["primary", sources.database]];
  if (sources.replica) pools.push(["replica", sources.replica]);
  new client.Gauge({
    name: "huying_db_pool_connections",
    help: "Database pool connections by pool (primary, replica) and state (total, idle, waiting callers, max)",
    labelNames: ["pool", "state"],
    registers: [registry],
    collect() {
      for (const [pool, db] of pools) {
        const s = db.poolStats();
        this.set({ pool, state: "total" }, s.total);
        this.set({ pool, state: "idle" }, s.idle);
        this.set({ pool, state: "waiting" }, s.waiting);
        this.set({ pool, state: "max" }, s.max);
      }
    },
  });

  // The queues, read at scrape time: due tickets the sweep has not handled yet, and the outbox.
  let queues: Promise<QueueFigures> | null = null;
  const readQueues = () => {
    // One read per scrape, shared by the gauges below.
    queues ??= queueFigures(sources.database, sources.clock.now()).finally(() => setTimeout(() => (queues = null), 0));
    return queues;
  };
  new client.Gauge({
    name: "huying_sweep_due_tickets",
    help: "Tickets whose next deadline event is due and not yet swept",
    registers: [registry],
    async collect() {
      this.set((await readQueues()).due);
    },
  });
  new client.Gauge({
    name: "huying_sweep_lag_seconds",
    help: "How long the oldest due ticket has waited for the deadline sweep (0 when none is due)",
    registers: [registry],
    async collect() {
      this.set((await readQueues()).sweepLag);
    },
  });
  new client.Gauge({
    name: "huying_outbox_messages",
    help: "Outbox messages by status (pending, dead)",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const q = await readQueues();
      this.set({ status: "pending" }, q.pending);
      this.set({ status: "dead" }, q.dead);
    },
  });
  new client.Gauge({
    name: "huying_outbox_lag_seconds",
    help: "How long the oldest due outbox message has waited for delivery (0 when none is due)",
    registers: [registry],
    async collect() {
      this.set((await readQueues()).outboxLag);
    },
  });
  if (sources.replica) {
    const replica = sources.replica;
    new client.Gauge({
      name: "huying_replica_lag_seconds",
      help: "Age of the last transaction the read replica replayed (grows when the primary is idle too)",
      registers: [registry],
      async collect() {
        const r = await sql<{ lag: number | null }>`SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS lag`
          .execute(replica.db)
          .catch(() => null);
        this.set(r?.rows[0]?.lag ?? -1);
      },
    });
  }

  const sweepSeconds = new client.Histogram({
    name: "huying_sweep_run_duration_seconds",
    help: "Deadline sweep runs of this instance",
    labelNames: ["outcome"],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [registry],
  });
  const sweepMarks = new client.Counter({ name: "huying_sweep_marks_total", help: "Warnings, overdue marks and auto-closes this instance's sweep applied", registers: [registry] });
  const sweepLast = new client.Gauge({ name: "huying_sweep_last_success_timestamp_seconds", help: "When this instance's sweep last finished without error", registers: [registry] });
  const outboxDone = new client.Counter({ name: "huying_outbox_deliveries_total", help: "Outbox deliveries by this instance, by outcome", labelNames: ["outcome"], registers: [registry] });

  return {
    registry,
    sweepRun(seconds, ok, marks) {
      sweepSeconds.observe({ outcome: ok ? "ok" : "error" }, seconds);
      if (ok) sweepLast.set(Date.now() / 1000);
      sweepMarks.inc(marks);
    },
    outboxPass(delivered, failed) {
      if (delivered) outboxDone.inc({ outcome: "delivered" }, delivered);
      if (failed) outboxDone.inc({ outcome: "failed" }, failed);
    },
  };
}

interface QueueFigures {
  due: number;
  sweepLag: number;
  pending: number;
  dead: number;
  outboxLag: number;
}

async function queueFigures(database: Database, now: Date): Promise<QueueFigures> {
  const at = now.toISOString();
  // Each count walks a partial or leading-column index (tickets_next_due_idx, outbox_due_idx, outbox_status_idx).
  const r = await sql<{ due: number; sweep_lag: number | null; pending: number; outbox_lag: number | null; dead: number }>`
    SELECT
      (SELECT count(*) FROM tickets WHERE next_due_at <= ${at}::timestamptz) AS due,
      (SELECT extract(epoch FROM ${at}::timestamptz - min(next_due_at))::float8 FROM tickets WHERE next_due_at <= ${at}::timestamptz) AS sweep_lag,
      (SELECT count(*) FROM outbox WHERE status = 'pending') AS pending,
      (SELECT extract(epoch FROM ${at}::timestamptz - min(next_attempt_at))::float8 FROM outbox WHERE status = 'pending' AND next_attempt_at <= ${at}::timestamptz) AS outbox_lag,
      (SELECT count(*) FROM outbox WHERE status = 'dead') AS dead`
    .execute(database.db)
    .catch(() => null);
  const row = r?.rows[0];
  return {
    due: Number(row?.due ?? 0),
    sweepLag: Math.max(0, Number(row?.sweep_lag ?? 0)),
    pending: Number(row?.pending ?? 0),
    dead: Number(row?.dead ?? 0),
    outboxLag: Math.max(0, Number(row?.outbox_lag ?? 0)),
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Whether the caller is this machine itself, and not a client relayed by a proxy on it. */
function fromLoopback(request: FastifyRequest, trustsProxy: boolean): boolean {
  if (!LOOPBACK.test(request.ip)) return false;
  // Behind an untrusted local proxy every client looks like 127.0.0.1: a forwarded request is not local.
  return trustsProxy || (request.headers["x-forwarded-for"] === undefined && request.headers.forwarded === undefined);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Times every request by its route pattern (`/api/tickets/:id`, never the raw URL: bounded labels) and
 * serves GET /metrics: open to loopback, elsewhere only with `Authorization: Bearer $HUYING_METRICS_TOKEN`.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, options: { token?: string; trustsProxy: boolean }): void {
  const histogram = metrics.registry.getSingleMetric("huying_http_request_duration_seconds") as client.Histogram;
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    if (route === "/metrics") return;
    histogram.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get("/metrics", { schema: { hide: true }, logLevel: "warn" }, async (request, reply) => {
    const allowed = fromLoopback(request, options.trustsProxy) || (options.token !== undefined && tokenMatches(request.headers.authorization, options.token));
    if (!allowed) {
      return reply
        .status(options.token ? 401 : 403)
        .send({ error: { code: options.token ? "UNAUTHENTICATED" : "FORBIDDEN", message: options.token ? "metrics need the bearer token" : "metrics are served to loopback only (set HUYING_METRICS_TOKEN)" } });
    }
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
