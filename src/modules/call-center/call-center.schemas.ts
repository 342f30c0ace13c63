import { z } from "zod";
import { dbId, dbIdQuery, isoDate, isoMonth, isoTime, queryDateOrTime } from "../../http/schemas.js";
import { callCenterSettingsSchema } from "../../domain/call-center/call-center-settings.js";

/** Zod schemas of the call-center routes (docs/API.md "Call center"). */

export const recordCallBody = z.object({
  externalId: z.string().trim().min(1).max(100),
  startedAt: isoTime,
  answeredAt: isoTime.nullish(),
  endedAt: isoTime,
  operator: z.string().trim().min(1).max(100).nullish().describe("the username of the operator who answered"),
  ticketId: dbId.nullish(),
  transferred: z.boolean().optional(),
  recordingUrl: z.url({ protocol: /^https?$/ }).max(1000).nullish(),
});

const rate = z.number().nullable();
const figures = {
  offered: z.number(),
  answered: z.number(),
  answeredWithinTarget: z.number(),
  abandoned: z.number(),
  transferred: z.number(),
  connectionRate: rate.describe("接通率 = answered / offered"),
  serviceLevel: rate.describe("answered within the target seconds / offered"),
  abandonmentRate: rate,
  averageSpeedOfAnswerSeconds: rate,
  averageHandleSeconds: rate,
};
export const ratesQuery = z.object({
  from: queryDateOrTime.describe("a date (from its start, Asia/Shanghai) or a time"),
  to: queryDateOrTime.describe("a date (to its end) or a time (exclusive)"),
  interval: z.enum(["hour", "day"]).default("day"),
});
export const ratesResponse = z.object({
  from: z.string(),
  to: z.string(),
  interval: z.enum(["hour", "day"]),
  targets: z.object({ connectionRate: z.number(), answerTargetSeconds: z.number(), met: z.boolean().nullable() }),
  total: z.object(figures),
  rows: z.array(z.object({ start: z.string(), ...figures })),
});
export const operatorRatesResponse = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      operatorId: z.number(),
      operator: z.string(),
      name: z.string(),
      answered: z.number(),
      answeredWithinTarget: z.number(),
      transferred: z.number(),
      ticketsLinked: z.number(),
      averageSpeedOfAnswerSeconds: rate,
      averageHandleSeconds: rate,
    }),
  ),
});

/** Numbers in a query string; the ranges are checked by the domain (400 naming the field). */
const qNum = z.coerce.number();
export const erlangQuery = z.object({
  calls: qNum,
  intervalMinutes: qNum.optional(),
  ahtSeconds: qNum,
  targetSeconds: qNum.optional(),
  serviceLevel: qNum.optional(),
  maxOccupancy: qNum.optional(),
  shrinkage: qNum.optional(),
  patienceSeconds: qNum.optional().describe("mean caller patience: given → Erlang A (with abandonment)"),
});
export const erlangResponse = z.object({
  model: z.enum(["erlang_c", "erlang_a"]),
  trafficErlangs: z.number(),
  agents: z.number(),
  scheduledAgents: z.number(),
  serviceLevel: z.number(),
  occupancy: z.number(),
  waitProbability: z.number(),
  averageSpeedOfAnswerSeconds: z.number(),
  abandonment: z.number(),
});

export const staffingQuery = z.object({
  date: isoDate,
  serviceLevel: qNum.optional(),
  targetSeconds: qNum.optional(),
  maxOccupancy: qNum.optional(),
  shrinkage: qNum.optional(),
  patienceSeconds: qNum.optional(),
});
export const staffingResponse = z.object({
  date: z.string(),
  dayKind: z.enum(["workday", "weekend", "holiday", "makeup"]),
  model: z.enum(["erlang_c", "erlang_a"]),
  referenceDates: z.array(z.string()),
  trend: z.number(),
  serviceLevel: z.number(),
  targetSeconds: z.number(),
  intervals: z.array(
    z.object({
      start: z.string(),
      forecastCalls: z.number(),
      ahtSeconds: z.number(),
      agents: z.number(),
      scheduledAgents: z.number(),
      plannedSeats: z.number(),
      serviceLevel: z.number().nullable(),
    }),
  ),
  shifts: z.array(z.object({ start: z.string(), end: z.string(), agents: z.number() })),
});

export const settingsView = callCenterSettingsSchema;
export const settingsPatch = callCenterSettingsSchema.partial();

export const importResponse = z.object({ rows: z.number(), imported: z.number(), skipped: z.number() });

export const callListQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  operatorId: dbIdQuery.optional(),
  ticketId: dbIdQuery.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(60).optional(),
});

const score = z.number().min(0).max(100);
export const qaScores = z.object({ wording: score, tone: score, correctness: score, completeness: score });
export const sampleBody = z.object({ month: isoMonth, perOperator: z.number().int().min(1).max(200).optional(), seed: z.string().trim().min(1).max(100).optional() });
export const sampleResponse = z.object({
  month: z.string(),
  seed: z.string(),
  perOperator: z.number(),
  operators: z.number(),
  items: z.array(z.number()),
  sample: z.array(z.object({ callId: z.number(), operatorId: z.number(), shift: z.enum(["night", "day", "evening"]) })),
});
export const reviewBody = z.object({ callId: dbId, scores: qaScores, comment: z.string().trim().max(2000).nullish() });
export const reviewView = z.object({
  id: z.number(),
  callId: z.number(),
  operatorId: z.number(),
  month: z.string(),
  scores: qaScores,
  total: z.number(),
  passed: z.boolean(),
  comment: z.string().nullable(),
});
export const reviewListItem = reviewView.extend({ operator: z.string(), operatorName: z.string(), reviewerName: z.string(), createdAt: z.string(), callStartedAt: z.string() });
export const monthQuery = z.object({ month: isoMonth });
export const operatorsResponse = z.object({
  month: z.string(),
  passMark: z.number(),
  failuresToFlag: z.number(),
  rows: z.array(
    z.object({
      operatorId: z.number(),
      operator: z.string(),
      name: z.string(),
      reviews: z.number(),
      averageScore: z.number().nullable(),
      passed: z.number(),
      failed: z.number(),
      consecutiveFailures: z.number(),
      flagged: z.boolean(),
      trend: z.array(z.object({ month: z.string(), reviews: z.number(), averageScore: z.number().nullable() })),
      training: z.object({ inductionDays: z.number(), inductionComplete: z.boolean(), monthlyAttended: z.number(), monthlyHeld: z.number(), weeklyAttended: z.number(), weeklyHeld: z.number() }),
    }),
  ),
});
export const trainingBody = z.object({
  operatorId: dbId,
  kind: z.enum(["induction", "monthly", "weekly"]),
  title: z.string().trim().min(1).max(200),
  date: isoDate,
  days: z.number().int().min(1).max(60).optional(),
  attended: z.boolean(),
  note: z.string().trim().max(2000).nullish(),
});
export const trainingView = trainingBody.extend({ id: z.number(), days: z.number(), note: z.string().nullable() });
