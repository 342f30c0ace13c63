import { sql } from "kysely";
import type { Database, Db } from "./database.js";

/**
 * Monthly partitions of the append-only tables on PostgreSQL (migration 0065, docs/SCALING.md
 * "Partitions"): list them, make the coming months' partitions, detach old months for archiving. On
 * PGlite nothing is partitioned and every function here answers empty.
 */
export interface PartitionInfo {
  table: string;
  partition: string;
  /** `FOR VALUES FROM (…) TO (…)`, or DEFAULT. */
  bound: string;
  /** First instant after the partition's range (null for DEFAULT). */
  until: string | null;
  rows: number;
  bytes: number;
}

/** The partitioned tables and their partitions, oldest first. */
export async function listPartitions(db: Db): Promise<PartitionInfo[]> {
  const r = await sql<{ table_name: string; partition: string; bound: string; rows: number; bytes: number }>`
    SELECT p.table_name, c.relname AS partition, pg_get_expr(c.relpartbound, c.oid) AS bound,
           greatest(c.reltuples, 0)::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
    FROM huying_partitioned p
    JOIN pg_inherits i ON i.inhparent = to_regclass(p.table_name)
    JOIN pg_class c ON c.oid = i.inhrelid
    ORDER BY p.table_name, c.relname`.execute(db);
  return r.rows
    .map((row) => {
      const until = /TO \('([^']+)'\)/.exec(row.bound)?.[1] ?? null;
      return { table: row.table_name, partition: row.partition, bound: row.bound, until: until && new Date(until).toISOString(), rows: Number(row.rows), bytes: Number(row.bytes) };
    })
    .sort((a, b) => (a.table === b.table ? (a.until ?? "9").localeCompare(b.until ?? "9") : a.table.localeCompare(b.table)));
}

/** Makes the partitions from the month of `since` to `monthsAhead` months after now; returns how many months were checked. */
export async function ensurePartitions(database: Database, monthsAhead = 3, since = new Date()): Promise<number> {
  if (database.kind !== "postgres") return 0;
  const r = await sql<{ n: number }>`SELECT huying_partition_maintain(${monthsAhead}::int, ${since.toISOString()}::timestamptz) AS n`.execute(database.db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Detaches every partition of `tables` whose range ends on or before `before` (the legacy partition
 * included): they become plain tables, out of every query, ready for pg_dump and DROP (or `drop`).
 */
export async function detachPartitionsBefore(db: Db, before: Date, tables?: readonly string[], drop = false): Promise<PartitionInfo[]> {
  const all = await listPartitions(db);
  const old = all.filter((p) => p.until !== null && Date.parse(p.until) <= before.getTime() && (!tables || tables.includes(p.table)));
  for (const p of old) {
    await sql`ALTER TABLE ${sql.id(p.table)} DETACH PARTITION ${sql.id(p.partition)}`.execute(db);
    if (drop) await sql`DROP TABLE ${sql.id(p.partition)}`.execute(db);
  }
  return old;
}
