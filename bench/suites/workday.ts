import { openDatabase } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrate.js";
import type { Actor } from "../../src/http/auth.js";
import { CalendarService } from "../../src/modules/calendar/calendar.service.js";
import { PolicyService } from "../../src/modules/policy/policy.service.js";
import { countTickets, listTickets } from "../../src/modules/tickets/ticket.query.js";
import { insertDemoOrg, insertDemoTickets } from "../../src/seed/demo-city.js";
import type { BenchRow } from "../lib/result.js";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * Issue 18 part B (`npm run bench -- --workday`): the demo city's seed on in-memory PGlite (goal < 60 s;
 * baseline: the same number of rows' simulation alone is not separable, so the baseline is a start without
 * the tickets — the organisation only), and the queue's tab count beside the list page it labels.
 */
export async function runWorkday(tickets = 3000, runs = 20): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const database = await openDatabase({});
  try {
    await migrate(database);
    const db = database.db;
    // The center unit the admin bootstrap would create.
    await db.insertInto("units").values({ name: "12345热线中心", kind: "center", parent_id: null, region: null }).execute();
    const policy = await new PolicyService().current(db);
    const calendar = await new CalendarService().get(db);
    const now = new Date();
    let org!: Awaited<ReturnType<typeof insertDemoOrg>>;
    const t0 = performance.now();
    await db.transaction().execute(async (trx) => {
      org = await insertDemoOrg(trx, "x");
    });
    const orgSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await db.transaction().execute(async (trx) => {
      await insertDemoTickets(trx, org, { now, count: tickets, days: 92, policy: policy.settings, policyVersion: policy.version, calendar });
    });
    const seedSeconds = (performance.now() - t1) / 1000;
    rows.push({ engine: "pglite", bench: "demo city seed", scale: `${tickets} tickets, 92 days`, unit: "s", value: seedSeconds, baseline: orgSeconds, goal: "< 60 s", met: seedSeconds + orgSeconds < 60 });

    const dispatcher: Actor = { id: org.center.dispatcher[0]!, username: "dispatcher", name: "派单", roles: ["dispatcher"], unitId: org.centerId };
    const unitId = org.towns[0]!;
    const handler: Actor = { id: org.staff.get(unitId)!.handlers[0]!, username: "h", name: "h", roles: ["unit_handler"], unitId };
    for (const [label, actor, filter] of [
      ["open tickets (center)", dispatcher, { status: ["dispatched", "signed", "replied", "return_requested"] }],
      ["a unit's tickets", handler, {}],
      ["web channel, 3 months", dispatcher, { channel: "web" }],
    ] as const) {
      const count: number[] = [];
      const list: number[] = [];
      for (let i = 0; i < runs; i++) {
        let s = performance.now();
        await countTickets(db, actor, { ...filter, status: "status" in filter ? [...filter.status] : undefined }, now);
        count.push(performance.now() - s);
        s = performance.now();
        await listTickets(db, actor, { ...filter, status: "status" in filter ? [...filter.status] : undefined, limit: 20 }, now);
        list.push(performance.now() - s);
      }
      const v = median(count);
      const b = median(list);
      rows.push({ engine: "pglite", bench: `tab count: ${label}`, scale: `${tickets} tickets`, unit: "ms", value: v, baseline: b, ratio: b / v, goal: "≤ the list page", met: v <= b * 1.5 });
    }
  } finally {
    await database.close();
  }
  return rows;
}
