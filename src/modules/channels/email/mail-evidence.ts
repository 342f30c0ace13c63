import { Readable } from "node:stream";
import { fileTypeFromBuffer } from "file-type";
import type { AppContext } from "../../../app-context.js";
import type { Db } from "../../../db/database.js";
import type { TicketRow } from "../../../db/schema.js";
import type { Actor } from "../../../http/auth.js";
import { ALLOWED_TYPES, acceptedType, safeFilename } from "../../attachments/attachment.rules.js";
import type { AttachmentStorage } from "../../attachments/attachment.storage.js";
import { applyAttachmentAdded } from "../../tickets/ticket-write.js";
import type { ParsedMail } from "./mime.js";

/** A message refused as a whole: the SMTP reply code and text (the sender's server bounces), the audited reason. */
export class MailRefused extends Error {
  override name = "MailRefused";
  constructor(
    readonly responseCode: number,
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** Controls and bidirectional overrides dropped from a mailed file name (an upload with them is refused; a mail is cleaned). */
const NAME_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export interface CheckedAttachment {
  filename: string;
  mime: string;
  size: number;
  content: Buffer;
}

/**
 * A mail's attachments checked as the upload route checks evidence (docs/RULES.md rule 20, attachment.rules):
 * at most HUYING_UPLOAD_MAX_FILES_PER_TICKET files, each at most HUYING_UPLOAD_MAX_BYTES, together at most
 * HUYING_UPLOAD_MAX_BYTES_PER_TICKET (552), each of an accepted type by its bytes (554). One bad file refuses the
 * whole message, before anything is written: the citizen's server bounces it with the reason.
 */
export async function checkMailAttachments(config: AppContext["config"], attachments: ParsedMail["attachments"]): Promise<CheckedAttachment[]> {
  if (attachments.length > config.uploadMaxFilesPerTicket) {
    throw new MailRefused(552, `5.3.4 at most ${config.uploadMaxFilesPerTicket} attachments`, "too_many_attachments");
  }
  let total = 0;
  const out: CheckedAttachment[] = [];
  for (const a of attachments) {
    if (a.size > config.uploadMaxBytes) throw new MailRefused(552, `5.3.4 an attachment may be at most ${config.uploadMaxBytes} bytes`, "attachment_too_large");
    total += a.size;
    if (total > config.uploadMaxBytesPerTicket) throw new MailRefused(552, `5.3.4 the attachments may total at most ${config.uploadMaxBytesPerTicket} bytes`, "attachments_too_large");
    const head = a.content.subarray(0, 4100);
    const mime = acceptedType((await fileTypeFromBuffer(head))?.mime, a.contentType, head);
    if (!mime) throw new MailRefused(554, "5.6.1 an attachment is not an accepted evidence type (photos, recordings, PDF, Office documents, text)", "attachment_type");
    out.push({ filename: safeFilename(a.filename.replace(NAME_CONTROLS, "")), mime, size: a.size, content: a.content });
  }
  return out;
}

/**
 * Stores checked attachments as the new ticket's evidence: written to temp files first (before the intake
 * transaction), then recorded (attachments row + ticket.attachment_added event through the one write path)
 * and renamed to their keys inside it. `commit` runs in the intake transaction; `discard` removes whatever is
 * left when the transaction failed or the ticket was not new (a re-delivery). Nothing is half-written: a row
 * without its file or a file without its row.
 */
export async function stageMailEvidence(storage: AttachmentStorage, files: readonly CheckedAttachment[]) {
  const temps: string[] = [];
  const committed: string[] = [];
  try {
    for (const f of files) temps.push((await storage.writeTemp(Readable.from([f.content]))).tempPath);
  } catch (err) {
    for (const p of temps) await storage.remove(p);
    throw err;
  }
  return {
    commit: async (trx: Db, ticket: TicketRow, actor: Actor, now: Date) => {
      for (const [i, f] of files.entries()) {
        const key = storage.newKey(now.getUTCFullYear(), ALLOWED_TYPES[f.mime]!);
        const row = await trx
          .insertInto("attachments")
          .values({ ticket_id: ticket.id, owner_kind: "ticket", owner_id: null, filename: f.filename, mime: f.mime, size: f.size, storage_key: key, uploaded_by: actor.id, created_at: now })
          .returning("id")
          .executeTakeFirstOrThrow();
        await applyAttachmentAdded(trx, ticket, {
          type: "ticket.attachment_added",
          at: now,
          actorId: actor.id,
          unitId: actor.unitId,
          data: { attachmentId: row.id, ownerKind: "ticket", ownerId: null, filename: f.filename, mime: f.mime, size: f.size },
        });
        await storage.commit(temps[i]!, key);
        committed.push(key);
      }
    },
    /** After a failed transaction (rolled back: no row names the renamed files) or a re-delivery. */
    discard: async (rolledBack: boolean) => {
      for (const p of temps) await storage.remove(p);
      if (rolledBack) for (const key of committed) await storage.remove(storage.path(key));
    },
  };
}
