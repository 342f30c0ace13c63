/**
 * The time-limit policy: one versioned settings object that admins edit (PUT /api/policy). Cities
 * differ, so every limit is a setting (docs/RULES.md preamble); presets.ts ships each city's variant.
 * docs/POLICIES.md describes every field.
 */
import { z } from "zod";
import { invalid } from "../errors.js";
import type { Urgency } from "../ticket/ticket.types.js";
import { URGENCIES } from "../ticket/ticket.types.js";
import type { CountingMode } from "../calendar/calendar.js";
import { DEFAULT_SUPERVISION, supervisionSettingsSchema, type SupervisionSettings } from "../supervision/supervision.js";

export type { Urgency } from "../ticket/ticket.types.js";
export { URGENCIES } from "../ticket/ticket.types.js";

/** A time limit: N working days, or wall-clock hours. `{hours: 0}` means "at once" (rule 14): `atOnceMinutes`. */
export type Limit = { workingDays: number } | { hours: number };

/** Settings the metrics reports read (docs/METRICS.md owns their meaning). */
export interface SatisfactionSettings {
  /** Weight of 基本满意 in the satisfaction rate, e.g. 1.0 or 0.9. */
  basicallySatisfiedWeight: number;
  /** Reporting period: calendar month, or the 19th to the 18th. */
  period: "calendar_month" | "19th_to_18th";
  /** docs/RULES.md rule 34 targets, shown against the actuals (0..1). */
  targets: { firstContactRate: number; resolutionRate: number; satisfactionRate: number };
}

export interface PolicySettings {
  /** How working-day limits are counted (docs/API.md). */
  countingMode: CountingMode;
  /** Rule 14: sign within 1 working day, urgent at once; rule 8: special 2 h, special-urgent 1 h. */
  sign: Record<Urgency, Limit>;
  /** Rule 15: first contact within 1 working day; rule 8's "initial response" for special levels. */
  firstContact: Record<Urgency, Limit>;
  /**
   * Rule 14 "urgent: sign at once": the minutes an "at once" limit (`{hours: 0}`) allows, so an urgent
   * ticket is not overdue the moment it is dispatched (issue 12). Default 30.
   */
  atOnceMinutes: number;
  /** Rule 18: reply (completion) — ordinary 5 working days, urgent 2. */
  reply: Record<Urgency, Limit>;
  /** Rule 8: progress report for the special levels; null = none required. */
  progress: { special: Limit | null; special_urgent: Limit | null };
  /** Rule 16: the return window, counted from dispatch (Qingpu, Linshu) or from sign (Chengdu). */
  returnWindow: { limit: Limit; from: "dispatch" | "sign" };
  /** Whether a return under review stops the unit's clocks (default false: rule 16, a late return is overdue). */
  returnStopsClock: boolean;
  /** Rule 22: no evaluation within this limit after the reply → closed as basically satisfied. */
  autoClose: Limit;
  /** Rule 18 (Ankang) 预警催办: warn at these fractions of a limit and these hours before it ends. */
  warnings: { fractions: number[]; hoursBefore: number[] };
  /** Rule 15 (Qingpu): `count` failed calls, each ≥ `minGapMinutes` after the previous, count as contacted. */
  failedCalls: { count: number; minGapMinutes: number };
  /** Rule 17 (Linshu): a reply waits for the unit leader's sign-off (status reply_review). */
  replySignOff: boolean;
  /** Rule 4 (Linshu): non-anonymous tickets must get first contact. */
  firstContactRequired: boolean;
  /** Report settings (rule 34 targets, 基本满意 weight, period); optional for older versions. */
  satisfaction?: SatisfactionSettings;
  /** Data protection: years after closure when the requester's name and phone are anonymised (retention job). */
  retentionYears?: number;
  /** Supervision 督办 thresholds, windows and linkage contacts (issue 13, docs/SUPERVISION.md); optional for older versions. */
  supervision?: SupervisionSettings;
  /**
   * Appraisal (issue 18 point 9): a unit with fewer tickets than this in the month is marked 样本不足 —
   * scored, but not ranked. Optional for older versions (default DEFAULT_APPRAISAL_MIN_SAMPLE).
   */
  appraisalMinSample?: number;
  /**
   * Issue 18 point 7 (docs/WORKDAY.md, rules 4 and 15): refuse a reply while first contact is still pending —
   * anonymous requesters need none; "deemed reached" after the failed calls counts; once the contact window has
   * passed (missed) the reply is taken and the miss counts against the unit. Absent = the default, true.
   */
  replyNeedsFirstContact?: boolean;
  /** Issue 18, rule 10: a co-unit's part is due this long after it was given the ticket. Absent = 3 working days. */
  coUnitPart?: Limit;
  /** Issue 15: repeat detection's window and the rising-cluster early warning (docs/SUGGESTIONS.md); optional for older versions. */
  repeats?: RepeatSettings;
}

