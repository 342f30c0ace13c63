import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { MIGRATIONS, migrate } from "../../src/db/migrate.js";
import { createPending, decideRequest, findPending } from "../../src/modules/reviews/review-request.repository.js";
import { standardServer } from "./helpers.js";

const file = standardServer();
const post = (path: string, token: string, body: unknown = {}) => file.t.call("POST", path, { token, body });

async function dispatched() {
  const { t, cast } = file;
  const ticket = await t.ticket(cast.operator.token);
  expect((await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id })).status).toBe(200);
  return ticket;
}
async function signed() {
  const ticket = await dispatched();
  expect((await post(`/api/tickets/${ticket.id}/sign`, file.cast.handlerA.token)).status).toBe(200);
  return ticket;
}
const rows = (ticketId: number) =>
  file.t.server.ctx.db.selectFrom("review_requests").selectAll().where("ticket_id", "=", ticketId).orderBy("id").execute();
const detail = async (ticketId: number) => (await file.t.call("GET", `/api/tickets/${ticketId}`, { token: file.t.adminToken })).body;

describe("review requests: four kinds through one module and one table", () => {
  it("return, extension and exclusion are rows of review_requests, shown under their old keys and fields", async () => {
    const { cast } = file;
    const ticket = await signed();
    const ext = await post(`/api/tickets/${ticket.id}/extension-requests`, cast.handlerA.token, { workingDays: 3, reason: "需要现场核实" });
    expect(ext.status).toBe(201);
    expect(Object.keys(ext.body).filter((k) => k !== "ticket").sort()).toEqual(["createdAt", "id", "reason", "status", "workingDays"]);
    expect((await post(`/api/tickets/${ticket.id}/extension-requests/${ext.body.id}/decision`, cast.dispatcher.token, { approve: true, workingDays: 2 })).status).toBe(200);
    const ret = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位", basis: "三定方案" });
    expect(ret.status).toBe(201);
    expect(ret.body).toMatchObject({ reason: "不属于本单位", basis: "三定方案", verified: null, suggestedUnitId: null, status: "pending", decisionNote: null, decidedAt: null });
    const refused = await post(`/api/tickets/${ticket.id}/return-requests/${ret.body.id}/decision`, cast.dispatcher.token, { approve: false, note: "属于本单位职责" });
    expect(refused.status).toBe(200);
    expect(refused.body.status).toBe("signed");

    const stored = await rows(ticket.id);
    expect(stored.map((r) => [r.kind, r.id, r.status])).toEqual([
      ["extension", ext.body.id, "approved"],
      ["return", ret.body.id, "refused"],
    ]);
    expect(stored[0]!.payload).toEqual({ workingDays: 3, reason: "需要现场核实" });
    expect(stored[0]!.decision).toEqual({ grantedDays: 2, note: null });
    expect(stored[1]!.decision).toEqual({ note: "属于本单位职责", reassignTo: null });
    expect(stored[1]!.decided_by).toBe(cast.dispatcher.id);

    const d = await detail(ticket.id);
    expect(d.extensionRequests).toEqual([{ id: ext.body.id, workingDays: 3, reason: "需要现场核实", status: "approved", grantedDays: 2, createdAt: ext.body.createdAt, decidedAt: expect.any(String) }]);
    expect(d.returnRequests).toHaveLength(1);
    expect(d.returnRequests[0]).toMatchObject({ id: ret.body.id, ticketId: ticket.id, unitId: cast.unitA.id, status: "refused", decisionNote: "属于本单位职责", late: false });

    // exclusion: filed after the reply, approved by the center
    await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
    await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    const exc = await post(`/api/tickets/${ticket.id}/exclusions`, cast.handlerA.token, { reasonCode: "duplicate", explanation: "与另一工单重复" });
    expect(exc.status).toBe(201);
    expect(Object.keys(exc.body).filter((k) => k !== "ticket").sort()).toEqual(["createdAt", "explanation", "id", "reasonCode", "status"]);
    const ok = await post(`/api/tickets/${ticket.id}/exclusions/${exc.body.id}/decision`, cast.dispatcher.token, { approve: true });
    expect(ok.status).toBe(200);
    expect(ok.body.excludedFromSatisfaction).toBe(true);
    expect((await detail(ticket.id)).exclusionRequests).toEqual([
      { id: exc.body.id, reasonCode: "duplicate", explanation: "与另一工单重复", status: "approved", createdAt: exc.body.createdAt, decidedAt: expect.any(String) },
    ]);
    // ids are per kind and come from one sequence: no two requests share one
    const ids = (await rows(ticket.id)).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("deciding a request that is not on the ticket is 404; one already decided is 409 REQUEST_ALREADY_DECIDED", async () => {
    const { cast } = file;
    const ticket = await signed();
    const ext = await post(`/api/tickets/${ticket.id}/extension-requests`, cast.handlerA.token, { workingDays: 1, reason: "等待材料" });
    // the same id under another kind is another request
    expect((await post(`/api/tickets/${ticket.id}/exclusions/${ext.body.id}/decision`, cast.dispatcher.token, { approve: true })).status).toBe(404);
    expect((await post(`/api/tickets/${ticket.id}/return-requests/${ext.body.id}/decision`, cast.dispatcher.token, { approve: true })).body.error.code).toBe("NOT_FOUND");
    expect((await post(`/api/tickets/${ticket.id}/extension-requests/${ext.body.id}/decision`, cast.handlerA.token, { approve: true })).status).toBe(403);
    expect((await post(`/api/tickets/${ticket.id}/extension-requests/${ext.body.id}/decision`, cast.dispatcher.token, { approve: false })).status).toBe(200);
    const again = await post(`/api/tickets/${ticket.id}/extension-requests/${ext.body.id}/decision`, cast.dispatcher.token, { approve: true });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("REQUEST_ALREADY_DECIDED");
  });

  it("two concurrent decisions of one request: one 200, the other 409 REQUEST_ALREADY_DECIDED", async () => {
    const { cast } = file;
    const ticket = await dispatched();
    const ret = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位" });
    const answers = await Promise.all([
      post(`/api/tickets/${ticket.id}/return-requests/${ret.body.id}/decision`, cast.dispatcher.token, { approve: true }),
      post(`/api/tickets/${ticket.id}/return-requests/${ret.body.id}/decision`, cast.supervisor.token, { approve: false }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe("REQUEST_ALREADY_DECIDED");
    const stored = await rows(ticket.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.status).toBe(answers[0]!.status === 200 ? "approved" : "refused");
  });

  it("the repository's decision is conditional: a second decision of the same row changes nothing", async () => {
    const { t, cast } = file;
    const ticket = await dispatched();
    const db = t.server.ctx.db;
    const created = await createPending(db, { kind: "test_kind", ticketId: ticket.id, unitId: cast.unitA.id, payload: { x: 1 }, requestedBy: null, requestedAt: new Date() });
    expect((await findPending(db, ticket.id, "test_kind"))?.id).toBe(created.id);
    const first = await decideRequest(db, "test_kind", created.id, { status: "approved", decidedBy: cast.dispatcher.id, decidedAt: new Date(), decision: { a: 1 } });
    const second = await decideRequest(db, "test_kind", created.id, { status: "refused", decidedBy: cast.supervisor.id, decidedAt: new Date(), decision: { a: 2 } });
    expect(first?.status).toBe("approved");
    expect(second).toBeUndefined();
    expect(await findPending(db, ticket.id, "test_kind")).toBeUndefined();
    // one pending request per ticket and kind
    await createPending(db, { kind: "test_kind", ticketId: ticket.id, unitId: null, payload: {}, requestedBy: null, requestedAt: new Date() });
    await expect(createPending(db, { kind: "test_kind", ticketId: ticket.id, unitId: null, payload: {}, requestedBy: null, requestedAt: new Date() })).rejects.toThrow();
  });

  it("a reply waiting for sign-off is a reply_sign_off request with the reply's id, decided through the same module", async () => {
    const { t, cast } = file;
    expect((await post("/api/policy/presets/linshu/apply", t.adminToken)).status).toBe(200);
    const ticket = await signed();
    await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
    const r = await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    expect(r.body.ticket.status).toBe("reply_review");
    const pending = await rows(ticket.id);
    expect(pending.map((x) => [x.kind, x.id, x.status, x.payload])).toEqual([["reply_sign_off", r.body.id, "pending", { replyId: r.body.id }]]);
    const answers = await Promise.all([
      post(`/api/tickets/${ticket.id}/replies/${r.body.id}/approve`, cast.leaderA.token, { approve: false, note: "补充材料" }),
      post(`/api/tickets/${ticket.id}/replies/${r.body.id}/approve`, cast.leaderA.token, { approve: false, note: "补充材料" }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const decided = await rows(ticket.id);
    expect(decided[0]).toMatchObject({ status: "refused", decided_by: cast.leaderA.id, decision: { note: "补充材料" } });
    expect((await detail(ticket.id)).replies[0].status).toBe("rejected");
  });
});

describe("evidence on a review request", () => {
  const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e1e6c40000000049454e44ae426082", "hex");
  const upload = async (token: string, ticketId: number, fields: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("file", new Blob([new Uint8Array(PNG)], { type: "image/png" }), "依据.png");
    const res = await fetch(`${file.t.url}/api/tickets/${ticketId}/attachments`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: await res.json() };
  };

  it("an attachment's owner return_request / exclusion_request is found in review_requests under its kind", async () => {
    const { cast } = file;
    const ticket = await dispatched();
    const ret = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位" });
    const ok = await upload(cast.handlerA.token, ticket.id, { ownerKind: "return_request", ownerId: String(ret.body.id) });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ ownerKind: "return_request", ownerId: ret.body.id });
    // the same id is no exclusion request of this ticket
    const wrongKind = await upload(cast.handlerA.token, ticket.id, { ownerKind: "exclusion_request", ownerId: String(ret.body.id) });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.field).toBe("ownerId");
  });
});

describe("migration 0021", () => {
  it("copies the rows of the old tables with their ids per kind, and new ids start past every old one", async () => {
    const url = process.env.DATABASE_URL;
    const schema = url ? `t_mig_${randomBytes(4).toString("hex")}` : undefined;
    const database = await openDatabase(url ? { url, schema } : {});
    try {
      const upTo = MIGRATIONS.findIndex((m) => m.name === "0021-review-requests");
      expect(upTo).toBeGreaterThan(0);
      await migrate(database, MIGRATIONS.slice(0, upTo));
      const db = database.db;
      await sql`
        INSERT INTO units (id, name, kind) VALUES (900, '迁移测试局', 'department');
        `.execute(db);
      await sql`INSERT INTO users (id, username, password_hash, name, roles, unit_id) VALUES (900, 'mig', 'x', '迁移', '{unit_handler}', 900), (901, 'mig2', 'x', '调度', '{dispatcher}', NULL)`.execute(db);
      await sql`INSERT INTO tickets (id, number, status, urgency, channel, title, content, received_at, created_at, lead_unit_id)
        VALUES (900, '20250101-000900', 'signed', 'normal', 'phone', 't', 'c', now(), now(), 900)`.execute(db);
      await sql`INSERT INTO return_requests (id, ticket_id, unit_id, reason, basis, verified, suggested_unit_id, late, status, decision_note, decided_by, decided_at, actor_id, created_at)
        VALUES (5, 900, 900, '不属于本单位', '依据', NULL, NULL, true, 'refused', '请继续办理', 901, '2025-01-02T01:00:00Z', 900, '2025-01-01T01:00:00Z'),
               (9, 900, 900, '再次申请', NULL, '已核实', 900, false, 'pending', NULL, NULL, NULL, 900, '2025-01-03T01:00:00Z')`.execute(db);
      await sql`INSERT INTO extension_requests (id, ticket_id, unit_id, working_days, reason, status, granted_days, decided_by, decided_at, actor_id, created_at)
        VALUES (3, 900, 900, 5, '需要时间', 'approved', 4, 901, '2025-01-02T02:00:00Z', 900, '2025-01-01T02:00:00Z')`.execute(db);
      await sql`INSERT INTO exclusion_requests (id, ticket_id, unit_id, reason_code, explanation, status, actor_id, created_at)
        VALUES (4, 900, 900, 'duplicate', '重复', 'pending', 900, '2025-01-01T03:00:00Z')`.execute(db);
      await sql`INSERT INTO replies (id, ticket_id, unit_id, round, content, result, handler_name, leader_name, status, approved_by, approved_at, late, actor_id, created_at)
        VALUES (7, 900, 900, 0, '答复', 'resolved', '甲', '乙', 'pending_review', NULL, NULL, false, 900, '2025-01-01T04:00:00Z'),
               (8, 900, 900, 0, '直接答复', 'resolved', '甲', '乙', 'approved', NULL, '2025-01-01T05:00:00Z', false, 900, '2025-01-01T05:00:00Z'),
               (11, 900, 900, 0, '退回的答复', 'resolved', '甲', '乙', 'rejected', 900, '2025-01-01T06:00:00Z', false, 900, '2025-01-01T05:30:00Z')`.execute(db);
      await migrate(database);

      const moved = await db.selectFrom("review_requests").selectAll().orderBy("kind").orderBy("id").execute();
      expect(moved.map((r) => [r.kind, r.id, r.status])).toEqual([
        ["exclusion", 4, "pending"],
        ["extension", 3, "approved"],
        ["reply_sign_off", 7, "pending"],
        ["reply_sign_off", 11, "refused"],
        ["return", 5, "refused"],
        ["return", 9, "pending"],
      ]);
      const byKey = (kind: string, id: number) => moved.find((r) => r.kind === kind && r.id === id)!;
      expect(byKey("return", 5)).toMatchObject({
        ticket_id: 900,
        unit_id: 900,
        payload: { reason: "不属于本单位", basis: "依据", verified: null, suggestedUnitId: null },
        decision: { note: "请继续办理" },
        late: true,
        requested_by: 900,
        decided_by: 901,
      });
      expect(byKey("return", 5).requested_at.toISOString()).toBe("2025-01-01T01:00:00.000Z");
      expect(byKey("return", 9)).toMatchObject({ payload: { reason: "再次申请", basis: null, verified: "已核实", suggestedUnitId: 900 }, decision: null, decided_at: null });
      expect(byKey("extension", 3)).toMatchObject({ payload: { workingDays: 5, reason: "需要时间" }, decision: { grantedDays: 4, note: null } });
      expect(byKey("exclusion", 4)).toMatchObject({ payload: { reasonCode: "duplicate", explanation: "重复" }, decision: null });
      expect(byKey("reply_sign_off", 7)).toMatchObject({ payload: { replyId: 7 }, decision: null });
      // the old tables stay, unused
      const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM return_requests`.execute(db);
      expect(left.rows[0]!.n).toBe(2);
      // a new request takes an id past every old id of every kind (the largest was reply 11)
      const next = await createPending(db, { kind: "extension", ticketId: 900, unitId: 900, payload: { workingDays: 1, reason: "新" }, requestedBy: 900, requestedAt: new Date() });
      expect(next.id).toBe(12);
    } finally {
      await database.close();
      if (url && schema) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
    }
  });
});
