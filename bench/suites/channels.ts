import autocannon from "autocannon";
import { findServiceRequests, type RequestFilter } from "../../src/modules/channels/open311/open311.service.js";
import { ApiClient } from "../lib/api-client.js";
import type { BenchRow } from "../lib/result.js";
import { startServer, urlWithSchema, type ServerProcess } from "../lib/server-process.js";
import { benchPool, captureQueries, replay } from "../lib/sql-capture.js";
import { timeRuns, type Latency } from "../lib/stats.js";
import { apiIntake } from "./intake.js";

/**
 * Bench "channels" (issue 16, docs/CHANNELS.md "Speed"):
 *  (a) citizen submissions per second through POST /api/public/requests beside operator intake per second
 *      through POST /api/tickets, same server, same run, same connections; goal ratio ≥ 0.5. The abuse control
 *      is configured out of the way and the output says so: the rate limit and the captcha threshold are set
 *      to 1e9, and each request comes from its own client address (X-Forwarded-For from a loopback proxy,
 *      HUYING_TRUST_PROXY=loopback), as citizens do — the per-address day counter is still written for each.
 *      Runs on a throwaway schema it creates and drops.
 *  (b) Open311 GET /open311/v2/requests.json answering 1,000 requests, p99, on a big schema that it only
 *      reads (the server starts with every background job off), beside the same SQL replayed through raw pg.
 */
export interface ChannelsBenchOptions {
  url: string;
  /** The big schema (e.g. huying_bench, 1 M tickets) for (b); read only. */
  schema: string;
  /** A schema name for (a), created and dropped here (must not exist). */
  scratchSchema: string;
  adminPassword: string;
  seconds: number;
  connections: number;
  runs: number;
  skipIntake?: boolean;
  skipOpen311?: boolean;
  log: (line: string) => void;
}

/** Every periodic job off: the server writes nothing by itself (the sweep, outbox, lifecycle, alerts, suggestions). */
export const NO_JOBS = {
  HUYING_SWEEP_INTERVAL_MS: "0",
  HUYING_OUTBOX_INTERVAL_MS: "0",
  HUYING_LIFECYCLE_INTERVAL_MS: "0",
  HUYING_SUGGESTIONS_INTERVAL_MS: "0",
} as const;

/** What (a) sets so that the abuse control does not throttle the bench (printed with the figures). */
export const PUBLIC_BENCH_ENV = {
  HUYING_PUBLIC_RATE_MAX: "1000000000",
  HUYING_PUBLIC_CAPTCHA_AFTER: "1000000000",
  HUYING_TRUST_PROXY: "loopback",
} as const;

function publicBody(i: number): string {
  return JSON.stringify({
    content:
      `东湖区长安街道幸福小区${i % 97}栋旁工地近一周每晚十点后仍在施工，噪音很大，严重影响周边居民休息，` +
      "家中有老人和小孩，多次向物业反映无果，希望相关部门尽快核实处理，依法查处夜间违规施工行为。",
    title: `幸福小区${i % 97}栋夜间施工噪音扰民`,
    name: "张先生",
    phone: `1380000${String(i % 10000).padStart(4, "0")}`,
    address: `东湖区长安街道幸福小区${i % 97}栋`,
  });
}

/** POST /api/public/requests under `connections` clients for `seconds`, each request from another address. */
export async function publicIntake(baseUrl: string, connections: number, seconds: number): Promise<{ perSecond: number; created: number; errors: number; p99: number; statusCodes: Record<string, number> }> {
  let n = 0;
  const result = await autocannon({
    url: `${baseUrl}/api/public/requests`,
    method: "POST",
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const i = n++;
          return { ...req, headers: { ...req.headers, "content-type": "application/json", "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }, body: publicBody(i) };
        },
      },
    ],
  });
  const created = result["2xx"];
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, (v as { count: number }).count]));
  return { perSecond: created / result.duration, created, errors: result.non2xx + result.errors, p99: result.latency.p99, statusCodes };
}

/** (a): operator intake, then citizen submissions, then both once more (the mean of the two rounds each). */
async function intakeVsPublic(o: ChannelsBenchOptions): Promise<BenchRow> {
  const probe = benchPool(o.url, "public", 1);
  try {
    const exists = await probe.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [o.scratchSchema]);
    if (exists.rows.length) throw new Error(`schema ${o.scratchSchema} exists already: (a) creates and drops its own, give another --channels-schema`);
    await probe.query(`CREATE SCHEMA "${o.scratchSchema}"`);
  } finally {
    await probe.end();
  }
  let server: ServerProcess | undefined;
  try {
    server = await startServer({ DATABASE_URL: urlWithSchema(o.url, o.scratchSchema), HUYING_ADMIN_PASSWORD: o.adminPassword, ...NO_JOBS, ...PUBLIC_BENCH_ENV });
    const admin = await ApiClient.login(server.baseUrl, "admin", o.adminPassword);
    o.log(`  abuse control set out of the way: ${Object.entries(PUBLIC_BENCH_ENV).map(([k, v]) => `${k}=${v}`).join(", ")}; one client address per request (X-Forwarded-For)`);
    // a short warm-up of both paths (JIT, pool, prepared statements)
    await apiIntake(server.baseUrl, admin.token ?? "", 2, 1);
    await publicIntake(server.baseUrl, 2, 1);
    const ops: Array<Awaited<ReturnType<typeof apiIntake>>> = [];
    const pubs: Array<Awaited<ReturnType<typeof publicIntake>>> = [];
    for (let round = 0; round < 2; round++) {
      ops.push(await apiIntake(server.baseUrl, admin.token ?? "", o.connections, o.seconds));
      pubs.push(await publicIntake(server.baseUrl, o.connections, o.seconds));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const op = mean(ops.map((x) => x.perSecond));
    const pub = mean(pubs.map((x) => x.perSecond));
    const errors = [...ops, ...pubs].reduce((a, x) => a + x.errors, 0);
    const ratio = op > 0 ? pub / op : NaN;
    o.log(`  operator ${op.toFixed(1)}/s, public ${pub.toFixed(1)}/s, ratio ${ratio.toFixed(2)}, errors ${errors}`);
    return {
      engine: "postgres",
      bench: "16 channels: public submissions vs operator intake",
      scale: `fresh schema, ${o.connections} conns, 2 × ${o.seconds} s each`,
      unit: "submissions/s",
      value: pub,
      baseline: op,
      ratio,
      goal: "ratio ≥ 0.5",
      met: ratio >= 0.5 && errors === 0,
      detail: {
        settings: PUBLIC_BENCH_ENV,
        addresses: "one X-Forwarded-For address per request",
        operator: ops,
        public: pubs,
        note: "public = per-address counter + sanitising + scrypt query code + intake; operator = intake",
      },
    };
  } finally {
    await server?.stop();
    const pool = benchPool(o.url, "public", 1);
    await pool.query(`DROP SCHEMA IF EXISTS "${o.scratchSchema}" CASCADE`).finally(() => pool.end());
  }
}

