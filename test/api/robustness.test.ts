import { readdir } from "node:fs/promises";
import { ERROR_STATUS } from "../../src/domain/errors.js";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../src/domain/ticket/ticket.types.js";
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "../../src/modules/channels/upstream/upstream-signature.js";
import { ADMIN_PASSWORD, standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * "Bad input gets a clear error and loses nothing." For every route in /api/openapi.json, a battery of bad
 * inputs sent as a role allowed to call it: wrong JSON types, missing required fields, huge strings, NUL
 * characters, bad and unknown ids in paths and bodies, malformed query parameters (dates, enums, cursors,
 * repeated parameters), malformed JSON, wrong content types, empty and oversized bodies, extra fields.
 * Every answer: never a 5xx; every 400 is VALIDATION_FAILED with a message naming the field at fault;
 * after a failed write the ticket's version, the timeline, the records and the ticket count are unchanged.
 */

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;
let doc: OpenApi;

// ---------------------------------------------------------------- OpenAPI, read from the running server

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  pattern?: string;
  format?: string;
  default?: unknown;
}
interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  "x-roles"?: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

/** Whether a JSON value satisfies a schema (the subset zod emits), so the battery only sends values that are wrong. */
function accepts(s: JsonSchema, v: unknown): boolean {
  if (s.anyOf) return s.anyOf.some((o) => accepts(o, v)) || (v === null && !!s.nullable);
  if (v === null) return !!s.nullable || s.type === "null";
  if (s.const !== undefined && v !== s.const) return false;
  if (s.enum && !s.enum.includes(v)) return false;
  switch (s.type) {
    case "string":
      if (typeof v !== "string") return false;
      if (s.maxLength !== undefined && v.length > s.maxLength) return false;
      if (s.minLength !== undefined && v.length < s.minLength) return false;
      if (s.pattern && !new RegExp(s.pattern).test(v)) return false;
      return true;
    case "integer":
    case "number": {
      if (typeof v !== "number" || !Number.isFinite(v)) return false;
      if (s.type === "integer" && !Number.isSafeInteger(v)) return false;
      if (s.minimum !== undefined && (s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum)) return false;
      if (s.maximum !== undefined && (s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum)) return false;
      return true;
    }
    case "boolean":
      return typeof v === "boolean";
    case "array":
      if (!Array.isArray(v)) return false;
      if (s.minItems !== undefined && v.length < s.minItems) return false;
      if (s.maxItems !== undefined && v.length > s.maxItems) return false;
      return !s.items || v.every((x) => accepts(s.items!, x));
    case "object": {
      if (typeof v !== "object" || Array.isArray(v)) return false;
      const o = v as Record<string, unknown>;
      if ((s.required ?? []).some((k) => o[k] === undefined)) return false;
      if (s.additionalProperties === false && Object.keys(o).some((k) => !s.properties?.[k])) return false;
      return Object.entries(s.properties ?? {}).every(([k, p]) => o[k] === undefined || accepts(p, o[k]));
    }
    default:
      return true;
  }
}

/** zod's z.coerce.number() reads a query string with Number(). */
function acceptsQuery(s: JsonSchema, raw: string): boolean {
  return s.type === "integer" || s.type === "number" ? accepts(s, Number(raw)) : accepts(s, raw);
}

const isNumeric = (s: JsonSchema): boolean => s.type === "integer" || s.type === "number" || !!s.anyOf?.some(isNumeric);
const isString = (s: JsonSchema): boolean => s.type === "string" || !!s.anyOf?.some(isString);
/** A field holding a database id: the database's integer is 32-bit, so anything above 2^31-1 must be a 400. */
const isIdField = (name: string, s: JsonSchema) => s.type === "integer" && /(^id|Id|Ids|^reassignTo|^before|^cursor)$/.test(name);
const isIdArray = (name: string, s: JsonSchema) => s.type === "array" && !!s.items && isIdField(name.replace(/s$/, ""), s.items);

/** A valid sample for a query parameter (for the repeated-parameter case). */
function sample(s: JsonSchema): string {
  if (s.enum) return String(s.enum[0]);
  if (s.type === "integer" || s.type === "number") return "1";
  if (s.format === "date") return "2025-03-03";
  if (s.pattern?.includes("(0[1-9]|1[0-2])")) return "2025-03";
  return "x";
}

// ---------------------------------------------------------------- requests

interface Answer {
  status: number;
  body: { error?: { code?: unknown; message?: unknown; field?: unknown; fields?: unknown } } & Record<string, unknown>;
}

async function send(method: string, url: string, opts: { token?: string | null; body?: string | FormData; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(t.url + url, { method, headers, body: opts.body });
  const text = await res.text();
  let body: Answer["body"] = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    /* a file (csv, xlsx) */
  }
  return { status: res.status, body };
}

async function ok<T = Record<string, unknown>>(p: Promise<{ status: number; body: unknown }>): Promise<T> {
  const res = await p;
  if (res.status >= 300) throw new Error(`fixture step failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

const post = (path: string, token: string, body: unknown = {}) => t.call("POST", path, { token, body });
const UPSTREAM_SECRET = "robustness-upstream-secret";
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

// ---------------------------------------------------------------- fixtures: tickets in the state each action needs

type Params = Record<string, string | number>;

async function pending(): Promise<Params> {
  return { id: (await t.ticket(cast.operator.token)).id };
}
async function dispatched(): Promise<Params> {
  const { id } = await pending();
  await ok(post(`/api/tickets/${id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id }));
  return { id };
}
async function signed(): Promise<Params> {
  const { id } = await dispatched();
  await ok(post(`/api/tickets/${id}/sign`, cast.handlerA.token));
  return { id };
}
async function contacted(): Promise<Params> {
  const { id } = await signed();
  await ok(post(`/api/tickets/${id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }));
  return { id };
}
async function replied(): Promise<Params> {
  const { id } = await contacted();
  const r = await ok<{ id: number }>(post(`/api/tickets/${id}/replies`, cast.handlerA.token, { content: "已协调处理", result: "resolved", handlerName: "小孙", leaderName: "张科长" }));
  return { id, replyId: r.id };
}
async function returnRequested(): Promise<Params> {
  const { id } = await dispatched();
  const r = await ok<{ id: number }>(post(`/api/tickets/${id}/return-requests`, cast.handlerA.token, { reason: "不属于本单位职责" }));
  return { id, requestId: r.id };
}
async function extensionPending(): Promise<Params> {
  const { id } = await signed();
  const r = await ok<{ id: number }>(post(`/api/tickets/${id}/extension-requests`, cast.handlerA.token, { workingDays: 2, reason: "需要多部门协调" }));
  return { id, requestId: r.id };
}
async function exclusionPending(): Promise<Params> {
  const { id } = await signed();
  const r = await ok<{ id: number }>(post(`/api/tickets/${id}/exclusions`, cast.handlerA.token, { reasonCode: "unreasonable", explanation: "诉求人要求明显不合理" }));
  return { id, requestId: r.id };
}

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e1e6c40000000049454e44ae426082", "hex");

function form(fields: Record<string, string>, file?: { type: string; name?: string }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append("file", new Blob([new Uint8Array(PNG)], { type: file.type }), file.name ?? "现场.png");
  return f;
}

// ---------------------------------------------------------------- what each route is called with

interface RouteSpec {
  /** A token of a role allowed to call the route (null: public). Called before every request. */
  as: () => string | null | Promise<string>;
  /** Valid path parameters, in the state the route acts on; made again after a request that changed them. */
  params?: () => Params | Promise<Params>;
  query?: (p: Params) => Record<string, string>;
  body?: () => unknown;
  /** Route-specific bad inputs the generic battery cannot derive from the schema. */
  extra?: (p: Params) => Case[] | Promise<Case[]>;
  /** Another answer than the generic battery's for one of its cases, by name. */
  wants?: Record<string, Case["want"]>;
  /** Sign each body as the upstream platform does (docs/CHANNELS.md "Upstream"). */
  signed?: boolean;
  /** Re-reads the record the route acts on: a failed write must leave it as it was (beyond the row counts). */
  state?: (p: Params) => Promise<unknown>;
}

const admin = () => t.adminToken;
const dispatcher = () => cast.dispatcher.token;
const handlerA = () => cast.handlerA.token;
const today = { month: "2025-03" };
const replyBody = () => ({ content: "已协调物业处理完毕", result: "resolved", handlerName: "小孙", leaderName: "张科长" });
let victim: { id: number; username: string };
let victimToken = "";
let pwUser: { id: number; username: string };
let pwToken = "";
let notificationId = 0;
let attachment: Params = {};
let currentSettings: unknown;
let more: { socialSupervisor: { id: number; token: string }; qaReviewer: { id: number; token: string } };

/** A session of each role, for the 403s (unit roles: unit A's). */
function roleToken(role: string): string {
  const tokens: Record<string, string> = {
    admin: t.adminToken,
    operator: cast.operator.token,
    dispatcher: cast.dispatcher.token,
    supervisor: cast.supervisor.token,
    follow_up: cast.followUp.token,
    unit_leader: cast.leaderA.token,
    unit_handler: cast.handlerA.token,
    viewer: cast.viewer.token,
    social_supervisor: more.socialSupervisor.token,
    qa_reviewer: more.qaReviewer.token,
  };
  const token = tokens[role];
  if (!token) throw new Error(`no session for role ${role}`);
  return token;
}

// ---------------------------------------------------------------- wave 2 fixtures (issues 13–19)

const supervisor = () => cast.supervisor.token;
let seq = 0;
/** Records made once before the battery; the routes that change them get fresh ones through `params`. */
const w = {
  ticket: 0,
  pendingTicket: 0,
  closedTicket: 0,
  mergeTarget: 0,
  batchTicket: 0,
  notice: 0,
  noticeB: 0,
  specialReport: 0,
  entry: 0,
  scopeEntry: 0,
  category: 0,
  catalogueItem: 0,
  call: 0,
  template: 0,
  spareUnit: 0,
  spareCategory: 0,
  publicRequest: { number: "", queryCode: "" },
  callCenter: {} as { connectionRateTarget?: number; answerTargetSeconds?: number },
};

/** A record as the API shows it: the body, or the item of a list with that id. */
async function readRecord(url: string, id?: string | number, token = t.adminToken): Promise<unknown> {
  const res = await t.call("GET", url, { token });
  if (id === undefined) return res.body;
  const list: Array<{ id: number }> = Array.isArray(res.body) ? res.body : (res.body?.items ?? []);
  return list.find((x) => x.id === Number(id)) ?? null;
}

const noticeBody = () => ({ kind: "prompt", form: "sms", unitId: cast.unitA.id, ticketIds: [w.ticket], content: "请及时办理群众诉求", dueAt: "2025-03-10T09:00:00+08:00" });
const orderBody = () => ({ ticketId: w.ticket, form: "daily", source: "center", requirement: "请三个工作日内办结", dueWorkingDays: 3 });
const talkBody = () => ({ unitId: cast.unitA.id, reasons: ["多次超期"], at: "2025-03-04T09:00:00+08:00", participants: ["张局长"], minutes: "约谈记录", rectificationDueAt: "2025-03-20T09:00:00+08:00" });
const entryBody = () => ({ title: "二次供水水箱清洗周期", body: "<p>二次供水设施每半年至少清洗消毒一次。</p>", kind: "faq", tags: ["二次供水"], categoryId: w.category, validFrom: "2025-01-01", validTo: "2026-12-31" });
const catalogueBody = () => ({ categoryId: w.category, areaKeywords: ["城关"], leadUnitId: cast.unitA.id, coUnitIds: [cast.unitB.id], dutyText: "负责供水设施维护" });

const idOf = async (p: Promise<{ status: number; body: unknown }>) => (await ok<{ id: number }>(p)).id;
/** An open alert (one per ticket: each on a fresh ticket). */
const alert = async () => idOf(post("/api/supervision/alerts", cast.supervisor.token, { kind: "petition_risk", ticketId: (await dispatched()).id }));
async function handled(id: number): Promise<number> {
  await ok(post(`/api/supervision/alerts/${id}/handle`, cast.supervisor.token, {}));
  return id;
}
const notice = () => idOf(post("/api/supervision/notices", cast.supervisor.token, noticeBody()));
/** An open order (the same one twice on a ticket is a duplicate: each on a fresh ticket). */
const order = async () => idOf(post("/api/supervision/orders", cast.supervisor.token, { ...orderBody(), ticketId: (await dispatched()).id }));
async function closedOrder(): Promise<number> {
  const id = await order();
  await ok(post(`/api/supervision/orders/${id}/close`, cast.supervisor.token, {}));
  return id;
}
const talk = () => idOf(post("/api/supervision/talks", cast.supervisor.token, talkBody()));
/** A special ticket, signed: it owes progress reports (rule 8). */
async function special(): Promise<number> {
  const { id } = await t.ticket(cast.operator.token, { urgency: "special" });
  await ok(post(`/api/tickets/${id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id }));
  await ok(post(`/api/tickets/${id}/sign`, cast.handlerA.token));
  return id;
}
async function entry(state: "draft" | "published" | "retired" = "draft", body: Record<string, unknown> = entryBody()): Promise<number> {
  const id = await idOf(post("/api/knowledge", t.adminToken, body));
  if (state !== "draft") await ok(post(`/api/knowledge/${id}/publish`, t.adminToken, {}));
  if (state === "retired") await ok(post(`/api/knowledge/${id}/retire`, t.adminToken, {}));
  return id;
}
async function catalogueItem(retired: boolean): Promise<number> {
  const id = await idOf(post("/api/dispatch-catalogue", t.adminToken, { ...catalogueBody(), areaKeywords: [`片区${++seq}`] }));
  if (retired) await ok(post(`/api/dispatch-catalogue/${id}/retire`, t.adminToken));
  return id;
}
/** A citizen's request that the unit replied to: open for the citizen's rating. */
async function publicReplied(): Promise<{ number: string; queryCode: string }> {
  const r = await ok<{ number: string; queryCode: string }>(post("/api/public/requests", "", { content: "小区路灯坏了很久了", phone: "13800001111" }));
  const list = await ok<{ items: Array<{ id: number }> }>(t.call("GET", `/api/tickets?q=${r.number}`, { token: cast.dispatcher.token }));
  const id = list.items[0]!.id;
  await ok(post(`/api/tickets/${id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id }));
  await ok(post(`/api/tickets/${id}/sign`, cast.handlerA.token));
  await ok(post(`/api/tickets/${id}/contact-attempts`, cast.handlerA.token, { method: "phone", outcome: "reached" }));
  await ok(post(`/api/tickets/${id}/replies`, cast.handlerA.token, replyBody()));
  return r;
}
const newCall = () =>
  idOf(post("/api/calls", t.adminToken, { externalId: `C-${++seq}`, startedAt: "2025-03-03T09:10:00+08:00", answeredAt: "2025-03-03T09:10:05+08:00", endedAt: "2025-03-03T09:14:00+08:00", operator: cast.operator.username }));
async function reviewedCall(): Promise<number> {
  const id = await newCall();
  await ok(post("/api/qa/reviews", more.qaReviewer.token, { callId: id, scores: { wording: 90, tone: 90, correctness: 90, completeness: 90 } }));
  return id;
}
/** A ticket dispatched to unit A with unit B as a designated co-unit (rule 10). */
async function coDispatched(): Promise<Params> {
  const { id } = await pending();
  await ok(post(`/api/tickets/${id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id, coUnitIds: [cast.unitB.id], mode: "designated" }));
  return { id };
}
async function coSigned(): Promise<number> {
  const { id } = await coDispatched();
  await ok(post(`/api/tickets/${id}/co-units/sign`, cast.handlerB.token));
  return Number(id);
}

