import type { FastifyRequest } from "fastify";

/**
 * What the server log may hold (docs/SECURITY.md "What is logged"): never a query string's values, a body,
 * an SQL statement's parameters, or anything shaped like a mainland mobile number. These serializers are the
 * logger's, so they apply to Fastify's request lines and to every `{ err }` the code logs.
 */

/** Mainland mobile numbers (and longer digit runs, which may be numbers with a prefix). */
const PHONE_LIKE = /1[3-9]\d{9}|\d{11,}/g;

/** Masks digit runs that may be phone numbers: 13987654321 → 139****4321. */
export function scrubPhones(text: string): string {
  return text.replace(PHONE_LIKE, (d) => `${d.slice(0, 3)}****${d.slice(-4)}`);
}

/** A request URL as logged: the path (phone-like runs masked) and the names of the query's keys, never their values. */
export function redactUrl(url: string): string {
  const at = url.indexOf("?");
  const path = scrubPhones(at < 0 ? url : url.slice(0, at));
  if (at < 0) return path;
  const keys = [...new URLSearchParams(url.slice(at + 1)).keys()].map((k) => scrubPhones(k.slice(0, 40)));
  return keys.length ? `${path}?${keys.map((k) => `${k}=*`).join("&")}` : path;
}

/** PostgreSQL quotes the offending value in messages (`invalid input syntax for type integer: "张三"`): drop it. */
const scrubQuoted = (s: string) => s.replace(/"[^"]*"/g, '"…"');

interface ErrLike {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  statusCode?: unknown;
  severity?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
}

/**
 * An error as logged: its type, code, message and stack only. Database errors (pg and PGlite) carry the
 * statement, its parameters (names, phones, complaint text) and a `detail` quoting the row: none of that
 * is copied; a database message loses its quoted values, and what is left is scrubbed of phone-like numbers.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!err || typeof err !== "object") return { message: scrubPhones(String(err)) };
  const e = err as ErrLike;
  const fromDb = typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && (e.severity !== undefined || e.constraint !== undefined || e.table !== undefined);
  const clean = (s: string) => scrubPhones(fromDb ? scrubQuoted(s) : s);
  const message = clean(String(e.message ?? ""));
  const stackFrames = typeof e.stack === "string" ? e.stack.split("\n").filter((l) => /^\s+at /.test(l)).join("\n") : undefined;
  return {
    type: e.name ?? "Error",
    message,
    ...(typeof e.code === "string" && { code: e.code }),
    ...(typeof e.statusCode === "number" && { statusCode: e.statusCode }),
    ...(fromDb && typeof e.constraint === "string" && { constraint: e.constraint }),
    ...(fromDb && typeof e.table === "string" && { table: e.table }),
    ...(fromDb && typeof e.column === "string" && { column: e.column }),
    ...(stackFrames && { stack: `${e.name ?? "Error"}: ${message}\n${stackFrames}` }),
  };
}

/** Fastify's request line, with the URL redacted; no headers (the bearer token), no body. */
export function serializeRequest(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url ?? ""), remoteAddress: req.ip };
}

export const LOG_SERIALIZERS = { req: serializeRequest, err: serializeError };

/**
 * Fastify's `responseTime` as whole tenths of a millisecond: its long fractions are digit runs a search
 * for phone numbers in the log would trip over (as would epoch milliseconds: the log's time is ISO 8601).
 */
export function roundTimings(obj: Record<string, unknown>): Record<string, unknown> {
  return typeof obj.responseTime === "number" ? { ...obj, responseTime: Math.round(obj.responseTime * 10) / 10 } : obj;
}
