import { describe, expect, it } from "vitest";
import { scoreAppraisal } from "../../src/domain/metrics/appraisal.js";
import { scoreAppraisalWithSample } from "../../src/domain/metrics/appraisal-sample.js";
import { DEFAULT_APPRAISAL_SETTINGS, type UnitMonthInput } from "../../src/domain/metrics/appraisal.types.js";

const unit = (unitId: number, volume: number, firstTimeSatisfied: number): UnitMonthInput => ({
  unitId,
  volume,
  unresponded: 0,
  processMinorFaults: 0,
  wrongfulReturns: 0,
  firstTimeSatisfied,
  redoSatisfied: 0,
  countyRedoneTwice: 0,
  cityRedoneTwice: 0,
  hardRequestFilings: 0,
  hardRequestPoorFilings: 0,
  hardRequestFalseFilings: 0,
  supervision: { city: 0, written: 0, county: 0, mediaOrDiscipline: 0 },
});

describe("appraisal minimum sample (issue 18 point 9)", () => {
  const units = [unit(1, 40, 30), unit(2, 20, 10), unit(3, 2, 2), unit(4, 0, 0)];

  it("a unit below the minimum is marked 样本不足, not ranked, and does not move the others", () => {
    const rows = scoreAppraisalWithSample("town", units, DEFAULT_APPRAISAL_SETTINGS, 5);
    const byId = new Map(rows.map((r) => [r.unitId, r]));
    expect(byId.get(3)).toMatchObject({ insufficientSample: true, rank: null });
    expect(byId.get(3)!.total).not.toBeNull(); // scored for reference
    expect(byId.get(4)).toMatchObject({ insufficientSample: false, rank: null, total: null });
    // units 1 and 2 are scored exactly as if unit 3 did not exist
    const without = scoreAppraisal("town", [units[0]!, units[1]!, units[3]!], DEFAULT_APPRAISAL_SETTINGS);
    expect(byId.get(1)!.total).toBe(without.find((r) => r.unitId === 1)!.total);
    expect(byId.get(2)!.total).toBe(without.find((r) => r.unitId === 2)!.total);
    expect(rows.map((r) => r.unitId)).toEqual([1, 2, 3, 4]);
    expect(byId.get(1)!.rank).toBe(1);
  });

  it("minimum 0 or 1 is the plain appraisal", () => {
    for (const min of [0, 1]) {
      const rows = scoreAppraisalWithSample("town", units, DEFAULT_APPRAISAL_SETTINGS, min);
      expect(rows.map(({ insufficientSample: _s, ...r }) => r)).toEqual(scoreAppraisal("town", units, DEFAULT_APPRAISAL_SETTINGS));
      expect(rows.every((r) => !r.insufficientSample)).toBe(true);
    }
  });
});
