import type { AttachmentRow } from "./use-cases/upload-attachment.js";

/** An attachment as the API shows it (the type is the sniffed one; the storage key stays private). */
export function presentAttachment(a: AttachmentRow) {
  return { id: a.id, ownerKind: a.owner_kind, ownerId: a.owner_id, filename: a.filename, mime: a.mime, size: a.size, createdAt: a.created_at.toISOString() };
}
