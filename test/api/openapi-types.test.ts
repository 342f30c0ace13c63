import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, renderApiTypes } from "../../scripts/openapi-document.js";

/**
 * The web's API types are generated from the OpenAPI document (`npm run gen:api`) and committed; this
 * test regenerates them and fails when the committed file is out of date (a route schema changed and
 * nobody ran the script), so the web can never be typed against an API that no longer exists.
 */
describe("web/src/api/schema.d.ts", () => {
  it("is what `npm run gen:api` writes from the current routes", async () => {
    const committed = await readFile(join(process.cwd(), "web", "src", "api", "schema.d.ts"), "utf8");
    const fresh = await renderApiTypes(await buildOpenApiDocument());
    expect(committed === fresh, "web/src/api/schema.d.ts is out of date: run `npm run gen:api` and commit it").toBe(true);
  });

  it("is built from the same document the server serves (no database needed)", async () => {
    const doc = (await buildOpenApiDocument()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/tickets/{id}/dispatch");
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Ticket", "TicketDetail", "Error", "Category"]));
  });
});
