import { describe, expect, it } from "vitest";
import { DEFAULT_METRIC_SETTINGS, FORMULA_VERSION, metricSettings } from "../../src/domain/metrics/metric-settings.js";
import { dayRangePeriod, monthPeriod } from "../../src/domain/metrics/period.js";
import { checkTargets, computeRates, emptyRateCounts, type RateCounts, type Rates, sumRateCounts } from "../../src/domain/metrics/rates.js";

/**
 * A hand-made month of one unit, ten tickets received and dispatched:
 *  - 8 non-anonymous: 6 reached, 1 deemed reached (three proper failed calls), 1 missed
 *  - signs: all 10 were due, 9 signed in time; replies: 8 due, 6 in time
 *  - follow-ups reaching the requester: 7, of which 5 say "resolved"
 *  - verdicts at the cut-off: 4 satisfied, 2 basically satisfied, 1 unsatisfied, 2 still open,
 *    1 excluded (exclusion approved before the cut-off) → 4 + 2 + 1 + 2 + 1 = 10
 *  - 4 satisfied at the first follow-up, 2 satisfied after a redo, 1 redone twice, 1 return asked
 */
function month(overrides: Partial<RateCounts> = {}): RateCounts {
  return {
    ...emptyRateCounts(),
    volume: 10,
    firstContactRequired: 8,
    firstContactByState: { reached: 6, deemed_reached: 1, missed: 1 },
    signDue: 10,
    signedOnTime: 9,
    replyDue: 8,
    repliedOnTime: 6,
    followedUp: 7,
    resolved: 5,
    satisfied: 4,
    basicallySatisfied: 2,
    unsatisfied: 1,
    unfinished: 2,
    excluded: 1,
    firstTimeSatisfied: 4,
    redoSatisfied: 2,
    redoneTwice: 1,
    returned: 1,
    signOverdue: 1,
    contactOverdue: 1,
    replyOverdue: 2,
    ...overrides,
  };
}

describe("computeRates", () => {
  const rates = computeRates(month(), DEFAULT_METRIC_SETTINGS);

  it.each([
    // [indicator, expected, worked out by hand]
    ["firstContactRate", 7 / 8, "(6 reached + 1 deemed) / 8 non-anonymous = 0.875"],
    ["onTimeSignRate", 0.9, "9 / 10"],
    ["onTimeReplyRate", 0.75, "6 / 8"],
    ["resolutionRate", 5 / 7, "5 resolved / 7 followed up"],
    ["satisfactionRate", 6 / 7, "(4 + 1.0 × 2) / (4 + 2 + 1); the excluded and the 2 open are out"],
    ["firstTimeResolutionRate", 0.4, "4 / 10: the 2 open tickets count as not satisfied"],
    ["redoSatisfiedRate", 0.2, "2 / 10"],
    ["redoRate", 0.1, "1 redone twice / 10"],
    ["returnRate", 0.1, "1 / 10"],
  ] as Array<[keyof Rates, number, string]>)("%s = %d (%s)", (indicator, expected) => {
    expect(rates[indicator]).toBeCloseTo(expected, 12);
  });

  it("reports the volume, the excluded count and the overdue counts as counts", () => {
    expect(rates.volume).toBe(10);
    expect(rates.excluded).toBe(1);
    expect(rates.overdue).toEqual({ sign: 1, contact: 1, reply: 2 });
  });

  it("weights 基本满意 by the city's setting: 0.9 gives (4 + 0.9 × 2) / 7", () => {
    const r = computeRates(month(), metricSettings({ basicSatisfiedWeight: 0.9 }));
    expect(r.satisfactionRate).toBeCloseTo(5.8 / 7, 12);
  });

  it("counts unfinished tickets as not satisfied when the policy says so: 6 / 9", () => {
    const r = computeRates(month(), metricSettings({ unfinishedCountAsUnsatisfied: true }));
    expect(r.satisfactionRate).toBeCloseTo(6 / 9, 12);
  });

  it("an approved exclusion takes an unsatisfied ticket out of the denominator: 6/8 before, 6/7 after", () => {
    const notExcluded = computeRates(month({ unsatisfied: 2, excluded: 0 }), DEFAULT_METRIC_SETTINGS);
    expect(notExcluded.satisfactionRate).toBeCloseTo(6 / 8, 12);
    expect(rates.satisfactionRate).toBeCloseTo(6 / 7, 12);
  });

  it("only counts the first-contact states the city accepts: reached only gives 6 / 8", () => {
    const r = computeRates(month(), metricSettings({ contactedStates: ["reached"] }));
    expect(r.firstContactRate).toBe(0.75);
  });

  it("gives null, not 0 or NaN, where a denominator is 0", () => {
    const r = computeRates(emptyRateCounts(), DEFAULT_METRIC_SETTINGS);
    for (const key of [
      "firstContactRate",
      "onTimeSignRate",
      "onTimeReplyRate",
      "resolutionRate",
      "satisfactionRate",
      "firstTimeResolutionRate",
      "redoSatisfiedRate",
      "redoRate",
      "returnRate",
    ] as const) {
      expect(r[key], key).toBeNull();
    }
    // anonymous-only month: volume but nobody to contact
    expect(computeRates(month({ firstContactRequired: 0, firstContactByState: {} }), DEFAULT_METRIC_SETTINGS).firstContactRate).toBeNull();
  });
});

