import { z } from "zod";
import type { SupervisionAlertRow, SupervisionNoticeRow, SupervisionOrderRow, SupervisionTalkRow } from "../../db/schema.js";
import {
  ALERT_KINDS,
  ALERT_STATUSES,
  NOTICE_FORMS,
  NOTICE_KINDS,
  NOTICE_STATUSES,
  ORDER_FORMS,
  ORDER_SOURCES,
  ORDER_STATUSES,
  SEVERITIES,
  leaderContactSchema,
} from "../../domain/supervision/supervision.js";
import { dbId, dbIdQuery, isoDate, isoMonth, isoTime, queryDateOrTime } from "../../http/schemas.js";

const text = (max: number) => z.string().trim().min(1).max(max);
const time = z.string();
export const limitQuery = z.coerce.number().int().min(1).max(200).optional();
export const cursorQuery = z.string().regex(/^\d{1,10}$/, "is not a cursor this server gave out").optional();

export const alertView = z
  .object({
    id: z.number(),
    kind: z.enum(ALERT_KINDS),
    unitId: z.number().nullable(),
    ticketIds: z.array(z.number()),
    count: z.number(),
    severity: z.enum(SEVERITIES),
    label: z.string(),
    detectedAt: time,
    status: z.enum(ALERT_STATUSES),
    handledAt: time.nullable(),
    handledNote: z.string().nullable(),
  })
  .meta({ id: "SupervisionAlert" });

export const presentAlert = (r: SupervisionAlertRow): z.infer<typeof alertView> => ({
  id: r.id,
  kind: r.kind as z.infer<typeof alertView>["kind"],
  unitId: r.unit_id,
  ticketIds: r.ticket_ids,
  count: r.count,
  severity: r.severity,
  label: r.label,
  detectedAt: r.detected_at.toISOString(),
  status: r.status,
  handledAt: r.handled_at?.toISOString() ?? null,
  handledNote: r.handled_note,
});

export const alertQuery = z.object({
  from: queryDateOrTime.optional(),
  to: queryDateOrTime.optional(),
  unitId: dbIdQuery.optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  limit: limitQuery,
  cursor: cursorQuery,
});

export const petitionRiskBody = z.object({ kind: z.literal("petition_risk"), ticketId: dbId, note: z.string().trim().max(500).optional() });
export const noteBody = z.object({ note: z.string().trim().max(2000).optional() });

export const noticeView = z
  .object({
    id: z.number(),
    number: z.string(),
    kind: z.enum(NOTICE_KINDS),
    form: z.enum(NOTICE_FORMS),
    unitId: z.number(),
    status: z.enum(NOTICE_STATUSES),
    dueAt: time,
    content: z.string(),
    alertIds: z.array(z.number()),
    ticketIds: z.array(z.number()),
    issuedAt: time,
    response: z.string().nullable(),
    respondedAt: time.nullable(),
  })
  .meta({ id: "SupervisionNotice" });

export const presentNotice = (r: SupervisionNoticeRow): z.infer<typeof noticeView> => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  form: r.form,
  unitId: r.unit_id,
  status: r.status,
  dueAt: r.due_at.toISOString(),
  content: r.content,
  alertIds: r.alert_ids,
  ticketIds: r.ticket_ids,
  issuedAt: r.issued_at.toISOString(),
  response: r.response,
  respondedAt: r.responded_at?.toISOString() ?? null,
});

export const noticeBody = z.object({
  kind: z.enum(NOTICE_KINDS),
  form: z.enum(NOTICE_FORMS),
  unitId: dbId,
  alertIds: z.array(dbId).max(100).optional(),
  ticketIds: z.array(dbId).max(200).optional(),
  content: text(5000),
  dueAt: isoTime.optional(),
});
export const recordQuery = z.object({
  unitId: dbIdQuery.optional(),
  ticketId: dbIdQuery.optional(),
  status: z.string().max(20).optional(),
  limit: limitQuery,
  cursor: cursorQuery,
});
export const contentBody = z.object({ content: text(5000) });

export const orderView = z
  .object({
    id: z.number(),
    number: z.string(),
    ticketId: z.number(),
    unitId: z.number(),
    form: z.enum(ORDER_FORMS),
    source: z.enum(ORDER_SOURCES),
    requirement: z.string(),
    dueWorkingDays: z.number(),
    dueAt: time,
    status: z.enum(ORDER_STATUSES),
    createdAt: time,
    response: z.string().nullable(),
    respondedAt: time.nullable(),
    closedAt: time.nullable(),
    closingNote: z.string().nullable(),
  })
  .meta({ id: "SupervisionOrder" });