/** CSV imports: the generic JSON battery sends JSON; these send CSV (and JSON {csv}) with bad rows. */
function importCases(): Case[] {
  const head = "externalId,startedAt,answeredAt,endedAt,operator,ticketId";
  const row = (id: string, started = "2025-03-03T10:00:00+08:00", ended = "2025-03-03T10:03:00+08:00") => `${id},${started},2025-03-03T10:00:05+08:00,${ended},${cast.operator.username},`;
  const csv = (...rows: string[]) => () => [head, ...rows].join("\n");
  return [
    { name: "a good CSV", raw: csv(row(`I-${++seq}`)), contentType: "text/csv", want: 201 },
    { name: "a row with a bad time (nothing imported)", raw: csv(row(`I-${++seq}`), row(`I-${++seq}`, "not a time")), contentType: "text/csv", want: 400 },
    { name: "a row ending before it started", raw: csv(row(`I-${++seq}`, "2025-03-03T10:00:00+08:00", "2025-03-03T09:00:00+08:00")), contentType: "text/csv", want: 400 },
    { name: "a header missing a column", raw: () => `externalId,startedAt\nX,2025-03-03T10:00:00+08:00`, contentType: "text/csv", want: 400 },
    { name: "an empty CSV", raw: () => "", contentType: "text/csv", want: 400 },
    { name: "JSON {csv} with a bad row", raw: () => JSON.stringify({ csv: csv(row(`I-${++seq}`, "x"))() }), contentType: "application/json", want: 400 },
    { name: "JSON without csv", raw: () => JSON.stringify({ rows: [] }), contentType: "application/json", want: 400 },
    { name: "as viewer (refused), with a bad CSV", role: "viewer", raw: () => "garbage", contentType: "text/csv", want: 403 },
  ];
}

async function wave2Fixtures(): Promise<void> {
  w.ticket = Number((await dispatched()).id);
  w.pendingTicket = Number((await pending()).id);
  w.mergeTarget = Number((await pending()).id);
  w.batchTicket = Number((await pending()).id);
  const closed = await t.ticket(cast.operator.token);
  const scope = await entry("published", { title: "已进入司法程序的诉求", body: "<p>已进入诉讼、仲裁程序的，不予受理。</p>", kind: "scope", scopeType: "reject", tags: ["法院", "起诉"] });
  await ok(post(`/api/tickets/${closed.id}/out-of-scope`, cast.operator.token, { entryId: scope }));
  w.closedTicket = closed.id;
  w.scopeEntry = scope;
  w.category = await idOf(post("/api/categories", t.adminToken, { name: "供水" }));
  await t.ticket(cast.operator.token, { categoryId: w.category }); // the category is in use
  w.spareCategory = await idOf(post("/api/categories", t.adminToken, { name: "备用分类" }));
  w.spareUnit = (await t.unit("备用单位")).id;
  w.entry = await entry("published");
  w.notice = await notice();
  w.noticeB = await idOf(post("/api/supervision/notices", cast.supervisor.token, { ...noticeBody(), unitId: cast.unitB.id, ticketIds: [] }));
  w.specialReport = await idOf(post("/api/supervision/special-reports", cast.supervisor.token, { weekOf: "2025-02-24" }));
  w.catalogueItem = await catalogueItem(false);
  w.call = await newCall();
  w.template = await idOf(post("/api/reply-templates", t.adminToken, { title: "模板", body: "您好" }));
  w.publicRequest = await ok(post("/api/public/requests", "", { content: "公园里的健身器材坏了", phone: "13800003333" }));
  w.callCenter = (await t.call("GET", "/api/call-center/settings", { token: t.adminToken })).body;
}

