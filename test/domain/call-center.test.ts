import { describe, expect, it } from "vitest";
import { erlangAFigures, erlangB, erlangC, erlangCFigures, staffFor, type ErlangInput } from "../../src/domain/call-center/erlang.js";
import { forecastDay, referenceDates, trendFactor, type HistoryDay } from "../../src/domain/call-center/forecast.js";
import { planShifts } from "../../src/domain/call-center/shift-plan.js";
import { consecutiveFailures, drawSample, scoreTotal, seededRandom, shiftOfHour } from "../../src/domain/call-center/quality.js";
import { callTimeProblems, parseCsv, readCallCsv } from "../../src/domain/call-center/call-record.js";
import { WorkingCalendar } from "../../src/domain/calendar/calendar.js";
import { dayKindOf } from "../../src/domain/call-center/forecast.js";

const base: ErlangInput = { calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetSeconds: 20, serviceLevel: 0.8, maxOccupancy: 0.85, shrinkage: 0.3 };

/**
 * Brute-force M/M/c (FIFO) discrete-event simulation, seeded: Poisson arrivals, exponential service,
 * the share of calls answered within `target` seconds. With `patience`, callers abandon after an
 * exponential patience (M/M/c+M) and the share counts answered-within-target over all offered.
 */
function simulate(opts: { lambda: number; aht: number; agents: number; target: number; calls: number; seed: number; patience?: number }): number {
  const rnd = seededRandom(opts.seed);
  const exp = (mean: number) => -Math.log(1 - rnd()) * mean;
  const free = new Array<number>(opts.agents).fill(0); // when each agent is next free
  let t = 0;
  let within = 0;
  let counted = 0;
  const warmup = Math.floor(opts.calls / 10);
  for (let i = 0; i < opts.calls; i++) {
    t += exp(1 / opts.lambda);
    // FIFO with a patience: the earliest-free agent takes the caller if they are still waiting.
    let k = 0;
    for (let j = 1; j < free.length; j++) if (free[j]! < free[k]!) k = j;
    const startAt = Math.max(t, free[k]!);
    const wait = startAt - t;
    const patience = opts.patience === undefined ? Infinity : exp(opts.patience);
    const answered = wait <= patience;
    if (answered) free[k] = startAt + exp(opts.aht);
    if (i >= warmup) {
      counted++;
      if (answered && wait <= opts.target) within++;
    }
  }
  return within / counted;
}

