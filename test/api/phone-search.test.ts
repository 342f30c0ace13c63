import { describe, expect, it } from "vitest";
import { standardServer } from "./helpers.js";

/**
 * Issue 12 item 2: searching the ticket list by phone reads phone numbers, so it needs the right to see them
 * (the presenter's rule), matches whole numbers only, is audited and is rate-limited per user.
 */
const file = standardServer();
const PHONE = "13912344321";

const search = (token: string, phone: string, extra = "") =>
  file.t.call("GET", `/api/tickets?phone=${encodeURIComponent(phone)}&limit=1${extra}`, { token });

describe("GET /api/tickets?phone=", () => {
  it("answers 403 to every role that sees phones masked, whatever the number looks like", async () => {
    const { t, cast } = file;
    await t.ticket(cast.operator.token, { requester: { name: "赵六", phone: PHONE } });
    for (const token of [cast.viewer.token, cast.dispatcher.token, cast.supervisor.token, t.adminToken, cast.leaderA.token, cast.handlerA.token]) {
      for (const phone of [PHONE, "139XXXX4321", "139****4321"]) {
        const res = await search(token, phone);
        expect(res.status, `${phone}`).toBe(403);
        expect(res.body.error.code).toBe("FORBIDDEN");
      }
    }
  });

  it("finds the whole number for a role that sees phones, never a prefix or a pattern", async () => {
    const { t, cast } = file;
    const ticket = await t.ticket(cast.operator.token, { requester: { name: "钱七", phone: "13700001234" } });
    const hit = await search(cast.followUp.token, "13700001234");
    expect(hit.status).toBe(200);
    expect(hit.body.items.map((i: any) => i.id)).toEqual([ticket.id]);
    expect((await search(cast.followUp.token, "1370000")).body.items).toEqual([]);
    expect((await search(cast.followUp.token, "137%")).status).toBe(400);
    const pattern = await search(cast.followUp.token, "137****1234");
    expect(pattern.status).toBe(400);
    expect(pattern.body.error.field).toBe("phone");
  });

  it("audits every phone search with the number masked", async () => {
    const { t, cast } = file;
    await search(cast.operator.token, "13600006789");
    const rows = (await t.call("GET", "/api/audit-log?action=tickets.phone_searched&limit=200", { token: t.adminToken })).body.items as any[];
    const mine = rows.filter((r) => r.actor?.id === cast.operator.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0].data.phone).toBe("136****6789");
    expect(JSON.stringify(rows)).not.toContain("13600006789");
  });

  it("limits phone searches per user: the 31st within ten minutes is a 429 with Retry-After", async () => {
    const { t, cast } = file;
    const u = await t.user(["follow_up"], cast.center.id);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await search(u.token, `1350000${String(i).padStart(4, "0")}`)).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    const res = await fetch(`${t.url}/api/tickets?phone=13500009999`, { headers: { authorization: `Bearer ${u.token}` } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another user is not affected, and the list without a phone is not limited.
    expect((await search(cast.operator.token, PHONE)).status).toBe(200);
    expect((await t.call("GET", "/api/tickets?limit=1", { token: u.token })).status).toBe(200);
  });
});
