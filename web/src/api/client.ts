import createClient, { type Middleware } from "openapi-fetch";
import { CLIENT_ERROR_MESSAGES, ERROR_MESSAGES, FIELD_LABELS } from "./errors.js";
import type { paths } from "./schema.js";
import type { ErrorBody } from "./types.js";

const TOKEN_KEY = "huying.token";

/** An API failure with its code and a Chinese message ready to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly field?: string,
    /** Every bad field of a 400 (error.fields), the first one first. */
    readonly fields: ReadonlyArray<{ field: string; message: string }> = field ? [{ field, message: serverMessage }] : [],
  ) {
    super(chineseMessage(code, serverMessage, fields.map((f) => f.field)));
  }
}

const MESSAGES: Record<string, string | undefined> = { ...ERROR_MESSAGES, ...CLIENT_ERROR_MESSAGES };

function chineseMessage(code: string, serverMessage: string, fields: readonly string[]): string {
  const base = MESSAGES[code];
  if (!base) return serverMessage || `操作失败（${code}）`;
  if (code === "VALIDATION_FAILED" && fields.length > 0) return `输入有误：${fields.map((f) => FIELD_LABELS[f] ?? f).join("、")}`;
  return base;
}

/** Reads the bearer token kept in localStorage. */
export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

/** Stores (or clears, with null) the bearer token. */
export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

type Listener = () => void;
const unauthListeners = new Set<Listener>();

/** Subscribes to 401 answers (the session expired); returns the unsubscribe function. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthListeners.add(listener);
  return () => unauthListeners.delete(listener);
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
}

/** Builds a query string, dropping empty values. */
export function toQuery(query?: RequestOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Calls the public API (docs/API.md) with the bearer token and maps errors to ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(`${path}${toQuery(options.query)}`, { method: options.method ?? "GET", headers, body });
  } catch {
    throw new ApiError(0, "NETWORK", "network error");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && token) unauthListeners.forEach((l) => l());
    throw apiError(res, json);
  }
  return json as T;
}

/** The ApiError of a failed answer, from its `{error: {code, message, field?, fields?}}` body. */
function apiError(res: Response, json: unknown): ApiError {
  const err = (json as Partial<ErrorBody> | undefined)?.error;
  const code = err?.code ?? (res.status >= 500 ? "INTERNAL" : `HTTP_${res.status}`);
  return new ApiError(res.status, code, err?.message ?? res.statusText, err?.field, err?.fields);
}

/** Bearer token on every call; a 401 with a token tells the listeners the session ended. */
const auth: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && getToken()) unauthListeners.forEach((l) => l());
    return response;
  },
};

/**
 * The typed client (openapi-fetch over the generated `paths`): the path, its parameters, the body and
 * the answer are checked against the OpenAPI document at compile time.
 */
export const client = createClient<paths>({ baseUrl: typeof location === "undefined" ? "http://localhost" : location.origin });
client.use(auth);

/** The data of a typed call, or its error as an ApiError (so screens show the Chinese message). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, "NETWORK", "network error");
  }
  if (!result.response.ok) throw apiError(result.response, result.error);
  return result.data as T;
}

/** Downloads a file from the API (exports), reporting progress while bytes arrive. */
export async function download(
  path: string,
  filename: string,
  onProgress?: (receivedBytes: number, totalBytes: number | null) => void,
): Promise<void> {
  const token = getToken();
  const res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok || !res.body) {
    let code = `HTTP_${res.status}`;
    try {
      code = ((await res.json()) as { error: { code: string } }).error.code;
    } catch {
      /* body was not JSON */
    }
    throw new ApiError(res.status, code, res.statusText);
  }
  const total = Number(res.headers.get("Content-Length")) || null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress?.(received, total);
  }
  const blob = new Blob(chunks as BlobPart[], { type: res.headers.get("Content-Type") ?? "application/octet-stream" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
