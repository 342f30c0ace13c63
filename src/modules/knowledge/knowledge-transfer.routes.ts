import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { invalid } from "../../domain/errors.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, fileResponse } from "../../http/schemas.js";
import { CATALOGUE_ACCESS, CATALOGUE_READ_ACCESS, WRITE_ACCESS } from "./knowledge.policy.js";
import { exportCatalogue, exportEntries, importCatalogue, importEntries } from "./use-cases/transfer-workbooks.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** An xlsx of a few thousand entries stays well under this. */
const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

/** The workbook of an import request: the xlsx as the body (its own type or octet-stream) or a multipart file. */
async function workbookBytes(request: FastifyRequest): Promise<Buffer> {
  const req = request as FastifyRequest & { isMultipart?: () => boolean; file?: (o: unknown) => Promise<{ toBuffer: () => Promise<Buffer> } | undefined> };
  if (req.isMultipart?.() && req.file) {
    const file = await req.file({ limits: { fileSize: IMPORT_BODY_LIMIT } }).catch(() => undefined);
    if (!file) throw invalid("file", "send the xlsx as a file part");
    return file.toBuffer();
  }
  if (Buffer.isBuffer(request.body) && request.body.length > 0) return request.body;
  throw invalid("file", `send the xlsx as the body (content-type ${XLSX}) or as a multipart file`);
}

const attachment = (ascii: string, name: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Import and export of the knowledge base and the dispatch catalogue as xlsx (docs/KNOWLEDGE.md "Import and export"). */
export async function knowledgeTransferRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scoped) => {
    scoped.addContentTypeParser([XLSX, "application/octet-stream"], { parseAs: "buffer", bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));
    const r = scoped.withTypeProvider<ZodTypeProvider>();
    const tags = ["knowledge"];

    r.get(
      "/api/knowledge/export.xlsx",
      { config: { access: WRITE_ACCESS }, schema: { tags, summary: "The entries the caller may see as xlsx (the import's columns)", response: { 200: fileResponse("An xlsx workbook", [XLSX]), ...errorResponses } } },
      async (request, reply) => {
        const file = await exportEntries(ctx, actorOf(request));
        return reply.header("content-type", XLSX).header("content-disposition", attachment("knowledge.xlsx", "知识库.xlsx")).header("cache-control", "no-store").send(file);
      },
    );

    r.post(
      "/api/knowledge/import",
      {
        config: { access: WRITE_ACCESS },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: "Import entries from xlsx (the export's columns; each row a new draft awaiting review); a bad row → 400 naming row and field, nothing imported",
          response: { 201: z.object({ rows: z.number(), imported: z.number(), ids: z.array(z.number()) }), ...errorResponses, 413: errorResponses[400] },
        },
      },
      async (request, reply) => reply.status(201).send(await importEntries(ctx, actorOf(request), await workbookBytes(request))),
    );

    const ctags = ["dispatch-catalogue"];
    r.get(
      "/api/dispatch-catalogue/export.xlsx",
      { config: { access: CATALOGUE_READ_ACCESS }, schema: { tags: ctags, summary: "The catalogue's active items as xlsx (the import's columns)", response: { 200: fileResponse("An xlsx workbook", [XLSX]), ...errorResponses } } },
      async (request, reply) => {
        const file = await exportCatalogue(ctx, actorOf(request));
        return reply.header("content-type", XLSX).header("content-disposition", attachment("dispatch-catalogue.xlsx", "派单口径.xlsx")).header("cache-control", "no-store").send(file);
      },
    );

    r.post(
      "/api/dispatch-catalogue/import",
      {
        config: { access: CATALOGUE_ACCESS },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ctags,
          summary: "Center: import catalogue items from xlsx (a row with 条目编号 is a new version of that item); a bad row → 400 naming row and field, nothing imported",
          response: { 201: z.object({ rows: z.number(), created: z.number(), updated: z.number(), ids: z.array(z.number()) }), ...errorResponses, 413: errorResponses[400] },
        },
      },
      async (request, reply) => reply.status(201).send(await importCatalogue(ctx, actorOf(request), await workbookBytes(request))),
    );
  });
}
