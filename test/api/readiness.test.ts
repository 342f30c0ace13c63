import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";

describe("liveness and readiness", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("GET /healthz and GET /readyz answer without a token once the migrations are done", async () => {
    const health = await t.call("GET", "/healthz");
    expect(health).toMatchObject({ status: 200, body: { status: "ok" } });
    const ready = await t.call("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "ready" });
  });

  it("GET /readyz is 503 while a migration this build knows is missing", async () => {
    const last = await t.server.ctx.db.selectFrom("huying_migrations").select("name").orderBy("name", "desc").limit(1).executeTakeFirstOrThrow();
    // The table is the runner's own bookkeeping: hide the newest entry as if it had not run yet, then restore it.
    await t.server.ctx.db.deleteFrom("huying_migrations").where("name", "=", last.name).execute();
    try {
      const ready = await t.call("GET", "/readyz");
      expect(ready).toMatchObject({ status: 503, body: { status: "migrating" } });
    } finally {
      await t.server.ctx.db.insertInto("huying_migrations").values({ name: last.name }).execute();
    }
    expect((await t.call("GET", "/readyz")).status).toBe(200);
  });
});
