import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;

beforeAll(async () => {
  t = await startTestServer({ env: { HUYING_UPLOAD_MAX_BYTES: "2048" } });
  cast = await standardCast(t);
});
afterAll(async () => t?.close());

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e1e6c40000000049454e44ae426082", "hex");

async function upload(token: string, ticketId: number, file: { name: string; type: string; data: Buffer }, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  const res = await fetch(`${t.url}/api/tickets/${ticketId}/attachments`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: await res.json() };
}

describe("evidence attachments (rule 20)", () => {
  it("the lead unit attaches a photo to a contact attempt; only those who see the ticket can fetch it", async () => {
    const ticket = await t.ticket(cast.operator.token);
    await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
    const attempt = await t.call("POST", `/api/tickets/${ticket.id}/contact-attempts`, { token: cast.handlerA.token, body: { method: "visit", outcome: "reached" } });
    const up = await upload(cast.handlerA.token, ticket.id, { name: "现场照片.png", type: "image/png", data: PNG }, { ownerKind: "contact_attempt", ownerId: String(attempt.body.id) });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ ownerKind: "contact_attempt", ownerId: attempt.body.id, filename: "现场照片.png", mime: "image/png", size: PNG.length });

    const mine = await fetch(`${t.url}/api/tickets/${ticket.id}/attachments/${up.body.id}`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await mine.arrayBuffer()).equals(PNG)).toBe(true);

    const other = await fetch(`${t.url}/api/tickets/${ticket.id}/attachments/${up.body.id}`, { headers: { authorization: `Bearer ${cast.handlerB.token}` } });
    expect(other.status).toBe(404);
    const detail = await t.call("GET", `/api/tickets/${ticket.id}`, { token: cast.handlerA.token });
    expect(detail.body.attachments).toHaveLength(1);
    expect(detail.body.events.some((e: { type: string }) => e.type === "ticket.attachment_added")).toBe(true);
  });

  it("refuses other units, unknown owners, disallowed types and oversized files", async () => {
    const ticket = await t.ticket(cast.operator.token);
    await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
    expect((await upload(cast.handlerB.token, ticket.id, { name: "a.png", type: "image/png", data: PNG })).status).toBe(404);
    const badOwner = await upload(cast.handlerA.token, ticket.id, { name: "a.png", type: "image/png", data: PNG }, { ownerKind: "reply", ownerId: "999999" });
    expect(badOwner.status).toBe(400);
    expect(badOwner.body.error.message).toContain("ownerId");
    const exe = await upload(cast.handlerA.token, ticket.id, { name: "x.exe", type: "application/x-msdownload", data: Buffer.from("MZ") });
    expect(exe.status).toBe(415);
    const big = await upload(cast.handlerA.token, ticket.id, { name: "big.png", type: "image/png", data: Buffer.alloc(4096) });
    expect(big.status).toBe(413);
    const detail = await t.call("GET", `/api/tickets/${ticket.id}`, { token: cast.handlerA.token });
    expect(detail.body.attachments).toHaveLength(0);
  });
});

describe("the audit log (admins only)", () => {
  it("lists phone reveals newest first with the actor, and refuses other roles", async () => {
    const ticket = await t.ticket(cast.operator.token);
    await t.call("POST", `/api/tickets/${ticket.id}/reveal-phone`, { token: cast.supervisor.token });
    const res = await t.call("GET", "/api/audit-log?action=phone.revealed&limit=1", { token: t.adminToken });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ action: "phone.revealed", targetType: "ticket", targetId: String(ticket.id), actor: { id: cast.supervisor.id } });
    expect((await t.call("GET", "/api/audit-log", { token: cast.supervisor.token })).status).toBe(403);
  });
});
