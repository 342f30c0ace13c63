import { Writable } from "node:stream";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactUrl, serializeError } from "../../src/http/log-redaction.js";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * Issue 12 item 5: no personal data in the server log. A representative run at LOG_LEVEL=debug (intake,
 * lists with phone and text filters, detail, reveal, a dispatch, writes the database rejects) and the whole
 * captured log is searched for any mobile number and any requester name used.
 */
const NAMES = ["欧阳娜娜", "司马相如", "诸葛青云"];
const PHONES = ["13987654321", "15811112222", "18600001111"];
const MOBILE = /1[3-9]\d{9}/;

let t: TestServer;
let log = "";
beforeAll(async () => {
  const logStream = new Writable({
    write(chunk, _enc, done) {
      log += chunk.toString();
      done();
    },
  });
  t = await startTestServer({ env: { LOG_LEVEL: "debug" }, logStream });
});
afterAll(async () => t?.close());

describe("the server log", () => {
  it("holds no phone number and no requester name after a representative run", async () => {
    const cast = await standardCast(t);
    const op = cast.operator.token;
    const ids: number[] = [];
    for (let i = 0; i < NAMES.length; i++) {
      const ticket = await t.ticket(op, { requester: { name: NAMES[i], phone: PHONES[i] }, content: `${NAMES[i]}反映：电话${PHONES[i]}，楼道灯坏了` });
      ids.push(ticket.id);
    }
    await t.call("GET", `/api/tickets?phone=${PHONES[0]}&limit=1`, { token: op });
    await t.call("GET", `/api/tickets?phone=${PHONES[1]}&limit=1`, { token: cast.viewer.token }); // 403
    await t.call("GET", `/api/tickets?q=${PHONES[2]}`, { token: cast.dispatcher.token });
    await t.call("GET", `/api/tickets?q=${encodeURIComponent(NAMES[1]!)}`, { token: cast.dispatcher.token });
    await t.call("GET", `/api/tickets/${PHONES[0]}`, { token: op }); // an id that is a phone number: 400
    await t.call("GET", `/api/tickets/${ids[0]}`, { token: cast.dispatcher.token });
    await t.call("POST", `/api/tickets/${ids[0]}/reveal-phone`, { token: cast.dispatcher.token });
    await t.call("POST", `/api/tickets/${ids[1]}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
    await t.call("GET", `/api/exports/tickets.csv?phone=${PHONES[0]}`, { token: op });
    // Bad input naming personal data in a body and in a query string.
    await t.call("POST", "/api/tickets", { token: op, body: { channel: "phone", requester: { name: NAMES[0], phone: `${PHONES[0]}x` }, title: "t", content: "c" } });
    await t.call("POST", "/api/tickets", { token: op, body: { channel: "phone", requester: { name: NAMES[0], phone: PHONES[0] }, title: "t", content: "c", receivedAt: "0000-01-01T00:00:00Z" } });

    // Writes the database itself rejects (the statement's parameters hold the name, the phone and the content):
    // a rejection mapped to 400 (22P02) and an unexpected one that ends as a 500 (23514).
    await sql`CREATE FUNCTION test_reject_intake() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.title = '数据库拒绝400' THEN RAISE EXCEPTION 'invalid input syntax for type integer: "%"', NEW.requester_phone USING ERRCODE = '22P02'; END IF;
        IF NEW.title = '数据库拒绝500' THEN RAISE EXCEPTION 'new row for "%" violates check', NEW.requester_name USING ERRCODE = '23514', DETAIL = NEW.requester_phone; END IF;
        RETURN NEW;
      END $$`.execute(t.server.ctx.db);
    await sql`CREATE TRIGGER test_reject_intake BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION test_reject_intake()`.execute(t.server.ctx.db);
    const rejected = await t.call("POST", "/api/tickets", { token: op, body: { channel: "phone", requester: { name: NAMES[2], phone: PHONES[2] }, title: "数据库拒绝400", content: `${NAMES[2]} ${PHONES[2]}` } });
    expect(rejected.status).toBe(400);
    const failed = await t.call("POST", "/api/tickets", { token: op, body: { channel: "phone", requester: { name: NAMES[1], phone: PHONES[1] }, title: "数据库拒绝500", content: `${NAMES[1]} ${PHONES[1]}` } });
    expect(failed.status).toBe(500);
    await sql`DROP TRIGGER test_reject_intake ON tickets`.execute(t.server.ctx.db);

    expect(log).toContain("database rejected client input");
    expect(log).toContain("unhandled error");
    expect(log).toContain("/api/tickets?phone=*&limit=*");
    // Request ids are random UUIDs, whose hex can hold eleven digits in a row: they are not phone numbers.
    const lines = log.split("\n").map((l) => l.replace(/"reqId":"[0-9a-f-]{36}"/g, '"reqId":"…"'));
    expect(lines.filter((l) => MOBILE.test(l))).toEqual([]);
    for (const name of NAMES) expect(lines.filter((l) => l.includes(name)), name).toEqual([]);
  });
});

describe("redaction helpers", () => {
  it("a URL keeps its path and the names of its query keys", () => {
    expect(redactUrl("/api/tickets?phone=13987654321&limit=1")).toBe("/api/tickets?phone=*&limit=*");
    expect(redactUrl("/api/tickets/13987654321")).toBe("/api/tickets/139****4321");
    expect(redactUrl("/api/me")).toBe("/api/me");
  });

  it("an error keeps its code and message, never its parameters, statement or detail", () => {
    const err = Object.assign(new Error('invalid input syntax for type integer: "欧阳娜娜"'), {
      code: "22P02",
      severity: "ERROR",
      detail: "Key (phone)=(13987654321)",
      query: "insert into tickets values ($1, $2)",
      params: ["欧阳娜娜", "13987654321"],
    });
    const out = JSON.stringify(serializeError(err));
    expect(out).toContain("22P02");
    expect(out).not.toContain("欧阳娜娜");
    expect(out).not.toContain("13987654321");
    expect(out).not.toContain("insert into");
  });
});
