import type pg from "pg";
import type { Actor } from "../../src/http/auth.js";
import { listTickets, type TicketListFilter } from "../../src/modules/tickets/ticket.query.js";
import type { ApiClient } from "../lib/api-client.js";
import type { BenchRow } from "../lib/result.js";
import { captureQueries, replay } from "../lib/sql-capture.js";
import { timeRuns, type Latency } from "../lib/stats.js";

/** One list call of the workbench, as a unit user or a center user makes it. */
export interface ListCase {
  name: string;
  who: "unit" | "center";
  params: Record<string, string>;
  /** Bench 3's goal applies to the unit inbox. */
  inbox?: boolean;
}

const OPEN = "dispatched,signed,return_requested,reply_review";

/** The list calls measured: the unit inbox, the center list, filters, a deep keyset page, Chinese search. */
export function listCases(month: { from: string; to: string }): ListCase[] {
  return [
    { name: "unit inbox: open, by deadline", who: "unit", params: { status: OPEN, sort: "deadline", limit: "20" }, inbox: true },
    { name: "unit inbox: overdue", who: "unit", params: { status: OPEN, overdue: "true", sort: "deadline", limit: "20" }, inbox: true },
    { name: "unit: all tickets, newest first", who: "unit", params: { limit: "20" }, inbox: true },
    { name: "center list: newest first", who: "center", params: { limit: "20" } },
    { name: "center list: page 5 (keyset)", who: "center", params: { limit: "20", page: "5" } },
    { name: "center: closed in a month", who: "center", params: { status: "closed", receivedFrom: month.from, receivedTo: month.to, limit: "20" } },
    { name: "center: open by deadline", who: "center", params: { status: OPEN, sort: "deadline", limit: "20" } },
    { name: "center: search 噪音扰民", who: "center", params: { q: "噪音扰民", limit: "20" } },
    { name: "center: search 物业", who: "center", params: { q: "物业", limit: "20" } },
  ];
}

function toFilter(params: Record<string, string>, cursor?: string): TicketListFilter {
  return {
    status: params.status?.split(","),
    sort: params.sort as TicketListFilter["sort"],
    limit: params.limit ? Number(params.limit) : undefined,
    q: params.q,
    overdue: params.overdue === "true" ? true : undefined,
    receivedFrom: params.receivedFrom,
    receivedTo: params.receivedTo,
    cursor,
  };
}

function path(params: Record<string, string>, cursor?: string): string {
  const p = new URLSearchParams(Object.entries(params).filter(([k]) => k !== "page"));
  if (cursor) p.set("cursor", cursor);
  return `/api/tickets?${p.toString()}`;
}

/** Bench 3: each case through the API and as its exact SQL through raw pg, `runs` times in a row. */
export async function runListCases(
  cases: readonly ListCase[],
  clients: { unit: ApiClient; center: ApiClient },
  actors: { unit: Actor; center: Actor },
  pool: pg.Pool,
  runs: number,
): Promise<Array<{ c: ListCase; api: Latency; raw: Latency; items: number }>> {
  const out: Array<{ c: ListCase; api: Latency; raw: Latency; items: number }> = [];
  for (const c of cases) {
    const client = clients[c.who];
    let cursor: string | undefined;
    for (let page = 1; page < Number(c.params.page ?? 1); page++) {
      cursor = (await client.get<{ nextCursor: string | null }>(path(c.params, cursor))).nextCursor ?? undefined;
    }
    let items = 0;
    const api = await timeRuns(runs, 3, async () => {
      items = (await client.get<{ items: unknown[] }>(path(c.params, cursor))).items.length;
    });
    const { queries } = await captureQueries(pool, (db) => listTickets(db, actors[c.who], toFilter(c.params, cursor), new Date()));
    const raw = await timeRuns(runs, 3, () => replay(pool, queries, `bench-list-${out.length}`));
    out.push({ c, api, raw, items });
  }
  return out;
}

export function listRows(engine: BenchRow["engine"], scale: string, results: Awaited<ReturnType<typeof runListCases>>): BenchRow[] {
  return results.map(({ c, api, raw, items }) => ({
    engine,
    bench: `3 list: ${c.name}`,
    scale,
    unit: "ms p99",
    value: api.p99,
    baseline: raw.p99,
    ratio: raw.p99 / api.p99,
    goal: c.inbox ? "p99 ≤ 50 ms" : "measured",
    met: c.inbox ? api.p99 <= 50 : null,
    detail: { api, raw, items },
  }));
}
