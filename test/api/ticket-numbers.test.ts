import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { shanghaiDate } from "../../src/domain/calendar/calendar.js";
import { openDatabase } from "../../src/db/database.js";
import { MIGRATIONS, migrate } from "../../src/db/migrate.js";
import { standardServer } from "./helpers.js";

const file = standardServer();

describe("ticket numbers", () => {
  it("count per Shanghai day, stay distinct under concurrent intake, and start again the next day", async () => {
    const { t, cast } = file;
    await t.setClock("2025-07-01T23:30:00+08:00");
    const first = await Promise.all(Array.from({ length: 8 }, () => t.ticket(cast.operator.token)));
    const numbers = first.map((x: { number: string }) => x.number).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `20250701-${String(i + 1).padStart(6, "0")}`));
    await t.setClock("2025-07-02T00:00:05+08:00"); // 16:00:05 UTC on 07-01: the Shanghai date decides
    expect((await t.ticket(cast.operator.token)).number).toBe("20250702-000001");
    await t.setClock("2025-07-02T08:00:00+08:00");
    expect((await t.ticket(cast.operator.token)).number).toBe("20250702-000002");
  });
});

describe("migration 0006", () => {
  it("carries today's counter over to its sequence, so numbers continue after the last one given", async () => {
    const database = await openDatabase({}); // in-memory PGlite, whatever DATABASE_URL says
    try {
      const upTo = MIGRATIONS.findIndex((m) => m.name === "0006-ticket-number-sequences");
      await migrate(database, MIGRATIONS.slice(0, upTo));
      const today = shanghaiDate(new Date()).replace(/-/g, "");
      await sql`INSERT INTO ticket_number_counters (day, last) VALUES (${today}, 41), ('20200101', 7)`.execute(database.db);
      await migrate(database);
      const next = await sql<{ n: number }>`SELECT nextval(${`ticket_no_${today}`}::regclass)::integer AS n`.execute(database.db);
      expect(next.rows[0]!.n).toBe(42);
      // A day long past gets no sequence, and the counter table is gone.
      const left = await sql<{ n: number }>`SELECT count(*)::integer AS n FROM pg_class WHERE relname IN ('ticket_no_20200101', 'ticket_number_counters')`.execute(database.db);
      expect(left.rows[0]!.n).toBe(0);
    } finally {
      await database.close();
    }
  });
});
