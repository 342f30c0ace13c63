import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;

beforeAll(async () => {
  t = await startTestServer();
  cast = await standardCast(t);
});
afterAll(async () => t?.close());

const post = (path: string, token: string, body: unknown = {}) => t.call("POST", path, { token, body });

async function signedTicket() {
  const ticket = await t.ticket(cast.operator.token);
  await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
  await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
  return ticket;
}

describe("leader sign-off of replies (rule 17, Linshu preset)", () => {
  it("with sign-off on, a reply waits in reply_review until the unit leader approves; a ticket keeps its policy version", async () => {
    const before = await signedTicket(); // dispatched under the default policy (no sign-off)
    expect((await post("/api/policy/presets/linshu/apply", t.adminToken)).status).toBe(200);
    const ticket = await signedTicket();
    await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
    const r = await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe("pending_review");
    expect(r.body.ticket.status).toBe("reply_review");
    expect(r.body.ticket.allowedActions).not.toContain("approve_reply"); // the handler cannot sign off
    expect((await post(`/api/tickets/${ticket.id}/replies/${r.body.id}/approve`, cast.handlerA.token)).status).toBe(403);
    const leaderView = await t.call("GET", `/api/tickets/${ticket.id}`, { token: cast.leaderA.token });
    expect(leaderView.body.allowedActions).toContain("approve_reply");
    const back = await post(`/api/tickets/${ticket.id}/replies/${r.body.id}/approve`, cast.leaderA.token, { approve: false, note: "答复不完整" });
    expect(back.body.status).toBe("signed");
    await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
    const r2 = await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, { content: "已处理并回访", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    const ok = await post(`/api/tickets/${ticket.id}/replies/${r2.body.id}/approve`, cast.leaderA.token);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe("replied");
    expect(ok.body.deadlines.autoCloseAt).not.toBeNull();

    // the ticket dispatched before the change keeps its version: no sign-off
    await post(`/api/tickets/${before.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
    const old = await post(`/api/tickets/${before.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    expect(old.body.ticket.status).toBe("replied");
  });
});

describe("a return under review with returnStopsClock on", () => {
  it("a refused return gives the unit back the working time it had left", async () => {
    const current = (await t.call("GET", "/api/policy", { token: t.adminToken })).body;
    const put = await t.call("PUT", "/api/policy", { token: t.adminToken, body: { settings: { ...current.settings, returnStopsClock: true, replySignOff: false }, name: "停钟测试" } });
    expect(put.status).toBe(200);
    await t.setClock("2025-06-02T09:00:00+08:00"); // Monday
    const ticket = await t.ticket(cast.operator.token);
    const d = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    expect(d.body.deadlines.replyDueAt).toBe("2025-06-09T15:59:59.999Z");
    const rr = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位" });
    await t.setClock("2025-06-04T09:00:00+08:00"); // two working days under review
    const refused = await post(`/api/tickets/${ticket.id}/return-requests/${rr.body.id}/decision`, cast.dispatcher.token, { approve: false });
    expect(refused.body.status).toBe("dispatched");
    expect(new Date(refused.body.deadlines.replyDueAt).getTime()).toBeGreaterThan(new Date("2025-06-10T15:59:59.999Z").getTime());
  });
});
