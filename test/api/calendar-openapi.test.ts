import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

describe("OpenAPI document", () => {
  it("describes the calendar and policy routes", async () => {
    const res = await t.call("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of ["/api/calendar/days", "/api/calendar/days/{date}", "/api/calendar/add-working-days", "/api/policy", "/api/policy/presets", "/api/policy/presets/{name}/apply"]) {
      expect(paths).toContain(p);
    }
    const put = res.body.paths["/api/policy"].put;
    expect(JSON.stringify(put.requestBody)).toContain("countingMode");
  });
});