const ROUTES: Record<string, RouteSpec> = {
  "POST /api/auth/login": { as: () => null, body: () => ({ username: "admin", password: ADMIN_PASSWORD }) },
  // A successful logout revokes the token: a new session is opened for the cases after it.
  "POST /api/auth/logout": { as: () => victimToken, params: async () => ((victimToken = await t.login(victim.username, "password-123")), {}) },
  "GET /api/me": { as: dispatcher },
  "GET /api/units": { as: dispatcher },
  "POST /api/units": { as: admin, body: () => ({ name: "测试单位", kind: "department" }) },
  "GET /api/users": { as: admin },
  "POST /api/users": {
    as: admin,
    body: () => ({ username: `robust_${Date.now()}`, password: "password-123", name: "测试用户", roles: ["viewer"] }),
    extra: () => [
      { name: "a password of 8 digits", bodyPatch: { password: "12345678" }, want: 400, field: "password" },
      { name: "the username as password", bodyPatch: { username: "robust_same1", password: "robust_same1" }, want: 400, field: "password" },
    ],
  },
  "PATCH /api/users/{id}": {
    as: admin,
    params: () => ({ id: victim.id }),
    body: () => ({ name: "改名" }),
    extra: () => [
      { name: "an empty change", body: {}, want: 400, field: "body" },
      { name: "a weak password", bodyPatch: { password: "12345678" }, want: 400, field: "password" },
    ],
  },
  // Each success forces a reset of a fresh user (it ends that user's sessions).
  "POST /api/users/{id}/force-password-reset": { as: admin, params: async () => ({ id: (await t.user(["viewer"])).id }) },
  // Each success changes the password: the admin sets it back and the user logs in again.
  "POST /api/me/password": {
    as: () => pwToken,
    params: async () => {
      await t.call("PATCH", `/api/users/${pwUser.id}`, { token: t.adminToken, body: { password: "password-123" } });
      pwToken = await t.login(pwUser.username, "password-123");
      return {};
    },
    body: () => ({ currentPassword: "password-123", newPassword: "a-new-secret-42" }),
  },
  "GET /api/categories": { as: dispatcher },
  "POST /api/categories": { as: admin, body: () => ({ name: "测试分类" }) },
  "POST /api/tickets": {
    as: () => cast.operator.token,
    body: () => ({ channel: "phone", requester: { name: "张三", phone: "13812345678" }, title: "小区噪音扰民", content: "晚上十点后广场舞音响声音太大" }),
    extra: () => [
      { name: "Idempotency-Key too long", headers: { "idempotency-key": "k".repeat(201) }, want: 400, field: "idempotency-key" },
      { name: "categoryId of no category", bodyPatch: { categoryId: 2_147_483_647 }, want: 400, field: "categoryId" },
      { name: "receivedAt without offset", bodyPatch: { receivedAt: "2025-03-03T09:00:00" }, want: 400, field: "receivedAt" },
      { name: "receivedAt not a time", bodyPatch: { receivedAt: "下周一" }, want: 400, field: "receivedAt" },
      { name: "blank title", bodyPatch: { title: "   " }, want: 400, field: "title" },
      { name: "phone with letters", bodyPatch: { requester: { phone: "138abc" } }, want: 400, field: "requester.phone" },
    ],
  },
  "GET /api/tickets": {
    as: dispatcher,
    extra: () => [
      ...["bogus", "closed,bogus"].map((v) => ({ name: `status=${v}`, query: { status: v }, want: 400 as const, field: "status" })),
      { name: "urgency=bogus", query: { urgency: "bogus" }, want: 400, field: "urgency" },
      ...["garbage", "2025-13-45", "2025-02-30", "2025-3-1"].flatMap((v) => [
        { name: `receivedFrom=${v}`, query: { receivedFrom: v }, want: 400 as const, field: "receivedFrom" },
        { name: `receivedTo=${v}`, query: { receivedTo: v }, want: 400 as const, field: "receivedTo" },
      ]),
      ...["garbage!", b64(["x", 1]), b64([null, "1"]), b64(["2025-03-03T01:00:00.000Z", 1e30]), b64(["2025-03-03T01:00:00.000Z", 1.5]), b64([]), b64({}), b64("x")].flatMap((v) => [
        { name: `cursor=${v}`, query: { cursor: v }, want: 400 as const, field: "cursor" },
        { name: `cursor=${v}&sort=deadline`, query: { cursor: v, sort: "deadline" }, want: 400 as const, field: "cursor" },
      ]),
      ...["%", "_", "\\", "'; drop table tickets; --", "小区"].map((v) => ({ name: `q=${v}`, query: { q: v }, want: 200 as const })),
    ],
  },
  "GET /api/tickets/{id}": { as: dispatcher, params: pending },
  "POST /api/tickets/{id}/dispatch": {
    as: dispatcher,
    params: pending,
    body: () => ({ unitId: cast.unitA.id }),
    extra: () => [
      { name: "unitId of no unit", bodyPatch: { unitId: 2_147_483_647 }, want: 400, field: "unitId" },
      { name: "coUnitIds with no unit", bodyPatch: { coUnitIds: [2_147_483_647], mode: "designated" }, want: 400, field: "coUnitIds" },
      { name: "the lead unit as its own co-unit", bodyPatch: { coUnitIds: [cast.unitA.id], mode: "designated" }, want: 400, field: "coUnitIds" },
    ],
  },
  "POST /api/tickets/{id}/sign": { as: handlerA, params: dispatched },
  "POST /api/tickets/{id}/contact-attempts": {
    as: handlerA,
    params: signed,
    body: () => ({ method: "phone", outcome: "no_answer" }),
    extra: () => [{ name: "at not a time", bodyPatch: { at: "2025-13-01T00:00:00Z" }, want: 400, field: "at" }],
  },
  "POST /api/tickets/{id}/return-requests": {
    as: handlerA,
    params: dispatched,
    body: () => ({ reason: "不属于本单位职责" }),
    extra: () => [{ name: "suggestedUnitId of no unit", bodyPatch: { suggestedUnitId: 2_147_483_647 }, want: 400, field: "suggestedUnitId" }],
  },
  "POST /api/tickets/{id}/return-requests/{requestId}/decision": {
    as: dispatcher,
    params: returnRequested,
    body: () => ({ approve: false }),
    extra: () => [{ name: "reassignTo of no unit", bodyPatch: { approve: true, reassignTo: 2_147_483_647 }, want: 400, field: "reassignTo" }],
  },
  "POST /api/tickets/{id}/extension-requests": { as: handlerA, params: signed, body: () => ({ workingDays: 2, reason: "需要多部门协调" }) },
  "POST /api/tickets/{id}/extension-requests/{requestId}/decision": { as: dispatcher, params: extensionPending, body: () => ({ approve: false }) },
  "POST /api/tickets/{id}/replies": { as: handlerA, params: contacted, body: replyBody },
  "POST /api/tickets/{id}/replies/{replyId}/approve": { as: () => cast.leaderA.token, params: replied, body: () => ({ approve: true }) },
  "POST /api/tickets/{id}/follow-ups": {
    as: () => cast.followUp.token,
    params: replied,
    body: () => ({ outcome: "satisfied", contacted: true, informed: true, resolved: true }),
    extra: () => [
      { name: "unsatisfied without a decision", bodyPatch: { outcome: "unsatisfied" }, want: 400, field: "decision" },
      { name: "a decision with satisfied", bodyPatch: { decision: "redo" }, want: 400, field: "decision" },
    ],
  },
  "POST /api/tickets/{id}/redo": { as: () => cast.followUp.token, params: replied, body: () => ({ reason: "群众不满意" }) },
  "POST /api/tickets/{id}/exclusions": { as: handlerA, params: signed, body: () => ({ reasonCode: "unreasonable", explanation: "诉求人要求明显不合理" }) },
  "POST /api/tickets/{id}/exclusions/{requestId}/decision": { as: () => cast.supervisor.token, params: exclusionPending, body: () => ({ approve: false }) },
  "POST /api/tickets/{id}/terminate": {
    as: () => cast.supervisor.token,
    params: signed,
    body: () => ({ reviewers: ["王律师"], conclusion: "经第三方评议，诉求已依法处理" }),
    extra: () => [{ name: "blank reviewer", bodyPatch: { reviewers: ["  "] }, want: 400, field: "reviewers" }],
  },
  "POST /api/tickets/{id}/reveal-phone": { as: dispatcher, params: pending },
  "GET /api/exclusion-reasons": { as: handlerA },
  "GET /api/notifications": { as: handlerA },
  "POST /api/notifications/{id}/read": { as: handlerA, params: () => ({ id: notificationId }) },
  "GET /api/test/clock": { as: admin },
  "GET /api/audit-log": {
    as: admin,
    extra: () => [{ name: "a cursor that is not an id", query: { cursor: "abc" }, want: 400, field: "cursor" }],
  },
  "GET /api/outbox": {
    as: admin,
    extra: () => [{ name: "a cursor that is not an id", query: { cursor: "abc" }, want: 400, field: "cursor" }],
  },
  // A dispatch writes SMS rows; any waiting one can be queued again.
  "POST /api/outbox/{id}/retry": {
    as: admin,
    params: async () => {
      await dispatched();
      const page = await t.call("GET", "/api/outbox?status=pending&limit=1", { token: t.adminToken });
      return { id: page.body.items[0].id };
    },
  },
  "GET /api/api-keys": {
    as: admin,
    extra: () => [{ name: "a cursor that is not an id", query: { cursor: "abc" }, want: 400, field: "cursor" }],
  },
  "POST /api/api-keys": { as: admin, body: () => ({ name: "上级平台", scopes: ["upstream"] }) },
  "DELETE /api/api-keys/{id}": {
    as: admin,
    params: async () => ({ id: (await t.call("POST", "/api/api-keys", { token: t.adminToken, body: { name: "待吊销", scopes: ["calls"] } })).body.id }),
  },
  "POST /api/tickets/{id}/attachments": { as: handlerA, params: dispatched, extra: attachmentCases },
  "GET /api/tickets/{id}/attachments/{attachmentId}": { as: handlerA, params: () => attachment },
  "GET /api/calendar/days": {
    as: dispatcher,
    query: () => ({ from: "2025-03-01", to: "2025-03-31" }),
    extra: () => [
      { name: "to before from", query: { from: "2025-03-31", to: "2025-03-01" }, want: 400, field: "to" },
      { name: "a range of 30 years", query: { from: "2020-01-01", to: "2049-12-31" }, want: 400, field: "to" },
      { name: "year 0001 to 0002", query: { from: "0001-01-01", to: "0002-01-01" }, want: 400, field: "from" },
    ],
  },
  "GET /api/calendar/add-working-days": {
    as: dispatcher,
    query: () => ({ from: "2025-03-03T09:00:00+08:00", days: "3" }),
    extra: () => [
      ...["garbage", "2025-03-03", "2025-03-03T09:00:00", "2025-02-30T09:00:00Z"].map((v) => ({ name: `from=${v}`, query: { from: v }, want: 400 as const, field: "from" })),
      { name: "a deadline after the year 9999", query: { from: "9999-12-31T09:00:00Z", days: "365" }, want: 400, field: "from" },
      { name: "from in year 0001", query: { from: "0001-01-01T09:00:00Z", days: "365" }, want: 400, field: "from" },
    ],
  },
  "GET /api/policy": { as: dispatcher },
  "GET /api/policy/presets": { as: dispatcher },
  "GET /api/policy/versions": { as: admin },
  "GET /api/policy/versions/{version}": { as: admin, params: () => ({ version: 1 }) },
  "GET /api/reports/rates": {
    as: dispatcher,
    query: () => today,
    extra: () => [
      { name: "to before from", query: { month: undefined, from: "2025-03-31", to: "2025-03-01" }, want: 400, field: "to" },
      { name: "no period", query: { month: undefined }, want: "any" },
      { name: "a range of 30 years", query: { month: undefined, from: "2000-01-01", to: "2029-12-31" }, want: "any" },
      { name: "drill with a key that matches nothing", query: { drill: "volume", key: "no-such-unit" }, want: 200 },
    ],
  },
  "GET /api/reports/appraisal": { as: dispatcher, query: () => ({ ...today, group: "town" }) },
  "GET /api/reports/appraisal/annual": { as: dispatcher, query: () => ({ year: "2025", group: "town" }) },
  "GET /api/reports/person-points": {
    as: dispatcher,
    query: () => today,
    extra: () => [{ name: "to before from", query: { month: undefined, from: "2025-03-31", to: "2025-03-01" }, want: 400, field: "to" }],
  },
  "GET /api/reports/appraisal/entries": { as: admin, query: () => today },
  "POST /api/reports/appraisal/entries": {
    as: admin,
    body: () => ({ ...today, unitId: cast.unitB.id, kind: "city_supervision", count: 1 }),
    extra: () => [
      { name: "unitId of no unit", bodyPatch: { unitId: 2_147_483_647 }, want: 400, field: "unitId" },
      { name: "ticketId of no ticket", bodyPatch: { ticketId: 2_147_483_647 }, want: 400, field: "ticketId" },
    ],
  },
  "DELETE /api/reports/appraisal/entries/{id}": { as: admin, params: async () => ({ id: (await ok<{ id: number }>(post("/api/reports/appraisal/entries", t.adminToken, { ...today, unitId: cast.unitB.id, kind: "city_supervision" }))).id }) },
  "PUT /api/reports/appraisal/tiers": {
    as: admin,
    body: () => ({ ...today, unitId: cast.unitA.id, tier: 10 }),
    extra: () => [{ name: "unitId of no unit", bodyPatch: { unitId: 2_147_483_647 }, want: 400, field: "unitId" }],
  },
  "PUT /api/reports/appraisal/year-end": {
    as: admin,
    body: () => ({ year: 2025, unitId: cast.unitA.id, scores: { office: 10, knowledgeBase: 10, provincialOnTime: 10, provincialSatisfaction: 20, followThrough: 30, signOff: 20 } }),
    extra: () => [{ name: "unitId of no unit", bodyPatch: { unitId: 2_147_483_647 }, want: 400, field: "unitId" }],
  },
  "GET /api/exports/tickets.xlsx": { as: admin, extra: () => exportListCases() },
  "GET /api/exports/tickets.csv": { as: admin, extra: () => exportListCases() },
  "GET /api/exports/rates.xlsx": { as: admin, query: () => today },
  "GET /api/exports/appraisal.xlsx": { as: admin, query: () => ({ ...today, group: "department" }) },
  // ------------------------------------------------------------ wave 2 (issues 13–19)
  // Supervision 督办 (issue 13)
  "GET /api/supervision/alerts": { as: supervisor, query: () => ({ from: "2025-03-01", to: "2025-03-31" }) },
  "GET /api/supervision/alerts/counts": { as: supervisor },
  "POST /api/supervision/alerts": {
    as: supervisor,
    body: () => ({ kind: "petition_risk", ticketId: w.ticket, note: "诉求人扬言上访" }),
    extra: () => [{ name: "ticketId of no ticket", bodyPatch: { ticketId: 2_147_483_647 }, want: 400, field: "ticketId" }],
  },
  "POST /api/supervision/alerts/{id}/handle": {
    as: supervisor,
    params: async () => ({ id: await alert() }),
    body: () => ({ note: "已约谈" }),
    state: (p) => readRecord(`/api/supervision/alerts?limit=200`, p.id),
    extra: async () => [{ name: "an alert already handled", path: { id: await handled(await alert()) }, want: 409 }],
  },
  "POST /api/supervision/detect": { as: supervisor },
  "POST /api/supervision/notices": {
    as: supervisor,
    body: noticeBody,
    extra: () => [
      { name: "unitId of no unit", bodyPatch: { unitId: 2_147_483_647 }, want: 400, field: "unitId" },
      { name: "alertIds with no alert", bodyPatch: { alertIds: [2_147_483_647] }, want: 400, field: "alertIds" },
      { name: "dueAt in the past", bodyPatch: { dueAt: "2020-01-01T00:00:00Z" }, want: 400, field: "dueAt" },
    ],
  },
  "GET /api/supervision/notices": { as: () => cast.leaderA.token },
  "GET /api/supervision/notices/{id}": { as: () => cast.leaderA.token, params: () => ({ id: w.notice }), extra: () => [{ name: "another unit's notice", path: { id: w.noticeB }, want: 404 }] },
  "GET /api/supervision/notices/{id}/document": { as: supervisor, params: () => ({ id: w.notice }) },
  "POST /api/supervision/notices/{id}/response": {
    as: () => cast.leaderA.token,
    params: async () => ({ id: await notice() }),
    body: () => ({ content: "已整改到位" }),
    state: (p) => readRecord(`/api/supervision/notices/${p.id}`),
    extra: async () => {
      const answered = await notice();
      await ok(post(`/api/supervision/notices/${answered}/response`, cast.leaderA.token, { content: "已整改" }));
      return [
        { name: "a notice already answered", path: { id: answered }, want: 409 },
        { name: "another unit's notice", path: { id: w.noticeB }, want: 404 },
      ];
    },
  },
  "POST /api/supervision/orders": {
    as: supervisor,
    body: orderBody,
    extra: () => [
      { name: "ticketId of no ticket", bodyPatch: { ticketId: 2_147_483_647 }, want: 400, field: "ticketId" },
      { name: "a ticket not dispatched yet", bodyPatch: { ticketId: w.pendingTicket }, want: 400, field: "ticketId" },
      { name: "unitId not the ticket's lead unit", bodyPatch: { unitId: cast.unitB.id }, want: 400, field: "unitId" },
    ],
  },
  "GET /api/supervision/orders": { as: handlerA },
  "POST /api/supervision/orders/{id}/response": {
    as: handlerA,
    params: async () => ({ id: await order() }),
    body: () => ({ content: "已督促落实" }),
    state: (p) => readRecord(`/api/supervision/orders?limit=200`, p.id, supervisor()),
    extra: async () => [{ name: "an order already closed", path: { id: await closedOrder() }, want: 409 }],
  },
  "POST /api/supervision/orders/{id}/close": {
    as: supervisor,
    params: async () => ({ id: await order() }),
    body: () => ({ note: "已办结" }),
    state: (p) => readRecord(`/api/supervision/orders?limit=200`, p.id, supervisor()),
    extra: async () => [{ name: "an order already closed", path: { id: await closedOrder() }, want: 409 }],
  },
  "POST /api/supervision/special-reports": { as: supervisor, body: () => ({ weekOf: "2025-03-03" }) },
  "GET /api/supervision/special-reports": { as: dispatcher },
  "GET /api/supervision/special-reports/{id}": { as: dispatcher, params: () => ({ id: w.specialReport }) },
  "GET /api/supervision/special-reports/{id}/document": { as: dispatcher, params: () => ({ id: w.specialReport }) },
  "GET /api/supervision/party-report": { as: dispatcher, query: () => today },
  "POST /api/supervision/talks": {
    as: supervisor,
    body: talkBody,
    extra: () => [
      { name: "unitId of no unit", bodyPatch: { unitId: 2_147_483_647 }, want: 400, field: "unitId" },
      { name: "rectificationDueAt before the talk", bodyPatch: { rectificationDueAt: "2025-03-04T08:00:00+08:00" }, want: 400, field: "rectificationDueAt" },
    ],
  },
  "GET /api/supervision/talks": { as: supervisor },
  "POST /api/supervision/talks/{id}/rectified": {
    as: supervisor,
    params: async () => ({ id: await talk() }),
    state: (p) => readRecord(`/api/supervision/talks?limit=200`, p.id),
    extra: async () => {
      const done = await talk();
      await ok(post(`/api/supervision/talks/${done}/rectified`, cast.supervisor.token));
      return [{ name: "a talk already rectified", path: { id: done }, want: 409 }];
    },
  },
  "GET /api/supervision/talk-suggestions": { as: supervisor },
  "POST /api/supervision/evaluations": {
    as: () => more.socialSupervisor.token,
    body: () => ({ unitId: cast.unitA.id, score: 80, comment: "态度好" }),
    extra: () => [{ name: "unitId of no unit", bodyPatch: { unitId: 2_147_483_647 }, want: 400, field: "unitId" }],
  },
  "GET /api/supervision/evaluations": { as: supervisor },
  "GET /api/supervision/evaluations/summary": { as: supervisor, query: () => ({ year: "2025" }) },
  "GET /api/units/{id}/leaders": { as: dispatcher, params: () => ({ id: cast.unitA.id }) },
  "PUT /api/units/{id}/leaders": {
    as: supervisor,
    params: () => ({ id: cast.unitA.id }),
    body: () => ({ leaders: [{ name: "张局长", role: "principal", phone: "13800000001" }] }),
    state: (p) => readRecord(`/api/units/${p.id}/leaders`),
    extra: () => [
      { name: "a leader with a bad phone", body: { leaders: [{ name: "张局长", role: "principal", phone: "abc" }] }, want: 400, field: "leaders" },
      { name: "a leader with an unknown field", body: { leaders: [{ name: "张局长", role: "principal", phone: "13800000001", x: 1 }] }, want: 400, field: "leaders" },
    ],
  },
  "POST /api/tickets/{id}/progress": {
    as: handlerA,
    params: async () => ({ id: await special() }),
    body: () => ({ content: "已完成现场勘查" }),
    extra: async () => [{ name: "an ordinary ticket (owes no progress)", path: { id: (await signed()).id! }, want: 409 }],
  },
  // Knowledge base and dispatch catalogue (issue 14)
  "POST /api/knowledge": {
    as: admin,
    body: entryBody,
    extra: () => [
      { name: "validTo before validFrom", bodyPatch: { validFrom: "2025-05-01", validTo: "2025-04-01" }, want: 400, field: "validTo" },
      { name: "categoryId of no category", bodyPatch: { categoryId: 2_147_483_647 }, want: 400, field: "categoryId" },
      { name: "unitId of no unit", bodyPatch: { unitId: 2_147_483_647 }, want: 400, field: "unitId" },
    ],
  },
  "GET /api/knowledge": { as: () => cast.operator.token, query: () => ({ q: "供水" }) },
  "POST /api/knowledge/assist": { as: () => cast.operator.token, body: () => ({ text: "我已经向法院起诉了开发商" }) },
  "GET /api/knowledge/{id}": { as: () => cast.operator.token, params: () => ({ id: w.entry }) },
  "PUT /api/knowledge/{id}": {
    as: admin,
    params: async () => ({ id: await entry() }),
    body: entryBody,
    state: (p) => readRecord(`/api/knowledge/${p.id}`),
    extra: async () => [
      { name: "a stale version", bodyPatch: { version: 99 }, want: 409 },
      { name: "a retired entry", path: { id: await entry("retired") }, want: 409 },
    ],
  },
  "POST /api/knowledge/{id}/publish": {
    as: supervisor,
    params: async () => ({ id: await entry() }),
    body: () => ({ note: "同意" }),
    state: (p) => readRecord(`/api/knowledge/${p.id}`),
    extra: async () => [
      { name: "an entry already published", path: { id: await entry("published") }, want: 409 },
      { name: "a retired entry", path: { id: await entry("retired") }, want: 409 },
    ],
  },
  "POST /api/knowledge/{id}/reject": {
    as: supervisor,
    params: async () => ({ id: await entry() }),
    body: () => ({ note: "请补充依据" }),
    state: (p) => readRecord(`/api/knowledge/${p.id}`),
    extra: async () => [{ name: "a retired entry", path: { id: await entry("retired") }, want: 409 }],
  },
  "POST /api/knowledge/{id}/retire": {
    as: supervisor,
    params: async () => ({ id: await entry("published") }),
    body: () => ({ note: "政策已废止" }),
    state: (p) => readRecord(`/api/knowledge/${p.id}`),
    extra: async () => [{ name: "an entry already retired", path: { id: await entry("retired") }, want: 409 }],
  },
  "GET /api/knowledge/reviews": { as: supervisor },
  "GET /api/knowledge/unused": { as: supervisor },
  "GET /api/knowledge/synonyms": { as: dispatcher },
  "POST /api/knowledge/synonyms": { as: supervisor, body: () => ({ words: [`词${++seq}`, `同义${seq}`] }) },
  "DELETE /api/knowledge/synonyms/{id}": { as: supervisor, params: async () => ({ id: (await ok<{ id: number }>(post("/api/knowledge/synonyms", t.adminToken, { words: [`删${++seq}`, `除${seq}`] }))).id }) },
  "POST /api/tickets/{id}/out-of-scope": {
    as: () => cast.operator.token,
    params: pending,
    body: () => ({ entryId: w.scopeEntry, note: "已告知走司法途径" }),
    extra: async () => [
      { name: "entryId of no entry", bodyPatch: { entryId: 2_147_483_647 }, want: 400, field: "entryId" },
      { name: "entryId of an entry that is not a non-acceptance item", bodyPatch: { entryId: w.entry }, want: 400, field: "entryId" },
      { name: "a ticket already dispatched", path: { id: (await dispatched()).id! }, want: 409 },
    ],
  },
  "GET /api/dispatch-catalogue": { as: dispatcher },
  "GET /api/dispatch-catalogue/export.xlsx": { as: dispatcher },
  "GET /api/knowledge/export.xlsx": { as: supervisor },
  "GET /api/dispatch-catalogue/lookup": { as: dispatcher, query: () => ({ categoryId: String(w.category), address: "城关镇", content: "供水" }) },
  "GET /api/dispatch-catalogue/{id}": { as: dispatcher, params: () => ({ id: w.catalogueItem }) },
  "POST /api/dispatch-catalogue": {
    as: supervisor,
    body: catalogueBody,
    extra: () => [
      { name: "categoryId of no category", bodyPatch: { categoryId: 2_147_483_647 }, want: 400, field: "categoryId" },
      { name: "leadUnitId of no unit", bodyPatch: { leadUnitId: 2_147_483_647 }, want: 400, field: "leadUnitId" },
      { name: "coUnitIds with no unit", bodyPatch: { coUnitIds: [2_147_483_647] }, want: 400, field: "coUnitIds" },
    ],
  },
  "PUT /api/dispatch-catalogue/{id}": {
    as: supervisor,
    params: () => ({ id: w.catalogueItem }),
    body: catalogueBody,
    state: (p) => readRecord(`/api/dispatch-catalogue/${p.id}`),
    extra: async () => [
      { name: "leadUnitId of no unit", bodyPatch: { leadUnitId: 2_147_483_647 }, want: 400, field: "leadUnitId" },
      // A new version of a retired item makes it active again (save-catalogue.ts): no conflict there.
      { name: "a stale version", bodyPatch: { version: 1 }, want: 409 },
    ],
  },
  "POST /api/dispatch-catalogue/{id}/retire": {
    as: supervisor,
    params: async () => ({ id: await catalogueItem(false) }),
    state: (p) => readRecord(`/api/dispatch-catalogue/${p.id}`),
    extra: async () => [{ name: "an item already retired", path: { id: await catalogueItem(true) }, want: 409 }],
  },
  "GET /api/tickets/{id}/catalogue": { as: dispatcher, params: pending },
  // Suggestions, similar tickets, merging, batch dispatch, analytics (issue 15)
  "POST /api/suggestions": { as: () => cast.operator.token, body: () => ({ title: "停水", content: "小区停水三天了", address: "城关镇", phone: "13812345678" }) },
  "GET /api/suggestions/models": { as: admin },
  "GET /api/tickets/{id}/similar": { as: dispatcher, params: pending },
  "POST /api/tickets/{id}/merge": {
    as: dispatcher,
    params: pending,
    body: () => ({ intoTicketId: w.mergeTarget, note: "同一诉求" }),
    extra: (p) => [
      { name: "intoTicketId of no ticket", bodyPatch: { intoTicketId: 2_147_483_647 }, want: [400, 404] },
      { name: "into itself", bodyPatch: { intoTicketId: Number(p.id) }, want: 409 },
      { name: "into a closed ticket", bodyPatch: { intoTicketId: w.closedTicket }, want: 409 },
    ],
  },
  "POST /api/tickets/batch-dispatch": {
    as: dispatcher,
    body: () => ({ items: [{ ticketId: w.batchTicket, unitId: cast.unitA.id }] }),
    extra: () => [
      { name: "an empty list", body: { items: [] }, want: 400, field: "items" },
      { name: "an item with unitId of no unit", body: { items: [{ ticketId: w.batchTicket, unitId: 2_147_483_647 }] }, want: [200, 400] },
      { name: "an item with a bad mode", body: { items: [{ ticketId: w.batchTicket, unitId: cast.unitA.id, mode: "bogus" }] }, want: 400, field: "items" },
      { name: "101 items", body: { items: Array.from({ length: 101 }, () => ({ ticketId: w.batchTicket, unitId: cast.unitA.id })) }, want: 400, field: "items" },
    ],
  },
  "GET /api/analytics/hot-issues": { as: dispatcher, query: () => ({ from: "2025-03-01", to: "2025-03-31" }) },
  "GET /api/analytics/heat": { as: dispatcher, query: () => ({ from: "2025-03-01", to: "2025-03-31" }) },
  // Channels (issue 16)
  "GET /api/public/captcha": { as: () => null },
  "POST /api/public/requests": {
    as: () => null,
    body: () => ({ content: "小区路灯坏了很久了", phone: "13800001111", name: "王女士" }),
    extra: () => [
      { name: "no phone and not anonymous", body: { content: "小区路灯坏了很久了" }, want: 400, field: "phone" },
      { name: "content too short", bodyPatch: { content: "灯" }, want: 400, field: "content" },
    ],
  },
  "GET /api/public/requests/{number}": {
    as: () => null,
    params: () => ({ number: w.publicRequest.number }),
    query: () => ({ code: w.publicRequest.queryCode }),
    extra: () => [
      { name: "a wrong code", query: { code: "zzzzzz" }, want: 404 },
      { name: "an unknown number", path: { number: "20250303-999999" }, want: 404 },
    ],
  },
  "POST /api/public/requests/{number}/rating": {
    as: () => null,
    params: async () => {
      const r = await publicReplied();
      return { number: r.number, code: r.queryCode };
    },
    query: (p) => ({ code: String(p.code) }),
    body: () => ({ outcome: "satisfied", comment: "很满意" }),
    extra: async () => {
      const open = await ok<{ number: string; queryCode: string }>(post("/api/public/requests", "", { content: "路面塌陷需要维修", phone: "13800002222" }));
      return [
        { name: "a wrong code", query: { code: "zzzzzz" }, want: 404 },
        { name: "before the reply", path: { number: open.number }, query: { code: open.queryCode }, want: 409 },
        { name: "an unknown number", path: { number: "20250303-999999" }, want: 404 },
        { name: "no code", query: { code: undefined }, want: 400, field: "code" },
      ];
    },
  },
  "GET /api/tickets/{id}/channel": { as: dispatcher, params: pending },
  "POST /api/integrations/upstream/tickets": {
    as: admin,
    signed: true,
    body: () => ({ requester: { name: "李四", phone: "13900001111" }, title: "省平台转办：噪音", content: "工地夜间施工", externalRef: `UP-${++seq}` }),
    extra: () => [
      { name: "unsigned", headers: { "x-huying-signature": "" }, want: 401 },
      { name: "a wrong signature", headers: { "x-huying-signature": `sha256=${"0".repeat(64)}` }, want: 401 },
      // A new externalRef: the same one again answers the ticket already made (idempotent).
      { name: "categoryId of no category", bodyPatch: { externalRef: `UP-${++seq}`, categoryId: 2_147_483_647 }, want: 400, field: "categoryId" },
      { name: "repeatOf of no ticket", bodyPatch: { externalRef: `UP-${++seq}`, repeatOf: 2_147_483_647 }, want: 400, field: "repeatOf" },
    ],
  },
  "GET /api/reports/channels": { as: dispatcher, query: () => ({ from: "2025-03-01", to: "2025-03-31" }) },
  // Call center and quality inspection (issue 17)
  "POST /api/calls": {
    as: admin,
    body: () => ({ externalId: `C-${++seq}`, startedAt: "2025-03-03T09:00:00+08:00", answeredAt: "2025-03-03T09:00:10+08:00", endedAt: "2025-03-03T09:05:00+08:00", operator: cast.operator.username }),
    extra: () => [
      // Each with a new externalId: the same one again answers the call already recorded (idempotent).
      { name: "ticketId of no ticket", bodyPatch: { externalId: `C-${++seq}`, ticketId: 2_147_483_647 }, want: 400, field: "ticketId" },
      { name: "an operator nobody is", bodyPatch: { externalId: `C-${++seq}`, operator: "nobody_here" }, want: 400, field: "operator" },
      { name: "endedAt before startedAt", bodyPatch: { externalId: `C-${++seq}`, endedAt: "2025-03-03T08:00:00+08:00" }, want: 400, field: "endedAt" },
      { name: "answeredAt after endedAt", bodyPatch: { externalId: `C-${++seq}`, answeredAt: "2025-03-03T09:06:00+08:00" }, want: 400, field: "answeredAt" },
      { name: "a recordingUrl that is not http", bodyPatch: { externalId: `C-${++seq}`, recordingUrl: "javascript:alert(1)" }, want: 400, field: "recordingUrl" },
    ],
  },
  // Its body limit is the import's (larger than 2 MB): a big JSON without {csv} is a 400.
  "POST /api/calls/import": { as: supervisor, wants: { "a body over 2 MB": 400 }, extra: () => importCases() },
  "GET /api/calls": { as: supervisor, query: () => ({ from: "2025-03-01", to: "2025-03-31" }) },
  "GET /api/call-center/rates": { as: supervisor, query: () => ({ from: "2025-03-01", to: "2025-03-31" }) },
  "GET /api/call-center/rates/operators": { as: supervisor, query: () => ({ from: "2025-03-01", to: "2025-03-31" }) },
  "GET /api/call-center/rates.xlsx": { as: supervisor, query: () => ({ from: "2025-03-01", to: "2025-03-31" }) },
  "GET /api/call-center/erlang-c": {
    as: supervisor,
    query: () => ({ calls: "120", ahtSeconds: "300" }),
    extra: () => [
      { name: "serviceLevel above 1", query: { serviceLevel: "1.5" }, want: 400, field: "serviceLevel" },
      { name: "shrinkage of 1", query: { shrinkage: "1" }, want: 400, field: "shrinkage" },
      { name: "calls and ahtSeconds both wrong", query: { calls: "-5", ahtSeconds: "0" }, want: 400, fields: ["calls", "ahtSeconds"] },
    ],
  },
  "GET /api/call-center/staffing": { as: supervisor, query: () => ({ date: "2025-03-04" }) },
  "GET /api/call-center/settings": { as: supervisor },
  "POST /api/qa/samples": { as: () => more.qaReviewer.token, body: () => ({ month: "2025-03", perOperator: 2, seed: "s1" }) },
  "GET /api/qa/samples": { as: () => more.qaReviewer.token, query: () => today },
  "POST /api/qa/reviews": {
    as: () => more.qaReviewer.token,
    body: () => ({ callId: w.call, scores: { wording: 90, tone: 90, correctness: 80, completeness: 85 }, comment: "规范" }),
    extra: async () => [
      { name: "callId of no call", bodyPatch: { callId: 2_147_483_647 }, want: [400, 404] },
      { name: "a score above 100", bodyPatch: { scores: { wording: 101, tone: 90, correctness: 80, completeness: 85 } }, want: 400, field: "scores.wording" },
      { name: "every score wrong", bodyPatch: { scores: { wording: -1, tone: "x", correctness: 101, completeness: null } }, want: 400, fields: ["scores.wording", "scores.tone", "scores.correctness", "scores.completeness"] },
      { name: "a call already reviewed", bodyPatch: { callId: await reviewedCall() }, want: 409 },
    ],
  },
  "GET /api/qa/reviews": { as: () => more.qaReviewer.token },
  "GET /api/qa/reviews/{callId}": { as: () => more.qaReviewer.token, params: () => ({ callId: w.call }) },
  "GET /api/qa/operators": { as: () => more.qaReviewer.token, query: () => today },
  "GET /api/qa/export.xlsx": { as: () => more.qaReviewer.token, query: () => today },
  "POST /api/training-records": {
    as: () => more.qaReviewer.token,
    body: () => ({ operatorId: cast.operator.id, kind: "monthly", title: "三月业务培训", date: "2025-03-05", days: 1, attended: true }),
    extra: () => [{ name: "operatorId of no user", bodyPatch: { operatorId: 2_147_483_647 }, want: 400, field: "operatorId" }],
  },
  "GET /api/training-records": { as: () => more.qaReviewer.token },
  // Workday: co-units, the unit desk, counts, organisation admin, reply templates, review queue (issues 18–19)
  "GET /api/tickets/count": { as: dispatcher, query: () => ({ status: "pending" }) },
  "POST /api/tickets/{id}/assign": {
    as: () => cast.leaderA.token,
    params: signed,
    body: () => ({ userId: cast.handlerA.id, note: "请小孙办理" }),
    extra: async () => [
      { name: "userId of another unit's user", bodyPatch: { userId: cast.handlerB.id }, want: 400, field: "userId" },
      { name: "sectionId of no section", bodyPatch: { sectionId: cast.unitB.id, userId: undefined }, want: 400, field: "sectionId" },
      { name: "neither section nor user", body: { note: "x" }, want: 400, field: "userId" },
      { name: "another unit's ticket", path: { id: (await t.ticket(cast.operator.token)).id }, want: [404, 409] },
    ],
  },
  "GET /api/units/{id}/workload": {
    as: dispatcher,
    params: () => ({ id: cast.unitA.id }),
    extra: () => [
      { name: "the own unit's, as its leader", role: "unit_leader", want: 200 },
      { name: "another unit's, as a unit leader", role: "unit_leader", path: { id: cast.unitB.id }, want: 403 },
    ],
  },
  "POST /api/tickets/{id}/co-units/sign": {
    as: () => cast.handlerB.token,
    params: coDispatched,
    extra: async () => [
      { name: "a ticket without co-units", path: { id: (await dispatched()).id! }, want: [403, 404, 409] },
      { name: "signed twice", path: { id: await coSigned() }, want: 409 },
    ],
  },
  "POST /api/tickets/{id}/co-units/part": {
    as: () => cast.handlerB.token,
    params: async () => ({ id: await coSigned() }),
    body: () => ({ content: "本单位负责部分已处理" }),
    extra: async () => [{ name: "before the co-unit signed", path: { id: (await coDispatched()).id! }, want: 409 }],
  },
  "GET /api/reports/co-units": { as: dispatcher, query: () => ({ from: "2025-03-01", to: "2025-03-31" }) },
  "GET /api/review-requests": { as: dispatcher, query: () => ({ kind: "return", status: "pending" }) },
  "GET /api/notifications/unread-count": { as: handlerA },
  "POST /api/notifications/read-all": { as: () => cast.handlerB.token },
  "GET /api/reply-templates": { as: handlerA },
  "POST /api/reply-templates": {
    as: admin,
    body: () => ({ title: "已办结答复", body: "您反映的问题已处理完毕。", active: true }),
    extra: () => [{ name: "categoryId of no category", bodyPatch: { categoryId: 2_147_483_647 }, want: 400, field: "categoryId" }],
  },
  "PUT /api/reply-templates/{id}": {
    as: admin,
    params: () => ({ id: w.template }),
    body: () => ({ title: "已办结答复", body: "您反映的问题已处理完毕。" }),
    state: (p) => readRecord(`/api/reply-templates?all=true&limit=500`, p.id),
    extra: () => [{ name: "categoryId of no category", bodyPatch: { categoryId: 2_147_483_647 }, want: 400, field: "categoryId" }],
  },
  "DELETE /api/reply-templates/{id}": { as: admin, params: async () => ({ id: (await ok<{ id: number }>(post("/api/reply-templates", t.adminToken, { title: "待删", body: "待删" }))).id }) },
  "PATCH /api/units/{id}": {
    as: admin,
    params: () => ({ id: w.spareUnit }),
    body: () => ({ region: "城关片区" }),
    state: (p) => readRecord(`/api/units`, p.id),
    extra: () => [
      { name: "an empty change", body: {}, want: 400, field: "body" },
      { name: "parentId of no unit", bodyPatch: { parentId: 2_147_483_647 }, want: 400, field: "parentId" },
      { name: "its own parent", bodyPatch: { parentId: w.spareUnit }, want: [400, 409] },
    ],
  },
  "DELETE /api/units/{id}": {
    as: admin,
    params: async () => ({ id: (await t.unit("待删单位")).id }),
    extra: () => [{ name: "a unit in use", path: { id: cast.unitA.id }, want: 409 }],
  },
  "PATCH /api/categories/{id}": {
    as: admin,
    params: () => ({ id: w.spareCategory }),
    body: () => ({ active: true }),
    state: (p) => readRecord(`/api/categories`, p.id),
    extra: () => [
      { name: "an empty change", body: {}, want: 400, field: "body" },
      { name: "parentId of no category", bodyPatch: { parentId: 2_147_483_647 }, want: 400, field: "parentId" },
      { name: "its own parent", bodyPatch: { parentId: w.spareCategory }, want: [400, 409] },
    ],
  },
  "DELETE /api/categories/{id}": {
    as: admin,
    params: async () => ({ id: (await ok<{ id: number }>(post("/api/categories", t.adminToken, { name: `待删分类${++seq}` }))).id }),
    extra: () => [{ name: "a category in use", path: { id: w.category }, want: 409 }],
  },
  "DELETE /api/users/{id}": {
    as: admin,
    params: async () => ({ id: (await t.user(["viewer"], cast.center.id)).id }),
    extra: () => [{ name: "a user who acted", path: { id: cast.operator.id }, want: 409 }],
  },
  "POST /api/users/{id}/reset-password": {
    as: admin,
    params: async () => ({ id: (await t.user(["viewer"], cast.center.id)).id }),
    body: () => ({ password: "a-fresh-secret-7" }),
    extra: () => [{ name: "a weak password", body: { password: "12345678" }, want: 400, field: "password" }],
  },
  // Settings of the whole call center: kept as they are (the same values written back).
  "PUT /api/call-center/settings": {
    as: supervisor,
    body: () => ({ connectionRateTarget: w.callCenter.connectionRateTarget, answerTargetSeconds: w.callCenter.answerTargetSeconds }),
    state: () => readRecord("/api/call-center/settings"),
    extra: () => [{ name: "qaWeights that do not add up", bodyPatch: { qaWeights: { wording: 5, tone: 5, correctness: 5, completeness: 5 } }, want: [200, 400] }],
  },
  "POST /api/suggestions/train": { as: admin },
  // Routes that change the whole server's behaviour run last, so the ticket fixtures above are unaffected.
  "PUT /api/calendar/days/{date}": { as: admin, params: () => ({ date: "2031-06-16" }), body: () => ({ workday: true, name: "测试" }) },
  "DELETE /api/calendar/days/{date}": { as: admin, params: () => ({ date: "2031-06-16" }) },
  "PUT /api/policy": {
    as: admin,
    body: () => ({ settings: currentSettings }),
    extra: () => [{ name: "basedOnVersion of no version", bodyPatch: { basedOnVersion: 2_147_483_647 }, want: "4xx" }],
  },
  "POST /api/policy/presets/{name}/apply": { as: admin, params: () => ({ name: "chengdu" }) },
  "POST /api/test/clock": {
    as: admin,
    body: () => ({ now: t.clock.now().toISOString() }),
    extra: () => [
      { name: "now without offset", bodyPatch: { now: "2025-03-03T09:00:00" }, want: 400, field: "now" },
      { name: "now in year 0000", bodyPatch: { now: "0000-01-01T00:00:00Z" }, want: "any" },
    ],
  },
};

