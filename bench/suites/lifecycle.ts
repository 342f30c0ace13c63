import type pg from "pg";
import { ApiClient, intakeBody } from "../lib/api-client.js";
import type { BenchRow } from "../lib/result.js";

/** A unit with a logged-in leader, who signs and replies for it. */
export interface UnitActor {
  unitId: number;
  leader: ApiClient;
}

const REPLY = { content: "经核实，已联系施工单位停止夜间施工，并由城管执法队现场检查，今后将加强巡查。", result: "resolved", handlerName: "李强", leaderName: "王建国" };
const FOLLOW_UP = { outcome: "satisfied", contacted: true, informed: true, resolved: true };

/** Creates `count` anonymous tickets (no first-contact clock, so every step is allowed at once). */
export async function createTickets(admin: ApiClient, count: number, concurrency = 8): Promise<number[]> {
  const ids: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = await admin.post<{ id: number }>("/api/tickets", intakeBody(i, true));
        ids.push(t.id);
      }
    }),
  );
  return ids;
}

/**
 * Bench 2: each worker takes its tickets through dispatch → sign → reply → follow-up (satisfied, closed)
 * through the API, one request after another; returns transitions per second over all workers.
 */
export async function apiLifecycle(admin: ApiClient, units: readonly UnitActor[], ticketIds: readonly number[], workers: number) {
  const started = performance.now();
  let transitions = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const unit = units[w % units.length];
      while (next < ticketIds.length) {
        const id = ticketIds[next++];
        await admin.post(`/api/tickets/${id}/dispatch`, { unitId: unit.unitId, mode: "direct" });
        await unit.leader.post(`/api/tickets/${id}/sign`);
        await unit.leader.post(`/api/tickets/${id}/replies`, REPLY);
        const fu = await admin.post<{ ticket: { status: string } }>(`/api/tickets/${id}/follow-ups`, FOLLOW_UP);
        if (fu.ticket.status !== "closed") throw new Error(`ticket ${id} not closed after a satisfied follow-up`);
        transitions += 4;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { transitions, seconds, perSecond: transitions / seconds };
}

const STEPS: ReadonlyArray<readonly [string, string, string]> = [
  ["pending_dispatch", "dispatched", "ticket.dispatched"],
  ["dispatched", "signed", "ticket.signed"],
  ["signed", "replied", "ticket.replied"],
  ["replied", "closed", "ticket.closed"],
];

/** The baseline: the same four transitions as raw conditional updates + event rows (one statement each). */
export async function rawLifecycle(pool: pg.Pool, unitId: number, ticketIds: readonly number[], workers: number) {
  const started = performance.now();
  let transitions = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < ticketIds.length) {
        const id = ticketIds[next++];
        for (const [from, to, type] of STEPS) {
          const r = await pool.query({
            name: "bench-raw-transition",
            text: `WITH t AS (UPDATE tickets SET status = $3, lead_unit_id = $4, version = version + 1 WHERE id = $1 AND status = $2 RETURNING id)
                   INSERT INTO ticket_events (ticket_id, type, at, unit_id, data) SELECT id, $5, now(), $4, '{}'::jsonb FROM t`,
            values: [id, from, to, unitId, type],
          });
          if (r.rowCount !== 1) throw new Error(`raw transition ${from}→${to} of ${id} lost`);
          transitions++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { transitions, seconds, perSecond: transitions / seconds };
}

export function lifecycleRow(engine: BenchRow["engine"], scale: string, api: { perSecond: number; transitions: number }, raw?: { perSecond: number }): BenchRow {
  return {
    engine,
    bench: "2 lifecycle dispatch/sign/reply/follow-up",
    scale,
    unit: "transitions/s",
    value: api.perSecond,
    baseline: raw?.perSecond,
    ratio: raw ? api.perSecond / raw.perSecond : undefined,
    goal: "measured (no target set)",
    met: null,
    detail: { transitions: api.transitions },
  };
}
