import type { FastifyInstance, FastifyRequest } from "fastify";
import multipart from "@fastify/multipart";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { invalid } from "../../domain/errors.js";
import { actorOf } from "../../http/auth.js";
import { dbIdQuery, errorResponse, errorResponses, fileResponse } from "../../http/schemas.js";
import { presentAttachment } from "./attachment.presenter.js";
import { AttachmentStorage, sweepUploadsAtStart } from "./attachment.storage.js";
import { getAttachment } from "./use-cases/get-attachment.js";
import { uploadAttachment, type UploadPart } from "./use-cases/upload-attachment.js";

const attachmentView = z.object({ id: z.number(), ownerKind: z.string(), ownerId: z.number().nullable(), filename: z.string(), mime: z.string(), size: z.number(), createdAt: z.string() });
z.globalRegistry.add(attachmentView, { id: "Attachment" });

/** The multipart file part (fields ownerKind, ownerId before it); a body the parser cannot read is a 400 on `file`. */
async function filePart(request: FastifyRequest): Promise<UploadPart> {
  if (!request.isMultipart()) throw invalid("file", "send multipart/form-data with a file");
  const file = await request.file().catch((err: unknown) => {
    throw invalid("file", `the multipart body could not be read: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (!file) throw invalid("file", "is missing");
  const fields = Object.fromEntries(Object.entries(file.fields).map(([k, v]) => [k, (v as { value?: unknown } | undefined)?.value]));
  return { fields, filename: file.filename, claimedType: file.mimetype, stream: file.file, truncated: () => file.file.truncated };
}

/**
 * Evidence attachments (docs/RULES.md rule 20) on a ticket or on one of its records, stored under
 * HUYING_DATA_DIR/uploads, served only to those who may see the ticket. At start, unfinished and
 * unreferenced upload files are swept (attachment.storage.ts).
 */
export async function attachmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(multipart, { limits: { fileSize: ctx.config.uploadMaxBytes, files: 1, fields: 10 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const storage = new AttachmentStorage(ctx.config.dataDir);
  await sweepUploadsAtStart(storage, ctx.db, ctx.config.uploadOrphanMinutes, ctx.logger);
  const params = z.object({ id: dbIdQuery });

  r.post(
    "/api/tickets/:id/attachments",
    {
      schema: {
        tags: ["attachments"],
        summary: "Upload evidence (multipart: fields ownerKind, ownerId, then file); the type is sniffed from the bytes",
        params,
        response: { 201: attachmentView, ...errorResponses, 413: errorResponse, 415: errorResponse },
      },
    },
    async (request, reply) => {
      const row = await uploadAttachment({ ...ctx, storage }, actorOf(request), request.params.id, () => filePart(request));
      return reply.status(201).send(presentAttachment(row));
    },
  );

  r.get(
    "/api/tickets/:id/attachments/:attachmentId",
    {
      schema: {
        tags: ["attachments"],
        summary: "Download an attachment (only for those who may see the ticket); images and PDF inline, anything else as a download",
        params: params.extend({ attachmentId: dbIdQuery }),
        response: { 200: fileResponse("The file, with the media type it was stored with", ["application/octet-stream"]), ...errorResponses },
      },
    },
    async (request, reply) => {
      const a = await getAttachment({ db: ctx.db, storage }, actorOf(request), request.params.id, request.params.attachmentId);
      return reply
        .header("content-type", a.mime)
        .header("content-length", a.size)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, max-age=3600")
        .header("content-disposition", `${a.inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .send(a.stream);
    },
  );
}
