import { invalid } from "../errors.js";
import { normalisedScore, round2 } from "./normalised-score.js";
import {
  type AppraisalGroup,
  type AppraisalRow,
  type AppraisalSettings,
  DEFAULT_APPRAISAL_SETTINGS,
  type UnitMonthInput,
  type VolumeTier,
} from "./appraisal.types.js";

/** Weights of the seven daily indicators, 100 points in all (docs/RULES.md rule 35, seed 004 §三(一)). */
export const APPRAISAL_WEIGHTS = {
  volume: 10,
  service: 10,
  process: 5,
  firstTimeResolution: 35,
  redoSatisfied: 20,
  countyRedo: 5,
  cityRedo: 5,
  hardRequestShare: 2,
  hardRequestQuality: 3,
  supervision: 5,
} as const;

/** Points off per fault (seed 004 items 2.2, 6.2, 7). */
export const APPRAISAL_DEDUCTIONS = {
  processMinor: 0.2,
  wrongfulReturn: 0.5,
  poorFiling: 0.5,
  falseFiling: 1,
  citySupervision: 0.2,
  writtenOrder: 0.5,
  countySupervision: 1,
  mediaOrDiscipline: 5,
} as const;

const TIERS: readonly VolumeTier[] = [10, 8, 6, 4, 2];

