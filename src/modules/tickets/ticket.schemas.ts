import { z } from "zod";
import { CHANNELS, CLOSURE_KINDS, FIRST_CONTACT_STATES, TICKET_ACTIONS, TICKET_STATUSES, URGENCIES } from "../../domain/ticket/ticket.types.js";
import { dbIdQuery, isoTime, queryBool, queryDateOrTime } from "../../http/schemas.js";
import { DomainError, invalid } from "../../domain/errors.js";
import { dbId } from "../../http/schemas.js";

/** zod schemas of the ticket API; the OpenAPI document is generated from these. */

const time = z.string().describe("ISO 8601 time");
export const ticketView = z.object({
  id: z.number(),
  number: z.string().describe("e.g. 20251014-000123"),
  status: z.enum(TICKET_STATUSES),
  urgency: z.enum(URGENCIES),
  channel: z.enum(CHANNELS),
  title: z.string(),
  content: z.string(),
  business: z.boolean(),
  address: z.string().nullable(),
  externalRef: z.string().nullable(),
  requester: z.object({ name: z.string().nullable(), phone: z.string().nullable().describe("masked (138****5678) for roles without the right"), anonymous: z.boolean() }),
  categoryId: z.number().nullable(),
  receivedAt: time,
  createdAt: time,
  leadUnitId: z.number().nullable(),
  coUnitIds: z.array(z.number()),
  dispatchMode: z.string().nullable(),
  dispatchedAt: time.nullable(),
  signedAt: time.nullable(),
  repliedAt: time.nullable(),
  redoCount: z.number(),
  version: z.number(),
  policyVersion: z.number().nullable(),
  deadlines: z.object({ signDueAt: time.nullable(), contactDueAt: time.nullable(), replyDueAt: time.nullable(), progressDueAt: time.nullable(), autoCloseAt: time.nullable() }),
  overdue: z.object({ sign: z.boolean(), contact: z.boolean(), reply: z.boolean(), progress: z.boolean() }),
  firstContact: z.object({ state: z.enum(FIRST_CONTACT_STATES), at: time.nullable() }),
  closure: z.object({ kind: z.enum(CLOSURE_KINDS), at: time.nullable(), remark: z.string().nullable() }).nullable(),
  excludedFromSatisfaction: z.boolean(),
  pendingExtension: z.boolean(),
  pendingExclusion: z.boolean(),
  flaggedNoChange: z.boolean(),
  repeatOf: z.number().nullable().describe("the open ticket this one repeats"),
  repeatCount: z.number().describe("tickets merged into or linked to this one"),
  mergedInto: z.number().nullable(),
  assignedSectionId: z.number().nullable().describe("the section (科室) of the lead unit holding the ticket (issue 18)"),
  assignedUserId: z.number().nullable().describe("the handler of the lead unit holding the ticket (issue 18)"),
  allowedActions: z.array(z.enum(TICKET_ACTIONS)),
});
z.globalRegistry.add(ticketView, { id: "Ticket" });

/** A created record plus the ticket after the change (docs/API.md: 201 {id, …record, ticket}). */
export const recordWithTicket = z.looseObject({ id: z.number(), ticket: ticketView });

export const ticketIdParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const requestParams = ticketIdParams.extend({ requestId: z.coerce.number().int().positive().max(2_147_483_647) });
export const replyParams = ticketIdParams.extend({ replyId: z.coerce.number().int().positive().max(2_147_483_647) });

const text = (max: number) => z.string().trim().min(1).max(max);

export const createTicketBody = z.object({
  channel: z.enum(CHANNELS),
  requester: z.object({
    name: z.string().trim().max(100).nullish(),
    phone: z.string().trim().regex(/^[0-9+\-() ]{3,30}$/, "digits only").nullish(),
    anonymous: z.boolean().optional(),
  }),
  title: text(200),
  content: text(20_000),
  categoryId: dbId.nullish(),
  address: z.string().trim().max(500).nullish(),
  urgency: z.enum(URGENCIES).optional(),
  business: z.boolean().optional(),
  receivedAt: isoTime.optional().describe("when the request came in: from 2000-01-01 to 5 minutes ahead of the server clock"),
  answeredDirectly: z.boolean().optional(),
  knowledgeEntryId: dbId.optional().describe("answered on the call from this knowledge entry (with answeredDirectly; counted as the entry's use)"),
  externalRef: z.string().trim().max(100).nullish(),
  callId: dbId.nullish().describe("the call this request came in on (the CTI pop-up's /intake?callId=): the call is linked to the ticket"),
  repeatOf: dbId.nullish().describe("issue 15: the open ticket this request repeats (GET /api/tickets/:id/similar finds candidates)"),
});

/** Parses If-Match ("3", "\"3\"", W/"3"); 400 when it is not a version. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const raw = (Array.isArray(header) ? header[0] : header)?.trim() ?? "";
  if (raw === "*" || raw === "") return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(raw);
  if (!m) throw invalid("If-Match", "must be the ticket's version number");
  return Number(m[1]);
}

export function assertNever(x: never): never {
  throw new DomainError("VALIDATION_FAILED", `unexpected ${String(x)}`);
}

export { text };

/** The ticket list's filters (docs/API.md), shared by the list and the exports. */
export const ticketFilterQuery = z.object({
  status: z.string().max(200).optional().describe("a status or a comma list"),
  unitId: dbIdQuery.optional(),
  leadUnitId: dbIdQuery.optional(),
  overdue: queryBool.optional(),
  q: z.string().max(100).optional(),
  phone: z.string().max(30).optional(),
  categoryId: dbIdQuery.optional(),
  assignedUserId: dbIdQuery.optional().describe("the handler of the lead unit holding the ticket (the unit desk's 我的工单, issue 18)"),
  channel: z.enum(CHANNELS).optional(),
  urgency: z.enum(URGENCIES).optional(),
  business: queryBool.optional(),
  pendingExtension: queryBool.optional(),
  pendingExclusion: queryBool.optional(),
  flaggedNoChange: queryBool.optional(),
  receivedFrom: queryDateOrTime.optional(),
  receivedTo: queryDateOrTime.optional(),
});

/** `status=a,b` → the statuses, 400 naming `status` for an unknown one. */
export function parseStatusList(raw: string | undefined): string[] | undefined {
  const list = raw?.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = list?.find((s) => !(TICKET_STATUSES as readonly string[]).includes(s));
  if (unknown) throw invalid("status", `unknown status ${unknown}`);
  return list;
}