function exportListCases(): Case[] {
  return [
    { name: "fields=bogus", query: { fields: "bogus" }, want: 400, field: "fields" },
    { name: "status=bogus", query: { status: "bogus" }, want: 400, field: "status" },
    { name: "urgency=bogus", query: { urgency: "bogus" }, want: 400, field: "urgency" },
    ...["garbage", "2025-13-45", "2025-02-30"].map((v) => ({ name: `receivedFrom=${v}`, query: { receivedFrom: v }, want: 400 as const, field: "receivedFrom" })),
  ];
}

/** Multipart uploads: the generic JSON battery does not reach them. */
async function attachmentCases(p: Params): Promise<Case[]> {
  const attempt = await ok<{ id: number }>(post(`/api/tickets/${p.id}/contact-attempts`, cast.handlerA.token, { method: "visit", outcome: "reached" }));
  const upload = (fields: Record<string, string>, file?: { type: string; name?: string }) => () => form(fields, file);
  const png = { type: "image/png" };
  const cases: Case[] = [
    { name: "JSON instead of multipart", raw: () => JSON.stringify({ file: "x" }), contentType: "application/json", want: 400, field: "file" },
    { name: "multipart without a file", form: upload({ ownerKind: "ticket" }), want: 400, field: "file" },
    { name: "ownerKind=bogus", form: upload({ ownerKind: "bogus" }, png), want: 400, field: "ownerKind" },
    ...["abc", "-1", "0", "1.5", "2147483648", "99999999999999999999", "2147483647"].map((v) => ({
      name: `ownerId=${v}`,
      form: upload({ ownerKind: "contact_attempt", ownerId: v }, png),
      want: 400 as const,
      field: "ownerId",
    })),
    { name: "ownerKind reply with a contact attempt's id", form: upload({ ownerKind: "reply", ownerId: String(attempt.id) }, png), want: 400, field: "ownerId" },
    { name: "an executable", form: upload({}, { type: "application/x-msdownload", name: "a.exe" }), want: 415 },
    { name: "a broken multipart body", raw: () => "--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc", contentType: "multipart/form-data; boundary=xyz", want: "4xx" },
    { name: "multipart without a boundary", raw: () => "abc", contentType: "multipart/form-data", want: "4xx" },
  ];
  return cases;
}

