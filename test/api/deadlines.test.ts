import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDeadlineSweep } from "../../src/jobs/deadline-sweep.job.js";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;

beforeAll(async () => {
  t = await startTestServer();
  cast = await standardCast(t);
});
afterAll(async () => t?.close());

const post = (path: string, token: string, body: unknown = {}) => t.call("POST", path, { token, body });
const get = (path: string, token: string) => t.call("GET", path, { token });
const types = async (id: number) => ((await get(`/api/tickets/${id}`, cast.supervisor.token)).body.events as Array<{ type: string; data: Record<string, unknown> }>);

async function dispatchedAt(at: string, overrides: Record<string, unknown> = {}) {
  await t.setClock(at);
  const ticket = await t.ticket(cast.operator.token, overrides);
  const res = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
  expect(res.status).toBe(200);
  return res.body;
}

describe("the deadline sweep through the test clock", () => {
  it("sign: warning, then overdue, then still signed (late)", async () => {
    const ticket = await dispatchedAt("2025-03-03T09:00:00+08:00"); // sign due Tue 2025-03-04 23:59:59.999
    expect(ticket.deadlines.signDueAt).toBe("2025-03-04T15:59:59.999Z");
    await t.setClock("2025-03-04T21:00:00+08:00"); // < 4 h before the end and past 75 %
    let events = await types(ticket.id);
    expect(events.filter((e) => e.type === "ticket.deadline_warning" && e.data.deadline === "sign").length).toBeGreaterThanOrEqual(1);
    expect(events.some((e) => e.type === "ticket.overdue")).toBe(false);
    const notes = await get("/api/notifications", cast.handlerA.token);
    expect(notes.body.some((n: { ticketId: number; kind: string }) => n.ticketId === ticket.id && n.kind === "deadline.warning")).toBe(true);

    await t.setClock("2025-03-05T00:00:01+08:00");
    events = await types(ticket.id);
    expect(events.filter((e) => e.type === "ticket.overdue" && e.data.deadline === "sign")).toHaveLength(1);
    const view = (await get(`/api/tickets/${ticket.id}`, cast.handlerA.token)).body;
    expect(view.overdue.sign).toBe(true);
    const overdueList = await get(`/api/tickets?overdue=true&limit=200`, cast.handlerA.token);
    expect(overdueList.body.items.map((x: { id: number }) => x.id)).toContain(ticket.id);

    const signed = await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
    expect(signed.status).toBe(200);
    expect(signed.body.overdue.sign).toBe(true);
    const signedEvent = (await types(ticket.id)).find((e) => e.type === "ticket.signed");
    expect(signedEvent?.data.late).toBe(true);
  });

  it("contact: overdue marks the first contact missed; a later reach is recorded, still overdue", async () => {
    const ticket = await dispatchedAt("2025-03-03T09:00:00+08:00");
    await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
    await t.setClock("2025-03-05T08:00:00+08:00");
    const view = (await get(`/api/tickets/${ticket.id}`, cast.handlerA.token)).body;
    expect(view.firstContact.state).toBe("missed");
    expect(view.overdue.contact).toBe(true);
    const late = await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" });
    expect(late.body.ticket.firstContact.state).toBe("reached");
    expect(late.body.ticket.overdue.contact).toBe(true);
  });

  it("reply: overdue after the limit; a late reply is accepted and flagged", async () => {
    const ticket = await dispatchedAt("2025-03-03T09:00:00+08:00"); // reply due Mon 2025-03-10 end of day
    await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
    await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" });
    await t.setClock("2025-03-11T09:00:00+08:00");
    expect((await types(ticket.id)).filter((e) => e.type === "ticket.overdue" && e.data.deadline === "reply")).toHaveLength(1);
    const r = await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    expect(r.status).toBe(201);
    expect(r.body.late).toBe(true);
    expect(r.body.ticket.overdue.reply).toBe(true);
  });

  it("auto-closes as basically satisfied 5 working days after the reply, across a holiday (rule 22)", async () => {
    // Reply on Fri 2025-09-26: 5 working days = Sat 9-28 (make-up day), Mon 9-29, Tue 9-30, then 1–8 Oct off, Thu 10-9, Fri 10-10.
    const ticket = await dispatchedAt("2025-09-25T09:00:00+08:00");
    await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
    await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" });
    await t.setClock("2025-09-26T10:00:00+08:00");
    const r = await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    expect(r.body.ticket.deadlines.autoCloseAt).toBe("2025-10-10T15:59:59.999Z");
    await t.setClock("2025-10-09T12:00:00+08:00");
    expect((await get(`/api/tickets/${ticket.id}`, cast.supervisor.token)).body.status).toBe("replied");
    await t.setClock("2025-10-11T00:00:00+08:00");
    const closed = (await get(`/api/tickets/${ticket.id}`, cast.supervisor.token)).body;
    expect(closed.status).toBe("closed");
    expect(closed.closure.kind).toBe("auto_basically_satisfied");
    expect((await post(`/api/tickets/${ticket.id}/follow-ups`, cast.followUp.token, { outcome: "satisfied", contacted: true, informed: true, resolved: true })).status).toBe(409);
  });

  it("an unreachable follow-up leaves the ticket to the auto-close", async () => {
    const ticket = await dispatchedAt("2025-03-03T09:00:00+08:00");
    await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
    await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
    await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    const f = await post(`/api/tickets/${ticket.id}/follow-ups`, cast.followUp.token, { outcome: "unreachable", contacted: false, informed: false, resolved: false });
    expect(f.body.ticket.status).toBe("replied");
    await t.setClock("2025-03-20T09:00:00+08:00");
    expect((await get(`/api/tickets/${ticket.id}`, cast.supervisor.token)).body.closure.kind).toBe("auto_basically_satisfied");
  });

  it("a redo restarts the clocks: the new cycle warns and goes overdue again", async () => {
    const ticket = await dispatchedAt("2025-03-03T09:00:00+08:00");
    await t.setClock("2025-03-05T09:00:00+08:00"); // sign overdue in cycle 1
    await post(`/api/tickets/${ticket.id}/sign`, cast.handlerA.token);
    await post(`/api/tickets/${ticket.id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
    await post(`/api/tickets/${ticket.id}/replies`, cast.handlerA.token, { content: "已处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
    const redo = await post(`/api/tickets/${ticket.id}/follow-ups`, cast.followUp.token, { outcome: "unsatisfied", contacted: true, informed: true, resolved: false, decision: "redo" });
    expect(redo.body.ticket.overdue.sign).toBe(false);
    expect(redo.body.ticket.deadlines.signDueAt).toBe("2025-03-06T15:59:59.999Z");
    await t.setClock("2025-03-07T09:00:00+08:00");
    const signOverdue = (await types(ticket.id)).filter((e) => e.type === "ticket.overdue" && e.data.deadline === "sign");
    expect(signOverdue).toHaveLength(2);
  });

  it("two sweeps at once produce each event once", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await dispatchedAt("2025-04-01T09:00:00+08:00")).id);
    const now = new Date("2025-04-03T09:00:00+08:00");
    t.clock.set(now);
    const deps = t.server.ctx;
    const [a, b] = await Promise.all([runDeadlineSweep(deps, now, 2), runDeadlineSweep(deps, now, 2)]);
    await runDeadlineSweep(deps, now, 2); // and once more afterwards
    expect(a.overdue + b.overdue).toBeGreaterThanOrEqual(ids.length * 2);
    for (const id of ids) {
      const overdue = (await types(id)).filter((e) => e.type === "ticket.overdue");
      expect(overdue.map((e) => e.data.deadline).sort()).toEqual(["contact", "sign"]);
    }
  });

  it("a sweep that reaches a deadline only after it passed sends the overdue notice, not a stale warning", async () => {
    const ticket = await dispatchedAt("2025-06-10T09:00:00+08:00"); // sign due Wed 2025-06-11 23:59:59.999
    t.clock.set(new Date("2025-06-10T09:00:00+08:00"));
    const late = new Date("2025-06-12T09:00:00+08:00"); // the server was down through the sign warning and deadline
    const r = await runDeadlineSweep(t.server.ctx, late);
    expect(r.staleWarnings).toBeGreaterThanOrEqual(2); // sign and contact (policy: 75 % and 4 h before each)
    const events = await types(ticket.id);
    expect(events.filter((e) => e.type === "ticket.deadline_warning" && (e.data.deadline === "sign" || e.data.deadline === "contact"))).toEqual([]);
    expect(events.filter((e) => e.type === "ticket.overdue").map((e) => e.data.deadline).sort()).toEqual(["contact", "sign"]);
    const notes = (await get("/api/notifications", cast.handlerA.token)).body as Array<{ ticketId: number; kind: string }>;
    const mine = notes.filter((n) => n.ticketId === ticket.id && n.kind.startsWith("deadline."));
    expect(mine.map((n) => n.kind).sort()).toEqual(["deadline.overdue", "deadline.overdue"]);
    // Nothing is owed again for these deadlines; the reply clock still warns later.
    expect((await runDeadlineSweep(t.server.ctx, late)).staleWarnings + (await runDeadlineSweep(t.server.ctx, late)).overdue).toBe(0);
    const view = (await get(`/api/tickets/${ticket.id}`, cast.supervisor.token)).body;
    expect(view.overdue.sign).toBe(true);
  });
});
