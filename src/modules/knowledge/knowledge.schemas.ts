import { z } from "zod";
import { dbId, dbIdQuery, isoDate } from "../../http/schemas.js";

/** zod schemas of the knowledge API (docs/API.md "Knowledge base"); the OpenAPI document comes from these. */

export const KNOWLEDGE_KINDS = ["policy", "procedure", "faq", "contact", "scope"] as const;
export const KNOWLEDGE_STATUSES = ["draft", "published", "retired"] as const;
export const SCOPE_TYPES = ["accept", "reject"] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

const entryFields = {
  title: text(200),
  body: z.string().trim().min(1).max(100_000).describe("rich text (HTML); sanitised to an allow-list"),
  kind: z.enum(KNOWLEDGE_KINDS),
  scopeType: z.enum(SCOPE_TYPES).optional().describe("kind scope: accept (受理范围) or reject (不予受理); default reject"),
  answer: z.string().trim().max(2000).optional().describe("the answer an operator reads or sends (即时答复); defaults to the body's text"),
  categoryId: dbId.nullable().optional(),
  unitId: dbId.nullable().optional().describe("the owning unit; a unit user's own unit by default"),
  tags: z.array(z.string().trim().min(1).max(30)).max(30).optional().describe("for scope entries: the words that make intake text match"),
  validFrom: isoDate.nullable().optional(),
  validTo: isoDate.nullable().optional(),
  sourceName: z.string().trim().max(200).nullable().optional().describe("the source document's title or file name"),
};

const windowCheck = (v: { validFrom?: string | null; validTo?: string | null }, ctx: z.RefinementCtx) => {
  if (v.validFrom && v.validTo && v.validTo < v.validFrom) ctx.addIssue({ code: "custom", path: ["validTo"], message: "is before validFrom" });
};

export const createEntryBody = z.object(entryFields).superRefine(windowCheck);
export type CreateEntryInput = z.infer<typeof createEntryBody>;
export const updateEntryBody = z
  .object({ ...entryFields, version: z.number().int().min(1).optional().describe("the version the editor started from (409 when another edit came first)"), note: z.string().trim().max(500).optional() })
  .superRefine(windowCheck);
export type UpdateEntryInput = z.infer<typeof updateEntryBody>;

export const writeResult = z.object({ id: z.number(), version: z.number(), status: z.enum(KNOWLEDGE_STATUSES), pendingVersion: z.number().nullable() });

export const listQuery = z.object({
  q: z.string().trim().max(500).optional(),
  kind: z.enum(KNOWLEDGE_KINDS).optional(),
  categoryId: dbIdQuery.optional(),
  unitId: dbIdQuery.optional(),
  status: z.enum(KNOWLEDGE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(20).optional(),
});

export const listItem = z.object({
  id: z.number(),
  title: z.string(),
  kind: z.enum(KNOWLEDGE_KINDS),
  scopeType: z.enum(SCOPE_TYPES).nullable(),
  snippet: z.string().describe("HTML-escaped text with the query's words in <mark>"),
  score: z.number(),
  version: z.number(),
  status: z.enum(KNOWLEDGE_STATUSES),
  pendingVersion: z.number().nullable(),
  categoryId: z.number().nullable(),
  unitId: z.number().nullable(),
  tags: z.array(z.string()),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  useCount: z.number(),
  answer: z.string().describe("the text an operator reads or sends"),
});
z.globalRegistry.add(listItem, { id: "KnowledgeListItem" });

const versionView = z.object({
  version: z.number(),
  title: z.string(),
  body: z.string(),
  kind: z.enum(KNOWLEDGE_KINDS),
  scopeType: z.enum(SCOPE_TYPES).nullable(),
  answer: z.string().nullable(),
  categoryId: z.number().nullable(),
  unitId: z.number().nullable(),
  tags: z.array(z.string()),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  note: z.string().nullable(),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
});

export const entryView = listItem.omit({ snippet: true, score: true }).extend({
  body: z.string(),
  sourceName: z.string().nullable(),
  liveVersion: z.number(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  expired: z.boolean(),
  versions: z.array(versionView),
  allowedActions: z.array(z.enum(["edit", "publish", "reject", "retire"])),
});
z.globalRegistry.add(entryView, { id: "KnowledgeEntry" });

export const decisionBody = z.object({ note: z.string().trim().max(1000).optional() });

export const reviewView = z.object({
  id: z.number(),
  entryId: z.number(),
  kind: z.enum(["publish", "expiry"]),
  version: z.number(),
  unitId: z.number().nullable(),
  title: z.string(),
  status: z.enum(["pending", "approved", "refused", "withdrawn"]),
  requestedBy: z.number().nullable(),
  requestedAt: z.string(),
  decidedBy: z.number().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
});
z.globalRegistry.add(reviewView, { id: "KnowledgeReview" });

export const assistBody = z.object({ text: z.string().max(4000), limit: z.number().int().min(1).max(10).optional() });
export const assistView = z.object({
  entries: z.array(listItem),
  scope: z.array(z.object({ id: z.number(), title: z.string(), matched: z.array(z.string()), answer: z.string() })).describe("non-acceptance items the text matches"),
});

export const synonymBody = z.object({ words: z.array(z.string().trim().min(1).max(30)).min(2).max(20) });
export const synonymView = z.object({ id: z.number(), words: z.array(z.string()) });
