import { createReadStream, type ReadStream } from "node:fs";
import type { Db } from "../../../db/database.js";
import { DomainError } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { loadVisibleTicket } from "../../tickets/ticket-action.js";
import { servedInline } from "../attachment.rules.js";
import type { AttachmentStorage } from "../attachment.storage.js";

export interface AttachmentDownload {
  mime: string;
  size: number;
  filename: string;
  /** Images and PDF are shown in the browser; everything else is a download. */
  inline: boolean;
  stream: ReadStream;
}

/** An attachment for those who may see its ticket (404 otherwise, like the ticket). */
export async function getAttachment(deps: { db: Db; storage: AttachmentStorage }, actor: Actor, ticketId: number, attachmentId: number): Promise<AttachmentDownload> {
  const ticket = await loadVisibleTicket(deps.db, actor, ticketId);
  const a = await deps.db.selectFrom("attachments").selectAll().where("id", "=", attachmentId).where("ticket_id", "=", ticket.id).executeTakeFirst();
  if (!a) throw new DomainError("NOT_FOUND", "attachment not found");
  return { mime: a.mime, size: a.size, filename: a.filename, inline: servedInline(a.mime), stream: createReadStream(deps.storage.path(a.storage_key)) };
}
