import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";

/**
 * The served OpenAPI document is valid OpenAPI 3.1: Redocly's recommended rules find no error (a
 * generated client fails on an unresolved $ref or a `nullable` without `type`); every operation has a
 * unique camelCase operationId and a summary, and describes its error answers with the Error schema.
 */
const run = promisify(execFile);
let t: TestServer;
let doc: any;
let dir: string;

beforeAll(async () => {
  t = await startTestServer();
  doc = (await t.call("GET", "/api/openapi.json")).body;
  dir = await mkdtemp(join(tmpdir(), "huying-openapi-"));
});
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 and passes `redocly lint` with the recommended rules: 0 errors", async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const file = join(dir, "openapi.json");
    await writeFile(file, JSON.stringify(doc));
    const redocly = join(process.cwd(), "node_modules", ".bin", "redocly");
    const result = await run(redocly, ["lint", file, "--extends=recommended", "--format=json"], {
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? "", stderr: err.stderr ?? "" }));
    const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }> };
    const show = (severity: string) => report.problems.filter((p) => p.severity === severity).map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    console.log(`redocly lint: ${report.totals.errors} errors, ${report.totals.warnings} warnings${report.totals.warnings ? `\n${show("warn").join("\n")}` : ""}`);
    expect(show("error")).toEqual([]);
  });

  it("gives every operation a unique camelCase operationId and a summary", () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.filter(({ op }) => !/^[a-z][A-Za-z0-9]*$/.test(op.operationId ?? "")).map((o) => o.key)).toEqual([]);
    expect(ops.filter(({ op }) => !op.summary).map((o) => o.key)).toEqual([]);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(doc.paths["/api/tickets/{id}/dispatch"].post.operationId).toBe("dispatchTicket");
  });

  it("describes error answers with the Error schema {error: {code, message, field?, fields?}}", () => {
    const error = doc.components.schemas.Error;
    expect(Object.keys(error.properties.error.properties).sort()).toEqual(["code", "field", "fields", "message"]);
    const missing = operations().filter(({ op }) => {
      const e = op.responses?.["400"] ?? op.responses?.["401"];
      return e?.content?.["application/json"]?.schema?.$ref !== "#/components/schemas/Error";
    });
    expect(missing.map((o) => o.key)).toEqual([]);
  });

  it("documents the roles a route declares, and login as needing no token", () => {
    expect(doc.paths["/api/tickets"].post["x-roles"]).toEqual(expect.arrayContaining(["operator", "dispatcher", "admin"]));
    expect(doc.paths["/api/tickets/{id}/dispatch"].post["x-roles"]).toEqual(expect.arrayContaining(["dispatcher"]));
    expect(doc.paths["/api/auth/login"].post.security).toEqual([]);
  });
});
