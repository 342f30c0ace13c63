import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { startPeriodic } from "./periodic.js";

/**
 * PGlite runs PostgreSQL in single-user mode: no autovacuum launcher ever starts, so without this job its
 * tables are never analysed (the planner guesses row counts, and picks a 200 ms plan for a 5 ms search)
 * and never vacuumed (dead rows of every ticket update stay in the heap and the indexes). Every
 * `intervalMs` it runs ANALYZE, and VACUUM (ANALYZE) every tenth time. A small office's database takes
 * milliseconds; the requests in between wait their turn on PGlite's one connection.
 */
export function startPgliteMaintenance(database: Database, logger: Logger, intervalMs: number): () => void {
  if (database.kind !== "pglite" || intervalMs <= 0) return () => undefined;
  let runs = 0;
  const run = () => {
    const statement = runs++ % 10 === 0 ? "VACUUM (ANALYZE)" : "ANALYZE";
    const started = Date.now();
    return database
      .exec(statement)
      .then(() => logger.debug({ statement, ms: Date.now() - started }, "pglite maintenance"))
      .catch((err: unknown) => logger.warn({ err }, "pglite maintenance failed"));
  };
  return startPeriodic(run, intervalMs, 10_000);
}
