import { z } from "zod";
import { dbId, isoDate, isoMonth, queryBool } from "../../http/schemas.js";
import { APPRAISAL_ENTRY_KINDS } from "./appraisal-entries.repository.js";
import { REPORT_GROUP_BYS } from "./rates.repository.js";
import { DRILL_INDICATORS } from "./report-indicators.js";

/** zod schemas of the report routes (OpenAPI is generated from them). */

export const month = isoMonth;
export const group = z.enum(["town", "department"]);
const id = z.coerce.number().int().positive().max(2_147_483_647);

/** The period and filters shared by the rates report, its drill-down and its export. */
export const ratesQuery = z.object({
  month: month.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  groupBy: z.enum(REPORT_GROUP_BYS).default("unit"),
  business: queryBool.optional(),
  categoryId: id.optional(),
  unitId: id.optional(),
  drill: z.enum(DRILL_INDICATORS).optional(),
  part: z.enum(["numerator", "denominator"]).default("numerator"),
  key: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: id.optional(),
});

/** Appraisal indicators → the rate-report condition listing their tickets. */
export const APPRAISAL_DRILLS = {
  volume: "volume",
  response: "unresponded",
  firstTimeResolution: "firstTimeResolutionRate",
  redoSatisfied: "redoSatisfiedRate",
  redo: "redoRate",
  hardRequests: "hardRequestFilings",
} as const;

export const appraisalQuery = z.object({
  month,
  group,
  drill: z.enum(Object.keys(APPRAISAL_DRILLS) as [keyof typeof APPRAISAL_DRILLS, ...Array<keyof typeof APPRAISAL_DRILLS>]).optional(),
  unitId: id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: id.optional(),
});

export const entryBody = z.object({
  month,
  unitId: dbId,
  kind: z.enum(Object.keys(APPRAISAL_ENTRY_KINDS) as [keyof typeof APPRAISAL_ENTRY_KINDS, ...Array<keyof typeof APPRAISAL_ENTRY_KINDS>]),
  count: z.number().int().min(1).max(1000).default(1),
  ticketId: dbId.optional(),
  note: z.string().max(1000).optional(),
});

export const entryView = z.object({
  id: z.number(),
  month: z.string(),
  unitId: z.number(),
  kind: z.string(),
  label: z.string(),
  count: z.number(),
  ticketId: z.number().nullable(),
  note: z.string().nullable(),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
});
z.globalRegistry.add(entryView, { id: "AppraisalEntry" });

export const tierBody = z.object({ month, unitId: dbId, tier: z.union([z.literal(10), z.literal(8), z.literal(6), z.literal(4), z.literal(2)]).nullable() });

export const yearEndBody = z.object({
  year: z.number().int().min(2000).max(2100),
  unitId: dbId,
  scores: z.object({
    office: z.number().min(0).max(10),
    knowledgeBase: z.number().min(0).max(10),
    provincialOnTime: z.number().min(0).max(10),
    provincialSatisfaction: z.number().min(0).max(20),
    followThrough: z.number().min(0).max(30),
    signOff: z.number().min(0).max(20),
  }),
});

const rate = z.number().nullable();
export const rateRow = z.looseObject({
  /** The unit's id (integer) for groupBy=unit; the category id as text, the region, the month or "all" otherwise. */
  key: z.union([z.number().int(), z.string()]),
  label: z.string(),
  volume: z.number(),
  firstContactRate: rate,
  onTimeSignRate: rate,
  onTimeReplyRate: rate,
  resolutionRate: rate,
  satisfactionRate: rate,
  firstTimeResolutionRate: rate,
  redoSatisfiedRate: rate,
  redoRate: rate,
  returnRate: rate,
  excluded: z.number(),
  overdue: z.object({ sign: z.number(), contact: z.number(), reply: z.number() }),
});
z.globalRegistry.add(rateRow, { id: "RateRow" });
const period = z.object({ label: z.string(), from: z.string(), to: z.string(), cutoff: z.string() });
const targets = z.object({ firstContactRate: z.number(), resolutionRate: z.number(), satisfactionRate: z.number() });
export const ratesReportView = z.looseObject({ formulaVersion: z.string(), period, rows: z.array(rateRow), total: rateRow, settings: z.object({ targets }).describe("the settings the report used") });
z.globalRegistry.add(ratesReportView, { id: "RatesReport" });
export const drillView = z.looseObject({
  formulaVersion: z.string(),
  indicator: z.string(),
  items: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      title: z.string(),
      receivedAt: z.string(),
      unitId: z.number().nullable(),
      unitName: z.string().nullable(),
      categoryId: z.number().nullable(),
      verdict: z.string(),
      redoCount: z.number(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
z.globalRegistry.add(drillView, { id: "DrillPage" });
const indicators = z.object({
  volume: z.number(),
  response: z.number(),
  firstTimeResolution: z.number(),
  redoSatisfied: z.number(),
  redo: z.number(),
  hardRequests: z.number(),
  supervision: z.number(),
});
export const appraisalView = z.looseObject({
  formulaVersion: z.string(),
  month: z.string(),
  group,
  rows: z.array(
    z.looseObject({
      unitId: z.number(),
      unitName: z.string(),
      rank: z.number().nullable(),
      total: z.number().nullable(),
      indicators: indicators.nullable(),
      /** Fewer tickets than the policy's appraisalMinSample: scored for reference, not ranked (issue 18 point 9). */
      insufficientSample: z.boolean().optional(),
      /** The raw rates behind the normalised scores (shown beside them). */
      values: z.record(z.string(), z.number().nullable()).optional(),
    }),
  ),
  settings: z.looseObject({ f: z.number(), townResultF: z.number(), processSpreadCap: z.number(), minSample: z.number().optional() }).optional(),
});
z.globalRegistry.add(appraisalView, { id: "AppraisalReport" });
