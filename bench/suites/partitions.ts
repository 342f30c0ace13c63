import pg from "pg";
import { sql as partitionMigration } from "../../src/db/migrations/0065-monthly-partitions.js";
import type { BenchRow } from "../lib/result.js";

/**
 * Issue 19: a ticket's timeline and the monthly report's scan of ticket_events, on the same rows twice:
 * a plain table (the baseline, PGlite's and the pre-0065 layout) and the table converted by migration
 * 0065's own function into Shanghai-month partitions. `npm run bench -- --partitions [--partition-tickets
 * 250000] [--partition-months 12]`; schemas huying_bench_part_plain / huying_bench_part_monthly (dropped
 * and made again). Events are 8 per ticket spread over the months, as the generator's are.
 */
export interface PartitionBenchOptions {
  url: string;
  tickets: number;
  months: number;
  runs: number;
  log: (s: string) => void;
}

const TABLE = `
CREATE TABLE ticket_events (
  id bigserial PRIMARY KEY, ticket_id integer NOT NULL, type text NOT NULL, at timestamptz NOT NULL,
  actor_id integer, unit_id integer, data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id);
CREATE INDEX ticket_events_type_at_idx ON ticket_events (type, at);`;

const TYPES = ["ticket.created", "ticket.dispatched", "ticket.signed", "ticket.contacted", "ticket.replied", "ticket.followed_up", "ticket.closed", "ticket.note"];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function timed(client: pg.Client, text: string, values: unknown[]): Promise<number> {
  const t0 = performance.now();
  await client.query(text, values);
  return performance.now() - t0;
}

export async function runPartitionBench(o: PartitionBenchOptions, rows: BenchRow[]): Promise<void> {
  const admin = new pg.Client({ connectionString: o.url });
  await admin.connect();
  const end = Date.now();
  const start = end - o.months * 30.4 * 86_400_000;
  const events = o.tickets * 8;
  const client = (schema: string) => new pg.Client({ connectionString: o.url, options: `-c search_path=${schema},public -c jit=off` });
  try {
    for (const s of ["huying_bench_part_plain", "huying_bench_part_monthly"]) {
      await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE; CREATE SCHEMA ${s}`);
    }
    const plain = client("huying_bench_part_plain");
    const monthly = client("huying_bench_part_monthly");
    await plain.connect();
    await monthly.connect();
    try {
      let t0 = performance.now();
      await plain.query(TABLE);
      // ticket i was received at a point of the period; its 8 events follow within ~10 days
      await plain.query(
        `INSERT INTO ticket_events (ticket_id, type, at, unit_id, data)
         SELECT t, ($4::text[])[k], to_timestamp($2::float8 + (t::float8 / $1::int) * ($3::float8 - $2::float8) + k * 100000.0 * random()), 1 + t % 700, '{}'
         FROM generate_series(1, $1::int) t, generate_series(1, 8) k`,
        [o.tickets, start / 1000, end / 1000 - 10 * 86_400, TYPES],
      );
      await plain.query("ANALYZE ticket_events");
      o.log(`partitions: ${events.toLocaleString("en")} events in a plain table in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      t0 = performance.now();
      // The product's own conversion (migration 0065's functions), then the months the rows cover.
      await monthly.query(TABLE);
      await monthly.query(partitionMigration.slice(0, partitionMigration.indexOf("DO $do$")));
      await monthly.query("SELECT huying_partition_table('ticket_events', 'at')");
      await monthly.query("SELECT huying_partition_maintain(1, to_timestamp($1))", [start / 1000]);
      await monthly.query("INSERT INTO ticket_events SELECT * FROM huying_bench_part_plain.ticket_events");
      await monthly.query("ANALYZE ticket_events");
      const parts = await monthly.query("SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'ticket_events'::regclass");
      o.log(`partitions: the same rows in ${parts.rows[0].n} monthly partitions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      // A ticket's timeline: what the ticket page reads (no time bound: every partition's index is probed).
      const ids = Array.from({ length: o.runs }, (_, i) => 1 + Math.floor(((i + 0.5) / o.runs) * o.tickets));
      const timeline = "SELECT * FROM ticket_events WHERE ticket_id = $1 ORDER BY id";
      const tl = { plain: [] as number[], monthly: [] as number[] };
      for (const id of ids.slice(0, 20)) await Promise.all([plain.query(timeline, [id]), monthly.query(timeline, [id])]); // warm
      for (const id of ids) {
        tl.plain.push(await timed(plain, timeline, [id]));
        tl.monthly.push(await timed(monthly, timeline, [id]));
      }
      // The monthly report's scan: one month of events by type (the reports read a period's cohort).
      const monthStart = new Date(end - 2 * 30.4 * 86_400_000);
      const a = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth(), 1) - 8 * 3_600_000);
      const b = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 1) - 8 * 3_600_000);
      const report = "SELECT type, count(*), count(DISTINCT ticket_id) FROM ticket_events WHERE at >= $1 AND at < $2 GROUP BY type";
      const rp = { plain: [] as number[], monthly: [] as number[] };
      for (let i = 0; i < 3; i++) {
        rp.plain.push(await timed(plain, report, [a, b]));
        rp.monthly.push(await timed(monthly, report, [a, b]));
      }
      const scale = `${o.tickets.toLocaleString("en")} tickets, ${events.toLocaleString("en")} events, ${o.months} months`;
      const p99 = { plain: pct(tl.plain, 99), monthly: pct(tl.monthly, 99) };
      rows.push({ engine: "postgres", bench: "partitions: ticket timeline p50 (monthly vs plain)", scale, unit: "ms", value: pct(tl.monthly, 50), baseline: pct(tl.plain, 50), ratio: pct(tl.plain, 50) / pct(tl.monthly, 50) });
      rows.push({ engine: "postgres", bench: "partitions: ticket timeline p99 (monthly vs plain)", scale, unit: "ms", value: p99.monthly, baseline: p99.plain, ratio: p99.plain / p99.monthly, goal: "p99 ≤ 50 ms", met: p99.monthly <= 50 });
      const best = { plain: Math.min(...rp.plain), monthly: Math.min(...rp.monthly) };
      rows.push({ engine: "postgres", bench: "partitions: one month of events by type (monthly vs plain)", scale, unit: "ms", value: best.monthly, baseline: best.plain, ratio: best.plain / best.monthly });
    } finally {
      await plain.end();
      await monthly.end();
    }
  } finally {
    await admin.end();
  }
}
