import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import formatsModule from "ajv-formats";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * Open311 GeoReport v2 (docs/CHANNELS.md "Open311") through a client written to the specification: every JSON
 * answer validated with ajv against the Open311 community's own JSON Schemas (../shared/data/open311-georeport-v2,
 * read at test time, never copied into the repository), every XML answer parsed with fast-xml-parser, and one
 * request from POST through dispatch to closure seen through GET /requests. PGlite and PostgreSQL.
 */
const SCHEMAS = join(process.env.HUYING_SHARED_DIR ?? join(process.cwd(), "..", "shared"), "data", "open311-georeport-v2");
const present = existsSync(join(SCHEMAS, "requests.json"));
if (!present) console.log(`skipping the Open311 schema tests: ${SCHEMAS} is absent`);
const suite = present ? describe : describe.skip;

suite("Open311 GeoReport v2", () => {
  let t: TestServer;
  let cast: Awaited<ReturnType<typeof standardCast>>;
  let key = "";
  let serviceCode = "";
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its function is the default export's default under NodeNext.
  const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (a: Ajv) => void;
  addFormats(ajv);
  const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ["service", "request", "attribute", "value", "error", "endpoint", "format", "note"].includes(name) });
  const validators: Record<string, ValidateFunction> = {};
  const check = (schema: string, body: unknown) => {
    const v = validators[schema]!;
    const ok = v(body);
    expect(ok, `${schema}: ${ajv.errorsText(v.errors)}`).toBe(true);
  };
  const get = async (path: string) => {
    const res = await fetch(`${t.url}/open311/v2/${path}`);
    const text = await res.text();
    return { status: res.status, type: res.headers.get("content-type") ?? "", text, json: res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null };
  };
  const post = async (format: "json" | "xml", fields: Record<string, string>) => {
    const res = await fetch(`${t.url}/open311/v2/requests.${format}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
    const text = await res.text();
    return { status: res.status, text, json: format === "json" ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    for (const name of ["service", "request", "service-definition"]) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, `${name}.json`), "utf8")), `${name}.json`);
    for (const name of ["services", "requests"]) validators[name] = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, `${name}.json`), "utf8")));
    validators["service-definition"] = ajv.getSchema("service-definition.json")!;
    t = await startTestServer();
    cast = await standardCast(t);
    const parent = await t.call("POST", "/api/categories", { token: t.adminToken, body: { name: "市政设施" } });
    const cat = await t.call("POST", "/api/categories", { token: t.adminToken, body: { name: "路灯损坏", parentId: parent.body.id } });
    serviceCode = String(cat.body.id);
    key = (await t.call("POST", "/api/api-keys", { token: t.adminToken, body: { name: "市民APP", scopes: ["open311"] } })).body.key;
  });
  afterAll(async () => t?.close());

  it("discovery, services and a service definition, as JSON (valid) and XML (the spec's elements)", async () => {
    const d = await get("discovery.json");
    expect(d.status).toBe(200);
    expect(d.json.endpoints[0]).toMatchObject({ specification: "http://wiki.open311.org/GeoReport_v2", formats: ["text/xml", "application/json"] });
    const dx = xml.parse((await get("discovery.xml")).text);
    expect(dx.discovery.endpoints.endpoint[0].formats.format).toContain("application/json");

    const s = await get("services.json");
    check("services", s.json);
    expect(s.json.find((x: any) => x.service_code === serviceCode)).toMatchObject({ service_name: "路灯损坏", metadata: true, type: "realtime", group: "市政设施", keywords: "市政设施,路灯损坏" });
    const sx = xml.parse((await get("services.xml")).text);
    expect(Object.keys(sx.services.service[0]).sort()).toEqual(["description", "group", "keywords", "metadata", "service_code", "service_name", "type"]);

    const def = await get(`services/${serviceCode}.json`);
    check("service-definition", def.json);
    expect(def.json.attributes.map((a: any) => a.code)).toEqual(["urgency", "business"]);
    const defx = xml.parse((await get(`services/${serviceCode}.xml`)).text);
    expect(defx.service_definition.attributes.attribute[0].values.value.map((v: any) => v.key)).toEqual(["ordinary", "urgent"]);
    const missing = await get("services/99999.json");
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual([{ code: 404, description: expect.any(String) }]);
  });

  it("POST without a key is 403 in the spec's error format; bad input 400, nothing written", async () => {
    const before = (await get("requests.json")).json.length;
    const noKey = await post("json", { service_code: serviceCode, lat: "30.66", long: "104.06", description: "路灯不亮" });
    expect(noKey.status).toBe(403);
    expect(noKey.json).toEqual([{ code: 403, description: expect.any(String) }]);
    const noKeyXml = xml.parse((await post("xml", { service_code: serviceCode, description: "路灯不亮" })).text);
    expect(noKeyXml.errors.error[0].code).toBe(403);
    const wrongScope = (await t.call("POST", "/api/api-keys", { token: t.adminToken, body: { name: "省平台", scopes: ["upstream"] } })).body.key;
    expect((await post("json", { api_key: wrongScope, service_code: serviceCode, address_string: "x", description: "路灯不亮" })).status).toBe(403);
    const noPlace = await post("json", { api_key: key, service_code: serviceCode, description: "路灯不亮" });
    expect(noPlace.status).toBe(400);
    expect(noPlace.json[0].code).toBe(400);
    expect((await post("json", { api_key: key, service_code: "abc", address_string: "x", description: "路灯" })).status).toBe(400);
    expect((await get("requests.json")).json.length).toBe(before);
  });

  it("create → dispatch → close, seen through GET /requests; no personal data in any GET", async () => {
    const created = await post("json", {
      api_key: key,
      service_code: serviceCode,
      lat: "30.6598",
      long: "104.0657",
      address_string: "人民南路一段 1 号",
      description: "人民南路路灯连续三晚不亮，联系电话13812345678",
      first_name: "小明",
      last_name: "李",
      phone: "13812345678",
      email: "li@example.com",
      "attribute[urgency]": "urgent",
    });
    expect(created.status).toBe(201);
    const id = created.json[0].service_request_id as string;
    expect(id).toMatch(/^\d{8}-\d{6}$/);

    const one = await get(`requests/${id}.json`);
    check("requests", one.json);
    expect(one.json[0]).toMatchObject({ service_request_id: id, status: "open", service_code: serviceCode, service_name: "路灯损坏", lat: 30.6598, long: 104.0657, address: "人民南路一段 1 号" });
    expect(one.json[0].notes.map((n: any) => n.type)).toEqual(["created"]);
    expect(one.text).not.toMatch(/13812345678|小明|li@example/);
    // the answer is built in SQL: the phone inside the description masked as in JS, times as toISOString writes them
    expect(one.json[0].description).toBe("人民南路路灯连续三晚不亮，联系电话138****5678");
    expect(new Date(one.json[0].requested_datetime).toISOString()).toBe(one.json[0].requested_datetime);
    const listed = await get(`requests.json?service_request_id=${id}`);
    expect(listed.json[0].description).toBe("人民南路路灯连续三晚不亮，联系电话138****5678");
    expect(listed.text).not.toMatch(/13812345678|小明|li@example/);

    const list = await t.call("GET", `/api/tickets?q=${id}`, { token: cast.dispatcher.token });
    const ticket = list.body.items[0];
    expect(ticket).toMatchObject({ channel: "open311", urgency: "urgent", categoryId: Number(serviceCode) });
    expect((await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } })).status).toBe(200);
    expect((await t.call("POST", `/api/tickets/${ticket.id}/sign`, { token: cast.handlerA.token })).status).toBe(200);
    await t.call("POST", `/api/tickets/${ticket.id}/contact-attempts`, { token: cast.handlerA.token, body: { method: "phone", outcome: "reached" } }); // rule 15: first contact before the reply
    expect((await t.call("POST", `/api/tickets/${ticket.id}/replies`, { token: cast.handlerA.token, body: { content: "已更换灯具", result: "resolved", handlerName: "王工", leaderName: "陈科长" } })).status).toBe(201);
    const fu = await t.call("POST", `/api/tickets/${ticket.id}/follow-ups`, { token: cast.followUp.token, body: { outcome: "satisfied", contacted: true, informed: true, resolved: true } });
    expect(fu.status).toBe(201);

    const closed = await get(`requests.json?service_request_id=${id}&extensions=true`);
    check("requests", closed.json);
    expect(closed.json[0]).toMatchObject({ status: "closed", agency_responsible: expect.stringContaining("住建局") });
    expect(closed.json[0].notes.map((n: any) => n.type)).toEqual(["created", "dispatched", "signed", "replied", "closed"]);
    const filtered = await get(`requests.json?service_code=${serviceCode}&status=closed`);
    check("requests", filtered.json);
    expect(filtered.json.map((r: any) => r.service_request_id)).toContain(id);
    expect((await get(`requests.json?service_code=${serviceCode}&status=open`)).json.map((r: any) => r.service_request_id)).not.toContain(id);
    const dated = await get(`requests.json?start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z`);
    expect(dated.json).toEqual([]);

    const rx = xml.parse((await get(`requests/${id}.xml`)).text);
    const r = rx.service_requests.request[0];
    expect(r.service_request_id).toBe(id);
    expect(r.status).toBe("closed");
    for (const el of ["service_request_id", "status", "service_name", "service_code", "description", "agency_responsible", "requested_datetime", "updated_datetime", "address", "lat", "long"]) expect(r).toHaveProperty(el);
    const token = await get(`tokens/${id}.json`);
    expect(token.json).toEqual([{ service_request_id: id, token: id }]);
    expect((await get("requests/20990101-000001.json")).status).toBe(404);
  });

  it("pages with page and page_size; 400 in the spec's format for bad filters", async () => {
    for (let i = 0; i < 3; i++) {
      expect((await post("json", { api_key: key, service_code: serviceCode, address_string: `第${i}号`, description: `第${i}个路灯不亮` })).status).toBe(201);
    }
    const p1 = await get(`requests.json?page_size=2&page=1`);
    const p2 = await get(`requests.json?page_size=2&page=2`);
    check("requests", p1.json);
    expect(p1.json).toHaveLength(2);
    expect(p2.json.length).toBeGreaterThanOrEqual(1);
    expect(p1.json.map((r: any) => r.service_request_id)).not.toContain(p2.json[0].service_request_id);
    const bad = await get("requests.json?page_size=5000");
    expect(bad.status).toBe(400);
    expect(bad.json[0]).toMatchObject({ code: 400 });
    expect((await get("requests.xml?status=maybe")).text).toContain("<errors><error><code>400</code>");
  });
});
