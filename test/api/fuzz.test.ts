import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * A fuzz run driven by the served OpenAPI document: for every operation, requests built from its
 * schemas and then broken with a seeded RNG (missing, extra and wrong-typed fields, huge strings, NUL,
 * unicode, negative and huge numbers, bad dates, bad path and query parameters, broken JSON, wrong
 * content types, other roles, no token). Every answer is read to its end (csv and xlsx exports too).
 * Asserted: no 5xx, no cut stream, every 400 names its fields (`error.field` = `error.fields[0].field`),
 * and the server's log holds no 11-digit phone number.
 *
 * HUYING_FUZZ_REQUESTS sets the number of requests (default 2000; CI runs 10 000 per engine);
 * HUYING_FUZZ_SEED the seed (default 12345), printed so a failure can be replayed.
 */
const TOTAL = Number(process.env.HUYING_FUZZ_REQUESTS ?? 2000);
const SEED = Number(process.env.HUYING_FUZZ_SEED ?? 12345);
const CONCURRENCY = 6;

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
const logLines: string[] = [];

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
}
interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}

/** mulberry32: a small seeded RNG, so a run is reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const PHONE = "13812345678";
const BAD_VALUES = (r: Rng): unknown[] => [
  "", "x", "x".repeat(1 + r.int(30_000)), "a\u0000b", "😀𝌆\u202e\u0301中文", "\ud800", " ", "<script>alert(1)</script>", "'; drop table tickets; --", "%00", "../../etc/passwd",
  -1, 0, 1.5, 2_147_483_648, 9_007_199_254_740_993, 1e308, -1e308, true, false, null, {}, [], [1, "x", null], { nested: { deep: [1] } },
  "2025-02-30", "2025-13-01T25:61:00Z", "0000-00-00", "9999-12-31T23:59:59+08:00", "下周一", PHONE, `+86 ${PHONE}`,
];
const BAD_PARAMS = ["0", "-1", "abc", "1.5", "1e3", "99999999999999999999", "2147483648", "2147483647", "%00", "%E4%B8%AD", "2025-02-30", "2025-13-01", "x".repeat(300), "%25", "null"];

function resolve(s: Schema | undefined): Schema {
  if (!s) return {};
  if (s.$ref) return resolve(doc.components.schemas[s.$ref.split("/").pop()!]);
  return s;
}

/** A value the schema (roughly) accepts: the starting point each mutation breaks. */
function valid(s0: Schema | undefined, r: Rng, depth = 0): unknown {
  const s = resolve(s0);
  if (s.const !== undefined) return s.const;
  if (s.enum) return r.pick(s.enum);
  if (s.anyOf) return valid(s.anyOf.find((b) => resolve(b).type !== "null") ?? s.anyOf[0], r, depth);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
  switch (type) {
    case "string":
      if (s.format === "date") return "2025-03-03";
      if (s.format === "date-time") return "2025-03-03T09:00:00+08:00";
      return "测试".repeat(Math.max(1, Math.ceil((s.minLength ?? 1) / 2))).slice(0, s.maxLength ?? 20) || "x";
    case "integer":
    case "number":
      return Math.max(1, s.minimum ?? 1);
    case "boolean":
      return r.chance(0.5);
    case "array":
      return depth > 3 ? [] : Array.from({ length: Math.max(s.minItems ?? 0, 1) }, () => valid(s.items, r, depth + 1));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) {
        if ((s.required ?? []).includes(k) || r.chance(0.3)) out[k] = depth > 3 ? null : valid(p, r, depth + 1);
      }
      return out;
    }
    default:
      return "x";
  }
}

