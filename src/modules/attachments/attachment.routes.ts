import { createReadStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance } from "fastify";
import multipart from "@fastify/multipart";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { DomainError, invalid } from "../../domain/errors.js";
import { actorOf, hasRole } from "../../http/auth.js";
import { MAX_ID, errorResponses, fileResponse } from "../../http/schemas.js";
import { loadVisibleTicket } from "../tickets/ticket-action.js";
import { appendEvents } from "../tickets/ticket.repository.js";
import { ALLOWED_TYPES, OWNER_KINDS, OWNER_TABLES, safeFilename, type OwnerKind } from "./attachment.rules.js";

const attachmentView = z.object({ id: z.number(), ownerKind: z.string(), ownerId: z.number().nullable(), filename: z.string(), mime: z.string(), size: z.number(), createdAt: z.string() });
z.globalRegistry.add(attachmentView, { id: "Attachment" });

/** A multipart body the parser cannot read (no boundary, cut short) is the client's fault: a 400 on `file`. */
function malformed(err: unknown): DomainError {
  return invalid("file", `the multipart body could not be read: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Evidence attachments (DOMAIN.md rule 20) on a ticket or on one of its records, stored under
 * HUYING_DATA_DIR/uploads, served only to those who may see the ticket.
 */
export async function attachmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(multipart, { limits: { fileSize: ctx.config.uploadMaxBytes, files: 1, fields: 10 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const root = join(ctx.config.dataDir, "uploads");

  r.post(
    "/api/tickets/:id/attachments",
    {
      schema: {
        tags: ["attachments"],
        summary: "Upload evidence (multipart: fields ownerKind, ownerId, then file)",
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
        response: { 201: attachmentView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const ticket = await loadVisibleTicket(ctx.db, actor, request.params.id);
      const isLeadUnit = actor.unitId !== null && actor.unitId === ticket.lead_unit_id;
      if (!isLeadUnit && !hasRole(actor, "admin", "operator", "dispatcher", "supervisor", "follow_up")) {
        throw new DomainError("FORBIDDEN", "only the lead unit and the center add evidence");
      }
      if (!request.isMultipart()) throw invalid("file", "send multipart/form-data with a file");
      const file = await request.file().catch((err: unknown) => {
        throw malformed(err);
      });
      if (!file) throw invalid("file", "is missing");
      const fields = file.fields as Record<string, { value?: unknown } | undefined>;
      const ownerKind = String(fields.ownerKind?.value ?? "ticket") as OwnerKind;
      if (!OWNER_KINDS.includes(ownerKind)) throw invalid("ownerKind", `one of ${OWNER_KINDS.join(", ")}`);
      const ownerIdRaw = fields.ownerId?.value;
      const ownerId = ownerIdRaw === undefined || ownerIdRaw === "" ? null : Number(ownerIdRaw);
      if (ownerKind !== "ticket") {
        if (!Number.isInteger(ownerId) || (ownerId ?? 0) <= 0 || (ownerId ?? 0) > MAX_ID) throw invalid("ownerId", "is required for this ownerKind: the id of one of this ticket's records");
        const owner = await ctx.db.selectFrom(OWNER_TABLES[ownerKind]).select("id").where("id", "=", ownerId!).where("ticket_id", "=", ticket.id).executeTakeFirst();
        if (!owner) throw invalid("ownerId", `no ${ownerKind} ${ownerId} on this ticket`);
      }
      const ext = ALLOWED_TYPES[file.mimetype];
      if (!ext) {
        file.file.resume();
        throw new DomainError("UNSUPPORTED_MEDIA_TYPE", `files of type ${file.mimetype} are not accepted as evidence`);
      }
      const now = ctx.clock.now();
      const key = join(String(now.getUTCFullYear()), `${randomBytes(16).toString("hex")}.${ext}`);
      const path = join(root, key);
      await mkdir(join(root, String(now.getUTCFullYear())), { recursive: true });
      try {
        await pipeline(file.file, createWriteStream(path));
      } catch (err) {
        await rm(path, { force: true });
        throw (err as NodeJS.ErrnoException).syscall ? err : malformed(err); // a disk error stays a 500
      }
      if (file.file.truncated) {
        await rm(path, { force: true });
        throw new DomainError("PAYLOAD_TOO_LARGE", `a file may be at most ${ctx.config.uploadMaxBytes} bytes`);
      }
      const size = (await stat(path)).size;
      const filename = safeFilename(file.filename);
      try {
        const row = await ctx.db.transaction().execute(async (trx) => {
          const a = await trx
            .insertInto("attachments")
            .values({ ticket_id: ticket.id, owner_kind: ownerKind, owner_id: ownerId, filename, mime: file.mimetype, size, storage_key: key, uploaded_by: actor.id, created_at: now })
            .returningAll()
            .executeTakeFirstOrThrow();
          await appendEvents(trx, ticket.id, [{ type: "ticket.attachment_added", at: now, actorId: actor.id, unitId: actor.unitId, data: { attachmentId: a.id, ownerKind, ownerId, filename, mime: file.mimetype, size } }]);
          return a;
        });
        return reply.status(201).send({ id: row.id, ownerKind: row.owner_kind, ownerId: row.owner_id, filename: row.filename, mime: row.mime, size: row.size, createdAt: row.created_at.toISOString() });
      } catch (err) {
        await rm(path, { force: true });
        throw err;
      }
    },
  );

  r.get(
    "/api/tickets/:id/attachments/:attachmentId",
    {
      schema: {
        tags: ["attachments"],
        summary: "Download an attachment (only for those who may see the ticket)",
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647), attachmentId: z.coerce.number().int().positive().max(2_147_483_647) }),
        response: { 200: fileResponse("The file, with the media type it was stored with", ["application/octet-stream"]), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const ticket = await loadVisibleTicket(ctx.db, actor, request.params.id);
      const a = await ctx.db.selectFrom("attachments").selectAll().where("id", "=", request.params.attachmentId).where("ticket_id", "=", ticket.id).executeTakeFirst();
      if (!a) throw new DomainError("NOT_FOUND", "attachment not found");
      const inline = a.mime.startsWith("image/") || a.mime === "application/pdf";
      return reply
        .header("content-type", a.mime)
        .header("content-length", a.size)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, max-age=3600")
        .header("content-disposition", `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .send(createReadStream(join(root, a.storage_key)));
    },
  );
}
