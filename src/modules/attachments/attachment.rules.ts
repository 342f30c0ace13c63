/** Evidence files (DOMAIN.md rule 20): photos, recordings, documents; nothing executable. */
export const ALLOWED_TYPES: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/amr": "amr",
  "audio/mp4": "m4a",
  "video/mp4": "mp4",
  "application/pdf": "pdf",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.ms-excel": "xls",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "text/plain": "txt",
};

export const OWNER_KINDS = ["ticket", "contact_attempt", "reply", "return_request", "exclusion_request", "follow_up"] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

/** The table holding each owner kind's records (all have a ticket_id column). */
export const OWNER_TABLES = {
  contact_attempt: "contact_attempts",
  reply: "replies",
  return_request: "return_requests",
  exclusion_request: "exclusion_requests",
  follow_up: "follow_ups",
} as const;

/** A file name safe to echo back: no path, no control characters, at most 200 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  return (cleaned || "file").slice(0, 200);
}