// ---------------------------------------------------------------- the battery

interface Case {
  name: string;
  /** Path parameters to change. */
  path?: Params;
  /** Query parameters to change (undefined removes one; an array repeats it). */
  query?: Record<string, string | string[] | undefined>;
  /** A replacement JSON body, or a change of the valid one. */
  body?: unknown;
  bodyPatch?: Record<string, unknown>;
  noBody?: boolean;
  raw?: () => string;
  form?: () => FormData;
  contentType?: string;
  headers?: Record<string, string>;
  token?: null;
  /** Send as this role instead of the route's (a role the route refuses). */
  role?: string;
  /** 400 (VALIDATION_FAILED naming `field`), another exact status (or one of several), any 4xx, or anything but a 5xx. */
  want: number | number[] | "4xx" | "any";
  field?: string;
  /** A 400 must list every one of these in `error.fields` (several bad fields at once). */
  fields?: string[];
}

const HUGE = "长".repeat(30_000);
const NUL = "a\u0000b";

function setPath(obj: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(obj) as Record<string, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

const show = (v: unknown) => {
  const s = typeof v === "string" ? JSON.stringify(v.length > 20 ? `${v.slice(0, 8)}…(${v.length})` : v) : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

/** Wrong values for each body field, recursively into nested objects (two levels). */
function bodyCases(s: JsonSchema, base: unknown, prefix: string[] = []): Case[] {
  const out: Case[] = [];
  const here = prefix.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], base);
  if (s.type !== "object" || !s.properties || typeof here !== "object" || here === null) return out;
  for (const [key, ps] of Object.entries(s.properties)) {
    const path = [...prefix, key];
    const field = path.join(".");
    const pool: unknown[] = isNumeric(ps) ? ["x", 1.5, -1, 0, 2_147_483_648, 1e300, true, {}, [], null] : ["x", 123, true, {}, [], null];
    if (isString(ps)) {
      pool.push("");
      if (ps.maxLength !== undefined) pool.push("x".repeat(ps.maxLength + 1));
    }
    for (const v of pool.filter((v) => !accepts(ps, v))) out.push({ name: `${field} = ${show(v)}`, body: setPath(base, path, v), want: 400, field });
    if (isIdField(key, ps)) out.push({ name: `${field} = 2147483648 (beyond the database's integer)`, body: setPath(base, path, 2_147_483_648), want: 400, field });
    if (isIdArray(key, ps)) out.push({ name: `${field} = [2147483648]`, body: setPath(base, path, [2_147_483_648]), want: 400, field });
    if (ps.type === "array" && ps.items) {
      const wrong = ["x", 1.5, true, {}, null].find((v) => !accepts(ps.items!, v));
      if (wrong !== undefined) out.push({ name: `${field} = [${show(wrong)}]`, body: setPath(base, path, [wrong]), want: 400, field });
    }
    if (isString(ps) && !ps.enum && !ps.pattern && !ps.format) {
      out.push({ name: `${field} with a NUL character`, body: setPath(base, path, NUL), want: 400, field });
      if (ps.maxLength === undefined) out.push({ name: `${field} = a 30 000-character string`, body: setPath(base, path, HUGE), want: "any" });
    }
    if (s.required?.includes(key)) out.push({ name: `${field} missing`, body: setPath(base, path, undefined), want: 400, field });
    if (prefix.length < 1 && ps.type === "object") out.push(...bodyCases(ps, base, path));
  }
  return out;
}

