import type pg from "pg";

/** A plain (non-constraint) index of a table, with the statement that recreates it. */
export interface IndexDef {
  name: string;
  table: string;
  definition: string;
}

/**
 * The secondary indexes of the given tables, minus those backing a constraint (primary keys, UNIQUE
 * columns): a bulk load drops them, COPYs, and rebuilds them once, which is several times faster
 * than maintaining GIN/btree indexes row by row.
 */
export async function secondaryIndexes(client: pg.ClientBase, schema: string, tables: readonly string[]): Promise<IndexDef[]> {
  const { rows } = await client.query<{ name: string; table: string; definition: string }>(
    `SELECT i.indexname AS name, i.tablename AS table, i.indexdef AS definition
       FROM pg_indexes i
       JOIN pg_class c ON c.relname = i.indexname
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname
      WHERE i.schemaname = $1 AND i.tablename = ANY($2)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
      ORDER BY i.tablename, i.indexname`,
    [schema, tables],
  );
  return rows;
}

export async function dropIndexes(client: pg.ClientBase, schema: string, defs: readonly IndexDef[]): Promise<void> {
  for (const d of defs) await client.query(`DROP INDEX IF EXISTS "${schema}"."${d.name}"`);
}

/** Recreates indexes, two at a time (one per core), with generous maintenance memory. */
export async function createIndexes(pool: pg.Pool, defs: readonly IndexDef[], onDone: (d: IndexDef, ms: number) => void): Promise<void> {
  const queue = [...defs].sort((a, b) => Number(b.definition.includes("gin")) - Number(a.definition.includes("gin")));
  const worker = async (): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query("SET maintenance_work_mem = '512MB'");
      for (let d = queue.shift(); d; d = queue.shift()) {
        const started = Date.now();
        await client.query(d.definition.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX IF NOT EXISTS "));
        onDone(d, Date.now() - started);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all([worker(), worker()]);
}

/**
 * The indexes the migrations declare on the given tables (later DROP INDEX statements honoured), so a
 * load interrupted after dropping them still ends with every index rebuilt.
 */
export function migrationIndexes(migrations: ReadonlyArray<{ sql: string }>, tables: readonly string[]): IndexDef[] {
  const defs = new Map<string, IndexDef>();
  const re = /CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+ON\s+(\w+)[^;]*;|DROP\s+INDEX\s+(?:IF\s+EXISTS\s+)?(\w+)/gi;
  for (const m of migrations) {
    for (const match of m.sql.matchAll(re)) {
      if (match[3]) defs.delete(match[3]);
      else if (tables.includes(match[2])) defs.set(match[1], { name: match[1], table: match[2], definition: match[0].replace(/;$/, "") });
    }
  }
  return [...defs.values()];
}
