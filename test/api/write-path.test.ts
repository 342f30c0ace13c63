import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TICKET_ACTIONS } from "../../src/domain/ticket/ticket.types.js";
import { READ_KEYS, TicketEventSchema } from "../../src/domain/ticket/ticket-events.js";
import { factsCte } from "../../src/modules/reports/report-facts.sql.js";
import { onTicketWrite, type AppliedWrite } from "../../src/modules/tickets/ticket-write.js";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * Issue 11 "one write path": every ticket write (intake, each action, the sweep's warning, overdue mark and
 * auto-close, an attachment) goes through the state machine and the one apply function, which reports it;
 * scheduling bookkeeping (a sweep warning) and a phone reveal leave the version as it was.
 */
let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;
const writes: AppliedWrite[] = [];
let stop: () => void;

beforeAll(async () => {
  t = await startTestServer();
  cast = await standardCast(t);
  stop = onTicketWrite((w) => writes.push(w));
});
afterAll(async () => {
  stop?.();
  await t?.close();
});

const post = (path: string, token: string, body: unknown = {}) => t.call("POST", path, { token, body });
const get = (path: string) => t.call("GET", path, { token: cast.supervisor.token });
const reply = { content: "已处理完毕", result: "resolved", handlerName: "小孙", leaderName: "张科长" };

async function upload(ticketId: number) {
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e1e6c40000000049454e44ae426082", "hex");
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "p.png");
  const res = await fetch(`${t.url}/api/tickets/${ticketId}/attachments`, { method: "POST", headers: { authorization: `Bearer ${cast.handlerA.token}` }, body: form });
  expect(res.status).toBe(201);
}

async function dispatched(at = "2025-03-03T09:00:00+08:00") {
  await t.setClock(at);
  const ticket = await t.ticket(cast.operator.token, { requester: { name: "张三", phone: "13812345678" } });
  const res = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
  expect(res.status).toBe(200);
  return res.body;
}

