import { sql } from "kysely";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { startPgliteMaintenance } from "../../src/jobs/pglite-maintenance.job.js";

/** PGlite only (it has no autovacuum); the same job is a no-op on PostgreSQL, which runs its own. */
describe("PGlite maintenance", () => {
  it("analyses the tables, which PGlite's single-user engine never does by itself", async () => {
    const database = await openDatabase({}); // in-memory PGlite, whatever DATABASE_URL says
    try {
      await database.exec("CREATE TABLE t (id integer PRIMARY KEY, s text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 5000) g;");
      const reltuples = async () => (await sql<{ n: number }>`SELECT reltuples::integer AS n FROM pg_class WHERE relname = 't'`.execute(database.db)).rows[0]!.n;
      await new Promise((r) => setTimeout(r, 300));
      expect(await reltuples()).toBeLessThanOrEqual(0); // never analysed
      const stop = startPgliteMaintenance(database, pino({ level: "silent" }), 50);
      try {
        for (let i = 0; i < 50 && (await reltuples()) <= 0; i++) await new Promise((r) => setTimeout(r, 50));
      } finally {
        stop();
      }
      expect(await reltuples()).toBe(5000);
    } finally {
      await database.close();
    }
  });

  it("does nothing on PostgreSQL", () => {
    const stop = startPgliteMaintenance({ kind: "postgres" } as never, pino({ level: "silent" }), 10);
    expect(typeof stop).toBe("function");
    stop();
  });
});
