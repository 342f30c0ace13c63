import { describe, expect, it } from "vitest";
import { annualScore, type YearEndScores } from "../../src/domain/metrics/annual-score.js";
import { deriveVolumeTier, processScores, scoreAppraisal } from "../../src/domain/metrics/appraisal.js";
import type { UnitMonthInput } from "../../src/domain/metrics/appraisal.types.js";
import { normalisedScore } from "../../src/domain/metrics/normalised-score.js";

const noSupervision = { city: 0, written: 0, county: 0, mediaOrDiscipline: 0 };

function unit(unitId: number, o: Partial<UnitMonthInput> = {}): UnitMonthInput {
  return {
    unitId,
    volume: 100,
    unresponded: 0,
    processMinorFaults: 0,
    wrongfulReturns: 0,
    firstTimeSatisfied: 80,
    redoSatisfied: 10,
    countyRedoneTwice: 0,
    cityRedoneTwice: 0,
    hardRequestFilings: 0,
    hardRequestPoorFilings: 0,
    hardRequestFalseFilings: 0,
    supervision: noSupervision,
    ...o,
  };
}

describe("normalisedScore (rule 35)", () => {
  it.each([
    // v, min, max, weight, f, expected — worked by hand
    [0.9, 0.5, 1.0, 35, 0.8, 33.6], // (0.4/0.5 + 0.8 × 0.1/0.5) × 35 = (0.8 + 0.16) × 35
    [0.9, 0.5, 1.0, 35, 0.9, 34.3], // (0.8 + 0.9 × 0.2) × 35 = 0.98 × 35
    [1.0, 0.5, 1.0, 35, 0.8, 35], // the best gets the full weight
    [0.5, 0.5, 1.0, 35, 0.8, 28], // the worst gets f × weight = 0.8 × 35
    [0.5, 0.5, 1.0, 20, 0.9, 18], // towns' floor: 0.9 × 20
    [100, 50, 200, 10, 0.8, 8.666666666666666], // (50/150 + 0.8 × 100/150) × 10 = 26/3
    [0.7, 0.7, 0.7, 35, 0.8, 35], // max = min: everybody equal, full weight
  ])("v=%d in [%d, %d], weight %d, f %d → %d", (v, min, max, w, f, expected) => {
    expect(normalisedScore(v, min, max, w, f)).toBeCloseTo(expected, 10);
  });
});

/**
 * Three towns, worked by hand:
 *            volume unresp  0.2-faults 0.5-faults 1st-sat redo-sat county2+ city2+ filings poor  supervision
 *  T1          100     0        0         0         80      10        0       0      2      0    none
 *  T2           50     5        5         0         30      10        1       0      5      1    1 city (−0.2)
 *  T3          200    20       10         4        120      20        4       2      0      0    1 written + 1 county (−1.5)
 *
 *  volume   (min 50, max 200, f 0.8, ×10): T1 (50/150 + 0.8×100/150)×10 = 8.67, T2 8, T3 10
 *  service  rates 1.0 / 0.9 / 0.9 (×10, f 0.8): 10 / 8 / 8
 *  process  raw 5 / 4 / 1, spread 4 > 2 → 5 − (5 − r) × 2/4: 5 / 4.5 / 3
 *  response = service + process: 15 / 12.5 / 11
 *  1st-time rates 0.8 / 0.6 / 0.6 (×35, towns f 0.9): 35 / 31.5 / 31.5
 *  redo-sat rates 0.1 / 0.2 / 0.1 (×20, towns f 0.9): 18 / 20 / 18
 *  redo     T1 10; T2 (1−0.02)×5 + 5 = 9.9; T3 (1−0.02)×5 + (1−0.01)×5 = 9.85
 *  hard     shares 0.02 / 0.1 / 0 → 2×(0.1−s)/0.1 = 1.6 / 0 / 2; plus 3 / 2.5 / 3 → 4.6 / 2.5 / 5
 *  superv.  5 / 4.8 / 3.5
 *  total    96.27 / 89.2 / 88.85 → ranks 1, 2, 3
 */
