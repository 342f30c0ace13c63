import pino from "pino";
import type { AppContext } from "../src/app-context.js";
import { buildApp } from "../src/app.js";
import { systemClock } from "../src/clock.js";
import { loadConfig } from "../src/config.js";

/**
 * The OpenAPI document the server serves at /api/openapi.json, built without a database: the app is
 * created with every route registered and a context whose database is never reached (registering a
 * route reads only its schema). Used by `npm run gen:api` and the tests that check the document.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const unreachable = new Proxy({}, { get: () => { throw new Error("the OpenAPI build must not touch the database"); } });
  const ctx = {
    config: loadConfig({}),
    database: unreachable,
    db: unreachable,
    clock: systemClock,
    logger: pino({ level: "silent" }),
  } as unknown as AppContext;
  const app = await buildApp(ctx);
  await app.ready();
  const doc = app.swagger() as unknown as Record<string, unknown>;
  await app.close();
  return doc;
}
