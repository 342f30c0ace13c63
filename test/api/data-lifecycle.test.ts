import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runPurge } from "../../src/jobs/purge.job.js";
import { runRetention, yearsBefore } from "../../src/jobs/retention.job.js";
import { START, standardServer } from "./helpers.js";

const DAY = 86_400_000;
const fiveYearsLater = yearsBefore(START, -5);

describe("retention and purges (issue 12, defect 17)", () => {
  const file = standardServer();

  it("anonymises the requester of tickets closed more than retentionYears (5 by default) ago, without touching status, version or statistics", async () => {
    const { t, cast } = file;
    const old = await t.ticket(cast.operator.token, { answeredDirectly: true, requester: { name: "李四", phone: "13900001111" } });
    const open = await t.ticket(cast.operator.token, { requester: { name: "王五", phone: "13900002222" } });
    expect((await t.call("GET", "/api/policy", { token: t.adminToken })).body.settings.retentionYears).toBe(5);
    const before = await t.server.ctx.db.selectFrom("tickets").selectAll().where("id", "=", old.id).executeTakeFirstOrThrow();

    await t.setClock(new Date(fiveYearsLater.getTime() - DAY));
    expect((await runRetention(t.server.ctx)).anonymised).toBe(0); // not yet five years

    await t.setClock(new Date(fiveYearsLater.getTime() + DAY));
    const run = await runRetention(t.server.ctx);
    expect(run).toMatchObject({ anonymised: 1, retentionYears: 5 });
    expect((await runRetention(t.server.ctx)).anonymised).toBe(0); // idempotent

    const after = await t.server.ctx.db.selectFrom("tickets").selectAll().where("id", "=", old.id).executeTakeFirstOrThrow();
    expect(after.requester_name).toBeNull();
    expect(after.requester_phone).toBeNull();
    expect(after.anonymised_at).not.toBeNull();
    const strip = (r: typeof before) => ({ ...r, requester_name: undefined, requester_phone: undefined, anonymised_at: undefined });
    expect(strip(after)).toEqual(strip(before)); // status, closure, version, deadlines, times: unchanged

    const shown = (await t.call("GET", `/api/tickets/${old.id}`, { token: cast.operator.token })).body;
    expect(shown.requester.name).toBeNull();
    expect(shown.requester.phone).toBeNull();
    expect(shown.version).toBe(before.version);
    const stillOpen = (await t.call("GET", `/api/tickets/${open.id}`, { token: cast.operator.token })).body;
    expect(stillOpen.requester.phone).toBe("13900002222");

    const audit = await t.server.ctx.db.selectFrom("audit_log").select(["data", "actor_id"]).where("action", "=", "retention.anonymised").orderBy("seq").execute();
    expect(audit.length).toBe(3); // every run, with the count only
    expect(audit[1]!.data).toMatchObject({ count: 1, retentionYears: 5 });
    expect(JSON.stringify(audit)).not.toMatch(/1390000|李四/);
  });

  it("takes retentionYears from the policy in force, validated like every setting", async () => {
    const { t, cast } = file;
    const current = (await t.call("GET", "/api/policy", { token: t.adminToken })).body;
    const bad = await t.call("PUT", "/api/policy", { token: t.adminToken, body: { settings: { ...current.settings, retentionYears: 0 } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("retentionYears");
    const closed = await t.ticket(cast.operator.token, { answeredDirectly: true, requester: { name: "赵六", phone: "13900003333" } });
    const put = await t.call("PUT", "/api/policy", { token: t.adminToken, body: { settings: { ...current.settings, retentionYears: 1 } } });
    expect(put.status).toBe(200);
    await t.setClock(new Date(t.server.ctx.clock.now().getTime() + 367 * DAY));
    expect(await runRetention(t.server.ctx)).toMatchObject({ anonymised: 1, retentionYears: 1 });
    const row = await t.server.ctx.db.selectFrom("tickets").select("requester_phone").where("id", "=", closed.id).executeTakeFirstOrThrow();
    expect(row.requester_phone).toBeNull();
  });

  it("purges expired and revoked sessions and notifications read long ago, and keeps the rest", async () => {
    const { t, cast } = file;
    const db = t.server.ctx.db;
    const revoked = await t.login(cast.viewer.username, "password-123");
    expect((await t.call("POST", "/api/auth/logout", { token: revoked })).status).toBeLessThan(300);
    const hash = (token: string) => createHash("sha256").update(token).digest("hex");
    const expiredToken = randomBytes(32).toString("base64url");
    await db.insertInto("sessions").values({ token_hash: hash(expiredToken), user_id: cast.viewer.id, created_at: new Date(Date.now() - 2 * DAY), expires_at: new Date(Date.now() - DAY) }).execute();
    const now = t.server.ctx.clock.now();
    const note = (read_at: Date | null, title: string) => ({ user_id: cast.viewer.id, ticket_id: null, kind: "test", title, body: null, created_at: now, read_at });
    await db.insertInto("notifications").values([note(new Date(now.getTime() - 91 * DAY), "old-read"), note(new Date(now.getTime() - 10 * DAY), "recent-read"), note(null, "unread")]).execute();
    const sessionsBefore = await db.selectFrom("sessions").select("token_hash").execute();

    const result = await runPurge(t.server.ctx);
    expect(result.notifications).toBe(1);
    expect(result.sessions).toBeGreaterThanOrEqual(2);
    const left = await db.selectFrom("sessions").select("token_hash").execute();
    expect(left.map((s) => s.token_hash)).not.toContain(hash(expiredToken));
    expect(sessionsBefore.length - left.length).toBe(result.sessions);
    expect((await t.call("GET", "/api/tickets", { token: cast.operator.token })).status).toBe(200); // live sessions stay
    const titles = (await db.selectFrom("notifications").select("title").where("kind", "=", "test").execute()).map((n) => n.title).sort();
    expect(titles).toEqual(["recent-read", "unread"]);
    const audit = await db.selectFrom("audit_log").select("data").where("action", "=", "purge.ran").executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject(result);
  });
});