describe("Erlang C (docs/CALL-CENTER.md)", () => {
  it("meets the worked example: 100 calls / 30 min, 180 s, 80 % in 20 s, occupancy ≤ 85 %, shrinkage 30 %", () => {
    const r = staffFor(base);
    expect(r.agents).toBe(14);
    expect(r.scheduledAgents).toBe(20);
    expect(r.serviceLevel).toBeCloseTo(0.888, 3);
    expect(r.occupancy).toBeCloseTo(0.714, 3);
    expect(r.waitProbability).toBeCloseTo(0.174, 3);
    expect(r.trafficErlangs).toBe(10);
  });

  it("meets the second example: 200 calls / 30 min, 180 s, 80 % in 60 s → 23 agents", () => {
    expect(staffFor({ ...base, calls: 200, targetSeconds: 60, maxOccupancy: 1, shrinkage: 0 }).agents).toBe(23);
  });

  it("lets the occupancy cap decide when it is the tighter bound", () => {
    // 200 calls, 60 s: the service level alone needs 23 (occupancy 0.87); a cap of 0.85 needs 24.
    const r = staffFor({ ...base, calls: 200, targetSeconds: 60, maxOccupancy: 0.85, shrinkage: 0 });
    expect(r.agents).toBe(24);
    expect(r.occupancy).toBeLessThanOrEqual(0.85);
  });

  it("agrees with the textbook closed forms for small n", () => {
    // B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2; C(2, 1) = 2·0.2 / (2 − 1·0.8) = 1/3.
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12); // M/M/1: P(wait) = ρ
  });

  it("is numerically stable at 2,000+ agents", () => {
    const r = staffFor({ ...base, calls: 25_000, ahtSeconds: 180, maxOccupancy: 1, shrinkage: 0.3 }); // A = 2,500 Erlangs
    expect(r.agents).toBeGreaterThan(2500);
    expect(r.agents).toBeLessThan(2600);
    for (const v of [r.serviceLevel, r.waitProbability, r.occupancy]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    // One agent fewer misses the target: the answer is the fewest.
    expect(erlangCFigures(r.agents - 1, r.trafficErlangs, 180, 20).serviceLevel).toBeLessThan(0.8);
  });

  it.each([
    { lambda: 100 / 1800, aht: 180, agents: 14, target: 20, seed: 1 },
    { lambda: 200 / 1800, aht: 180, agents: 23, target: 60, seed: 2 },
    { lambda: 1 / 60, aht: 240, agents: 6, target: 15, seed: 3 },
    { lambda: 0.5, aht: 30, agents: 18, target: 10, seed: 4 },
    { lambda: 1 / 20, aht: 300, agents: 17, target: 30, seed: 5 },
  ])("matches a seeded M/M/c simulation within 0.01 (λ=$lambda, AHT $aht, $agents agents)", (c) => {
    const formula = erlangCFigures(c.agents, c.lambda * c.aht, c.aht, c.target).serviceLevel;
    const simulated = simulate({ ...c, calls: 400_000 });
    expect(Math.abs(simulated - formula)).toBeLessThan(0.01);
  });

  it("Erlang A: tends to Erlang C as patience grows, and matches a simulation with abandonment", () => {
    const c = erlangCFigures(14, 10, 180, 20);
    const a = erlangAFigures(14, 100 / 1800, 180, 1e7, 20);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 4);
    const withPatience = erlangAFigures(11, 100 / 1800, 180, 120, 20);
    const simulated = simulate({ lambda: 100 / 1800, aht: 180, agents: 11, target: 20, calls: 400_000, seed: 9, patience: 120 });
    expect(Math.abs(simulated - withPatience.serviceLevel)).toBeLessThan(0.01);
    expect(withPatience.abandonment).toBeGreaterThan(0);
    expect(staffFor({ ...base, patienceSeconds: 120 }).agents).toBeLessThanOrEqual(14);
  });

  it.each([
    [{ calls: 0 }, "calls"],
    [{ calls: -5 }, "calls"],
    [{ ahtSeconds: 0 }, "ahtSeconds"],
    [{ intervalMinutes: -30 }, "intervalMinutes"],
    [{ targetSeconds: 0 }, "targetSeconds"],
    [{ serviceLevel: 1 }, "serviceLevel"],
    [{ serviceLevel: 0 }, "serviceLevel"],
    [{ serviceLevel: 1.2 }, "serviceLevel"],
    [{ maxOccupancy: 0 }, "maxOccupancy"],
    [{ shrinkage: 1 }, "shrinkage"],
    [{ shrinkage: -0.1 }, "shrinkage"],
  ])("refuses %o naming %s", (patch, field) => {
    expect(() => staffFor({ ...base, ...patch })).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED", field }));
  });
});

const flat = (n: number) => new Array<number>(48).fill(n);
const day = (date: string, kind: HistoryDay["kind"], calls: number): HistoryDay => ({ date, kind, offered: flat(calls), answered: flat(calls), handleSeconds: flat(calls * 200) });