export const presentOrder = (r: SupervisionOrderRow): z.infer<typeof orderView> => ({
  id: r.id,
  number: r.number,
  ticketId: r.ticket_id,
  unitId: r.unit_id,
  form: r.form as z.infer<typeof orderView>["form"],
  source: r.source as z.infer<typeof orderView>["source"],
  requirement: r.requirement,
  dueWorkingDays: r.due_working_days,
  dueAt: r.due_at.toISOString(),
  status: r.status,
  createdAt: r.created_at.toISOString(),
  response: r.response,
  respondedAt: r.responded_at?.toISOString() ?? null,
  closedAt: r.closed_at?.toISOString() ?? null,
  closingNote: r.closing_note,
});

export const orderBody = z.object({
  ticketId: dbId,
  unitId: dbId.optional(),
  form: z.enum(ORDER_FORMS),
  source: z.enum(ORDER_SOURCES),
  requirement: text(5000),
  dueWorkingDays: z.number().int().min(1, "must be at least 1 working day: the due date cannot be in the past").max(60),
});

export const reportSectionsView = z.object({
  redoneThreePlus: z.array(z.number()),
  concentrated: z.array(z.object({ label: z.string(), ticketIds: z.array(z.number()), requesters: z.number(), unitIds: z.array(z.number()) })),
  multiUnit: z.array(z.number()),
  hotIssues: z
    .array(
      z.object({
        label: z.string().describe("place · the cluster's top words"),
        place: z.string().nullable(),
        terms: z.array(z.string()),
        ticketCount: z.number(),
        requesterCount: z.number().describe("distinct requesters (an anonymous ticket counts as one)"),
        previousCount: z.number().describe("tickets of the week before in this cluster"),
        growth: z.number().nullable().describe("(this week − previous) / previous; null when the cluster is new"),
        unitIds: z.array(z.number()),
        sampleTicketIds: z.array(z.number()),
      }),
    )
    .describe("issue 15's hot-issue clusters (issue and place) of the week, biggest first, with the trend against the week before"),
  units: z.array(
    z.object({ unitId: z.number(), unitName: z.string(), repeatedTenPlus: z.number(), overdue: z.number(), missedFirstContact: z.number(), missedSign: z.number(), missedReply: z.number() }),
  ),
  summary: z.object({ volume: z.number(), closed: z.number(), onTimeReplyRate: z.number().nullable(), satisfactionRate: z.number().nullable(), redone: z.number() }),
});
export const specialReportView = z.object({ id: z.number(), weekOf: z.string(), createdAt: time, sections: reportSectionsView }).meta({ id: "SupervisionSpecialReport" });
export const specialReportBody = z.object({ weekOf: isoDate });
export const partyReportQuery = z.object({ month: isoMonth });

export const talkView = z
  .object({
    id: z.number(),
    unitId: z.number(),
    reasons: z.array(z.string()),
    at: time,
    participants: z.array(z.string()),
    minutes: z.string().nullable(),
    rectificationDueAt: time.nullable(),
    status: z.enum(["open", "rectified", "overdue"]),
    createdAt: time,
  })
  .meta({ id: "SupervisionTalk" });
export const presentTalk = (r: SupervisionTalkRow): z.infer<typeof talkView> => ({
  id: r.id,
  unitId: r.unit_id,
  reasons: r.reasons,
  at: r.at.toISOString(),
  participants: r.participants,
  minutes: r.minutes,
  rectificationDueAt: r.rectification_due_at?.toISOString() ?? null,
  status: r.status,
  createdAt: r.created_at.toISOString(),
});
export const talkBody = z.object({
  unitId: dbId,
  reasons: z.array(text(500)).min(1).max(20),
  at: isoTime,
  participants: z.array(text(100)).min(1).max(50),
  minutes: z.string().trim().max(20_000).optional(),
  rectificationDueAt: isoTime.optional(),
});

export const evaluationView = z.object({ id: z.number(), unitId: z.number(), score: z.number(), comment: z.string().nullable(), evaluatorId: z.number(), createdAt: time }).meta({ id: "SupervisionEvaluation" });
export const evaluationBody = z.object({ unitId: dbId, score: z.number().int().min(0).max(100), comment: z.string().trim().max(2000).optional() });
export const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const leadersBody = z.object({ leaders: z.array(leaderContactSchema).max(20) });
export const leadersView = z.object({ unitId: z.number(), leaders: z.array(leaderContactSchema) });

export const progressBody = z.object({ content: text(5000) });
