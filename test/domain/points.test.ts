import { describe, expect, it } from "vitest";
import { type PersonTicketOutcome, personPoints, personPointsFromCounts } from "../../src/domain/metrics/person-points.js";

const t = (resolved: boolean, satisfied: boolean, extra: Partial<PersonTicketOutcome> = {}): PersonTicketOutcome => ({
  resolved,
  satisfied,
  missingEvidence: false,
  negativeOpinion: false,
  ...extra,
});

describe("personPoints (rule 36, Beijing state-asset centre)", () => {
  it.each([
    ["double satisfied", [t(true, true)], 1],
    ["resolved but not satisfied: one no", [t(true, false)], -0.5],
    ["satisfied but not resolved: one no", [t(false, true)], -0.5],
    ["two no", [t(false, false)], -1],
    ["double satisfied but missing evidence: 1 − 0.5", [t(true, true, { missingEvidence: true })], 0.5],
    ["serious negative opinion on a two-no ticket: −1 − 3", [t(false, false, { negativeOpinion: true })], -4],
    // a month: 3 × (+1) + 1 × (−0.5) + 1 × (−1) + one missing evidence (−0.5) = 1
    ["a month of five tickets", [t(true, true), t(true, true), t(true, true, { missingEvidence: true }), t(true, false), t(false, false)], 1],
    ["nothing handled", [], 0],
  ])("%s → %d", (_name, outcomes, expected) => {
    expect(personPoints(outcomes).total).toBe(expected);
  });

  it("counts each kind so the handler sees where the points came from", () => {
    expect(personPoints([t(true, true), t(true, false), t(false, false, { missingEvidence: true, negativeOpinion: true })]).counts).toEqual({
      doubleSatisfied: 1,
      oneNo: 1,
      twoNo: 1,
      missingEvidence: 1,
      negativeOpinion: 1,
    });
  });
});

describe("personPointsFromCounts", () => {
  it("gives the same total as the ticket-by-ticket sum: 3 − 0.5 − 1 − 0.5 − 3 = −2", () => {
    expect(personPointsFromCounts({ doubleSatisfied: 3, oneNo: 1, twoNo: 1, missingEvidence: 1, negativeOpinion: 1 }).total).toBe(-2);
  });
});
