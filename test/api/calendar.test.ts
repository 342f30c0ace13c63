import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;

beforeAll(async () => {
  t = await startTestServer();
  cast = await standardCast(t);
});
afterAll(async () => t?.close());

const get = (path: string, token = t.adminToken) => t.call("GET", path, { token });
const put = (path: string, body: unknown, token = t.adminToken) => t.call("PUT", path, { token, body });

describe("GET /api/calendar/days", () => {
  it("shows 国庆 2025 with its make-up Saturday, for any signed-in user", async () => {
    const res = await get("/api/calendar/days?from=2025-09-27&to=2025-10-12", cast.handlerA.token);
    expect(res.status).toBe(200);
    const byDate = Object.fromEntries(res.body.map((d: { date: string }) => [d.date, d]));
    expect(res.body).toHaveLength(16);
    expect(byDate["2025-09-28"]).toMatchObject({ workday: true, source: "makeup" });
    expect(byDate["2025-10-01"]).toMatchObject({ workday: false, source: "holiday", name: "国庆节" });
    expect(byDate["2025-10-08"].workday).toBe(false);
    expect(byDate["2025-10-09"]).toMatchObject({ workday: true, source: "weekday" });
    expect(byDate["2025-10-11"]).toMatchObject({ workday: true, source: "makeup" });
    expect(byDate["2025-10-12"]).toMatchObject({ workday: false, source: "weekend" });
  });

  it("refuses bad ranges with 400 naming the field, and anonymous callers with 401", async () => {
    expect((await get("/api/calendar/days?from=2025-10-12&to=2025-10-01")).body.error).toMatchObject({ code: "VALIDATION_FAILED", field: "to" });
    expect((await get("/api/calendar/days?from=2025-13-01&to=2025-12-31")).status).toBe(400);
    expect((await get("/api/calendar/days?from=2000-01-01&to=2025-12-31")).status).toBe(400);
    expect((await t.call("GET", "/api/calendar/days?from=2025-10-01&to=2025-10-02")).status).toBe(401);
  });

  it("marks a year without official data as provisional", async () => {
    const res = await get("/api/calendar/days?from=2099-10-01&to=2099-10-01");
    expect(res.body).toEqual([{ date: "2099-10-01", workday: true, source: "weekday", provisional: true }]);
  });
});

describe("GET /api/calendar/add-working-days", () => {
  it("gives the contract's example: 2025-09-30 10:00 + 5 → 2025-10-14 23:59:59.999 +08:00", async () => {
    const res = await get(`/api/calendar/add-working-days?from=${encodeURIComponent("2025-09-30T10:00:00+08:00")}&days=5`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ dueAt: "2025-10-14T15:59:59.999Z", countingMode: "end_of_day", missingYears: [] });
  });

  it("accepts an unencoded + offset, and the elapsed mode on request", async () => {
    const res = await get("/api/calendar/add-working-days?from=2025-06-13T15:00:00+08:00&days=1&mode=elapsed");
    expect(res.body.dueAt).toBe("2025-06-16T07:00:00.000Z");
  });

  it("refuses a negative or missing day count", async () => {
    expect((await get("/api/calendar/add-working-days?from=2025-06-13T15:00:00Z&days=-1")).status).toBe(400);
    expect((await get("/api/calendar/add-working-days?from=yesterday&days=1")).body.error.code).toBe("VALIDATION_FAILED");
  });
});

describe("PUT /api/calendar/days/:date (admin override)", () => {
  it("is for admins only", async () => {
    const res = await put("/api/calendar/days/2025-10-13", { workday: false }, cast.supervisor.token);
    expect(res.status).toBe(403);
    expect((await get("/api/calendar/days?from=2025-10-13&to=2025-10-13")).body[0].workday).toBe(true);
  });

  it("a typhoon day moves deadlines computed afterwards at once, and is audited", async () => {
    const from = encodeURIComponent("2025-09-30T10:00:00+08:00");
    const set = await put("/api/calendar/days/2025-10-13", { workday: false, name: "台风停工" });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ date: "2025-10-13", workday: false, name: "台风停工", source: "override" });

    const due = await get(`/api/calendar/add-working-days?from=${from}&days=5`);
    expect(due.body.dueAt).toBe("2025-10-15T15:59:59.999Z");
    const day = await get("/api/calendar/days?from=2025-10-13&to=2025-10-13", cast.handlerA.token);
    expect(day.body[0]).toMatchObject({ workday: false, source: "override", name: "台风停工" });

    const audit = await t.server.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "calendar.override_set")
      .where("target_id", "=", "2025-10-13")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toMatchObject({ workday: false, name: "台风停工", before: { workday: true, source: "weekday" } });

    // removing it restores the official calendar
    const removed = await t.call("DELETE", "/api/calendar/days/2025-10-13", { token: t.adminToken });
    expect(removed.body).toEqual({ date: "2025-10-13", workday: true, source: "weekday" });
    expect((await get(`/api/calendar/add-working-days?from=${from}&days=5`)).body.dueAt).toBe("2025-10-14T15:59:59.999Z");
  });

  it("a ticket dispatched after an override gets the moved deadline; one dispatched before keeps its own", async () => {
    await t.setClock("2025-11-03T09:00:00+08:00"); // Monday
    const before = await t.ticket(cast.operator.token);
    const d1 = await t.call("POST", `/api/tickets/${before.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
    expect(d1.body.deadlines.replyDueAt).toBe("2025-11-10T15:59:59.999Z"); // Mon + 5 → next Monday

    expect((await put("/api/calendar/days/2025-11-05", { workday: false, name: "本地节日" })).status).toBe(200);
    const after = await t.ticket(cast.operator.token);
    const d2 = await t.call("POST", `/api/tickets/${after.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
    expect(d2.body.deadlines.replyDueAt).toBe("2025-11-11T15:59:59.999Z");
    expect((await get(`/api/tickets/${before.id}`)).body.deadlines.replyDueAt).toBe("2025-11-10T15:59:59.999Z");
  });

  it("an extra working Sunday and a bad body", async () => {
    const res = await put("/api/calendar/days/2025-12-07", { workday: true, name: "补班" });
    expect(res.body).toMatchObject({ workday: true, source: "override" });
    expect((await put("/api/calendar/days/2025-12-08", { workday: "no" })).body.error).toMatchObject({ code: "VALIDATION_FAILED", field: "workday" });
    expect((await put("/api/calendar/days/2025-02-30", { workday: true })).status).toBe(400);
  });
});
