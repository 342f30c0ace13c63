import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttachmentStorage } from "../../src/modules/attachments/attachment.storage.js";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/** Issue 12, defect 13: uploads are typed by their bytes, named safely, bounded per ticket, never left half-written. */

const DIR = `/tmp/huying-upload-test-${process.pid}-${randomBytes(3).toString("hex")}`;
let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;

beforeAll(async () => {
  t = await startTestServer({ env: { HUYING_DATA_DIR: DIR, HUYING_UPLOAD_MAX_FILES_PER_TICKET: "3", HUYING_UPLOAD_MAX_BYTES_PER_TICKET: "1000" } });
  cast = await standardCast(t);
}, 120_000);
afterAll(async () => t?.close());

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e1e6c40000000049454e44ae426082", "hex");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const HTML = Buffer.from("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(62), Buffer.from("PE\0\0")]);

async function upload(ticketId: number, file: { name: string; type: string; data: Buffer }, token = cast.handlerA.token) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  const res = await fetch(`${t.url}/api/tickets/${ticketId}/attachments`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

async function dispatchedTicket(): Promise<number> {
  const ticket = await t.ticket(cast.operator.token);
  await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
  return ticket.id;
}

const filesUnder = async (dir: string): Promise<string[]> => (existsSync(dir) ? readdir(dir, { recursive: true }) : []);

describe("the type comes from the bytes", () => {
  it.each([
    ["HTML sent as image/png", { name: "photo.png", type: "image/png", data: HTML }],
    ["an .exe sent as application/pdf", { name: "report.pdf", type: "application/pdf", data: EXE }],
    ["an .exe sent as text/plain", { name: "notes.txt", type: "text/plain", data: EXE }],
    ["a PNG its sender calls an executable", { name: "a.exe", type: "application/x-msdownload", data: PNG }],
    ["SVG sent as image/png", { name: "x.png", type: "image/png", data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }],
  ])("%s → 415, no file left behind", async (_name, file) => {
    const id = await dispatchedTicket();
    const before = await filesUnder(join(DIR, "uploads"));
    const res = await upload(id, file);
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect((await filesUnder(join(DIR, "uploads"))).filter((f) => f.includes("."))).toEqual(before.filter((f) => f.includes(".")));
  });

  it("a PNG sent as application/octet-stream is stored and served as image/png, inline", async () => {
    const id = await dispatchedTicket();
    const res = await upload(id, { name: "现场.png", type: "application/octet-stream", data: PNG });
    expect(res.status).toBe(201);
    expect(res.body.mime).toBe("image/png");
    const dl = await fetch(`${t.url}/api/tickets/${id}/attachments/${res.body.id}`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    expect(dl.headers.get("content-type")).toBe("image/png");
    expect(dl.headers.get("content-disposition")).toMatch(/^inline/);
    expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("a PDF is inline; plain text is a download with nosniff", async () => {
    const id = await dispatchedTicket();
    const pdf = await upload(id, { name: "回复函.pdf", type: "application/pdf", data: PDF });
    expect(pdf.status).toBe(201);
    expect(pdf.body.mime).toBe("application/pdf");
    const txt = await upload(id, { name: "记录.txt", type: "text/plain", data: Buffer.from("电话记录：已联系诉求人，约定明天上门。\n") });
    expect(txt.status).toBe(201);
    expect(txt.body.mime).toBe("text/plain");
    const get = (aid: number) => fetch(`${t.url}/api/tickets/${id}/attachments/${aid}`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    expect((await get(pdf.body.id)).headers.get("content-disposition")).toMatch(/^inline/);
    const text = await get(txt.body.id);
    expect(text.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(text.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("file names", () => {
  it.each(["invoice\u202Egnp.exe", "a\u2066b.png", "tab\there.png", "x\u200F.png"])("%j → 400 naming filename", async (name) => {
    const id = await dispatchedTicket();
    const res = await upload(id, { name, type: "image/png", data: PNG });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("filename");
  });
});

describe("the per-ticket quota (3 files, 1000 bytes here)", () => {
  it("refuses the file past the count with 409 ATTACHMENT_QUOTA_EXCEEDED", async () => {
    const id = await dispatchedTicket();
    for (let i = 0; i < 3; i++) expect((await upload(id, { name: `p${i}.png`, type: "image/png", data: PNG })).status).toBe(201);
    const fourth = await upload(id, { name: "p4.png", type: "image/png", data: PNG });
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.code).toBe("ATTACHMENT_QUOTA_EXCEEDED");
  });

  it("refuses the file past the bytes", async () => {
    const id = await dispatchedTicket();
    const text = (n: number) => Buffer.from("办".repeat(n)); // 3 bytes each
    expect((await upload(id, { name: "a.txt", type: "text/plain", data: text(200) })).status).toBe(201); // 600 bytes
    const over = await upload(id, { name: "b.txt", type: "text/plain", data: text(200) });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe("ATTACHMENT_QUOTA_EXCEEDED");
    expect((await upload(id, { name: "c.txt", type: "text/plain", data: text(100) })).status).toBe(201); // 900 bytes
  });
});

describe("partial files left by a crash", () => {
  const old = new Date(Date.now() - 3 * 3_600_000);

  it("the sweep removes old temp files and old files no row names, and keeps the rest", async () => {
    const id = await dispatchedTicket();
    const kept = await upload(id, { name: "keep.png", type: "image/png", data: PNG });
    expect(kept.status).toBe(201);
    const storage = new AttachmentStorage(DIR);
    const row = await t.server.ctx.db.selectFrom("attachments").select("storage_key").where("id", "=", kept.body.id).executeTakeFirstOrThrow();
    await mkdir(join(DIR, "uploads", "tmp"), { recursive: true });
    const staleTemp = join(DIR, "uploads", "tmp", "dead.part");
    const freshTemp = join(DIR, "uploads", "tmp", "busy.part");
    const orphan = join(DIR, "uploads", "2025", "orphan.png");
    await writeFile(staleTemp, "x");
    await writeFile(freshTemp, "x");
    await writeFile(orphan, PNG);
    await utimes(staleTemp, old, old);
    await utimes(orphan, old, old);
    await utimes(storage.path(row.storage_key), old, old);

    const removed = await storage.sweep(t.server.ctx.db, Date.now(), 60 * 60_000);
    expect(removed).toEqual({ temp: 1, orphans: 1 });
    expect(existsSync(staleTemp)).toBe(false);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(freshTemp)).toBe(true);
    expect(existsSync(storage.path(row.storage_key))).toBe(true);
  });

  it("runs when the server starts", async () => {
    const dir = `${DIR}-restart`;
    await mkdir(join(dir, "uploads", "tmp"), { recursive: true });
    const staleTemp = join(dir, "uploads", "tmp", "crashed.part");
    await writeFile(staleTemp, "half a file");
    await utimes(staleTemp, old, old);
    const second = await startTestServer({ env: { HUYING_DATA_DIR: dir } });
    try {
      expect(existsSync(staleTemp)).toBe(false);
    } finally {
      await second.close();
    }
  }, 60_000);
});