interface Open311Case {
  name: string;
  params: Record<string, string>;
  format?: "json" | "xml";
  goal?: boolean;
}

function toFilter(params: Record<string, string>): RequestFilter {
  return {
    serviceCodes: params.service_code?.split(",").map(Number),
    start: params.start_date ? new Date(params.start_date) : undefined,
    end: params.end_date ? new Date(params.end_date) : undefined,
    status: params.status as RequestFilter["status"],
    page: Number(params.page ?? 1),
    pageSize: Number(params.page_size ?? 1000),
    notes: params.extensions === "true",
  };
}

/** (b): GET /open311/v2/requests.{json,xml} with 1,000 results, API p99 beside the raw replay of its SQL. */
async function open311Get(o: ChannelsBenchOptions): Promise<BenchRow[]> {
  const pool = benchPool(o.url, o.schema, 2);
  const server = await startServer({ DATABASE_URL: urlWithSchema(o.url, o.schema), HUYING_ADMIN_PASSWORD: o.adminPassword, ...NO_JOBS });
  const rows: BenchRow[] = [];
  try {
    const size = Number((await pool.query("SELECT coalesce((SELECT reltuples FROM pg_class WHERE oid = to_regclass('tickets')), 0)::float8 AS n")).rows[0].n);
    const last = (await pool.query<{ m: Date }>("SELECT max(received_at) AS m FROM tickets")).rows[0].m;
    const end = new Date(last.getTime() + 60_000);
    const start = new Date(end.getTime() - 90 * 86_400_000);
    const { rows: top } = await pool.query<{ c: number }>(
      "SELECT category_id AS c FROM tickets WHERE received_at >= $1 AND category_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
      [start],
    );
    const window = { start_date: start.toISOString(), end_date: end.toISOString() };
    const cases: Open311Case[] = [
      { name: "requests.json, last 90 days, 1,000", params: { ...window }, goal: true },
      { name: "requests.json, status=open", params: { ...window, status: "open" }, goal: true },
      { name: `requests.json, service_code=${top[0]?.c}`, params: { ...window, service_code: String(top[0]?.c) }, goal: true },
      { name: "requests.json, page 10", params: { ...window, page: "10" } },
      { name: "requests.json, extensions=true (notes)", params: { ...window, extensions: "true" } },
      { name: "requests.xml, last 90 days, 1,000", params: { ...window }, format: "xml" },
    ];
    const scale = `${Math.round(size).toLocaleString("en")} tickets, ${o.runs} runs`;
    for (const [i, c] of cases.entries()) {
      const path = `/open311/v2/requests.${c.format ?? "json"}?${new URLSearchParams(c.params).toString()}`;
      let text = "";
      // timed: the request until its whole body is read (the count of items is taken afterwards)
      const api: Latency = await timeRuns(o.runs, 3, async () => {
        const res = await fetch(`${server.baseUrl}${path}`);
        text = await res.text();
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 200)}`);
      });
      const bytes = Buffer.byteLength(text);
      const items = c.format === "xml" ? (text.match(/<request>/g) ?? []).length : (JSON.parse(text) as unknown[]).length;
      const { queries } = await captureQueries(pool, (db) => findServiceRequests(db, toFilter(c.params), end));
      const raw = await timeRuns(o.runs, 3, () => replay(pool, queries, `bench-open311-${i}`));
      o.log(`  ${c.name}: ${items} items, ${(bytes / 1024).toFixed(0)} KB, API p99 ${api.p99} ms, raw p99 ${raw.p99} ms`);
      rows.push({
        engine: "postgres",
        bench: `16 open311 GET: ${c.name}`,
        scale,
        unit: "ms p99",
        value: api.p99,
        baseline: raw.p99,
        ratio: raw.p99 / api.p99,
        goal: c.goal ? "p99 ≤ 200 ms, 1,000 results" : "measured",
        met: c.goal ? api.p99 <= 200 && items === 1000 : null,
        detail: { api, raw, items, bytes, statements: queries.length },
      });
    }
  } finally {
    await server.stop();
    await pool.end();
  }
  return rows;
}

export async function channelsSuite(o: ChannelsBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (!o.skipIntake) {
    o.log(`16 channels (a): public submissions vs operator intake on ${o.scratchSchema}…`);
    rows.push(await intakeVsPublic(o));
  }
  if (!o.skipOpen311) {
    o.log(`16 channels (b): Open311 GET requests on ${o.schema} (read only, background jobs off)…`);
    rows.push(...(await open311Get(o)));
  }
  return rows;
}