export interface RepeatSettings {
  /** Candidates for a repeat are tickets received within this many days. */
  windowDays: number;
  /** A hot-issue cluster rises when it grows by this share week on week (0.5 = +50 %)… */
  risingGrowth: number;
  /** …and has at least this many tickets this week. */
  risingMinCount: number;
}

export const DEFAULT_REPEATS: RepeatSettings = { windowDays: 30, risingGrowth: 0.5, risingMinCount: 5 };

/** The policy's repeat settings, or the defaults for a version that predates them. */
export function repeatSettings(p: Pick<PolicySettings, "repeats">): RepeatSettings {
  return p.repeats ?? DEFAULT_REPEATS;
}

/** The minimum monthly sample of the appraisal when the policy is silent (docs/WORKDAY.md "Part B"). */
export const DEFAULT_APPRAISAL_MIN_SAMPLE = 5;

/** The co-unit part's limit when the policy names none (docs/WORKDAY.md). */
export const DEFAULT_CO_UNIT_PART: Limit = { workingDays: 3 };

const MAX_WORKING_DAYS = 60;
/** "At once" when a city's source gives no number (docs/POLICIES.md). */
export const DEFAULT_AT_ONCE_MINUTES = 30;
const MAX_HOURS = 24 * 60;

/** One limit; strict, so `{workingDays: 1, hours: 2}` or `{days: 1}` is refused. */
export const limitSchema: z.ZodType<Limit> = z.union([
  z.strictObject({ workingDays: z.number().int().min(1).max(MAX_WORKING_DAYS) }),
  z.strictObject({ hours: z.number().min(0).max(MAX_HOURS) }),
]);

const perUrgency = z.strictObject(
  Object.fromEntries(URGENCIES.map((u) => [u, limitSchema])) as Record<Urgency, typeof limitSchema>,
);

const rate = z.number().min(0).max(1);

const distinct = (xs: number[]): boolean => new Set(xs).size === xs.length;

/** The whole policy, strict: unknown keys and out-of-range values are refused, naming the field. */
export const policySettingsSchema: z.ZodType<PolicySettings> = z.strictObject({
  countingMode: z.enum(["end_of_day", "elapsed"]),
  sign: perUrgency,
  firstContact: perUrgency,
  // optional in a request for clients that predate it; stored versions all carry it (migration 0018)
  atOnceMinutes: z.number().int().min(1).max(24 * 60).default(DEFAULT_AT_ONCE_MINUTES),
  reply: perUrgency,
  progress: z.strictObject({ special: limitSchema.nullable(), special_urgent: limitSchema.nullable() }),
  returnWindow: z.strictObject({ limit: limitSchema, from: z.enum(["dispatch", "sign"]) }),
  returnStopsClock: z.boolean(),
  autoClose: limitSchema,
  warnings: z.strictObject({
    fractions: z.array(z.number().gt(0).lt(1)).max(5).refine(distinct, "must not repeat a value"),
    hoursBefore: z.array(z.number().gt(0).max(MAX_HOURS)).max(5).refine(distinct, "must not repeat a value"),
  }),
  failedCalls: z.strictObject({
    count: z.number().int().min(1).max(10),
    minGapMinutes: z.number().int().min(0).max(24 * 60),
  }),
  replySignOff: z.boolean(),
  firstContactRequired: z.boolean(),
  satisfaction: z
    .strictObject({
      basicallySatisfiedWeight: rate,
      period: z.enum(["calendar_month", "19th_to_18th"]),
      targets: z.strictObject({ firstContactRate: rate, resolutionRate: rate, satisfactionRate: rate }),
    })
    .optional(),
  retentionYears: z.number().int().min(1).max(100).optional(),
  supervision: supervisionSettingsSchema.optional(),
  appraisalMinSample: z.number().int().min(0).max(1000).optional(),
  replyNeedsFirstContact: z.boolean().optional(),
  coUnitPart: limitSchema.optional(),
  repeats: z
    .strictObject({
      windowDays: z.number().int().min(1).max(365),
      risingGrowth: z.number().min(0).max(100),
      risingMinCount: z.number().int().min(1).max(10_000),
    })
    .optional(),
});

