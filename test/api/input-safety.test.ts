import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/** Issue 12, defects 7 (exports), 8 (dates), 12 (idempotency), 14 (notifications), 16 (urgent sign). */

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;

beforeAll(async () => {
  t = await startTestServer();
  cast = await standardCast(t);
  const ticket = await t.ticket(cast.operator.token);
  await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
}, 120_000);
afterAll(async () => t?.close());

const post = (path: string, token: string, body: unknown = {}, headers?: Record<string, string>) => t.call("POST", path, { token, body, headers });
const get = (path: string, token: string) => t.call("GET", path, { token });

describe("exports validate before the first byte (defect 7)", () => {
  it.each([
    ["tickets.csv?receivedFrom=0000-01-01", "receivedFrom"],
    ["tickets.csv?receivedTo=1900-01-01", "receivedTo"],
    ["tickets.csv?receivedFrom=2101-01-01T00:00:00Z", "receivedFrom"],
    ["tickets.csv?fields=__proto__", "fields"],
    ["tickets.xlsx?fields=constructor", "fields"],
    ["tickets.xlsx?fields=number,toString", "fields"],
    ["tickets.csv?fields=hasOwnProperty", "fields"],
    ["tickets.xlsx?status=__proto__", "status"],
  ])("%s → 400 naming %s, a whole JSON answer", async (path, field) => {
    const res = await fetch(`${t.url}/api/exports/${path}`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as { error: { code: string; field: string } };
    expect(body.error).toMatchObject({ code: "VALIDATION_FAILED", field });
  });

  it("odd but valid filters answer 200 with a whole file or 400, never a 5xx or a cut stream", async () => {
    const odd = ["q=%25_%5C'%22", "q=%F0%9F%98%80", "q=%ED%A0%80", "phone=%25", "phone=1'--", "q=" + "x".repeat(100), "receivedFrom=2100-12-31&receivedTo=2000-01-01", "receivedFrom=2025-03-01T00:00:00%2B08:00", "status=closed,signed&overdue=true", "fields=,,number,,"];
    for (const format of ["csv", "xlsx"]) {
      for (const query of odd) {
        const res = await fetch(`${t.url}/api/exports/tickets.${format}?${query}`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
        expect([200, 400, 403], `${format}?${query}`).toContain(res.status);
        await res.arrayBuffer(); // a cut stream rejects here
      }
    }
  });

  it("a valid export still streams whole", async () => {
    const res = await fetch(`${t.url}/api/exports/tickets.csv?fields=number,title&receivedFrom=2025-01-01`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.split("\r\n").filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });
});

describe("dates are bounded to sane years (defect 8)", () => {
  it.each([
    ["/api/tickets?receivedFrom=0099-01-01", "receivedFrom"],
    ["/api/tickets?receivedFrom=1900-01-01", "receivedFrom"],
    ["/api/tickets?receivedTo=9999-12-31", "receivedTo"],
    ["/api/reports/rates?from=1900-01-01&to=2025-01-31", "from"],
    ["/api/reports/rates?month=0099-01", "month"],
    ["/api/reports/appraisal?month=9999-12&group=town", "month"],
    ["/api/calendar/days?from=1999-12-01&to=2000-01-05", "from"],
    ["/api/calendar/add-working-days?from=9999-12-31T09:00:00Z&days=1", "from"],
    ["/api/calendar/add-working-days?from=2100-12-31T09:00:00Z&days=10", "from"],
  ])("GET %s → 400 naming %s", async (path, field) => {
    const res = await get(path, cast.supervisor.token);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it.each(["0099-06-01T09:00:00+08:00", "1900-01-01T00:00:00Z", "1999-12-31T12:00:00Z", "9999-12-31T00:00:00Z"])("receivedAt %s → 400", async (receivedAt) => {
    const res = await post("/api/tickets", cast.operator.token, { channel: "phone", requester: { anonymous: true }, title: "t", content: "c", receivedAt });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("receivedAt");
  });

  it("a receivedAt in the window is kept; the test clock refuses year 9999 instead of a 500 at dispatch", async () => {
    const res = await post("/api/tickets", cast.operator.token, { channel: "phone", requester: { anonymous: true }, title: "t", content: "c", receivedAt: "2025-03-01T08:00:00+08:00" });
    expect(res.status).toBe(201);
    expect(res.body.receivedAt).toBe("2025-03-01T00:00:00.000Z");
    const clock = await post("/api/test/clock", t.adminToken, { now: "9999-12-31T09:00:00Z" });
    expect(clock.status).toBe(400);
    const contact = await post(`/api/tickets/${res.body.id}/contact-attempts`, cast.handlerA.token, { at: "0099-01-01T00:00:00Z", method: "phone", outcome: "reached" });
    expect(contact.status).toBe(400);
  });
});

describe("Idempotency-Key with a different body (defect 12)", () => {
  const body = { channel: "phone", requester: { name: "王五", phone: "13700001111" }, title: "路面塌陷", content: "人民路口有坑" };

  it("same key + same body → the same ticket; another body → 422 IDEMPOTENCY_KEY_REUSED, nothing created", async () => {
    const headers = { "idempotency-key": "form-42" };
    const first = await post("/api/tickets", cast.operator.token, body, headers);
    expect(first.status).toBe(201);
    const again = await post("/api/tickets", cast.operator.token, { ...body, title: "  路面塌陷 " }, headers); // the same request once trimmed
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const before = await t.server.ctx.db.selectFrom("tickets").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const other = await post("/api/tickets", cast.operator.token, { ...body, content: "另一件事：路灯不亮" }, headers);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    const after = await t.server.ctx.db.selectFrom("tickets").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("the key is scoped to its user: another operator's same key makes its own ticket", async () => {
    const headers = { "idempotency-key": "shared-key-7" };
    const mine = await post("/api/tickets", cast.operator.token, body, headers);
    const theirs = await post("/api/tickets", cast.dispatcher.token, { ...body, title: "别的事" }, headers);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });
});

describe("notifications follow the ticket's visibility (defect 14)", () => {
  it("a unit no longer lists the notice of a ticket reassigned away after an approved return", async () => {
    const ticket = await t.ticket(cast.operator.token, { title: "机密标题：某小区违建" });
    await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    const titles = async (token: string) => ((await get("/api/notifications?limit=200", token)).body as Array<{ ticketId: number | null; title: string; body: string | null }>).filter((n) => n.ticketId === ticket.id);
    expect((await titles(cast.handlerA.token)).length).toBeGreaterThan(0);

    const rr = await post(`/api/tickets/${ticket.id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位职责" });
    expect(rr.status).toBe(201);
    const ok = await post(`/api/tickets/${ticket.id}/return-requests/${rr.body.id}/decision`, cast.dispatcher.token, { approve: true, reassignTo: cast.unitB.id });
    expect(ok.status).toBe(200);
    expect((await get(`/api/tickets/${ticket.id}`, cast.handlerA.token)).status).toBe(404);

    const all = (await get("/api/notifications?limit=200", cast.handlerA.token)).body as Array<{ ticketId: number | null; title: string; body: string | null }>;
    expect(all.filter((n) => n.ticketId === ticket.id)).toEqual([]);
    expect(JSON.stringify(all)).not.toContain("机密标题");
    // the new unit and the center still see theirs
    expect((await titles(cast.handlerB.token)).length).toBeGreaterThan(0);
  });

  it("paging stays right: limit counts only visible notices", async () => {
    const page = (await get("/api/notifications?limit=1", cast.handlerA.token)).body as Array<{ ticketId: number | null }>;
    expect(page).toHaveLength(1);
    expect((await get(`/api/tickets/${page[0]!.ticketId}`, cast.handlerA.token)).status).toBe(200);
  });
});

describe("urgent tickets get a real 'at once' limit (defect 16)", () => {
  it("an urgent dispatch is not overdue at once; 31 minutes later it is", async () => {
    await t.setClock("2025-03-05T10:00:00+08:00");
    const ticket = await t.ticket(cast.operator.token, { urgency: "urgent" });
    const d = await post(`/api/tickets/${ticket.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    expect(d.status).toBe(200);
    expect(d.body.overdue.sign).toBe(false);
    expect(d.body.deadlines.signDueAt).toBe("2025-03-05T02:30:00.000Z");
    await t.setClock("2025-03-05T10:29:00+08:00");
    expect((await get(`/api/tickets/${ticket.id}`, cast.handlerA.token)).body.overdue.sign).toBe(false);
    await t.setClock("2025-03-05T10:31:00+08:00");
    const late = await get(`/api/tickets/${ticket.id}`, cast.handlerA.token);
    expect(late.body.overdue.sign).toBe(true);
  });

  it("the policy carries atOnceMinutes and an admin can change it", async () => {
    const current = await get("/api/policy", t.adminToken);
    expect(current.body.settings.atOnceMinutes).toBe(30);
    const bad = await t.call("PUT", "/api/policy", { token: t.adminToken, body: { settings: { ...current.body.settings, atOnceMinutes: 0 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toContain("atOnceMinutes");
  });
});