function paramCases(params: Parameter[]): Case[] {
  const out: Case[] = [];
  for (const p of params) {
    if (p.in === "path") {
      // Every integer in a path is a database id: beyond 2^31-1 it is a 400 too, whatever the schema says.
      const bad = p.schema.type === "integer"
        ? [...["0", "-1", "abc", "1.5", "99999999999999999999"].filter((v) => !acceptsQuery(p.schema, v)), "2147483648", "%00"]
        : p.schema.format === "date"
          ? ["abc", "2025-02-30", "2025-13-01", "20250101", "%00"]
          : ["%00", "x".repeat((p.schema.maxLength ?? 300) + 1)];
      // Past the router's 100 characters a segment is refused before any route: a 400 naming the path.
      for (const v of bad) out.push({ name: `path ${p.name} = ${v.slice(0, 24)}`, path: { [p.name]: v }, want: 400, field: v.length > 100 ? "path" : p.name });
      // An unknown ticket is a 404; an unknown record of a ticket is a 404, or a 409 when the ticket's state already rules the action out.
      const unknown = p.schema.type === "integer" ? "2147483647" : p.schema.format === "date" ? "2031-06-17" : "nope";
      // A pattern ("20250303-000001") needs a well-formed unknown value: the route's own cases send one.
      if (p.schema.pattern && !new RegExp(p.schema.pattern).test(unknown)) continue;
      out.push({ name: `path ${p.name} unknown`, path: { [p.name]: unknown }, want: p.schema.format === "date" ? "any" : p.name === "id" ? 404 : [404, 409] });
    } else if (p.in === "query") {
      const pool = ["x", "-1", "0", "1.5", "2147483648", "99999999999999999999", "", "x".repeat(1001), "2025-13-01", "2025-02-30", "1e3", "%00"];
      for (const v of pool.filter((v) => !acceptsQuery(p.schema, decodeURIComponent(v)))) out.push({ name: `query ${p.name}=${v.slice(0, 24)}`, query: { [p.name]: v }, want: 400, field: p.name });
      if (isIdField(p.name, p.schema) && acceptsQuery(p.schema, "2147483648")) out.push({ name: `query ${p.name}=2147483648`, query: { [p.name]: "2147483648" }, want: 400, field: p.name });
      if (isString(p.schema) && !p.schema.enum && !p.schema.pattern && !p.schema.format) out.push({ name: `query ${p.name} with a NUL character`, query: { [p.name]: "a%00b" }, want: 400, field: p.name });
      out.push({ name: `query ${p.name} repeated`, query: { [p.name]: [sample(p.schema), sample(p.schema)] }, want: 400, field: p.name });
      if (p.required) out.push({ name: `query ${p.name} missing`, query: { [p.name]: undefined }, want: 400, field: p.name });
    } else if (p.in === "header" && p.name === "if-match") {
      out.push({ name: "If-Match: abc", headers: { "if-match": "abc" }, want: 400, field: "if-match" });
      out.push({ name: "If-Match: 99999999999", headers: { "if-match": "99999999999" }, want: 400, field: "if-match" });
      out.push({ name: "If-Match: a stale version", headers: { "if-match": "0" }, want: 409 });
    }
  }
  return out;
}