describe("one write path", () => {
  it("every ticket write goes through the machine and the one apply function", async () => {
    // Intake, answered directly or not.
    const direct = await t.ticket(cast.operator.token, { answeredDirectly: true });
    expect(writes.find((w) => w.ticketId === direct.id)).toMatchObject({ action: "intake", to: "closed", events: ["ticket.created", "ticket.closed"] });

    // One ticket through most actions.
    const a = await dispatched();
    await post(`/api/tickets/${a.id}/sign`, cast.handlerA.token);
    await post(`/api/tickets/${a.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" });
    await upload(a.id);
    const rr = await post(`/api/tickets/${a.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位职责" });
    await post(`/api/tickets/${a.id}/return-requests/${rr.body.id}/decision`, cast.dispatcher.token, { approve: false });
    const ext = await post(`/api/tickets/${a.id}/extension-requests`, cast.handlerA.token, { workingDays: 2, reason: "需要协调" });
    await post(`/api/tickets/${a.id}/extension-requests/${ext.body.id}/decision`, cast.dispatcher.token, { approve: true });
    const exc = await post(`/api/tickets/${a.id}/exclusions`, cast.handlerA.token, { reasonCode: "unreasonable", explanation: "诉求不合理" });
    await post(`/api/tickets/${a.id}/exclusions/${exc.body.id}/decision`, cast.supervisor.token, { approve: false });
    await post(`/api/tickets/${a.id}/replies`, cast.handlerA.token, reply);
    await post(`/api/tickets/${a.id}/follow-ups`, cast.followUp.token, { outcome: "unsatisfied", contacted: true, informed: true, resolved: false, decision: "redo" });
    await post(`/api/tickets/${a.id}/sign`, cast.handlerA.token);
    await post(`/api/tickets/${a.id}/replies`, cast.handlerA.token, reply);
    await post(`/api/tickets/${a.id}/follow-ups`, cast.followUp.token, { outcome: "unsatisfied", contacted: true, informed: true, resolved: false, decision: "close" });
    await post(`/api/tickets/${a.id}/redo`, cast.supervisor.token, { reason: "再办" });
    await post(`/api/tickets/${a.id}/reveal-phone`, cast.dispatcher.token);
    await post(`/api/tickets/${a.id}/terminate`, cast.supervisor.token, { reviewers: ["王律师"], conclusion: "已依法处理" });
    // Issue 15: a merge (and the target's repeat_linked write).
    const mergeTarget = await t.ticket(cast.operator.token);
    const duplicate = await t.ticket(cast.operator.token);
    expect((await post(`/api/tickets/${duplicate.id}/merge`, cast.dispatcher.token, { intoTicketId: mergeTarget.id })).status).toBe(200);

    // Sign-off (approve_reply) on a second ticket.
    expect((await post("/api/policy/presets/linshu/apply", t.adminToken)).status).toBe(200);
    const b = await dispatched();
    await post(`/api/tickets/${b.id}/sign`, cast.handlerA.token);
    await post(`/api/tickets/${b.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" });
    const r = await post(`/api/tickets/${b.id}/replies`, cast.handlerA.token, reply);
    expect((await post(`/api/tickets/${b.id}/replies/${r.body.id}/approve`, cast.leaderA.token)).status).toBe(200);

    // An approved return on a fourth ticket.
    const d = await dispatched();
    const rd = await post(`/api/tickets/${d.id}/return-requests`, cast.handlerA.token, { reason: "属地问题" });
    expect((await post(`/api/tickets/${d.id}/return-requests/${rd.body.id}/decision`, cast.dispatcher.token, { approve: true, note: "同意" })).status).toBe(200);

    // Rule 10 (issue 18): a co-unit signs and submits its part; the lead unit's leader assigns the ticket.
    const co = await t.ticket(cast.operator.token);
    expect((await post(`/api/tickets/${co.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id, coUnitIds: [cast.unitB.id], mode: "designated" })).status).toBe(200);
    expect((await post(`/api/tickets/${co.id}/co-units/sign`, cast.handlerB.token)).status).toBe(201);
    expect((await post(`/api/tickets/${co.id}/co-units/part`, cast.handlerB.token, { content: "街道已现场核查" })).status).toBe(201);
    const rco = await post(`/api/tickets/${co.id}/return-requests`, cast.handlerA.token, { reason: "需街道牵头" });
    expect((await post(`/api/tickets/${co.id}/return-requests/${rco.body.id}/decision`, cast.dispatcher.token, { approve: false, keepAsLead: true, coUnitIds: [(await t.unit("白石镇", "town")).id], note: "住建局牵头" })).status).toBe(200);
    expect((await post(`/api/tickets/${co.id}/assign`, cast.leaderA.token, { userId: cast.handlerA.id })).status).toBe(200);

    // Rule 8 (issue 13): the progress report of a special ticket.
    const sp = await t.ticket(cast.operator.token, { urgency: "special", requester: { name: "张三", phone: "13812345678" } });
    expect((await post(`/api/tickets/${sp.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id })).status).toBe(200);
    expect((await post(`/api/tickets/${sp.id}/progress`, cast.handlerA.token, { content: "正在处置" })).status).toBe(201);
    // Issue 14: a pending ticket closed as out of scope, citing a published non-acceptance item.
    const scope = await post("/api/knowledge", t.adminToken, { title: "诉讼中事项不予受理", body: "<p>请通过司法途径解决。</p>", kind: "scope", tags: ["诉讼"] });
    await post(`/api/knowledge/${scope.body.id}/publish`, t.adminToken);
    const e = await t.ticket(cast.operator.token);
    expect((await post(`/api/tickets/${e.id}/out-of-scope`, cast.operator.token, { entryId: scope.body.id })).status).toBe(200);

    // The sweep: warnings and overdue marks on a third ticket, auto-close of the second.
    const c = await dispatched();
    await t.setClock("2025-03-04T21:00:00+08:00");
    await t.setClock("2025-03-05T00:00:01+08:00");
    // The co-unit added to `co` (due Thursday 23:59): its warning 4 hours before (issue 18 point 1), then overdue.
    await t.setClock("2025-03-06T21:00:00+08:00");
    await t.setClock("2025-04-30T09:00:00+08:00");

    const kinds = new Set(writes.map((w) => w.action));
    for (const action of TICKET_ACTIONS) expect(kinds, action).toContain(action);
    for (const k of ["intake", "add_attachment", "deadline_warning", "deadline_overdue"]) expect(kinds).toContain(k);
    expect(writes.find((w) => w.ticketId === b.id && w.action === "auto_close")).toMatchObject({ from: "replied", to: "closed", events: ["ticket.closed"] });
    expect(writes.some((w) => w.ticketId === c.id && w.action === "deadline_overdue")).toBe(true);

    // Every event row on these tickets is one the write path reported, and each matches its type's schema.
    const written = new Set<string>();
    for (const id of [direct.id, a.id, b.id, c.id, d.id, e.id, co.id]) {
      const events = (await get(`/api/tickets/${id}`)).body.events as Array<{ type: string; data: Record<string, unknown> }>;
      for (const e of events) for (const k of Object.keys(e.data)) written.add(`${e.type}.${k}`);
      const reported = writes.filter((w) => w.ticketId === id).flatMap((w) => w.events);
      expect(events.map((e) => e.type).sort()).toEqual([...reported].sort());
      for (const e of events) expect(TicketEventSchema.safeParse(e).success, `${e.type} ${JSON.stringify(e.data)}`).toBe(true);
    }
    // Every event data key a reader asks for (reports' SQL, the web timeline and pending requests) is one
    // these writes wrote: a reader asking for a key no writer writes fails here.
    await import("../../web/src/lib/event-text.js");
    await import("../../web/src/components/pending-requests.js");
    factsCte({ from: new Date("2025-03-01T00:00:00+08:00"), to: new Date("2025-04-01T00:00:00+08:00") } as never);
    expect((await t.call("GET", "/api/reports/appraisal?month=2025-03&group=department", { token: cast.supervisor.token })).status).toBe(200);
    expect(READ_KEYS.size).toBeGreaterThan(30);
    for (const key of READ_KEYS) expect(written, key).toContain(key);

    // The auto-close writes what closing writes: no auto-close time left behind.
    const closed = (await get(`/api/tickets/${b.id}`)).body;
    expect(closed.closure.kind).toBe("auto_basically_satisfied");
    const row = await t.server.ctx.db.selectFrom("tickets").select(["auto_close_at", "next_due_at"]).where("id", "=", b.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ auto_close_at: null, next_due_at: null });
  });

  it("a sweep warning and a phone reveal leave the version as it was; the reveal keeps next_due_at", async () => {
    const ticket = await dispatched("2025-05-05T09:00:00+08:00"); // sign due Tue 2025-05-06 23:59:59.999
    const before = (await get(`/api/tickets/${ticket.id}`)).body;
    await t.setClock("2025-05-06T21:00:00+08:00"); // past 75 %, before the end: a warning
    const warned = (await get(`/api/tickets/${ticket.id}`)).body;
    expect(warned.events.some((e: { type: string }) => e.type === "ticket.deadline_warning")).toBe(true);
    expect(warned.version).toBe(before.version);
    const due = async () => (await t.server.ctx.db.selectFrom("tickets").select("next_due_at").where("id", "=", ticket.id).executeTakeFirstOrThrow()).next_due_at;
    const afterWarning = await due();
    expect(afterWarning!.getTime()).toBeGreaterThan(new Date("2025-05-06T21:00:00+08:00").getTime());

    expect((await post(`/api/tickets/${ticket.id}/reveal-phone`, cast.dispatcher.token)).status).toBe(200);
    const revealed = (await get(`/api/tickets/${ticket.id}`)).body;
    expect(revealed.version).toBe(before.version);
    expect(await due()).toEqual(afterWarning);
    // An open form with the version from before the warning still saves.
    const sign = await t.call("POST", `/api/tickets/${ticket.id}/sign`, { token: cast.handlerA.token, headers: { "if-match": String(before.version) } });
    expect(sign.status).toBe(200);
  });
});

describe("steps see only the transaction", () => {
  it("no use case reaches deps inside its runTicketAction step", () => {
    const dir = new URL("../../src/modules/tickets/use-cases/", import.meta.url);
    for (const f of readdirSync(dir)) {
      const src = readFileSync(new URL(f, dir), "utf8");
      const at = src.indexOf("runTicketAction(deps");
      if (at < 0) continue;
      expect(src.slice(at + "runTicketAction(deps".length), f).not.toMatch(/\bdeps\./);
    }
  });
});