/**
 * The documented default (docs/POLICIES.md "Default"): the rule book's general limits. A preset
 * changes only what its city's source says.
 */
export const DEFAULT_POLICY: PolicySettings = {
  countingMode: "end_of_day",
  sign: {
    ordinary: { workingDays: 1 }, // rule 14
    urgent: { hours: 0 }, // rule 14: urgent at once
    special: { hours: 2 }, // rule 8: initial response within 2 h
    special_urgent: { hours: 1 }, // rule 8: initial response within 1 h
  },
  firstContact: {
    ordinary: { workingDays: 1 }, // rule 15
    urgent: { workingDays: 1 }, // rule 15
    special: { hours: 2 }, // rule 8
    special_urgent: { hours: 1 }, // rule 8
  },
  atOnceMinutes: DEFAULT_AT_ONCE_MINUTES, // rule 14 "at once": no source gives minutes
  reply: {
    ordinary: { workingDays: 5 }, // rule 18
    urgent: { workingDays: 2 }, // rules 8, 18
    special: { workingDays: 5 }, // sources silent: the general limit, with progress reports (rule 8)
    special_urgent: { workingDays: 5 }, // idem
  },
  progress: { special: { workingDays: 3 }, special_urgent: { workingDays: 2 } }, // rule 8
  returnWindow: { limit: { workingDays: 1 }, from: "dispatch" }, // rule 16 (Qingpu, Linshu)
  returnStopsClock: false, // rule 16: a late return counts as overdue, so the clock keeps running
  autoClose: { workingDays: 5 }, // rule 22
  warnings: { fractions: [0.75], hoursBefore: [4] }, // rule 18 预警催办
  failedCalls: { count: 3, minGapMinutes: 60 }, // rule 15
  replySignOff: false, // rule 17 is Linshu's and Qingpu's practice: a preset turns it on
  firstContactRequired: true, // rule 4
  satisfaction: {
    basicallySatisfiedWeight: 1,
    period: "calendar_month",
    targets: { firstContactRate: 1, resolutionRate: 0.85, satisfactionRate: 0.85 }, // rule 34
  },
  retentionYears: 5, // sources silent: docs/POLICIES.md, docs/SECURITY.md "Retention"
  supervision: DEFAULT_SUPERVISION, // rules 28–32: docs/SUPERVISION.md
  appraisalMinSample: DEFAULT_APPRAISAL_MIN_SAMPLE, // sources silent: docs/WORKDAY.md "Part B"
  replyNeedsFirstContact: true, // rules 4 and 15: first contact comes before the reply (issue 18 point 7)
};

/**
 * Validates untrusted settings (an admin's PUT /api/policy body, a stored JSON row). Throws
 * VALIDATION_FAILED naming the first bad field as a dotted path, e.g. `reply.urgent.workingDays`.
 */
export function parsePolicySettings(input: unknown): PolicySettings {
  const result = policySettingsSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : "settings";
  throw invalid(field, issue?.message ?? "invalid policy");
}

/** A limit in words, for the UI and the docs: "立即", "2 小时", "5 个工作日". */
export function describeLimit(limit: Limit): string {
  if ("workingDays" in limit) return `${limit.workingDays} 个工作日`;
  return limit.hours === 0 ? "立即" : `${limit.hours} 小时`;
}

/** The wall-clock hours a limit in hours allows: "at once" (0) is the policy's `atOnceMinutes`. */
export function limitHours(p: Pick<PolicySettings, "atOnceMinutes">, hours: number): number {
  return hours === 0 ? (p.atOnceMinutes ?? DEFAULT_AT_ONCE_MINUTES) / 60 : hours;
}

/** A deep copy, so a preset or the default is never mutated by a caller. */
export function clonePolicy(p: PolicySettings): PolicySettings {
  return structuredClone(p);
}
