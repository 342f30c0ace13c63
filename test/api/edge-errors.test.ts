import { describe, expect, it } from "vitest";
import { standardServer } from "./helpers.js";

/** Errors at the edge: authorization before validation (403 before 400), and a 400 names every bad field. */
const file = standardServer();

describe("authorization runs before validation", () => {
  it("a unit handler posting an incomplete intake gets 403, not 400", async () => {
    const { t, cast } = file;
    const res = await t.call("POST", "/api/tickets", { token: cast.handlerA.token, body: { channel: "phone" } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
  });

  it("a ticket action with a bad body from a role that may never take it is 403; the right role gets the 400", async () => {
    const { t, cast } = file;
    const ticket = await t.ticket(cast.operator.token);
    const asHandler = await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.handlerA.token, body: { unitId: "x" } });
    expect(asHandler.status).toBe(403);
    const asViewer = await t.call("POST", `/api/tickets/${ticket.id}/terminate`, { token: cast.viewer.token, body: {} });
    expect(asViewer.status).toBe(403);
    const asDispatcher = await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: "x" } });
    expect(asDispatcher.status).toBe(400);
    expect(asDispatcher.body.error.field).toBe("unitId");
  });

  it("admin-only and report routes refuse other roles before looking at the body or query", async () => {
    const { t, cast } = file;
    expect((await t.call("PUT", "/api/policy", { token: cast.dispatcher.token, body: { settings: 42 } })).status).toBe(403);
    expect((await t.call("PUT", "/api/calendar/days/not-a-date", { token: cast.operator.token, body: {} })).status).toBe(403);
    expect((await t.call("POST", "/api/users", { token: cast.supervisor.token, body: {} })).status).toBe(403);
    expect((await t.call("POST", "/api/reports/appraisal/entries", { token: cast.handlerA.token, body: {} })).status).toBe(403);
    // A unit leader may read reports: the bad query is a 400 for them.
    const rates = await t.call("GET", "/api/reports/rates?from=garbage", { token: cast.leaderA.token });
    expect(rates.status).toBe(400);
  });

  it("a lead-unit action refuses a unit role without a unit, and still answers 404 for a ticket another unit leads", async () => {
    const { t, cast } = file;
    const ticket = await t.ticket(cast.operator.token);
    await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
    const other = await t.call("POST", `/api/tickets/${ticket.id}/sign`, { token: cast.handlerB.token });
    expect(other.status).toBe(404);
    const mine = await t.call("POST", `/api/tickets/${ticket.id}/sign`, { token: cast.handlerA.token });
    expect(mine.status).toBe(200);
  });
});

describe("a 400 names every bad field", () => {
  it("an intake missing requester and title names both, the first in `field`", async () => {
    const { t, cast } = file;
    const res = await t.call("POST", "/api/tickets", { token: cast.operator.token, body: { channel: "phone", content: "内容" } });
    expect(res.status).toBe(400);
    const e = res.body.error;
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(["requester", "title"]));
    expect(e.field).toBe(e.fields[0].field);
    expect(e.message).toContain(e.field);
    for (const f of e.fields) expect(typeof f.message).toBe("string");
  });

  it("nested and query fields are named by their path; a rule the use case checks is listed too", async () => {
    const { t, cast } = file;
    const nested = await t.call("POST", "/api/tickets", { token: cast.operator.token, body: { channel: "fax", requester: { phone: "abc" }, title: "t", content: "c" } });
    expect(nested.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(["channel", "requester.phone"]);
    const query = await t.call("GET", "/api/tickets?limit=0&urgency=bogus", { token: cast.dispatcher.token });
    expect(query.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(["limit", "urgency"]);
    const rule = await t.call("POST", "/api/tickets", { token: cast.operator.token, body: { channel: "phone", requester: {}, title: "t", content: "c" } });
    expect(rule.status).toBe(400);
    expect(rule.body.error.fields).toEqual([{ field: "requester", message: rule.body.error.message }]);
  });

  it("an empty user change is a 400 naming the body, not a 500 (found by the fuzz run)", async () => {
    const { t, cast } = file;
    const res = await t.call("PATCH", `/api/users/${cast.viewer.id}`, { token: t.adminToken, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ field: "body", message: res.body.error.message }]);
  });
});
