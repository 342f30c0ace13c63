import type { Readable } from "node:stream";
import { fileTypeFromBuffer } from "file-type";
import { sql } from "kysely";
import type { AppContext } from "../../../app-context.js";
import type { AttachmentsTable } from "../../../db/schema.js";
import type { Selectable } from "kysely";
import { DomainError, invalid } from "../../../domain/errors.js";
import { hasRole, type Actor } from "../../../http/auth.js";
import { MAX_ID } from "../../../http/schemas.js";
import { loadVisibleTicket } from "../../tickets/ticket-action.js";
import { applyAttachmentAdded } from "../../tickets/ticket-write.js";
import { ALLOWED_TYPES, OWNER_KINDS, OWNER_REVIEW_KINDS, OWNER_TABLES, acceptedType, filenameProblem, safeFilename, type OwnerKind } from "../attachment.rules.js";
import { findRequest } from "../../reviews/review-request.repository.js";
import type { AttachmentStorage } from "../attachment.storage.js";

export type UploadDeps = Pick<AppContext, "db" | "clock" | "config"> & { storage: AttachmentStorage };

/** One multipart file part, as the route read it: the fields sent before it, and its stream. */
export interface UploadPart {
  fields: Record<string, unknown>;
  filename: string;
  claimedType: string;
  stream: Readable;
  /** Whether the parser cut the stream at the size limit (known once it has been read). */
  truncated: () => boolean;
}

export type AttachmentRow = Selectable<AttachmentsTable>;

function ownerOf(fields: Record<string, unknown>): { ownerKind: OwnerKind; ownerId: number | null } {
  const ownerKind = String(fields.ownerKind ?? "ticket") as OwnerKind;
  if (!OWNER_KINDS.includes(ownerKind)) throw invalid("ownerKind", `one of ${OWNER_KINDS.join(", ")}`);
  const raw = fields.ownerId;
  const ownerId = raw === undefined || raw === "" ? null : Number(raw);
  if (ownerKind !== "ticket" && (!Number.isInteger(ownerId) || (ownerId ?? 0) <= 0 || (ownerId ?? 0) > MAX_ID)) {
    throw invalid("ownerId", "is required for this ownerKind: the id of one of this ticket's records");
  }
  return { ownerKind, ownerId: ownerKind === "ticket" ? null : ownerId };
}

/**
 * Evidence upload (docs/RULES.md rule 20; issue 12 defect 13): the lead unit or the center attaches a file to
 * a ticket or one of its records. Checked in order: the ticket is visible (404), the actor may add
 * evidence (403), the fields and the file name (400), the per-ticket count (409), the size (413), the
 * type the bytes show (415), the per-ticket bytes (409). The file is written to a temp name and renamed
 * to its key in the transaction that records it; any failure removes it.
 */
