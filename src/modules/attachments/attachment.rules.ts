/**
 * Evidence files (docs/RULES.md rule 20): photos, recordings, documents; nothing executable. The type is
 * the one the bytes show (`file-type`), never the client's Content-Type alone (issue 12, defect 13).
 */

/** The types accepted, as stored and served, with the extension files are stored under. */
export const ALLOWED_TYPES: Readonly<Record<string, string>> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
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

/** What file-type reports → the stored type, where they differ. */
const SNIFFED_ALIASES: Readonly<Record<string, string>> = { "audio/x-m4a": "audio/mp4", "audio/x-wav": "audio/wav", "audio/vnd.wave": "audio/wav" };
/** An OLE compound file (file-type: application/x-cfb) is a .doc or .xls only when the client says so. */
const CFB_TYPES: readonly string[] = ["application/msword", "application/vnd.ms-excel"];

/** Markup a browser would render: never accepted as plain text. */
const MARKUP = /<\s*(?:!doctype|html|head|body|script|iframe|object|embed|svg|meta|\?xml)\b/i;

/**
 * The stored type of an upload from the type its bytes show (`sniffed`, undefined when no magic number
 * matched), the type the client claimed and the first bytes. null when the file is not acceptable
 * evidence: HTML sent as image/png, an .exe sent as application/pdf, a ZIP, an SVG.
 */
export function acceptedType(sniffed: string | undefined, claimed: string, head: Uint8Array): string | null {
  // a client that itself calls the file something else (an executable, HTML) is refused whatever the bytes
  if (!claimedAcceptable(claimed)) return null;
  if (sniffed) {
    if (sniffed === "application/x-cfb") return CFB_TYPES.includes(claimed.toLowerCase()) ? claimed.toLowerCase() : null;
    const mime = SNIFFED_ALIASES[sniffed] ?? sniffed;
    return Object.hasOwn(ALLOWED_TYPES, mime) ? mime : null;
  }
  // No magic number: only plain UTF-8 text with no control characters and no markup passes, as text/plain.
  return isPlainText(head) ? "text/plain" : null;
}

/** The client's type is one of ours (or an alias), or says nothing (`application/octet-stream`). */
function claimedAcceptable(claimed: string): boolean {
  const c = claimed.toLowerCase();
  return c === "" || c === "application/octet-stream" || Object.hasOwn(ALLOWED_TYPES, c) || Object.hasOwn(SNIFFED_ALIASES, c);
}

function isPlainText(head: Uint8Array): boolean {
  let text: string;
  try {
    // a multi-byte character cut at the end of the sample is not an error
    text = new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, lastWholeUtf8(head)));
  } catch {
    return false;
  }
  return text.length > 0 && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) && !MARKUP.test(text);
}

/** The length of `b` without a trailing incomplete UTF-8 sequence. */
function lastWholeUtf8(b: Uint8Array): number {
  let i = b.length;
  for (let back = 1; back <= 3 && i - back >= 0; back++) {
    const c = b[i - back]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? i - back : i;
  }
  return i;
}

/** Served in the browser (inline); every other type is a download. */
export function servedInline(mime: string): boolean {
  return mime.startsWith("image/") || mime === "application/pdf";
}

export const OWNER_KINDS = ["ticket", "contact_attempt", "reply", "return_request", "exclusion_request", "follow_up", "co_unit_part"] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

/** The table holding each owner kind's records (all have a ticket_id column). */
export const OWNER_TABLES = {
  contact_attempt: "contact_attempts",
  reply: "replies",
  follow_up: "follow_ups",
  /** Issue 18: a co-unit's evidence for its part (rule 10). */
  co_unit_part: "ticket_co_units",
} as const;

/** Owner kinds that are review requests (`review_requests`, by kind and id; src/modules/reviews). */
export const OWNER_REVIEW_KINDS = {
  return_request: "return",
  exclusion_request: "exclusion",
} as const;

/**
 * Characters a file name may not hold: C0/C1 controls, and the bidirectional controls that make
 * `invoice\u202Egnp.exe` display as "invoiceexe.png" (RLO/LRO, embeddings, isolates, marks).
 */
const FORBIDDEN_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Why a client's file name is refused, or null when it may be kept. */
export function filenameProblem(name: string): string | null {
  return FORBIDDEN_NAME_CHARS.test(name) ? "must not contain control or bidirectional-override characters" : null;
}

/** A file name safe to echo back: no path, no quotes, at most 200 characters (controls are refused before). */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  return (cleaned || "file").slice(0, 200);
}
