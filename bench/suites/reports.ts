import type pg from "pg";
import type { AppContext } from "../../src/app-context.js";
import type { Actor } from "../../src/http/auth.js";
import { getAppraisalReport } from "../../src/modules/reports/use-cases/get-appraisal-report.js";
import { getRatesReport } from "../../src/modules/reports/use-cases/get-rates-report.js";
import type { ApiClient } from "../lib/api-client.js";
import type { BenchRow } from "../lib/result.js";
import { captureQueries, replay } from "../lib/sql-capture.js";
import { timeRuns, type Latency } from "../lib/stats.js";

/** Bench 4: the monthly rates report and the Linshu appraisal through the API, and their SQL alone. */
export async function runReports(
  admin: ApiClient,
  actor: Actor,
  deps: Pick<AppContext, "clock" | "policy">,
  pool: pg.Pool,
  month: string,
  runs: number,
): Promise<Array<{ name: string; api: Latency; raw: Latency; rows: number }>> {
  const cases: Array<{ name: string; path: string; capture: (db: AppContext["db"]) => Promise<unknown> }> = [
    {
      name: `rates by unit, month ${month}`,
      path: `/api/reports/rates?month=${month}&groupBy=unit`,
      capture: (db) => getRatesReport({ ...deps, db }, actor, { month, groupBy: "unit" }),
    },
    {
      name: `appraisal towns, month ${month}`,
      path: `/api/reports/appraisal?month=${month}&group=town`,
      capture: (db) => getAppraisalReport({ ...deps, db }, actor, { month, group: "town" }),
    },
    {
      name: `appraisal departments, month ${month}`,
      path: `/api/reports/appraisal?month=${month}&group=department`,
      capture: (db) => getAppraisalReport({ ...deps, db }, actor, { month, group: "department" }),
    },
  ];
  const out: Array<{ name: string; api: Latency; raw: Latency; rows: number }> = [];
  for (const c of cases) {
    let rows = 0;
    const api = await timeRuns(runs, 1, async () => {
      rows = (await admin.get<{ rows: unknown[] }>(c.path)).rows.length;
    });
    const { queries } = await captureQueries(pool, c.capture);
    const raw = await timeRuns(runs, 1, () => replay(pool, queries, `bench-report-${out.length}`));
    out.push({ name: c.name, api, raw, rows });
  }
  return out;
}

export function reportRows(engine: BenchRow["engine"], scale: string, results: Awaited<ReturnType<typeof runReports>>): BenchRow[] {
  return results.map(({ name, api, raw, rows }) => ({
    engine,
    bench: `4 report: ${name}`,
    scale,
    unit: "ms max",
    value: api.max,
    baseline: raw.max,
    ratio: raw.max / api.max,
    goal: "≤ 5000 ms",
    met: api.max <= 5000,
    detail: { api, raw, rows },
  }));
}