/** One broken body: a field dropped, added, or set to a bad value; several at once; or not an object at all. */
function breakBody(body: unknown, s: Schema, r: Rng): { raw?: string; body?: unknown; contentType?: string } {
  const obj = (body && typeof body === "object" && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const keys = Object.keys(resolve(s).properties ?? {});
  const bad = () => r.pick(BAD_VALUES(r));
  switch (r.int(9)) {
    case 0: {
      const required = resolve(s).required ?? [];
      const copy = { ...obj };
      for (const k of required) if (r.chance(0.6)) delete copy[k];
      return { body: copy };
    }
    case 1:
      return { body: { ...obj, [r.pick(["extra", "__proto__", "constructor", "a\u0000b", "中文键"])]: bad() } };
    case 2:
    case 3: {
      if (keys.length === 0) return { body: bad() };
      const k = r.pick(keys);
      const inner = resolve(resolve(s).properties![k]);
      if (inner.type === "object" && inner.properties && r.chance(0.5)) {
        const sub = r.pick(Object.keys(inner.properties));
        return { body: { ...obj, [k]: { ...((obj[k] as object) ?? {}), [sub]: bad() } } };
      }
      return { body: { ...obj, [k]: bad() } };
    }
    case 4: {
      const copy = { ...obj };
      for (const k of keys) if (r.chance(0.5)) copy[k] = bad();
      return { body: copy };
    }
    case 5:
      return { body: r.pick([null, [], "x", 42, true, [obj]]) };
    case 6:
      return { raw: r.pick(['{"a":', "", "{", "[".repeat(5000), '{"a":1}{"b":2}', "\u0000", "nul\u0000l", JSON.stringify(obj).slice(0, -1)]), contentType: "application/json" };
    case 7:
      return { raw: JSON.stringify(obj), contentType: r.pick(["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data"]) };
    default:
      return { body: obj }; // the valid-ish body itself (edge values come from the parameters)
  }
}

interface Counts {
  requests: number;
  byStatus: Record<string, number>;
  problems: string[];
}

async function fire(method: string, path: string, op: Operation, r: Rng, ids: Record<string, string>, tokens: string[], counts: Counts): Promise<void> {
  const params = op.parameters ?? [];
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => (r.chance(0.6) ? ids[name] ?? "1" : r.pick(BAD_PARAMS)));
  const query = new URLSearchParams();
  for (const p of params.filter((x) => x.in === "query")) {
    const roll = r.next();
    if (roll < 0.35) continue;
    const value = roll < 0.7 ? String(valid(p.schema, r)) : r.pick(BAD_PARAMS);
    query.append(p.name, value);
    if (r.chance(0.05)) query.append(p.name, value);
  }
  if (r.chance(0.05)) query.append(r.pick(["bogus", "__proto__"]), r.pick(BAD_PARAMS));
  // A requester's number where one belongs: the log must not show it.
  if (params.some((p) => p.name === "phone") && r.chance(0.3)) query.set("phone", PHONE);
  const qs = query.toString().replace(/%25(00|E4|25)/g, "%$1");
  const headers: Record<string, string> = {};
  const token = r.chance(0.07) ? null : r.pick(tokens);
  if (token) headers.authorization = `Bearer ${token}`;
  if (r.chance(0.05)) headers["if-match"] = r.pick(["abc", "0", "99999999999", '"1"', "*"]);
  let body: string | undefined;
  const schema = op.requestBody?.content["application/json"]?.schema;
  if (method !== "GET" && method !== "DELETE") {
    const broken = schema ? breakBody(valid(schema, r), schema, r) : r.chance(0.5) ? { raw: "{}", contentType: "application/json" } : {};
    if (broken.raw !== undefined) body = broken.raw;
    else if (broken.body !== undefined) body = JSON.stringify(broken.body);
    if (body !== undefined) headers["content-type"] = broken.contentType ?? "application/json";
  }
  const target = `${t.url}${url}${qs ? `?${qs}` : ""}`;
  counts.requests++;
  let status = 0;
  let text = "";
  try {
    const res = await fetch(target, { method, headers, body });
    status = res.status;
    const bytes = new Uint8Array(await res.arrayBuffer()); // the whole body, or a throw when the stream is cut
    const length = res.headers.get("content-length");
    if (length !== null && Number(length) !== bytes.length) counts.problems.push(`${method} ${url}: content-length ${length}, got ${bytes.length} bytes`);
    text = new TextDecoder().decode(bytes);
  } catch (err) {
    counts.problems.push(`${method} ${url}: stream cut or connection failed (${String(err)})`);
    return;
  }
  counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
  if (status >= 500) counts.problems.push(`${method} ${url} → ${status} ${text.slice(0, 200)}`);
  if (status === 400) {
    let e: { code?: unknown; field?: unknown; fields?: Array<{ field?: unknown; message?: unknown }> } | undefined;
    try {
      e = JSON.parse(text).error;
    } catch {
      /* checked below */
    }
    const fields = e?.fields;
    const ok = e?.code === "VALIDATION_FAILED" && Array.isArray(fields) && fields.length > 0 && fields.every((f) => typeof f.field === "string" && f.field && typeof f.message === "string") && e.field === fields[0]!.field;
    if (!ok) counts.problems.push(`${method} ${url}: a 400 that does not list its fields: ${text.slice(0, 200)}`);
  }
}