/** The cases every route gets: no token, and for routes that take a body, broken bodies. */
function genericCases(method: string, op: Operation, public_: boolean): Case[] {
  const out: Case[] = [];
  if (!public_) out.push({ name: "no token", token: null, want: 401 });
  if (method === "GET") {
    out.push({ name: "an unknown query parameter", query: { bogus: "1" }, want: "any" });
    return out;
  }
  const schema = op.requestBody?.content["application/json"]?.schema;
  const takesBody = !!schema;
  out.push(
    { name: "malformed JSON", raw: () => '{"a":', contentType: "application/json", want: 400, field: "body" },
    { name: "empty body as JSON", raw: () => "", contentType: "application/json", want: 400, field: "body" },
    { name: "JSON with __proto__", raw: () => '{"__proto__":{"admin":true}}', contentType: "application/json", want: 400 },
    { name: "XML", raw: () => "<a/>", contentType: "application/xml", want: 415 },
    { name: "a body over 2 MB", raw: () => JSON.stringify({ x: "x".repeat(2_200_000) }), contentType: "application/json", want: 413 },
    // 413 where the route's body limit is below the 40 kB of brackets (the citizen form's 32 kB).
    { name: "deeply nested JSON", raw: () => "[".repeat(20_000) + "]".repeat(20_000), contentType: "application/json", want: takesBody ? [400, 413] : "any" },
  );
  if (takesBody) {
    out.push(
      { name: "valid JSON as text/plain", contentType: "text/plain", want: "4xx" },
      { name: "no body", noBody: true, want: "4xx" },
      ...[null, [], "x", 42].map((b) => ({ name: `body ${JSON.stringify(b)}`, body: b, want: 400 as const, field: "body" })),
    );
  }
  out.push({ name: "an unknown extra field", bodyPatch: { bogusField: "x" }, want: "any" });
  return out;
}

// ---------------------------------------------------------------- 403 before 400; a 400 names every bad field

/** Whether a schema (or one of its branches) is a date or a time, which `accepts` does not check. */
const isDateLike = (s: JsonSchema): boolean => s.format === "date" || s.format === "date-time" || !!s.anyOf?.some(isDateLike);

/** A value of the wrong type for a body field, or undefined when the field takes anything. */
function wrongValue(s: JsonSchema): unknown {
  return [{}, "x", 1.5, true, []].find((v) => !accepts(s, v));
}

/** Every top-level field of the body wrong at once: the 400 must list each of them in `fields`. */
function manyBadBody(s: JsonSchema | undefined, base: unknown): { body: Record<string, unknown>; fields: string[] } | null {
  if (!s || s.type !== "object" || !s.properties) return null;
  const body: Record<string, unknown> = { ...(typeof base === "object" && base !== null && !Array.isArray(base) ? (base as Record<string, unknown>) : {}) };
  const fields: string[] = [];
  for (const [k, ps] of Object.entries(s.properties)) {
    const v = wrongValue(ps);
    if (v === undefined) continue;
    body[k] = v;
    fields.push(k);
  }
  return fields.length > 0 ? { body, fields } : null;
}

/** Every query parameter that can be wrong, wrong at once. */
function manyBadQuery(params: Parameter[]): { query: Record<string, string>; fields: string[] } | null {
  const query: Record<string, string> = {};
  const fields: string[] = [];
  for (const p of params.filter((x) => x.in === "query")) {
    const v = isDateLike(p.schema) ? "x" : ["x", "-1", "1.5", "x".repeat(1001)].find((v) => !acceptsQuery(p.schema, v));
    if (v === undefined) continue;
    query[p.name] = v;
    fields.push(p.name);
  }
  return fields.length > 0 ? { query, fields } : null;
}

/** The roles a route refuses: each is a 403 even with a bad body, bad query and bad path (the role check comes first), and writes nothing. */
function forbiddenCases(method: string, op: Operation, baseBody: unknown): Case[] {
  const allowed = op["x-roles"];
  if (!allowed) return [];
  const denied = ROLES.filter((r) => !allowed.includes(r));
  const bodySchema = op.requestBody?.content["application/json"]?.schema;
  const mb = manyBadBody(bodySchema, baseBody);
  const mq = manyBadQuery(op.parameters ?? []);
  const badPath = Object.fromEntries((op.parameters ?? []).filter((p) => p.in === "path").map((p) => [p.name, p.schema.type === "integer" ? "abc" : "%00"]));
  const out: Case[] = [];
  denied.forEach((role, i) => {
    out.push({ name: `as ${role} (refused), with bad input`, role, ...(mb ? { body: mb.body } : WRITES.has(method) ? { body: [] } : {}), ...(mq ? { query: mq.query } : {}), want: 403 });
    if (i > 0) return;
    out.push({ name: `as ${role} (refused), with valid input`, role, want: 403 });
    if (Object.keys(badPath).length > 0) out.push({ name: `as ${role} (refused), with a bad path`, role, path: badPath, want: 403 });
    if (WRITES.has(method)) out.push({ name: `as ${role} (refused), with malformed JSON`, role, raw: () => '{"a":', contentType: "application/json", want: 403 });
  });
  return out;
}