describe("forecast and shift plan", () => {
  const cal = new WorkingCalendar();

  it("reads the calendar: holidays, make-up days (调休), weekends", () => {
    expect(dayKindOf(cal.day("2025-10-01"))).toBe("holiday");
    expect(dayKindOf(cal.day("2025-09-28"))).toBe("makeup"); // a Sunday worked for the National Day holiday
    expect(dayKindOf(cal.day("2025-03-08"))).toBe("weekend");
    expect(dayKindOf(cal.day("2025-03-10"))).toBe("workday");
  });

  it("takes the same weekday for a working day, holidays for a holiday, working days for a make-up day", () => {
    const past = [
      { date: "2025-03-09", kind: "weekend" as const },
      { date: "2025-03-07", kind: "workday" as const },
      { date: "2025-03-03", kind: "workday" as const },
      { date: "2025-02-24", kind: "workday" as const },
      { date: "2025-01-01", kind: "holiday" as const },
    ];
    expect(referenceDates({ date: "2025-03-10", kind: "workday" }, past)).toEqual(["2025-03-03", "2025-02-24"]); // Mondays
    expect(referenceDates({ date: "2025-04-04", kind: "holiday" }, past)).toEqual(["2025-01-01"]);
    expect(referenceDates({ date: "2025-04-27", kind: "makeup" }, past)).toEqual(["2025-03-07", "2025-03-03", "2025-02-24"]);
  });

  it("forecasts the weighted mean profile times the trend", () => {
    expect(trendFactor([{ x: -21, y: 100 }, { x: -14, y: 100 }, { x: -7, y: 100 }])).toBe(1);
    expect(trendFactor([{ x: -21, y: 70 }, { x: -14, y: 80 }, { x: -7, y: 90 }])).toBeCloseTo(100 / 80, 6);
    const f = forecastDay({ date: "2025-03-31", kind: "workday" }, [day("2025-03-24", "workday", 10), day("2025-03-17", "workday", 10)], 180);
    expect(f.intervals).toHaveLength(48);
    expect(f.intervals[20]!.forecastCalls).toBe(10);
    expect(f.intervals[20]!.ahtSeconds).toBe(200);
  });

  it("plans shifts that cover every half hour", () => {
    const need = [...flat(2).slice(0, 16), ...flat(10).slice(0, 16), ...flat(4).slice(0, 16)];
    const { planned, shifts } = planShifts(need, 16);
    need.forEach((n, i) => expect(planned[i]).toBeGreaterThanOrEqual(n));
    expect(shifts.reduce((s, x) => s + x.agents, 0)).toBe(2 + 10 + 4);
  });
});

describe("quality inspection (rule 41)", () => {
  const calls = Array.from({ length: 90 }, (_, i) => ({ callId: i + 1, operatorId: (i % 3) + 1, shift: shiftOfHour((i * 5) % 24) }));

  it("draws the same sample for the same seed, whatever the order, and another for another seed", () => {
    const a = drawSample(calls, 4, "2025-03");
    const b = drawSample([...calls].reverse(), 4, "2025-03");
    expect(a.map((x) => x.callId)).toEqual(b.map((x) => x.callId));
    expect(drawSample(calls, 4, "other").map((x) => x.callId)).not.toEqual(a.map((x) => x.callId));
    for (const op of [1, 2, 3]) {
      const mine = a.filter((x) => x.operatorId === op);
      expect(mine).toHaveLength(4);
      expect(new Set(mine.map((x) => x.shift)).size).toBeGreaterThan(1); // spread over the shifts
    }
  });

  it("weights the four scores and counts the failures in a row", () => {
    const w = { wording: 0.25, tone: 0.25, correctness: 0.3, completeness: 0.2 };
    expect(scoreTotal({ wording: 100, tone: 100, correctness: 100, completeness: 100 }, w)).toBe(100);
    expect(scoreTotal({ wording: 80, tone: 60, correctness: 70, completeness: 90 }, w)).toBe(74);
    expect(consecutiveFailures([true, false, false, false])).toBe(3);
    expect(consecutiveFailures([false, false, true])).toBe(0);
    expect(consecutiveFailures([])).toBe(0);
  });
});

describe("call records", () => {
  const t = (s: string) => new Date(`2025-03-03T${s}+08:00`);
  it("refuses calls ending before they start and answered before offered", () => {
    expect(callTimeProblems({ startedAt: t("09:00:00"), answeredAt: null, endedAt: t("08:59:00") }).map((p) => p.field)).toEqual(["endedAt"]);
    expect(callTimeProblems({ startedAt: t("09:00:00"), answeredAt: t("08:59:59"), endedAt: t("09:05:00") }).map((p) => p.field)).toEqual(["answeredAt"]);
  });

  it("parses CSV with quotes and names the row and field of each bad row", () => {
    expect(parseCsv('a,"b,""c"""\r\n1,2\n')).toEqual([["a", 'b,"c"'], ["1", "2"]]);
    const csv = [
      "externalId,startedAt,answeredAt,endedAt,operator",
      "c1,2025-03-03T09:00:00+08:00,2025-03-03T09:00:10+08:00,2025-03-03T09:03:00+08:00,op1",
      "c2,2025-03-03T09:00:00+08:00,,2025-03-03T08:00:00+08:00,",
    ].join("\n");
    const { rows, problems } = readCallCsv(csv, 100);
    expect(rows).toHaveLength(1);
    expect(problems).toEqual([expect.objectContaining({ field: "rows.2.endedAt" })]);
  });
});
