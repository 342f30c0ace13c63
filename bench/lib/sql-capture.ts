import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Db } from "../../src/db/database.js";
import type { DB } from "../../src/db/schema.js";

/** One SQL statement as Kysely sent it. */
export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

const INT8 = 20;
const NUMERIC = 1700;

/** A pg pool on a schema with the same type parsing as src/db/database.ts. */
export function benchPool(url: string, schema: string, max: number): pg.Pool {
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") => (oid === INT8 || oid === NUMERIC ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)),
  };
  return new pg.Pool({ connectionString: url, max, types: types as pg.CustomTypesConfig, options: `-c search_path=${schema},public` });
}

/**
 * Runs product code (a repository or use case) against a Kysely that records every statement, so a
 * benchmark can replay exactly the same SQL through raw pg as the baseline of the API call.
 */
export async function captureQueries<T>(pool: pg.Pool, run: (db: Db) => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }> {
  const queries: CapturedQuery[] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === "query") queries.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const result = await run(db);
  return { result, queries };
}

/** Replays captured statements in order on one pooled connection (prepared, as pg does with a name). */
export async function replay(pool: pg.Pool, queries: readonly CapturedQuery[], name: string): Promise<void> {
  const client = await pool.connect();
  try {
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i];
      await client.query({ name: `${name}-${i}`, text: q.sql, values: q.parameters as unknown[] });
    }
  } finally {
    client.release();
  }
}
