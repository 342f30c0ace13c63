import type { MetricSettings, MetricTargets } from "./metric-settings.js";

/**
 * What the SQL layer counts for one group (unit, category, region) and one period. The cohort is
 * the tickets received in the period and dispatched to a unit; every state is the state at the
 * cut-off (the end of the period), read from events with `at` before it (docs/METRICS.md).
 */
export interface RateCounts {
  /** Tickets in the cohort (承办量). */
  volume: number;
  /** Non-anonymous tickets: the ones that need a first contact (rule 4). */
  firstContactRequired: number;
  /** Of those, tickets per first-contact state at the cut-off (rule 15). */
  firstContactByState: Partial<Record<string, number>>;
  /** Tickets whose sign deadline fell before the cut-off, or that were signed. */
  signDue: number;
  /** Of those, signed before the deadline (rule 14). */
  signedOnTime: number;
  /** Tickets whose reply deadline fell before the cut-off, or that were replied. */
  replyDue: number;
  /** Of those, replied before the deadline (rule 18). */
  repliedOnTime: number;
  /** Tickets whose latest follow-up reached the requester (outcome ≠ unreachable). */
  followedUp: number;
  /** Of those, the requester said the problem was resolved (rule 34 "actual resolution"). */
  resolved: number;
  /** Verdicts at the cut-off of tickets NOT excluded from satisfaction (rule 26). */
  satisfied: number;
  /** 基本满意, including the automatic one after 5 silent working days (rule 22). */
  basicallySatisfied: number;
  unsatisfied: number;
  /** Non-excluded tickets with no verdict yet at the cut-off. */
  unfinished: number;
  /** Tickets whose exclusion was approved before the cut-off: they leave the satisfaction rate. */
  excluded: number;
  /** Closed satisfied (or basically) at the first follow-up, before any redo (一次办好, rule 35). */
  firstTimeSatisfied: number;
  /** Closed satisfied (or basically) after one or more redos (重办满意, rule 35). */
  redoSatisfied: number;
  /** Redone two or more times by the cut-off (rule 28, 35). */
  redoneTwice: number;
  /** Tickets for which the unit asked for a return (rule 16). */
  returned: number;
  /** Deadlines missed before the cut-off. */
  signOverdue: number;
  contactOverdue: number;
  replyOverdue: number;
}

/** The rates of one group; each in 0..1, null where its denominator is 0. */
export interface Rates {
  volume: number;
  firstContactRate: number | null;
  onTimeSignRate: number | null;
  onTimeReplyRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  firstTimeResolutionRate: number | null;
  redoSatisfiedRate: number | null;
  redoRate: number | null;
  returnRate: number | null;
  excluded: number;
  overdue: { sign: number; contact: number; reply: number };
}

/** A count set with every field zero, for building counts in SQL code and tests. */
export function emptyRateCounts(): RateCounts {
  return {
    volume: 0,
    firstContactRequired: 0,
    firstContactByState: {},
    signDue: 0,
    signedOnTime: 0,
    replyDue: 0,
    repliedOnTime: 0,
    followedUp: 0,
    resolved: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    unsatisfied: 0,
    unfinished: 0,
    excluded: 0,
    firstTimeSatisfied: 0,
    redoSatisfied: 0,
    redoneTwice: 0,
    returned: 0,
    signOverdue: 0,
    contactOverdue: 0,
    replyOverdue: 0,
  };
}

/** numerator / denominator, or null when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** The satisfaction denominator under the settings (docs/METRICS.md "satisfactionRate"). */
export function satisfactionDenominator(c: RateCounts, s: MetricSettings): number {
  return c.satisfied + c.basicallySatisfied + c.unsatisfied + (s.unfinishedCountAsUnsatisfied ? c.unfinished : 0);
}

/** Turns counts into rates; every formula is listed in docs/METRICS.md with its exclusions. */
export function computeRates(c: RateCounts, s: MetricSettings): Rates {
  const contacted = s.contactedStates.reduce((sum, state) => sum + (c.firstContactByState[state] ?? 0), 0);
  return {
    volume: c.volume,
    // rule 15 / 34: contacted (reached, or three proper failed calls where the city counts them) / required
    firstContactRate: ratio(contacted, c.firstContactRequired),
    onTimeSignRate: ratio(c.signedOnTime, c.signDue),
    onTimeReplyRate: ratio(c.repliedOnTime, c.replyDue),
    resolutionRate: ratio(c.resolved, c.followedUp),
    // rule 22 / 26: 基本满意 weighted by the city's setting; excluded tickets are in no bucket
    satisfactionRate: ratio(c.satisfied + s.basicSatisfiedWeight * c.basicallySatisfied, satisfactionDenominator(c, s)),
    // rule 35: over the whole volume, so tickets unfinished at the cut-off count as not satisfied
    firstTimeResolutionRate: ratio(c.firstTimeSatisfied, c.volume),
    redoSatisfiedRate: ratio(c.redoSatisfied, c.volume),
    redoRate: ratio(c.redoneTwice, c.volume),
    returnRate: ratio(c.returned, c.volume),
    excluded: c.excluded,
    overdue: { sign: c.signOverdue, contact: c.contactOverdue, reply: c.replyOverdue },
  };
}

/** One target against its actual (rule 34); `met` is null when the actual is unknown. */
export interface TargetCheck {
  indicator: keyof MetricTargets;
  target: number;
  actual: number | null;
  met: boolean | null;
}

/** Compares the three rates of rule 34 with the configured targets. */
export function checkTargets(rates: Rates, targets: MetricTargets): TargetCheck[] {
  const keys: Array<keyof MetricTargets> = ["firstContactRate", "resolutionRate", "satisfactionRate"];
  return keys.map((indicator) => {
    const actual = rates[indicator];
    // compare at 1e-9 so 0.85 computed as 17/20 is not "below" 0.85 by float noise
    return { indicator, target: targets[indicator], actual, met: actual === null ? null : actual + 1e-9 >= targets[indicator] };
  });
}

type NumericCountKey = Exclude<keyof RateCounts, "firstContactByState">;
const NUMERIC_COUNT_KEYS = Object.keys(emptyRateCounts()).filter(
  (k): k is NumericCountKey => k !== "firstContactByState",
);

/** Adds count sets (a total row over several groups). */
export function sumRateCounts(list: RateCounts[]): RateCounts {
  const total = emptyRateCounts();
  for (const c of list) {
    for (const key of NUMERIC_COUNT_KEYS) total[key] += c[key];
    for (const [state, n] of Object.entries(c.firstContactByState)) {
      total.firstContactByState[state] = (total.firstContactByState[state] ?? 0) + (n ?? 0);
    }
  }
  return total;
}