export async function uploadAttachment(deps: UploadDeps, actor: Actor, ticketId: number, readPart: () => Promise<UploadPart>): Promise<AttachmentRow> {
  const ticket = await loadVisibleTicket(deps.db, actor, ticketId);
  const isLeadUnit = actor.unitId !== null && actor.unitId === ticket.lead_unit_id;
  // Issue 18: a co-unit adds the evidence of its own part (rule 10).
  const isCoUnit = actor.unitId !== null && ticket.co_unit_ids.includes(actor.unitId);
  if (!isLeadUnit && !isCoUnit && !hasRole(actor, "admin", "operator", "dispatcher", "supervisor", "follow_up")) {
    throw new DomainError("FORBIDDEN", "only the lead unit and the center add evidence");
  }
  const part = await readPart();
  let tempPath: string | undefined;
  try {
    const { ownerKind, ownerId } = ownerOf(part.fields);
    const nameProblem = filenameProblem(part.filename);
    if (nameProblem) throw invalid("filename", nameProblem);
    if (ownerId !== null && ownerKind !== "ticket") {
      const owner =
        ownerKind === "return_request" || ownerKind === "exclusion_request"
          ? await findRequest(deps.db, OWNER_REVIEW_KINDS[ownerKind], ticket.id, ownerId)
          : await deps.db.selectFrom(OWNER_TABLES[ownerKind]).select("id").where("id", "=", ownerId).where("ticket_id", "=", ticket.id).executeTakeFirst();
      if (!owner) throw invalid("ownerId", `no ${ownerKind} ${ownerId} on this ticket`);
    }
    await checkQuota(deps, ticket.id, 0);
    const written = await deps.storage.writeTemp(part.stream).catch((err: unknown) => {
      throw readFailure(err, deps.config.uploadMaxBytes);
    });
    tempPath = written.tempPath;
    if (part.truncated()) throw new DomainError("PAYLOAD_TOO_LARGE", `a file may be at most ${deps.config.uploadMaxBytes} bytes`);
    const head = await deps.storage.head(tempPath);
    const mime = acceptedType((await fileTypeFromBuffer(head))?.mime, part.claimedType, head);
    if (!mime) throw new DomainError("UNSUPPORTED_MEDIA_TYPE", `the file's content is not one of the accepted evidence types (claimed ${part.claimedType})`);
    const now = deps.clock.now();
    const key = deps.storage.newKey(now.getUTCFullYear(), ALLOWED_TYPES[mime]!);
    const filename = safeFilename(part.filename);
    const size = written.size;
    const temp = tempPath;
    try {
      return await deps.db.transaction().execute(async (trx) => {
        await sql`SELECT id FROM tickets WHERE id = ${ticket.id} FOR UPDATE`.execute(trx); // one quota check at a time per ticket
        await checkQuota({ ...deps, db: trx }, ticket.id, size);
        const row = await trx
          .insertInto("attachments")
          .values({ ticket_id: ticket.id, owner_kind: ownerKind, owner_id: ownerId, filename, mime, size, storage_key: key, uploaded_by: actor.id, created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        // Through the machine and the one apply function, like every ticket write (an event, no column change).
        await applyAttachmentAdded(trx, ticket, { type: "ticket.attachment_added", at: now, actorId: actor.id, unitId: actor.unitId, data: { attachmentId: row.id, ownerKind, ownerId, filename, mime, size } });
        await deps.storage.commit(temp, key); // last: a failed rename rolls the row back
        tempPath = undefined;
        return row;
      });
    } catch (err) {
      if (tempPath === undefined) await deps.storage.remove(deps.storage.path(key)); // renamed, then the commit failed
      throw err;
    }
  } finally {
    if (tempPath) await deps.storage.remove(tempPath);
    if (!part.stream.readableEnded) part.stream.resume(); // a refused upload still reads the request to its end
  }
}

/** A disk error stays a 500; the parser's size limit is a 413; a body it cannot read is the client's 400 on `file`. */
function readFailure(err: unknown, maxBytes: number): unknown {
  if ((err as NodeJS.ErrnoException).syscall) return err;
  if ((err as { statusCode?: number }).statusCode === 413) return new DomainError("PAYLOAD_TOO_LARGE", `a file may be at most ${maxBytes} bytes`);
  return invalid("file", `the multipart body could not be read: ${err instanceof Error ? err.message : String(err)}`);
}

/** The per-ticket quota (HUYING_UPLOAD_MAX_FILES_PER_TICKET, HUYING_UPLOAD_MAX_BYTES_PER_TICKET) with `adding` more bytes. */
async function checkQuota(deps: Pick<UploadDeps, "db" | "config">, ticketId: number, adding: number): Promise<void> {
  const used = await deps.db
    .selectFrom("attachments")
    .select((eb) => [eb.fn.countAll<string>().as("files"), eb.fn.coalesce(eb.fn.sum<string>("size"), sql<string>`0`).as("bytes")])
    .where("ticket_id", "=", ticketId)
    .executeTakeFirstOrThrow();
  const { uploadMaxFilesPerTicket: maxFiles, uploadMaxBytesPerTicket: maxBytes } = deps.config;
  if (Number(used.files) >= maxFiles) throw new DomainError("ATTACHMENT_QUOTA_EXCEEDED", `a ticket holds at most ${maxFiles} attachments`);
  if (adding > 0 && Number(used.bytes) + adding > maxBytes) throw new DomainError("ATTACHMENT_QUOTA_EXCEEDED", `a ticket's attachments total at most ${maxBytes} bytes`);
}
