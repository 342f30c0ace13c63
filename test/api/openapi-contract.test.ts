import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

/** Every path and method docs/API.md names, in OpenAPI's {param} form. */
const CONTRACT: Array<[string, string]> = [
  ["post", "/api/auth/login"],
  ["post", "/api/auth/logout"],
  ["get", "/api/me"],
  ["get", "/api/notifications"],
  ["post", "/api/notifications/{id}/read"],
  ["post", "/api/units"],
  ["get", "/api/units"],
  ["post", "/api/users"],
  ["post", "/api/categories"],
  ["get", "/api/categories"],
  ["post", "/api/tickets"],
  ["get", "/api/tickets"],
  ["get", "/api/tickets/{id}"],
  ["post", "/api/tickets/{id}/dispatch"],
  ["post", "/api/tickets/{id}/sign"],
  ["post", "/api/tickets/{id}/contact-attempts"],
  ["post", "/api/tickets/{id}/return-requests"],
  ["post", "/api/tickets/{id}/return-requests/{requestId}/decision"],
  ["post", "/api/tickets/{id}/extension-requests"],
  ["post", "/api/tickets/{id}/extension-requests/{requestId}/decision"],
  ["post", "/api/tickets/{id}/replies"],
  ["post", "/api/tickets/{id}/replies/{replyId}/approve"],
  ["post", "/api/tickets/{id}/follow-ups"],
  ["post", "/api/tickets/{id}/redo"],
  ["post", "/api/tickets/{id}/exclusions"],
  ["post", "/api/tickets/{id}/exclusions/{requestId}/decision"],
  ["post", "/api/tickets/{id}/terminate"],
  ["post", "/api/tickets/{id}/reveal-phone"],
  ["get", "/api/calendar/days"],
  ["put", "/api/calendar/days/{date}"],
  ["get", "/api/calendar/add-working-days"],
  ["get", "/api/policy"],
  ["put", "/api/policy"],
  ["get", "/api/policy/presets"],
  ["post", "/api/policy/presets/{name}/apply"],
  ["get", "/api/reports/rates"],
  ["get", "/api/reports/appraisal"],
  ["get", "/api/exports/tickets.xlsx"],
  ["get", "/api/exports/tickets.csv"],
  ["get", "/api/test/clock"],
  ["post", "/api/test/clock"],
];

describe("the OpenAPI document", () => {
  it("is served without a token and describes every path of the contract", async () => {
    const res = await t.call("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    const missing = CONTRACT.filter(([method, path]) => !paths[path]?.[method]).map(([m, p]) => `${m.toUpperCase()} ${p}`);
    expect(missing).toEqual([]);
  });

  it("describes the intake body with the contract's field names", async () => {
    const res = await t.call("GET", "/api/openapi.json");
    const body = res.body.paths["/api/tickets"].post.requestBody.content["application/json"].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(["channel", "requester", "title", "content", "categoryId", "address", "urgency", "business", "receivedAt", "answeredDirectly", "externalRef"]),
    );
  });
});