const towns = [
  unit(1, { hardRequestFilings: 2 }),
  unit(2, {
    volume: 50,
    unresponded: 5,
    processMinorFaults: 5,
    firstTimeSatisfied: 30,
    redoSatisfied: 10,
    countyRedoneTwice: 1,
    hardRequestFilings: 5,
    hardRequestPoorFilings: 1,
    supervision: { ...noSupervision, city: 1 },
  }),
  unit(3, {
    volume: 200,
    unresponded: 20,
    processMinorFaults: 10,
    wrongfulReturns: 4,
    firstTimeSatisfied: 120,
    redoSatisfied: 20,
    countyRedoneTwice: 4,
    cityRedoneTwice: 2,
    supervision: { ...noSupervision, written: 1, county: 1 },
  }),
];

describe("scoreAppraisal: towns", () => {
  const rows = scoreAppraisal("town", towns);

  it("scores every indicator as worked out by hand", () => {
    expect(rows.map((r) => [r.unitId, r.rank, r.total])).toEqual([
      [1, 1, 96.27],
      [2, 2, 89.2],
      [3, 3, 88.85],
    ]);
    expect(rows[0].indicators).toEqual({
      volume: 8.67,
      response: 15,
      firstTimeResolution: 35,
      redoSatisfied: 18,
      redo: 10,
      hardRequests: 4.6,
      supervision: 5,
    });
    expect(rows[1].indicators).toEqual({
      volume: 8,
      response: 12.5,
      firstTimeResolution: 31.5,
      redoSatisfied: 20,
      redo: 9.9,
      hardRequests: 2.5,
      supervision: 4.8,
    });
    expect(rows[2].indicators).toEqual({
      volume: 10,
      response: 11,
      firstTimeResolution: 31.5,
      redoSatisfied: 18,
      redo: 9.85,
      hardRequests: 5,
      supervision: 3.5,
    });
  });

  it("shows the raw values behind the scores", () => {
    expect(rows[2].values).toMatchObject({ volume: 200, serviceRate: 0.9, processScore: 3, countyRedoRate: 0.02, cityRedoRate: 0.01 });
    expect(rows[0].values.volumeTier).toBeNull();
  });

  it("lists a zero-volume unit unranked, and it does not move the others' scores", () => {
    const withEmpty = scoreAppraisal("town", [...towns, unit(9, { volume: 0, firstTimeSatisfied: 0, redoSatisfied: 0 })]);
    expect(withEmpty.slice(0, 3)).toEqual(rows);
    expect(withEmpty[3]).toMatchObject({ unitId: 9, rank: null, total: null, indicators: null });
  });

  it("gives everybody the full weight when all units are equal (max = min): 100 each, shared rank 1", () => {
    const equal = scoreAppraisal("town", [unit(1), unit(2)]);
    expect(equal.map((r) => [r.rank, r.total])).toEqual([
      [1, 100],
      [1, 100],
    ]);
  });

  it("ranks ties alike and skips the next rank (1, 1, 3)", () => {
    const tied = scoreAppraisal("town", [unit(5), unit(4), unit(6, { supervision: { ...noSupervision, mediaOrDiscipline: 1 } })]);
    expect(tied.map((r) => [r.unitId, r.rank, r.total])).toEqual([
      [4, 1, 100],
      [5, 1, 100],
      [6, 3, 95],
    ]);
  });

  it("never takes supervision or hard-request quality below 0", () => {
    const r = scoreAppraisal("town", [
      unit(1, { hardRequestFalseFilings: 7, supervision: { city: 10, written: 10, county: 10, mediaOrDiscipline: 2 } }),
    ]);
    expect(r[0].indicators?.supervision).toBe(0);
    expect(r[0].indicators?.hardRequests).toBe(2); // share part 2 (alone: max = min), quality 0
  });

  it("rejects counts larger than the volume", () => {
    expect(() => scoreAppraisal("town", [unit(1, { volume: 10, firstTimeSatisfied: 11 })])).toThrow(/firstTimeSatisfied/);
    expect(() => scoreAppraisal("town", [unit(1, { volume: -1 })])).toThrow(/volume/);
  });
});

