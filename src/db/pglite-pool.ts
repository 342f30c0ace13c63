import type { PGlite } from "@electric-sql/pglite";
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";

/**
 * Kysely's PostgresDialect expects a `pg`-style pool. PGlite is one in-process connection, so this
 * adapter hands out that connection to one caller at a time (a FIFO queue): a transaction holds it
 * from BEGIN to COMMIT and nobody interleaves. It maps PGlite's `affectedRows` to `rowCount` and
 * derives the command tag Kysely reads for `numAffectedRows`.
 */
export class PGlitePool implements PostgresPool {
  private busy = false;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly pg: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    if (this.busy) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.busy = true;
    let released = false;
    const client: PostgresPoolClient = {
      query: (async (sql: string, parameters?: readonly unknown[]) => {
        const result = await this.pg.query(sql, parameters as unknown[] | undefined);
        return {
          command: commandOf(sql),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        } satisfies PostgresQueryResult<unknown>;
      }) as PostgresPoolClient["query"],
      release: () => {
        if (released) return;
        released = true;
        this.releaseConnection();
      },
    };
    return client;
  }

  /** One connection: busy or idle, and how many callers wait for it. */
  stats(): { total: number; idle: number; waiting: number; max: number } {
    return { total: 1, idle: this.busy ? 0 : 1, waiting: this.waiters.length, max: 1 };
  }

  async end(): Promise<void> {
    await this.pg.close();
  }

  private releaseConnection(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.busy = false;
  }
}

const COMMAND = /\b(insert|update|delete|merge|select)\b/i;

/** The command tag a PostgreSQL server would report, read from the statement text. */
function commandOf(sql: string): PostgresQueryResult<unknown>["command"] {
  const first = sql.trimStart().slice(0, 12).split(/\s/)[0]?.toUpperCase();
  if (first === "INSERT" || first === "UPDATE" || first === "DELETE" || first === "MERGE" || first === "SELECT") {
    return first;
  }
  // WITH … UPDATE/INSERT/DELETE: the data-modifying statement is the last keyword of those.
  const matches = sql.match(new RegExp(COMMAND, "gi")) ?? [];
  const last = matches.reverse().find((m) => m.toUpperCase() !== "SELECT");
  return (last?.toUpperCase() ?? "SELECT") as PostgresQueryResult<unknown>["command"];
}