beforeAll(async () => {
  t = await startTestServer({ env: { LOG_LEVEL: "info" } });
  // Every line the server logs, request logs included (pino writes to its destination stream).
  const stream = (t.server.ctx.logger as unknown as Record<symbol, { write: (s: string) => boolean }>)[pino.symbols.streamSym]!;
  stream.write = (line: string) => (logLines.push(line), true);
  cast = await standardCast(t);
  doc = (await t.call("GET", "/api/openapi.json")).body;
});
afterAll(async () => t?.close());

describe("fuzz: every operation of the OpenAPI document with broken input", () => {
  it(`${TOTAL} requests (seed ${SEED}): no 5xx, no cut stream, every 400 lists its fields`, { timeout: 600_000 }, async () => {
    const r = rng(SEED);
    const ticket = await t.ticket(cast.operator.token);
    await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
    const victim = await t.user(["viewer"], cast.center.id);
    const ids: Record<string, string> = { id: String(ticket.id), requestId: "1", replyId: "1", attachmentId: "1", date: "2025-05-01", name: "qingpu", version: "1" };
    const ops = Object.entries(doc.paths)
      .flatMap(([path, byMethod]) => Object.entries(byMethod).map(([m, op]) => ({ method: m.toUpperCase(), path, op })))
      // Logging out would end the session the run uses; changing a user could lock the fuzzing admins out.
      .filter(({ method, path }) => path !== "/api/auth/logout" && !(method === "PATCH" && path === "/api/users/{id}"));
    ops.push({ method: "PATCH", path: `/api/users/${victim.id}`, op: doc.paths["/api/users/{id}"]!.patch! });
    const tokens = [t.adminToken, cast.dispatcher.token, cast.operator.token, cast.handlerA.token, cast.leaderA.token, cast.followUp.token, cast.viewer.token];
    const counts: Counts = { requests: 0, byStatus: {}, problems: [] };
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const { method, path, op } = ops[next++ % ops.length]!;
        await fire(method, path, op, r, ids, tokens, counts);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const byStatus = Object.entries(counts.byStatus).sort(([a], [b]) => Number(a) - Number(b)).map(([s, n]) => `${s}: ${n}`).join(", ");
    console.log(`fuzz (seed ${SEED}): ${counts.requests} requests over ${ops.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s — ${byStatus}`);
    expect(counts.requests).toBe(TOTAL);
    const unhandled = logLines.filter((line) => line.includes('"unhandled error"')).slice(0, 3);
    if (unhandled.length) console.log(`server errors:\n${unhandled.join("\n").slice(0, 4000)}`);
    expect(counts.problems.slice(0, 30), `\n${counts.problems.slice(0, 30).join("\n")}\n(${counts.problems.length} problems)`).toEqual([]);
  });

  it("the server's log holds no 11-digit phone number", () => {
    expect(logLines.length).toBeGreaterThan(0);
    // Request ids (UUIDs, issue 19) can hold eleven digits in a row: they are taken out before the scan.
    const leaks = logLines.filter((line) => /(?<!\d)1\d{10}(?!\d)/.test(line.replace(/"reqId":"[^"]*"/g, "")));
    expect(leaks.slice(0, 5), `${leaks.length} log lines with a phone number`).toEqual([]);
  });
});
