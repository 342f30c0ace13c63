import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverOutbox } from "../../src/modules/outbox/deliver-outbox.js";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * The upstream exchange (docs/CHANNELS.md "Upstream") against a second process playing the provincial
 * platform (test/api/upstream-peer.ts): signed tickets passed down, idempotent by externalRef (also when sent
 * twice at once), unsigned / stale / replayed / tampered calls → 401 with nothing written, and signing, reply,
 * extension and closure pushed back through the outbox, surviving the peer's deliberate 500s. Both engines.
 */
const SECRET = "province-12345-shared-secret";

describe("upstream platform exchange", () => {
  let t: TestServer;
  let cast: Awaited<ReturnType<typeof standardCast>>;
  let peer: ChildProcess;
  let peerUrl = "";
  let key = "";

  const peerCall = async (path: string, body?: unknown) => {
    const res = await fetch(`${peerUrl}${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
    return res.json() as Promise<any>;
  };
  const send = (ticket: unknown, extra: Record<string, unknown> = {}) => peerCall("/send", { huyingUrl: t.url, apiKey: key, ticket, ...extra });
  const passed = (ref: string) => ({ requester: { name: "赵六", phone: "13500001234" }, title: "省平台转办：噪音扰民", content: "工地夜间施工噪音", externalRef: ref, urgency: "ordinary" });
  const count = async () => (await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.filter((x: any) => x.channel === "upstream").length;
  /** Delivers the outbox until nothing is due, moving the delivery clock past each backoff. */
  const drain = async () => {
    let now = Date.now();
    for (let i = 0; i < 8; i++) {
      await deliverOutbox(t.server.ctx.db, t.server.ctx.outboxHandlers, { now: new Date(now) });
      now += 5 * 60_000;
    }
  };

  beforeAll(async () => {
    peer = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "upstream-peer.ts")], { env: { ...process.env, PEER_SECRET: SECRET }, stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<number>((resolve, reject) => {
      peer.once("error", reject);
      peer.stdout!.once("data", (b: Buffer) => resolve(JSON.parse(b.toString().split("\n")[0]!).port));
    });
    peerUrl = `http://127.0.0.1:${port}`;
    t = await startTestServer({ env: { HUYING_UPSTREAM_URL: `${peerUrl}/callback`, HUYING_UPSTREAM_SECRET: SECRET } });
    cast = await standardCast(t);
    key = (await t.call("POST", "/api/api-keys", { token: t.adminToken, body: { name: "省12345平台", scopes: ["upstream"] } })).body.key;
  }, 60_000);
  afterAll(async () => {
    peer?.kill("SIGTERM");
    await t?.close();
  });

  it("a signed ticket is taken once: the same externalRef again, or twice at once, answers the same ticket", async () => {
    const first = await send(passed("SC-2025-0001"));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ channel: "upstream", externalRef: "SC-2025-0001", status: "pending_dispatch" });
    // A resend is a new call: signed anew, so a changed word (an identical body signed in the same second is a replay).
    const again = await send({ ...passed("SC-2025-0001"), content: "工地夜间施工噪音（重发）" });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    // Two deliveries of one ticket at once (each signed on its own: an identical signed call would be a replay).
    const [a, b] = await Promise.all([send(passed("SC-2025-0002")), send({ ...passed("SC-2025-0002"), title: "省平台转办：噪音扰民（重发）" })]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    // POST /api/tickets with the same externalRef answers that ticket too.
    const direct = await t.call("POST", "/api/tickets", { token: cast.operator.token, body: { channel: "upstream", ...passed("SC-2025-0002") } });
    expect(direct.status).toBe(200);
    expect(direct.body.id).toBe(a.body.id);
    expect(await count()).toBe(2);
  });

  it("a special ticket passed down starts its linkage, and a repeat links, in the intake's one transaction", async () => {
    const special = await send({ ...passed("SC-2025-0101"), urgency: "special" });
    expect(special.status, JSON.stringify(special.body)).toBe(201);
    const repeat = await send({ ...passed("SC-2025-0102"), repeatOf: special.body.id });
    expect(repeat.status, JSON.stringify(repeat.body)).toBe(201);
    expect(repeat.body.repeatOf).toBe(special.body.id);
    const unknown = await send({ ...passed("SC-2025-0103"), repeatOf: 2_147_483_647 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe("repeatOf");
    expect(await count()).toBe(4);
  });

  it("unsigned, stale, replayed or tampered calls → 401 and nothing written", async () => {
    const before = await count();
    expect((await send(passed("SC-BAD-1"), { mode: "unsigned" })).status).toBe(401);
    expect((await send(passed("SC-BAD-2"), { mode: "stale" })).status).toBe(401);
    const tampered = await send(passed("SC-BAD-3"), { mode: "tampered" });
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe("SIGNATURE_INVALID");
    const ok = await send(passed("SC-2025-0003"));
    expect(ok.status).toBe(201);
    const replay = await send(undefined, { resend: ok.sent });
    expect(replay.status).toBe(401);
    expect(await count()).toBe(before + 1);
    // A key of another scope never reaches the route (403), whatever it signs.
    const other = (await t.call("POST", "/api/api-keys", { token: t.adminToken, body: { name: "APP", scopes: ["open311"] } })).body.key;
    expect((await peerCall("/send", { huyingUrl: t.url, apiKey: other, ticket: passed("SC-BAD-4") })).status).toBe(403);
  });

  it("signing, extension, reply and closure go back upstream through the outbox, despite the peer's 500s", async () => {
    const id = (await send(passed("SC-2025-0010"))).body.id;
    const as = (token: string, path: string, body?: unknown) => t.call("POST", `/api/tickets/${id}/${path}`, { token, body });
    expect((await as(cast.dispatcher.token, "dispatch", { unitId: cast.unitA.id })).status).toBe(200);
    expect((await as(cast.handlerA.token, "sign")).status).toBe(200);
    const ext = await as(cast.leaderA.token, "extension-requests", { workingDays: 3, reason: "需协调施工单位" });
    expect(ext.status).toBe(201);
    expect((await as(cast.supervisor.token, `extension-requests/${ext.body.id}/decision`, { approve: true })).status).toBe(200);
    expect((await as(cast.handlerA.token, "contact-attempts", { method: "phone", outcome: "reached" })).status).toBe(201);
    expect((await as(cast.handlerA.token, "replies", { content: "已责令夜间停工", result: "resolved", handlerName: "孙工", leaderName: "周局" })).status).toBe(201);
    expect((await as(cast.followUp.token, "follow-ups", { outcome: "satisfied", contacted: true, informed: true, resolved: true })).status).toBe(201);
    await drain();
    const got = (await peerCall("/received")).filter((m: any) => m.externalRef === "SC-2025-0010");
    expect(got.map((m: any) => m.event)).toEqual(["signed", "extended", "replied", "closed"]);
    expect(got.find((m: any) => m.event === "replied").data).toMatchObject({ content: "已责令夜间停工", result: "resolved" });
    expect(got.find((m: any) => m.event === "closed").data.kind).toBe("satisfied");
    expect(got.every((m: any) => Number(m.attempt) >= 2)).toBe(true);
    const stats = await peerCall("/refused");
    expect(stats.badSignatures).toBe(0);
    expect(stats.refused).toBeGreaterThanOrEqual(4);
  });

  it("what never arrives ends dead, for an admin to see and retry", async () => {
    const id = (await send(passed("SC-2025-0020"))).body.id;
    // The upstream URL is now wrong: every attempt fails until the message is dead.
    const handlers = { ...t.server.ctx.outboxHandlers, upstream: async () => { throw new Error("HTTP 503"); } };
    expect((await t.call("POST", `/api/tickets/${id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } })).status).toBe(200);
    expect((await t.call("POST", `/api/tickets/${id}/sign`, { token: cast.handlerA.token })).status).toBe(200);
    let now = Date.now();
    for (let i = 0; i < 12; i++) {
      await deliverOutbox(t.server.ctx.db, handlers, { now: new Date(now) });
      now += 60 * 60_000;
    }
    const dead = await t.call("GET", "/api/outbox?status=dead", { token: t.adminToken });
    const item = dead.body.items.find((m: any) => m.kind === "upstream" && m.target.includes("SC-2025-0020"));
    expect(item).toMatchObject({ status: "dead", lastError: "HTTP 503" });
    expect((await t.call("GET", "/api/outbox?status=dead", { token: cast.dispatcher.token })).status).toBe(403);
    expect((await t.call("POST", `/api/outbox/${item.id}/retry`, { token: t.adminToken })).status).toBe(200);
  });
});
