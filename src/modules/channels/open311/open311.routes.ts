import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../../app-context.js";
import { DomainError } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { hashApiKey, liveApiKey } from "../../api-keys/api-key.repository.js";
import { errorBody, toXml, type Format } from "./open311.format.js";
import { createServiceRequest, findServiceRequests, findServiceRequestsJson, listServices, serviceDefinition, type Open311Post } from "./open311.service.js";

/**
 * Open311 GeoReport v2 under /open311/v2/ (docs/CHANNELS.md): discovery, services, service definitions,
 * requests (GET; POST with an API key of scope open311, form-encoded), one request, tokens; every endpoint as
 * `.json` and `.xml`; errors in the specification's own format `[{code, description}]`. Outside /api/: its
 * description is the GeoReport specification, not the OpenAPI document (the routes are hidden there).
 */
const BASE = "/open311/v2";
const FORMATS: Format[] = ["json", "xml"];
const hide = { schema: { hide: true } } as const;

function send(reply: FastifyReply, format: Format, root: string, item: string | null, value: unknown) {
  if (format === "xml") return reply.type("text/xml; charset=utf-8").send(toXml(root, item, value));
  return reply.type("application/json; charset=utf-8").send(JSON.stringify(value));
}

/** `12.json` → ["12", "json"]; anything else is a 404 in the spec's format. */
function splitFormat(raw: string): [string, Format] {
  const m = /^(.+)\.(json|xml)$/.exec(raw);
  if (!m) throw new DomainError("NOT_FOUND", "add .json or .xml");
  return [m[1]!, m[2] as Format];
}

/** Form fields: repeated keys become lists; `attribute[code]` (and `attribute[code][]`) collect into attributes. */
function parseForm(body: string): Open311Post & Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attributes: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const a = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (a) {
      const prev = attributes[a[1]!];
      attributes[a[1]!] = a[2] || prev !== undefined ? [...(prev === undefined ? [] : [prev].flat()), v] : v;
    } else out[k] = v;
  }
  return { ...(out as Record<string, string>), attributes } as Open311Post & Record<string, unknown>;
}

function parseDate(field: string, raw: unknown): Date | undefined {
  if (raw === undefined || raw === "") return undefined;
  const d = new Date(String(raw));
  if (typeof raw !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(d.getTime())) throw new DomainError("VALIDATION_FAILED", `${field}: use an ISO 8601 (w3) date-time`, field);
  return d;
}