describe("checkTargets (rule 34)", () => {
  it.each([
    // satisfied, basically, unsatisfied → satisfaction; met against 85 %
    [17, 0, 3, 0.85, true], // exactly 85 %: met, not lost to float noise
    [16, 0, 4, 0.8, false],
    [15, 3, 2, 0.9, true],
  ])("satisfaction %i+%i of %i unsatisfied → %d, met %s", (s, b, u, expected, met) => {
    const counts = { ...emptyRateCounts(), volume: s + b + u, satisfied: s, basicallySatisfied: b, unsatisfied: u };
    const check = checkTargets(computeRates(counts, DEFAULT_METRIC_SETTINGS), DEFAULT_METRIC_SETTINGS.targets);
    const sat = check.find((c) => c.indicator === "satisfactionRate");
    expect(sat?.actual).toBeCloseTo(expected, 12);
    expect(sat?.met).toBe(met);
  });

  it("first contact must be 100 %: 7 of 8 misses the target; unknown actual gives met null", () => {
    const check = checkTargets(computeRates(month(), DEFAULT_METRIC_SETTINGS), DEFAULT_METRIC_SETTINGS.targets);
    expect(check.find((c) => c.indicator === "firstContactRate")).toEqual({
      indicator: "firstContactRate",
      target: 1,
      actual: 0.875,
      met: false,
    });
    const empty = checkTargets(computeRates(emptyRateCounts(), DEFAULT_METRIC_SETTINGS), DEFAULT_METRIC_SETTINGS.targets);
    expect(empty.every((c) => c.met === null)).toBe(true);
  });

  it("uses configured targets", () => {
    const s = metricSettings({ targets: { firstContactRate: 0.8, resolutionRate: 0.7, satisfactionRate: 0.9 } });
    const check = checkTargets(computeRates(month(), s), s.targets);
    expect(check.map((c) => c.met)).toEqual([true, true, false]); // 0.875 ≥ 0.8, 0.714 ≥ 0.7, 0.857 < 0.9
  });
});

describe("sumRateCounts", () => {
  it("adds two units' months, first-contact states included", () => {
    const total = sumRateCounts([month(), month({ volume: 5, firstContactByState: { reached: 2, not_required: 3 } })]);
    expect(total.volume).toBe(15);
    expect(total.firstContactByState).toEqual({ reached: 8, deemed_reached: 1, missed: 1, not_required: 3 });
    expect(total.satisfied).toBe(8);
  });
});

describe("periods (Asia/Shanghai, half-open, end = event cut-off)", () => {
  it.each([
    ["2026-03", 1, "2026-02-28T16:00:00.000Z", "2026-03-31T16:00:00.000Z"],
    ["2026-03", 19, "2026-02-18T16:00:00.000Z", "2026-03-18T16:00:00.000Z"], // 19 Feb – 18 Mar
    ["2026-01", 19, "2025-12-18T16:00:00.000Z", "2026-01-18T16:00:00.000Z"], // crosses the year
    ["2026-12", 1, "2026-11-30T16:00:00.000Z", "2026-12-31T16:00:00.000Z"],
  ])("%s from day %i → %s .. %s", (m, day, from, to) => {
    const p = monthPeriod(m, day);
    expect(p.from.toISOString()).toBe(from);
    expect(p.to.toISOString()).toBe(to);
  });

  it("rejects a malformed month with a validation error naming the field", () => {
    expect(() => monthPeriod("2026-13")).toThrow(/month/);
    expect(() => monthPeriod("March")).toThrow(/month/);
  });

  it("a day range includes both days", () => {
    const p = dayRangePeriod("2026-03-01", "2026-03-01");
    expect(p.from.toISOString()).toBe("2026-02-28T16:00:00.000Z");
    expect(p.to.toISOString()).toBe("2026-03-01T16:00:00.000Z");
    expect(() => dayRangePeriod("2026-03-02", "2026-03-01")).toThrow(/to/);
  });

  it("names the formula version every report states", () => {
    expect(FORMULA_VERSION).toMatch(/^huying-metrics-\d+$/);
  });
});
