import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, idParam } from "../../http/schemas.js";
import { READ_ACCESS, REVIEW_ACCESS, WRITE_ACCESS } from "./knowledge.policy.js";
import {
  assistBody,
  assistView,
  createEntryBody,
  decisionBody,
  entryView,
  listItem,
  listQuery,
  updateEntryBody,
  writeResult,
} from "./knowledge.schemas.js";
import type { KnowledgeEntryRow } from "../../db/schema.js";
import { publishEntry, rejectEntry, retireEntry } from "./use-cases/decide-entry.js";
import { assist, getEntry, queryEntries } from "./use-cases/query-entries.js";
import { createEntry, updateEntry } from "./use-cases/save-entry.js";

const tags = ["knowledge"];
const written = (e: KnowledgeEntryRow) => ({ id: e.id, version: e.version, status: e.status, pendingVersion: e.pending_version });

/** The knowledge base (docs/API.md "Knowledge base", docs/KNOWLEDGE.md): entries, versions, review, search. */
export async function knowledgeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/api/knowledge",
    { config: { access: WRITE_ACCESS }, schema: { tags, summary: "Submit an entry (a draft, version 1, awaiting the center's review)", body: createEntryBody, response: { 201: writeResult, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(written(await createEntry(ctx, actorOf(request), request.body))),
  );

  r.get(
    "/api/knowledge",
    {
      config: { access: READ_ACCESS },
      schema: { tags, summary: "Search (q: best first) or browse the entries; operators see published entries in force only", querystring: listQuery, response: { 200: z.object({ items: z.array(listItem), nextCursor: z.string().nullable() }), ...errorResponses } },
    },
    async (request) => queryEntries(ctx, actorOf(request), request.query),
  );

  r.post(
    "/api/knowledge/assist",
    { config: { access: READ_ACCESS }, schema: { tags, summary: "The intake panel: the best entries for a text and the non-acceptance items it matches", body: assistBody, response: { 200: assistView, ...errorResponses } } },
    async (request) => assist(ctx, actorOf(request), request.body.text, request.body.limit),
  );

  r.get(
    "/api/knowledge/:id",
    { config: { access: READ_ACCESS }, schema: { tags, summary: "One entry with its versions", params: idParam, response: { 200: entryView, ...errorResponses } } },
    async (request) => getEntry(ctx, actorOf(request), request.params.id),
  );

  r.put(
    "/api/knowledge/:id",
    { config: { access: WRITE_ACCESS }, schema: { tags, summary: "Edit an entry: a new version (published entries keep showing the published one until it is reviewed)", params: idParam, body: updateEntryBody, response: { 200: writeResult, ...errorResponses } } },
    async (request) => written(await updateEntry(ctx, actorOf(request), request.params.id, request.body)),
  );

  for (const [verb, fn, summary] of [
    ["publish", publishEntry, "Center: publish the version awaiting review"],
    ["reject", rejectEntry, "Center: send the version awaiting review back with a note"],
    ["retire", retireEntry, "Center: retire the entry (it leaves search; versions stay readable)"],
  ] as const) {
    r.post(
      `/api/knowledge/:id/${verb}`,
      { config: { access: REVIEW_ACCESS }, schema: { tags, summary, params: idParam, body: decisionBody.optional(), response: { 200: writeResult, ...errorResponses } } },
      async (request) => written(await fn(ctx, actorOf(request), request.params.id, request.body?.note ?? null)),
    );
  }
}
