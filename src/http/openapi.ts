import type { FastifyDynamicSwaggerOptions } from "@fastify/swagger";
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from "fastify-type-provider-zod";
import type { Access } from "./access.js";

/**
 * The OpenAPI 3.1 document (served at /api/openapi.json, the source of web/src/api/schema.d.ts): JSON
 * Schema 2020-12 from the route's zod schemas, named components for schemas registered with
 * `.meta({ id })` (the recursive category tree among them), one stable camelCase operationId per
 * operation, and the roles a route's `config.access` declares.
 */

/** Explicit operationIds; any route not listed gets one derived from its method and path (deriveOperationId). */
const OPERATION_IDS: Record<string, string> = {
  "POST /api/auth/login": "login",
  "POST /api/auth/logout": "logout",
  "GET /api/me": "getMe",
  "GET /api/units": "listUnits",
  "POST /api/units": "createUnit",
  "GET /api/users": "listUsers",
  "POST /api/users": "createUser",
  "PATCH /api/users/{id}": "updateUser",
  "GET /api/categories": "listCategories",
  "POST /api/categories": "createCategory",
  "PATCH /api/units/{id}": "updateUnit",
  "DELETE /api/units/{id}": "deleteUnit",
  "PATCH /api/categories/{id}": "updateCategory",
  "DELETE /api/categories/{id}": "deleteCategory",
  "DELETE /api/users/{id}": "deleteUser",
  "POST /api/users/{id}/reset-password": "resetUserPassword",
  "POST /api/tickets": "createTicket",
  "GET /api/tickets": "listTickets",
  "GET /api/tickets/count": "countTickets",
  "GET /api/tickets/{id}": "getTicket",
  "POST /api/tickets/{id}/dispatch": "dispatchTicket",
  "POST /api/tickets/{id}/sign": "signTicket",
  "POST /api/tickets/{id}/contact-attempts": "recordContactAttempt",
  "POST /api/tickets/{id}/return-requests": "requestReturn",
  "POST /api/tickets/{id}/return-requests/{requestId}/decision": "decideReturn",
  "POST /api/tickets/{id}/extension-requests": "requestExtension",
  "POST /api/tickets/{id}/extension-requests/{requestId}/decision": "decideExtension",
  "POST /api/tickets/{id}/replies": "replyTicket",
  "POST /api/tickets/{id}/replies/{replyId}/approve": "approveReply",
  "POST /api/tickets/{id}/follow-ups": "recordFollowUp",
  "POST /api/tickets/{id}/redo": "redoTicket",
  "POST /api/tickets/{id}/exclusions": "requestExclusion",
  "POST /api/tickets/{id}/exclusions/{requestId}/decision": "decideExclusion",
  "POST /api/tickets/{id}/terminate": "terminateTicket",
  "POST /api/tickets/{id}/reveal-phone": "revealPhone",
  "GET /api/exclusion-reasons": "listExclusionReasons",
  "GET /api/notifications": "listNotifications",
  "POST /api/notifications/{id}/read": "markNotificationRead",
  "POST /api/tickets/{id}/attachments": "uploadAttachment",
  "GET /api/tickets/{id}/attachments/{attachmentId}": "downloadAttachment",
  "GET /api/audit-log": "listAuditLog",
  "GET /api/calendar/days": "listCalendarDays",
  "PUT /api/calendar/days/{date}": "setCalendarOverride",
  "DELETE /api/calendar/days/{date}": "deleteCalendarOverride",
  "GET /api/calendar/add-working-days": "addWorkingDays",
  "GET /api/policy": "getPolicy",
  "PUT /api/policy": "updatePolicy",
  "GET /api/policy/presets": "listPolicyPresets",
  "POST /api/policy/presets/{name}/apply": "applyPolicyPreset",
  "GET /api/policy/versions": "listPolicyVersions",
  "GET /api/policy/versions/{version}": "getPolicyVersion",
  "GET /api/reports/rates": "getRatesReport",
  "GET /api/reports/appraisal": "getAppraisalReport",
  "GET /api/reports/appraisal/annual": "getAnnualAppraisal",
  "GET /api/reports/person-points": "getPersonPoints",
  "GET /api/reports/appraisal/entries": "listAppraisalEntries",
  "POST /api/reports/appraisal/entries": "createAppraisalEntry",
  "DELETE /api/reports/appraisal/entries/{id}": "deleteAppraisalEntry",
  "PUT /api/reports/appraisal/tiers": "setAppraisalTier",
  "PUT /api/reports/appraisal/year-end": "setAppraisalYearEnd",
  "GET /api/exports/tickets.xlsx": "exportTicketsXlsx",
  "GET /api/exports/tickets.csv": "exportTicketsCsv",
  "GET /api/exports/rates.xlsx": "exportRatesXlsx",
  "GET /api/exports/appraisal.xlsx": "exportAppraisalXlsx",
  "GET /api/test/clock": "getTestClock",
  "POST /api/test/clock": "setTestClock",
  // Call center (issue 17, docs/CALL-CENTER.md)
  "POST /api/calls": "recordCall",
  "POST /api/calls/import": "importCalls",
  "GET /api/calls": "listCalls",
  "GET /api/call-center/rates": "getCallRates",
  "GET /api/call-center/rates/operators": "getOperatorCallRates",
  "GET /api/call-center/rates.xlsx": "exportCallRatesXlsx",
  "GET /api/call-center/erlang-c": "getErlangC",
  "GET /api/call-center/staffing": "getStaffing",
  "GET /api/call-center/settings": "getCallCenterSettings",
  "PUT /api/call-center/settings": "updateCallCenterSettings",
  "POST /api/qa/samples": "createQaSample",
  "GET /api/qa/samples": "listQaSamples",
  "POST /api/qa/reviews": "createQaReview",
  "GET /api/qa/reviews": "listQaReviews",
  "GET /api/qa/reviews/{callId}": "getQaCall",
  "GET /api/qa/operators": "getQaOperators",
  "GET /api/qa/export.xlsx": "exportQaXlsx",
  "POST /api/training-records": "createTrainingRecord",
  "GET /api/training-records": "listTrainingRecords",
  // issue 13: supervision 督办
  "GET /api/supervision/alerts": "listSupervisionAlerts",
  "GET /api/supervision/alerts/counts": "countSupervisionAlerts",
  "POST /api/supervision/alerts": "markPetitionRisk",
  "POST /api/supervision/alerts/{id}/handle": "handleSupervisionAlert",
  "POST /api/supervision/detect": "runSupervisionDetection",
  "POST /api/supervision/notices": "issueSupervisionNotice",
  "GET /api/supervision/notices": "listSupervisionNotices",
  "GET /api/supervision/notices/{id}": "getSupervisionNotice",
  "GET /api/supervision/notices/{id}/document": "downloadSupervisionNotice",
  "POST /api/supervision/notices/{id}/response": "answerSupervisionNotice",
  "POST /api/supervision/orders": "issueSupervisionOrder",
  "GET /api/supervision/orders": "listSupervisionOrders",
  "POST /api/supervision/orders/{id}/response": "answerSupervisionOrder",
  "POST /api/supervision/orders/{id}/close": "closeSupervisionOrder",
  "POST /api/supervision/special-reports": "makeSpecialReport",
  "GET /api/supervision/special-reports": "listSpecialReports",
  "GET /api/supervision/special-reports/{id}": "getSpecialReport",
  "GET /api/supervision/special-reports/{id}/document": "downloadSpecialReport",
  "GET /api/supervision/party-report": "getPartyMeetingReport",
  "POST /api/supervision/talks": "recordSupervisionTalk",
  "GET /api/supervision/talks": "listSupervisionTalks",
  "POST /api/supervision/talks/{id}/rectified": "confirmTalkRectified",
  "GET /api/supervision/talk-suggestions": "listTalkSuggestions",
  "POST /api/supervision/evaluations": "fileSupervisorEvaluation",
  "GET /api/supervision/evaluations": "listSupervisorEvaluations",
  "GET /api/supervision/evaluations/summary": "summariseSupervisorEvaluations",
  "GET /api/units/{id}/leaders": "getUnitLeaders",
  "PUT /api/units/{id}/leaders": "setUnitLeaders",
  "POST /api/tickets/{id}/progress": "reportProgress",
  // Channels (issue 16, docs/CHANNELS.md)
  "GET /api/public/captcha": "getPublicCaptcha",
  "POST /api/public/requests": "submitPublicRequest",
  "GET /api/public/requests/{number}": "getPublicRequest",
  "POST /api/public/requests/{number}/rating": "ratePublicRequest",
  "POST /api/integrations/upstream/tickets": "receiveUpstreamTicket",
  "GET /api/integrations/wechat": "verifyWechatWebhook",
  "POST /api/integrations/wechat": "receiveWechatMessage",
  "GET /api/tickets/{id}/channel": "getTicketChannel",
  "GET /api/reports/channels": "getChannelReport",
  "PUT /api/units/{id}/duty-phone": "setUnitDutyPhone",
  // issue 18 part A (docs/WORKDAY.md)
  "POST /api/tickets/{id}/co-units/sign": "coUnitSign",
  "POST /api/tickets/{id}/co-units/part": "coUnitSubmitPart",
  "GET /api/reports/co-units": "getCoUnitFigures",
  "POST /api/tickets/{id}/assign": "assignTicket",
  "GET /api/units/{id}/workload": "getUnitWorkload",
  "POST /api/notifications/read-all": "markAllNotificationsRead",
  "GET /api/notifications/unread-count": "countUnreadNotifications",
  "GET /api/reply-templates": "listReplyTemplates",
  "POST /api/reply-templates": "createReplyTemplate",
  "PUT /api/reply-templates/{id}": "updateReplyTemplate",
  "DELETE /api/reply-templates/{id}": "deleteReplyTemplate",
  "GET /api/review-requests": "listReviewRequests",
  // Issue 15: smart intake (docs/SUGGESTIONS.md).
  "POST /api/suggestions": "suggest",
  "POST /api/suggestions/train": "trainSuggestions",
  "GET /api/suggestions/models": "listSuggestionModels",
  "GET /api/tickets/{id}/similar": "listSimilarTickets",
  "POST /api/tickets/{id}/merge": "mergeTicket",
  "POST /api/tickets/batch-dispatch": "batchDispatchTickets",
  "GET /api/analytics/hot-issues": "listHotIssues",
  "GET /api/analytics/heat": "getHeat",
  "POST /api/knowledge": "createKnowledgeEntry",
  "GET /api/knowledge": "listKnowledge",
  "POST /api/knowledge/assist": "assistKnowledge",
  "GET /api/knowledge/{id}": "getKnowledgeEntry",
  "PUT /api/knowledge/{id}": "updateKnowledgeEntry",
  "POST /api/knowledge/{id}/publish": "publishKnowledgeEntry",
  "POST /api/knowledge/{id}/reject": "rejectKnowledgeEntry",
  "POST /api/knowledge/{id}/retire": "retireKnowledgeEntry",
  "GET /api/knowledge/reviews": "listKnowledgeReviews",
  "GET /api/knowledge/unused": "listUnusedKnowledge",
  "GET /api/knowledge/synonyms": "listKnowledgeSynonyms",
  "POST /api/knowledge/synonyms": "createKnowledgeSynonyms",
  "DELETE /api/knowledge/synonyms/{id}": "deleteKnowledgeSynonyms",
  "GET /api/knowledge/export.xlsx": "exportKnowledgeXlsx",
  "POST /api/knowledge/import": "importKnowledgeXlsx",
  "GET /api/dispatch-catalogue": "listCatalogue",
  "GET /api/dispatch-catalogue/lookup": "lookupCatalogue",
  "GET /api/dispatch-catalogue/{id}": "getCatalogueItem",
  "POST /api/dispatch-catalogue": "createCatalogueItem",
  "PUT /api/dispatch-catalogue/{id}": "updateCatalogueItem",
  "POST /api/dispatch-catalogue/{id}/retire": "retireCatalogueItem",
  "GET /api/dispatch-catalogue/export.xlsx": "exportCatalogueXlsx",
  "POST /api/dispatch-catalogue/import": "importCatalogueXlsx",
  "POST /api/tickets/{id}/out-of-scope": "closeOutOfScope",
  "GET /api/tickets/{id}/catalogue": "getTicketCatalogue",
};