/** Several bad fields in one request: one 400 that names every one of them. */
function manyFieldCases(op: Operation, baseBody: unknown): Case[] {
  const out: Case[] = [];
  const mb = manyBadBody(op.requestBody?.content["application/json"]?.schema, baseBody);
  if (mb && mb.fields.length > 1) out.push({ name: `every body field wrong (${mb.fields.join(", ")})`, body: mb.body, want: 400, fields: mb.fields });
  const mq = manyBadQuery(op.parameters ?? []);
  if (mq && mq.fields.length > 1) out.push({ name: `every query parameter wrong (${mq.fields.join(", ")})`, query: mq.query, want: 400, fields: mq.fields });
  return out;
}

// ---------------------------------------------------------------- the invariant: a failed write leaves nothing behind

interface Snapshot {
  /** Rows of every table (sessions excepted: logging in and out is their business; upstream_signatures too: a signed call is spent even when refused, so it cannot be replayed). */
  rows: Record<string, number>;
  version: number | null;
  files: number;
  /** The record the route acts on, re-read (RouteSpec.state). */
  state?: unknown;
}

async function countFiles(dir: string): Promise<number> {
  try {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries.filter((e) => e.isFile()).length;
  } catch {
    return 0;
  }
}

/** The tables counted after each failed write (read once; partitions are counted through their parent). */
let countQuery = "";
async function prepareSnapshot(): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition and c.relname not in ('sessions', 'upstream_signatures')
    order by 1`.execute(t.server.ctx.db);
  countQuery = rows.map((r) => `(select count(*) from "${r.name}")::int as "${r.name}"`).join(", ");
}

async function snapshot(ticketId: number | null, uploads: boolean): Promise<Snapshot> {
  const { rows } = await sql<Record<string, number>>`select ${sql.raw(countQuery)}`.execute(t.server.ctx.db);
  const v = await sql<{ version: number }>`select version from tickets where id = ${ticketId ?? -1}`.execute(t.server.ctx.db);
  return { rows: rows[0]!, version: v.rows[0]?.version ?? null, files: uploads ? await countFiles(join(t.server.ctx.config.dataDir, "uploads")) : 0 };
}

/** What changed between two snapshots, or null. */
function changed(a: Snapshot, b: Snapshot): string | null {
  const diffs = Object.keys(a.rows).filter((k) => a.rows[k] !== b.rows[k]).map((k) => `${k} ${a.rows[k]} → ${b.rows[k]}`);
  if (a.version !== b.version) diffs.push(`ticket version ${a.version} → ${b.version}`);
  if (a.files !== b.files) diffs.push(`files ${a.files} → ${b.files}`);
  if (JSON.stringify(a.state) !== JSON.stringify(b.state)) diffs.push(`the record ${JSON.stringify(a.state).slice(0, 200)} → ${JSON.stringify(b.state).slice(0, 200)}`);
  return diffs.length > 0 ? diffs.join(", ") : null;
}

function judge(c: Case, res: Answer): string | null {
  const e = res.body.error;
  if (res.status >= 500) return `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
  if (res.status >= 400) {
    if (typeof e?.code !== "string" || typeof e.message !== "string" || !e.message) return `${res.status} without {error: {code, message}}: ${JSON.stringify(res.body).slice(0, 200)}`;
    // VALIDATION_FAILED, or an input-shaped refusal of the state machine (a 400 code of ERROR_STATUS, naming its field).
    if (res.status === 400 && e.code !== "VALIDATION_FAILED" && (ERROR_STATUS as Record<string, number>)[e.code] !== 400) return `400 with code ${String(e.code)}`;
  }
  if (c.want === "4xx" && (res.status < 400 || res.status >= 500)) return `expected a 4xx, got ${res.status}`;
  const wanted = typeof c.want === "number" ? [c.want] : Array.isArray(c.want) ? c.want : null;
  if (wanted && !wanted.includes(res.status)) return `expected ${wanted.join(" or ")}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
  if (res.status === 400 && c.field) {
    const field = String(e?.field ?? "").toLowerCase();
    const want = c.field.toLowerCase();
    if (field !== want && !field.startsWith(`${want}.`)) return `400 names field "${String(e?.field ?? "")}", not "${c.field}" (${String(e?.message)})`;
  }
  if (res.status === 400 && c.fields) {
    const listed = (Array.isArray(e?.fields) ? (e.fields as Array<{ field?: unknown }>) : []).map((f) => String(f.field ?? "").toLowerCase());
    const missing = c.fields.filter((f) => !listed.some((l) => l === f.toLowerCase() || l.startsWith(`${f.toLowerCase()}.`)));
    if (missing.length > 0) return `400 lists fields [${listed.join(", ")}], missing ${missing.join(", ")} (${String(e?.message)})`;
  }
  return null;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

async function runRoute(key: string): Promise<string[]> {
  const [method, template] = key.split(" ") as [string, string];
  const spec = ROUTES[key]!;
  const op = doc.paths[template]?.[method.toLowerCase()];
  if (!op) return [`${key} is not in /api/openapi.json`];
  const bodySchema = op.requestBody?.content["application/json"]?.schema;
  let params = spec.params ? await spec.params() : {};
  const baseBody = spec.body?.();
  const cases: Case[] = [
    ...genericCases(method, op, spec.as() === null).map((c) => (spec.wants?.[c.name] !== undefined ? { ...c, want: spec.wants[c.name]! } : c)),
    ...paramCases(op.parameters ?? []),
    ...(bodySchema && baseBody !== undefined ? bodyCases(bodySchema, baseBody) : []),
    ...forbiddenCases(method, op, baseBody),
    ...manyFieldCases(op, baseBody),
    ...(spec.extra ? await spec.extra(params) : []),
  ];
  const problems: string[] = [];
  for (const c of cases) {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => String(c.path?.[name] ?? params[name]));
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...spec.query?.(params), ...c.query })) {
      for (const x of v === undefined ? [] : Array.isArray(v) ? v : [v]) query.append(k, x);
    }
    // URLSearchParams would encode the %00 we want the server to decode into a NUL.
    const qs = query.toString().replace(/%2500/g, "%00");
    const url = path + (qs ? `?${qs}` : "");
    const headers: Record<string, string> = { ...c.headers };
    let body: string | FormData | undefined;
    if (c.form) body = c.form();
    else if (c.raw) body = c.raw();
    else if (!c.noBody && (c.body !== undefined || c.bodyPatch || baseBody !== undefined) && WRITES.has(method)) {
      const b = c.body !== undefined ? c.body : c.bodyPatch ? { ...(baseBody as object), ...c.bodyPatch } : baseBody;
      body = JSON.stringify(b);
    }
    if (typeof body === "string") headers["content-type"] = c.contentType ?? "application/json";
    if (spec.signed) {
      const ts = String(Math.floor(Date.now() / 1000));
      Object.assign(headers, { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signBody(UPSTREAM_SECRET, ts, typeof body === "string" ? body : "") }, c.headers);
    }
    const ticketId = template.startsWith("/api/tickets/{id}") ? Number(params.id) : null;
    const write = WRITES.has(method);
    const uploads = template.includes("/attachments");
    const look = async (): Promise<Snapshot> => ({ ...(await snapshot(ticketId, uploads)), ...(spec.state ? { state: await spec.state(params) } : {}) });
    const before = write ? await look() : null;
    const token = c.token === null ? null : c.role ? roleToken(c.role) : await spec.as();
    const res = await send(method, url, { token, body, headers });
    const problem = judge(c, res);
    if (problem) problems.push(`${key} — ${c.name}: ${problem}`);
    if (write && res.status >= 400) {
      const what = changed(before!, await look());
      if (what) problems.push(`${key} — ${c.name}: a failed write changed ${what}`);
    }
    if (write && res.status < 300 && spec.params) params = await spec.params(); // the fixture moved on: take a fresh one
  }
  return problems;
}

beforeAll(async () => {
  // The citizen form's rate limit and captcha would answer 429/428 to a battery of hundreds of requests; the upstream exchange needs its secret.
  t = await startTestServer({ env: { HUYING_PUBLIC_RATE_MAX: "100000", HUYING_PUBLIC_CAPTCHA_AFTER: "100000", HUYING_UPSTREAM_SECRET: UPSTREAM_SECRET } });
  cast = await standardCast(t);
  doc = (await t.call("GET", "/api/openapi.json")).body as OpenApi;
  victim = await t.user(["viewer"], cast.center.id);
  pwUser = await t.user(["viewer"], cast.center.id);
  const d = await dispatched(); // the unit is notified of a dispatch
  const n = await t.call<Array<{ id: number }>>("GET", "/api/notifications", { token: cast.handlerA.token });
  notificationId = n.body[0]!.id;
  const up = await send("POST", `/api/tickets/${d.id}/attachments`, { token: cast.handlerA.token, body: form({}, { type: "image/png" }) });
  attachment = { id: d.id, attachmentId: Number(up.body.id) };
  currentSettings = (await t.call("GET", "/api/policy", { token: t.adminToken })).body.settings;
  more = { socialSupervisor: await t.user(["social_supervisor"]), qaReviewer: await t.user(["qa_reviewer"], cast.center.id) };
  await prepareSnapshot();
  await wave2Fixtures();
}, 300_000); // the standard cast and wave 2's records: a hundred requests, slow on a loaded machine
afterAll(async () => t?.close());

/**
 * Routes without a battery of their own here: only issue 14's xlsx import/export; wave 2's other routes have theirs above. The
 * list may only shrink: a new route needs a battery, and a route given one leaves the list.
 */
const NOT_YET_COVERED = new Set<string>([
  // issue 14's xlsx import/export, merged beside the wave-2 batteries
  "POST /api/dispatch-catalogue/import",
  "POST /api/knowledge/import",
]);

describe("bad input gets a clear error and loses nothing", () => {
  it("every route in the OpenAPI document has a battery here", () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.filter((k) => !ROUTES[k] && !NOT_YET_COVERED.has(k)).sort()).toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !documented.includes(k))).toEqual([]);
    expect([...NOT_YET_COVERED].filter((k) => !documented.includes(k) || ROUTES[k])).toEqual([]);
  });

  for (const key of Object.keys(ROUTES)) {
    it(key, async () => {
      const problems = await runRoute(key);
      expect(problems, `\n${problems.join("\n")}\n`).toEqual([]);
    });
  }
});
