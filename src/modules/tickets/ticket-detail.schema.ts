import { z } from "zod";
import { CONTACT_METHODS, CONTACT_OUTCOMES, FOLLOW_UP_OUTCOMES, REPLY_RESULTS } from "../../domain/ticket/ticket.types.js";
import { ticketView } from "./ticket.schemas.js";
import { coUnitView } from "../co-units/co-unit.schemas.js";

/**
 * GET /api/tickets/:id as the OpenAPI document describes it (and so as the web is typed): the ticket,
 * its timeline and every record filed on it (use-cases/get-ticket.ts builds it). Records stay open to
 * more fields (`looseObject`); the ones named here are what clients may rely on.
 */
const time = z.string().describe("ISO 8601 time");
const decision = { status: z.string(), createdAt: time, decidedAt: time.nullable() };

export const timelineEvent = z.looseObject({
  id: z.number(),
  type: z.string().describe("a dotted event name, e.g. ticket.dispatched"),
  at: time,
  actor: z.object({ id: z.number(), name: z.string() }).nullable(),
  unitId: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
});
z.globalRegistry.add(timelineEvent, { id: "TicketEvent" });

export const contactAttemptView = z.looseObject({ id: z.number(), at: time, method: z.string().describe(CONTACT_METHODS.join(" | ")), outcome: z.string().describe(CONTACT_OUTCOMES.join(" | ")), counted: z.boolean(), note: z.string().nullable(), unitId: z.number().nullable() });
z.globalRegistry.add(contactAttemptView, { id: "ContactAttempt" });
export const returnRequestView = z.looseObject({ id: z.number(), unitId: z.number().nullable().describe("the unit that asked (null only for a request filed by the center on its behalf)"), reason: z.string(), basis: z.string().nullable(), verified: z.string().nullable(), suggestedUnitId: z.number().nullable(), late: z.boolean(), decisionNote: z.string().nullable(), ...decision });
z.globalRegistry.add(returnRequestView, { id: "ReturnRequest" });
export const extensionRequestView = z.looseObject({ id: z.number(), workingDays: z.number(), reason: z.string(), grantedDays: z.number().nullable(), ...decision });
z.globalRegistry.add(extensionRequestView, { id: "ExtensionRequest" });
export const replyView = z.looseObject({ id: z.number(), round: z.number(), content: z.string(), result: z.string().describe(REPLY_RESULTS.join(" | ")), handlerName: z.string(), leaderName: z.string(), status: z.string(), late: z.boolean(), createdAt: time, approvedAt: time.nullable() });
z.globalRegistry.add(replyView, { id: "Reply" });
export const followUpView = z.looseObject({ id: z.number(), round: z.number(), outcome: z.string().describe(FOLLOW_UP_OUTCOMES.join(" | ")), contacted: z.boolean(), informed: z.boolean(), resolved: z.boolean(), decision: z.string().nullable().describe("redo | close"), note: z.string().nullable(), at: time });
z.globalRegistry.add(followUpView, { id: "FollowUp" });
export const exclusionRequestView = z.looseObject({ id: z.number(), reasonCode: z.string(), explanation: z.string(), ...decision });
z.globalRegistry.add(exclusionRequestView, { id: "ExclusionRequest" });
export const attachmentRecordView = z.looseObject({ id: z.number(), ownerKind: z.string(), ownerId: z.number().nullable(), filename: z.string(), mime: z.string(), size: z.number(), createdAt: time });

export const ticketDetailView = ticketView.extend({
  events: z.array(timelineEvent),
  contactAttempts: z.array(contactAttemptView),
  returnRequests: z.array(returnRequestView),
  extensionRequests: z.array(extensionRequestView),
  replies: z.array(replyView),
  followUps: z.array(followUpView),
  exclusionRequests: z.array(exclusionRequestView),
  attachments: z.array(attachmentRecordView),
  /** Issue 18, rule 10: each co-unit's sign, part and own deadline. */
  coUnits: z.array(coUnitView),
});
z.globalRegistry.add(ticketDetailView, { id: "TicketDetail" });