function minMax(values: number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Department volume tier (rule 35: 10/8/6/4/2, "divided by the center"). A tier the center set wins;
 * otherwise units are split into five equal bands by volume rank, ties sharing the higher band.
 */
export function deriveVolumeTier(volume: number, allVolumes: number[]): VolumeTier {
  const above = allVolumes.filter((v) => v > volume).length;
  const band = Math.min(4, Math.floor((above * 5) / allVolumes.length));
  return TIERS[band];
}

/**
 * Handling-process scores (item 2.2): 5 minus 0.2 / 0.5 per fault, never below 0; when the best and
 * the worst differ by more than the cap (2 points), the scores are squeezed linearly into
 * [best − cap, best], keeping the order and the proportions (docs/METRICS.md).
 */
export function processScores(raw: number[], cap: number): number[] {
  if (raw.length === 0) return [];
  const { min, max } = minMax(raw);
  if (max - min <= cap) return raw;
  return raw.map((r) => max - ((max - r) * cap) / (max - min));
}

/** Share part of hard-request handling (item 6.1): the highest filing share 0, the lowest 2, linear. */
export function hardRequestShareScore(share: number, shares: number[]): number {
  const { min, max } = minMax(shares);
  if (max === min) return APPRAISAL_WEIGHTS.hardRequestShare;
  return (APPRAISAL_WEIGHTS.hardRequestShare * (max - share)) / (max - min);
}

/** Supervision (item 7): 5 minus the stacked deductions, never below 0. */
export function supervisionScore(s: UnitMonthInput["supervision"]): number {
  const d = APPRAISAL_DEDUCTIONS;
  const off = d.citySupervision * s.city + d.writtenOrder * s.written + d.countySupervision * s.county + d.mediaOrDiscipline * s.mediaOrDiscipline;
  return Math.max(0, APPRAISAL_WEIGHTS.supervision - off);
}

function validate(u: UnitMonthInput): void {
  const counts: Array<[string, number]> = [
    ["volume", u.volume],
    ["unresponded", u.unresponded],
    ["firstTimeSatisfied", u.firstTimeSatisfied],
    ["redoSatisfied", u.redoSatisfied],
    ["countyRedoneTwice", u.countyRedoneTwice],
    ["cityRedoneTwice", u.cityRedoneTwice],
    ["hardRequestFilings", u.hardRequestFilings],
  ];
  for (const [field, n] of counts) {
    if (!Number.isInteger(n) || n < 0) throw invalid(field, `unit ${u.unitId}: must be a whole number ≥ 0`);
    if (field !== "volume" && n > u.volume) throw invalid(field, `unit ${u.unitId}: larger than the volume`);
  }
}

/**
 * Scores and ranks one group (towns or departments, never mixed) for one month, by the 100-point
 * method of docs/RULES.md rule 35. Units with zero volume have no rates: they are listed unranked and
 * left out of every min/max, so they do not move anybody else's score.
 */
export function scoreAppraisal(
  group: AppraisalGroup,
  units: UnitMonthInput[],
  settings: AppraisalSettings = DEFAULT_APPRAISAL_SETTINGS,
): AppraisalRow[] {
  units.forEach(validate);
  const W = APPRAISAL_WEIGHTS;
  const D = APPRAISAL_DEDUCTIONS;
  const rated = units.filter((u) => u.volume > 0);
  const resultF = group === "town" ? settings.townResultF : settings.f;

  const volumes = rated.map((u) => u.volume);
  const serviceRates = rated.map((u) => (u.volume - u.unresponded) / u.volume);
  const firstRates = rated.map((u) => u.firstTimeSatisfied / u.volume);
  const redoRates = rated.map((u) => u.redoSatisfied / u.volume);
  const shares = rated.map((u) => u.hardRequestFilings / u.volume);
  const tiers = rated.map((u) => (group === "department" ? u.volumeTier ?? deriveVolumeTier(u.volume, volumes) : null));
  const process = processScores(
    rated.map((u) => Math.max(0, W.process - D.processMinor * u.processMinorFaults - D.wrongfulReturn * u.wrongfulReturns)),
    settings.processSpreadCap,
  );
  const volumeRange = volumes.length ? minMax(volumes) : { min: 0, max: 0 };
  const serviceRange = serviceRates.length ? minMax(serviceRates) : { min: 0, max: 0 };
  const firstRange = firstRates.length ? minMax(firstRates) : { min: 0, max: 0 };
  const redoRange = redoRates.length ? minMax(redoRates) : { min: 0, max: 0 };

  const scored: AppraisalRow[] = rated.map((u, i) => {
    const tier = tiers[i];
    // item 6.1: departments are compared within their volume tier ("根据工单承办量分段计分")
    const peerShares = tier === null ? shares : shares.filter((_, j) => tiers[j] === tier);
    const serviceScore = normalisedScore(serviceRates[i], serviceRange.min, serviceRange.max, W.service, settings.f);
    const countyRedoRate = u.countyRedoneTwice / u.volume;
    const cityRedoRate = u.cityRedoneTwice / u.volume;
    const indicators = {
      volume: round2(tier ?? normalisedScore(u.volume, volumeRange.min, volumeRange.max, W.volume, settings.f)),
      response: round2(serviceScore + process[i]),
      firstTimeResolution: round2(normalisedScore(firstRates[i], firstRange.min, firstRange.max, W.firstTimeResolution, resultF)),
      redoSatisfied: round2(normalisedScore(redoRates[i], redoRange.min, redoRange.max, W.redoSatisfied, resultF)),
      // item 5: (100% − share redone 2+ times) × 5, county and city separately
      redo: round2((1 - countyRedoRate) * W.countyRedo + (1 - cityRedoRate) * W.cityRedo),
      hardRequests: round2(
        hardRequestShareScore(shares[i], peerShares) +
          Math.max(0, W.hardRequestQuality - D.poorFiling * u.hardRequestPoorFilings - D.falseFiling * u.hardRequestFalseFilings),
      ),
      supervision: round2(supervisionScore(u.supervision)),
    };
    const total = round2(Object.values(indicators).reduce((a, b) => a + b, 0));
    return {
      unitId: u.unitId,
      rank: null,
      total,
      indicators,
      values: {
        volume: u.volume,
        volumeTier: tier,
        serviceRate: serviceRates[i],
        serviceScore: round2(serviceScore),
        processScore: round2(process[i]),
        firstTimeResolutionRate: firstRates[i],
        redoSatisfiedRate: redoRates[i],
        countyRedoRate,
        cityRedoRate,
        hardRequestShare: shares[i],
      },
    };
  });

  // competition ranking on the published (two-decimal) total: 1, 2, 2, 4; ties listed by unit id
  for (const row of scored) row.rank = 1 + scored.filter((o) => (o.total ?? 0) > (row.total ?? 0)).length;
  scored.sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || a.unitId - b.unitId);

  const unrated: AppraisalRow[] = units
    .filter((u) => u.volume === 0)
    .sort((a, b) => a.unitId - b.unitId)
    .map((u) => ({
      unitId: u.unitId,
      rank: null,
      total: null,
      indicators: null,
      values: {
        volume: 0,
        volumeTier: null,
        serviceRate: null,
        serviceScore: null,
        processScore: null,
        firstTimeResolutionRate: null,
        redoSatisfiedRate: null,
        countyRedoRate: null,
        cityRedoRate: null,
        hardRequestShare: null,
      },
    }));
  return [...scored, ...unrated];
}