export async function open311Routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 64 * 1024 }, (_req, body, done) => {
      try {
        done(null, parseForm(String(body)));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    scope.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
      const format: Format = /\.xml(\?|$)/.test(request.url) ? "xml" : "json";
      const status = err instanceof DomainError ? err.status : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      if (status >= 500) request.log.error({ err }, "open311 error");
      const { type, body } = errorBody(format, status, status >= 500 ? "internal error" : err.message);
      return reply.status(status).type(type).send(body);
    });

    /** The key (Authorization: ApiKey, or the api_key parameter) of scope open311; else 403 in the spec's format. */
    const authenticate = async (request: FastifyRequest): Promise<Actor> => {
      const header = /^ApiKey\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
      const body = request.body as Record<string, unknown> | undefined;
      const key = header ?? (request.query as Record<string, string>).api_key ?? (typeof body?.api_key === "string" ? body.api_key : undefined);
      if (!key) throw new DomainError("FORBIDDEN", "api_key is required");
      const hash = hashApiKey(key);
      const actor = await ctx.sessions.actor(`apikey:${hash}`, new Date(), () => liveApiKey(ctx.db, hash));
      if (!actor || !(actor.scopes ?? []).includes("open311")) throw new DomainError("FORBIDDEN", "api_key is invalid or not of scope open311");
      return actor;
    };

    for (const format of FORMATS) {
      scope.get(`${BASE}/discovery.${format}`, hide, async (request, reply) => {
        const origin = `${request.protocol}://${request.host}`;
        return send(reply, format, "discovery", null, {
          changeset: "2025-01-01T00:00:00Z",
          contact: "12345 政务服务便民热线",
          key_service: "向热线中心管理员申请 API key（范围 open311）",
          endpoints: [
            { specification: "http://wiki.open311.org/GeoReport_v2", url: `${origin}${BASE}`, changeset: "2025-01-01T00:00:00Z", type: "production", formats: ["text/xml", "application/json"] },
          ],
        });
      });
      scope.get(`${BASE}/services.${format}`, hide, async (_request, reply) => send(reply, format, "services", "service", await listServices(ctx.db)));
      scope.get(`${BASE}/requests.${format}`, hide, async (request, reply) => {
        const q = request.query as Record<string, string | undefined>;
        const list = (v?: string) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined);
        const codes = list(q.service_code);
        if (codes?.some((c) => !/^\d{1,9}$/.test(c))) throw new DomainError("VALIDATION_FAILED", "service_code: a comma list of service codes", "service_code");
        const status = q.status;
        if (status !== undefined && status !== "" && status !== "open" && status !== "closed") throw new DomainError("VALIDATION_FAILED", "status: open or closed", "status");
        const page = q.page === undefined ? 1 : Number(q.page);
        const pageSize = q.page_size === undefined ? 1000 : Number(q.page_size);
        if (!Number.isInteger(page) || page < 1 || page > 100_000) throw new DomainError("VALIDATION_FAILED", "page: a positive integer", "page");
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new DomainError("VALIDATION_FAILED", "page_size: 1 to 1000", "page_size");
        const start = parseDate("start_date", q.start_date);
        const end = parseDate("end_date", q.end_date);
        if (start && end && start > end) throw new DomainError("VALIDATION_FAILED", "start_date: after end_date", "start_date");
        const filter = { ids: list(q.service_request_id), serviceCodes: codes?.map(Number), start, end, status: (status || undefined) as "open" | "closed" | undefined, page, pageSize, notes: q.extensions === "true" };
        // JSON: the database's text as it is (docs/CHANNELS.md "Speed"); XML from the same answer.
        if (format === "json") return reply.type("application/json; charset=utf-8").send(await findServiceRequestsJson(ctx.db, filter, ctx.clock.now()));
        return send(reply, format, "service_requests", "request", await findServiceRequests(ctx.db, filter, ctx.clock.now()));
      });
      scope.post(`${BASE}/requests.${format}`, hide, async (request, reply) => {
        const actor = await authenticate(request);
        const body = (request.body ?? { attributes: {} }) as Open311Post;
        const created = await createServiceRequest(ctx, actor, { ...body, attributes: body.attributes ?? {} });
        return send(reply.status(201), format, "service_requests", "request", created);
      });
    }
    scope.get(`${BASE}/services/:code`, hide, async (request, reply) => {
      const [code, format] = splitFormat((request.params as { code: string }).code);
      return send(reply, format, "service_definition", null, await serviceDefinition(ctx.db, code));
    });
    scope.get(`${BASE}/requests/:id`, hide, async (request, reply) => {
      const [id, format] = splitFormat((request.params as { id: string }).id);
      const items = await findServiceRequests(ctx.db, { ids: [id], page: 1, pageSize: 1, notes: true }, ctx.clock.now());
      if (items.length === 0) throw new DomainError("NOT_FOUND", `service_request_id ${id} not found`);
      return send(reply, format, "service_requests", "request", items);
    });
    scope.get(`${BASE}/tokens/:token`, hide, async (request, reply) => {
      // Requests are created at once, so a token is its request's id.
      const [token, format] = splitFormat((request.params as { token: string }).token);
      const items = await findServiceRequests(ctx.db, { ids: [token], page: 1, pageSize: 1, notes: false }, ctx.clock.now());
      if (items.length === 0) throw new DomainError("NOT_FOUND", `token ${token} not found`);
      return send(reply, format, "service_requests", "request", [{ service_request_id: items[0]!.service_request_id, token }]);
    });
  });
}
