import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

let t: TestServer;
let cast: Awaited<ReturnType<typeof standardCast>>;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestServer();
  cast = await standardCast(t);
  const make = async (key: string, at: string, body: Record<string, unknown>) => {
    await t.setClock(at);
    ids[key] = (await t.ticket(cast.operator.token, body)).id;
  };
  await make("noise", "2025-05-06T09:00:00+08:00", { title: "广场舞噪音扰民", content: "每天晚上音响声音很大", requester: { name: "王", phone: "13700000001" } });
  await make("water", "2025-05-07T09:00:00+08:00", { title: "小区停水", content: "和平小区停水两天无人处理", urgency: "special", requester: { name: "李", phone: "13700000002" } });
  await make("company", "2025-05-08T09:00:00+08:00", { title: "企业办证难", content: "营业执照变更材料被反复退回", business: true, requester: { name: "赵", phone: "13700000001" } });
  await t.call("POST", `/api/tickets/${ids.water}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitB.id } });
});
afterAll(async () => t?.close());

const list = async (query: string, token = cast.supervisor.token) => {
  const res = await t.call("GET", `/api/tickets?${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.items.map((x: { id: number }) => x.id) as number[];
};

describe("ticket list", () => {
  it("searches Chinese title and content, two-character words included, and numbers", async () => {
    expect(await list(`q=${encodeURIComponent("噪音")}`)).toEqual([ids.noise]);
    expect(await list(`q=${encodeURIComponent("停水")}`)).toEqual([ids.water]);
    expect(await list(`q=${encodeURIComponent("营业执照")}`)).toEqual([ids.company]);
    expect(await list(`q=${encodeURIComponent("100%")}`)).toEqual([]);
    const number = (await t.call("GET", `/api/tickets/${ids.water}`, { token: cast.supervisor.token })).body.number;
    expect(await list(`q=${number}`)).toEqual([ids.water]);
  });

  it("filters by status, unit, phone (repeat callers), business flag and received range", async () => {
    expect(await list("status=dispatched")).toEqual([ids.water]);
    expect((await list("status=pending_dispatch,dispatched")).sort()).toEqual([ids.noise, ids.water, ids.company].sort());
    expect(await list(`unitId=${cast.unitB.id}`)).toEqual([ids.water]);
    // Searching by phone needs a role that sees phones (docs/SECURITY.md): the operator.
    expect(await list("phone=13700000001", cast.operator.token)).toEqual([ids.company, ids.noise]);
    expect(await list("business=true")).toEqual([ids.company]);
    expect(await list("receivedFrom=2025-05-07&receivedTo=2025-05-07")).toEqual([ids.water]);
    expect(await list("urgency=special")).toEqual([ids.water]);
  });

  it("pages with a keyset cursor, newest first, without repeats", async () => {
    const first = await t.call("GET", "/api/tickets?limit=2", { token: cast.supervisor.token });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.call("GET", `/api/tickets?limit=2&cursor=${first.body.nextCursor}`, { token: cast.supervisor.token });
    const all = [...first.body.items, ...second.body.items].map((x: { id: number }) => x.id);
    expect(all).toEqual([ids.company, ids.water, ids.noise]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("sorts a unit's inbox by reply deadline and lists only its own tickets", async () => {
    expect(await list("sort=deadline", cast.handlerB.token)).toEqual([ids.water]);
    expect(await list("", cast.handlerA.token)).toEqual([]);
  });

  it("merges a unit's led and co-handled tickets in one order, and pages across both without repeats", async () => {
    await t.setClock("2025-05-09T09:00:00+08:00");
    const co = (await t.ticket(cast.operator.token, { title: "道路积水", content: "雨后路口积水严重", requester: { name: "钱", phone: "13700000003" } })).id;
    const d1 = await t.call("POST", `/api/tickets/${co}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id, coUnitIds: [cast.unitB.id], mode: "designated" } });
    expect(d1.status).toBe(200);
    await t.setClock("2025-05-12T09:00:00+08:00");
    const led = (await t.ticket(cast.operator.token, { title: "路灯不亮", content: "小区门口路灯坏了一周", requester: { name: "孙", phone: "13700000004" } })).id;
    expect((await t.call("POST", `/api/tickets/${led}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitB.id } })).status).toBe(200);

    for (const sort of ["deadline", "received"]) {
      const all = await list(`sort=${sort}&limit=50`, cast.handlerB.token);
      expect(new Set(all)).toEqual(new Set([ids.water, co, led]));
      const paged: number[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Array<{ id: number }>; nextCursor: string | null } } = await t.call("GET", `/api/tickets?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ""}`, { token: cast.handlerB.token });
        paged.push(...res.body.items.map((x) => x.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    }
    expect(await list("sort=deadline", cast.handlerB.token)).toEqual([ids.water, co, led]); // reply deadlines in dispatch order
    // The center filtering by unit sees the same; unit A sees its led ticket only; A filtering by B sees what involves both.
    expect(new Set(await list(`unitId=${cast.unitB.id}`))).toEqual(new Set([ids.water, co, led]));
    expect(await list("", cast.handlerA.token)).toEqual([co]);
    expect(await list(`unitId=${cast.unitB.id}`, cast.handlerA.token)).toEqual([co]);
    expect(await list(`q=${encodeURIComponent("积水")}`, cast.handlerB.token)).toEqual([co]);
  });

  it("keeps a 1,000-entry histogram of the searchable text on PostgreSQL, the default on PGlite", async () => {
    const { rows } = await sql<{ target: number | null }>`
      SELECT attstattarget::integer AS target FROM pg_attribute WHERE attrelid = 'ticket_texts'::regclass AND attname = 'body'`.execute(t.server.ctx.db);
    if (t.server.ctx.database.kind === "postgres") expect(rows[0]!.target).toBe(1000);
    else expect(rows[0]!.target ?? -1).toBeLessThanOrEqual(0);
  });
});
