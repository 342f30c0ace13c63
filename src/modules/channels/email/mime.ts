/**
 * A small MIME reader for the mail channel (RFC 5322 headers, RFC 2047 encoded words, multipart bodies,
 * base64 and quoted-printable): the subject, the first text/plain part (else text/html as text) and the
 * attachments. Pure; malformed input gives what could be read, never a throw.
 */
export interface ParsedMail {
  subject: string;
  from: { address: string; name: string | null };
  to: string[];
  messageId: string | null;
  text: string;
  attachments: Array<{ filename: string; contentType: string; size: number; content: Buffer }>;
}

type Headers = Map<string, string>;

function splitHead(raw: Buffer): { headers: Headers; body: Buffer } {
  const s = raw.toString("latin1");
  const m = /\r?\n\r?\n/.exec(s);
  const head = m ? s.slice(0, m.index) : s;
  const body = m ? raw.subarray(Buffer.byteLength(s.slice(0, m.index + m[0].length), "latin1")) : Buffer.alloc(0);
  const headers: Headers = new Map();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) {
      const k = line.slice(0, i).trim().toLowerCase();
      if (!headers.has(k)) headers.set(k, line.slice(i + 1).trim());
    }
  }
  return { headers, body };
}

function charsetDecode(buf: Buffer, charset: string): string {
  const cs = charset.toLowerCase();
  try {
    return new TextDecoder(cs === "gb2312" ? "gbk" : cs).decode(buf);
  } catch {
    return buf.toString("utf8");
  }
}

function qp(s: string): Buffer {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(src.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** `=?utf-8?B?5L2g5aW9?=` and `=?utf-8?Q?...?=` words; the header's raw bytes are read as UTF-8 otherwise. */
export function decodeWords(value: string): string {
  const utf = Buffer.from(value, "latin1").toString("utf8");
  return utf.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_m, cs: string, enc: string, text: string) =>
    charsetDecode(enc.toUpperCase() === "B" ? Buffer.from(text, "base64") : qp(text.replace(/_/g, " ")), cs),
  );
}

function param(header: string | undefined, name: string): string | null {
  if (!header) return null;
  const m = new RegExp(`${name}\\*?=(?:"([^"]*)"|([^;\\s]*))`, "i").exec(header);
  const v = m ? (m[1] ?? m[2] ?? null) : null;
  if (v && /^utf-8''/i.test(v)) return decodeURIComponent(v.replace(/^utf-8''/i, ""));
  return v === null ? null : decodeWords(v);
}

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  const e = (encoding ?? "").toLowerCase();
  if (e === "base64") return Buffer.from(body.toString("latin1").replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  if (e === "quoted-printable") return qp(body.toString("latin1"));
  return body;
}

function walk(raw: Buffer, out: { text: string | null; html: string | null; attachments: ParsedMail["attachments"] }, depth = 0): void {
  const { headers, body } = splitHead(raw);
  const type = headers.get("content-type") ?? "text/plain";
  const mime = type.split(";")[0]!.trim().toLowerCase();
  if (mime.startsWith("multipart/") && depth < 10) {
    const boundary = param(type, "boundary");
    if (!boundary) return;
    const s = body.toString("latin1");
    const parts = s.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:--)?[ \\t]*\\r?\\n?`));
    for (const p of parts.slice(1)) if (p.trim()) walk(Buffer.from(p, "latin1"), out, depth + 1);
    return;
  }
  const content = decodeBody(body, headers.get("content-transfer-encoding"));
  const disposition = headers.get("content-disposition") ?? "";
  const filename = param(disposition, "filename") ?? param(type, "name");
  if (filename || /^attachment/i.test(disposition)) {
    out.attachments.push({ filename: filename ?? "attachment", contentType: mime, size: content.length, content });
    return;
  }
  const text = charsetDecode(content, param(type, "charset") ?? "utf-8");
  if (mime === "text/plain" && out.text === null) out.text = text;
  else if (mime === "text/html" && out.html === null) out.html = text;
}

function address(v: string | undefined): { address: string; name: string | null } {
  const s = decodeWords(v ?? "");
  const m = /^(.*?)<([^>]+)>/.exec(s);
  if (m) return { address: m[2]!.trim().toLowerCase(), name: m[1]!.trim().replace(/^"|"$/g, "") || null };
  return { address: s.trim().toLowerCase(), name: null };
}

export function parseMail(raw: Buffer): ParsedMail {
  const { headers } = splitHead(raw);
  const out = { text: null as string | null, html: null as string | null, attachments: [] as ParsedMail["attachments"] };
  walk(raw, out);
  return {
    subject: decodeWords(headers.get("subject") ?? "").trim(),
    from: address(headers.get("from")),
    to: (headers.get("to") ?? "").split(",").map((a) => address(a).address).filter(Boolean),
    messageId: headers.get("message-id")?.replace(/[<>]/g, "").trim() || null,
    text: (out.text ?? out.html?.replace(/<[^>]*>/g, " ") ?? "").trim(),
    attachments: out.attachments,
  };
}