describe("scoreAppraisal: departments", () => {
  /**
   * The same three units as departments. Tiers from volume rank (200, 100, 50 of 3 units):
   * T3 none above → 10; T1 one above → band ⌊5/3⌋ = 1 → 8; T2 two above → ⌊10/3⌋ = 3 → 4.
   * Results use f = 0.8: T2, T3 1st-time 0.8 × 35 = 28; T1, T3 redo-satisfied 0.8 × 20 = 16.
   * Hard-request shares are compared within a tier; each unit is alone in its tier → 2 each.
   *  T1: 8 + 15 + 35 + 16 + 10 + (2 + 3) + 5 = 94
   *  T2: 4 + 12.5 + 28 + 20 + 9.9 + (2 + 2.5) + 4.8 = 83.7
   *  T3: 10 + 11 + 28 + 16 + 9.85 + (2 + 3) + 3.5 = 83.35
   */
  it("uses volume tiers and f = 0.8 for results", () => {
    const rows = scoreAppraisal("department", towns);
    expect(rows.map((r) => [r.unitId, r.rank, r.total, r.indicators?.volume])).toEqual([
      [1, 1, 94, 8],
      [2, 2, 83.7, 4],
      [3, 3, 83.35, 10],
    ]);
  });

  it("a tier the center set wins over the derived one", () => {
    const rows = scoreAppraisal("department", [unit(1, { volumeTier: 2 }), unit(2, { volume: 10, firstTimeSatisfied: 8, redoSatisfied: 1 })]);
    expect(rows.find((r) => r.unitId === 1)?.indicators?.volume).toBe(2);
    expect(rows.find((r) => r.unitId === 2)?.indicators?.volume).toBe(6); // one unit above of 2 → band ⌊5/2⌋ = 2 → 6
  });

  it.each([
    [[50, 40, 30, 20, 10], [10, 8, 6, 4, 2]],
    [[50, 50, 10], [10, 10, 4]], // ties share the higher band; two above of 3 → ⌊10/3⌋ = 3 → 4
    [[7], [10]],
  ])("derives tiers from volumes %j → %j", (volumes, tiers) => {
    expect(volumes.map((v) => deriveVolumeTier(v, volumes))).toEqual(tiers);
  });
});

describe("processScores (spread capped at 2)", () => {
  it.each([
    [[5, 4, 3.5], [5, 4, 3.5]], // spread 1.5 ≤ 2: unchanged
    [[5, 4, 1], [5, 4.5, 3]], // squeezed: 5 − (5 − r) × 2/4
    [[4.8, 0.8], [4.8, 2.8]],
  ])("%j → %j", (raw, expected) => {
    processScores(raw, 2).forEach((s, i) => expect(s).toBeCloseTo(expected[i], 10));
  });
});

describe("annualScore (80 % monthly average + 20 % year-end items)", () => {
  const yearEnd: YearEndScores = {
    office: 10,
    knowledgeBase: 8,
    provincialOnTime: 9,
    provincialSatisfaction: 18,
    followThrough: 25,
    signOff: 10,
  }; // 80

  it.each([
    // months, expected total — (avg × 0.8 + 80 × 0.2)
    [[96.27, 89.2], 90.19], // avg 92.735 → 74.188 + 16 = 90.188
    [[90, null, 100], 92], // the unranked month is left out: avg 95 → 76 + 16
    [[100], 96],
  ])("%j → %d", (months, total) => {
    expect(annualScore(months, yearEnd).total).toBe(total);
  });

  it("has no annual score for a unit never ranked, but shows the year-end points", () => {
    expect(annualScore([null, null], yearEnd)).toEqual({ monthlyAverage: null, yearEndTotal: 80, total: null });
  });

  it("rejects a year-end item above its maximum", () => {
    expect(() => annualScore([90], { ...yearEnd, knowledgeBase: 11 })).toThrow(/knowledgeBase/);
  });
});