const VERB: Record<string, string> = { GET: "get", POST: "post", PUT: "put", PATCH: "update", DELETE: "delete" };
const pascal = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");

/** `GET /api/api-keys/{id}` → `getApiKeysById`: unique for a unique method and path, camelCase. */
export function deriveOperationId(method: string, path: string): string {
  const segments = path.replace(/^\/api\//, "").split("/").filter(Boolean);
  const words = segments.map((s) => (s.startsWith("{") ? `By${pascal(s.slice(1, -1))}` : pascal(s)));
  return (VERB[method] ?? method.toLowerCase()) + words.join("");
}

/** The operationId of a route: the explicit one, else derived. */
export function operationIdOf(method: string, path: string): string {
  return OPERATION_IDS[`${method} ${path}`] ?? deriveOperationId(method, path);
}

/** The path in OpenAPI's form: `/api/tickets/:id` → `/api/tickets/{id}`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, "{$1}");

/**
 * zod → JSON Schema 2020-12. Our own `override` (a no-op) replaces the library's, which drops a union's
 * branches that are still empty while a schema used twice is being converted (so `receivedFrom`, a date
 * or a time, came out as a date only); `tidy` removes the truly empty branches once conversion is done.
 */
const zodToJsonConfig = { target: "draft-2020-12", override: () => undefined } as const;
const zodTransform = createJsonSchemaTransform({ zodToJsonConfig });

/** Removes `{}` branches (an unrepresentable transform) from every `anyOf`; a single branch left replaces it. */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = tidy(child);
  if (Array.isArray(out.anyOf)) {
    const branches = (out.anyOf as unknown[]).filter((b) => !(b && typeof b === "object" && Object.keys(b).length === 0));
    if (branches.length === 1) {
      delete out.anyOf;
      return { ...(branches[0] as object), ...out };
    }
    out.anyOf = branches;
  }
  return out;
}

