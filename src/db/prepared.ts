import { createHash } from "node:crypto";
import { CompiledQuery, type QueryResult } from "kysely";
import type { PostgresPool, PostgresPoolClient } from "kysely";
import type { Db } from "./database.js";

/**
 * Prepared (named) statements for the hot write paths (docs/SCALING.md "Intake ratio"). A statement text that
 * starts with this marker is sent to PostgreSQL as a named statement: parsed and planned once per connection,
 * then only bound and executed. Opt-in, for a bounded set of statement shapes (intake per column set, the
 * ticket lock, a transition's write): a name per distinct text, kept by the server for the connection's life.
 * PGlite runs the same text as it is (the marker is an SQL comment).
 */
export const PREPARED_MARK = "/*prepared*/ ";

/** Runs `text` with `$1…` parameters as a prepared statement on PostgreSQL (as a plain one on PGlite). */
export function executePrepared<R>(db: Db, text: string, parameters: readonly unknown[]): Promise<QueryResult<R>> {
  return db.executeQuery<R>(CompiledQuery.raw(PREPARED_MARK + text, [...parameters]));
}

const names = new Map<string, string>();

/** The statement name of a marked text: a hash, so equal texts share a name and different texts never do. */
export function statementName(sqlText: string): string {
  let name = names.get(sqlText);
  if (!name) {
    name = `h_${createHash("sha1").update(sqlText).digest("hex").slice(0, 24)}`;
    // Bounded by the marked shapes in the code; the guard is against a caller building texts from data.
    if (names.size > 10_000) names.clear();
    names.set(sqlText, name);
  }
  return name;
}

interface PgClient {
  query(config: { name?: string; text: string; values?: unknown[] } | string, values?: unknown[]): Promise<unknown>;
  release(err?: Error | boolean): void;
}

/**
 * Wraps a `pg` pool for Kysely's PostgresDialect: marked statements go out named (`{ name, text, values }`),
 * everything else as before. One wrapper per pooled client, so Kysely's per-client state stays per client.
 */
export function preparingPool(pool: { connect(): Promise<unknown>; end(): Promise<void> }): PostgresPool {
  const wrappers = new WeakMap<object, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = (await pool.connect()) as PgClient;
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = {
          query: ((sqlText: string, parameters?: unknown[]) =>
            sqlText.startsWith(PREPARED_MARK) ? client.query({ name: statementName(sqlText), text: sqlText, values: parameters }) : client.query(sqlText, parameters)) as PostgresPoolClient["query"],
          release: () => client.release(),
        };
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