type TransformInput = Parameters<typeof zodTransform>[0] & { route: { method: string | string[]; config?: { access?: Access; public?: boolean } } };

/** The route's zod schemas as JSON Schema, plus its operationId and the roles allowed to call it. */
const transform = (input: TransformInput) => {
  const converted = zodTransform(input);
  const schema = tidy(converted.schema) as Record<string, unknown>;
  const out = { ...converted, schema };
  if (schema.hide) return out;
  const method = [input.route.method].flat()[0]!.toUpperCase();
  schema.operationId = operationIdOf(method, openApiPath(input.url));
  if (input.route.config?.public) schema.security = [];
  const roles = input.route.config?.access?.roles;
  if (roles) {
    schema["x-roles"] = [...roles];
    const note = `Roles: ${roles.join(", ")}.`;
    schema.description = schema.description ? `${String(schema.description)}\n\n${note}` : note;
  }
  return out;
};

const zodTransformObject = createJsonSchemaTransformObject({ zodToJsonConfig });

/**
 * Drops the component schemas no operation reaches: a registered schema gets an input and an output
 * variant (`ErrorInput`, `Error`), and only the side the routes use belongs in the document.
 */
function withoutUnusedSchemas<T extends object>(doc: T): T {
  const schemas = (doc as { components?: { schemas?: Record<string, unknown> } }).components?.schemas;
  if (!schemas) return doc;
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key === "$ref" && typeof child === "string" && child.startsWith("#/components/schemas/")) {
          const name = child.slice("#/components/schemas/".length);
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else visit(child);
      }
    }
  };
  const components = (doc as { components: Record<string, unknown> }).components;
  visit({ ...doc, components: { ...components, schemas: {} } });
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...doc, components: { ...components, schemas: kept } };
}

export const swaggerOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: "3.1.0",
    info: {
      title: "Huying 12345 hotline API",
      version: "1.0.0",
      description: "The HTTP API of Huying (呼应), the 12345 hotline work-order platform (docs/ARCHITECTURE.md).",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: "/", description: "this server" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" }, apiKey: { type: "apiKey", in: "header", name: "Authorization", description: "ApiKey <key> (service accounts)" } },
    },
    security: [{ bearer: [] }],
  },
  transform: transform as unknown as FastifyDynamicSwaggerOptions["transform"],
  transformObject: ((input: Parameters<typeof zodTransformObject>[0]) => tidy(withoutUnusedSchemas(zodTransformObject(input)))) as unknown as FastifyDynamicSwaggerOptions["transformObject"],
};
