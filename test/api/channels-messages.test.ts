import { createHash } from "node:crypto";
import { existsSync, readdirSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import nodemailer from "nodemailer";
import smpp, { type PDU, type Session } from "smpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverOutbox } from "../../src/modules/outbox/deliver-outbox.js";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * SMS (the SMPP adapter against a local SMPP server started here), e-mail (real mail sent with nodemailer to the
 * server's SMTP listener) and WeChat (signed XML) — docs/CHANNELS.md. Both engines.
 */
const TOKEN = "wechat-token-for-tests";
/** A real 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
/** Every file under the test server's uploads folder (committed evidence and temp files). */
const uploadFiles = (): string[] => {
  const root = join(`/tmp/huying-test-${process.pid}`, "uploads");
  return existsSync(root) ? (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[]).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name)) : [];
};

describe("SMS, e-mail and WeChat channels", () => {
  let t: TestServer;
  let cast: Awaited<ReturnType<typeof standardCast>>;
  let smsc: ReturnType<typeof smpp.createServer>;
  const sessions: Session[] = [];
  const submitted: Array<{ to: string; text: string }> = [];
  const binds: string[] = [];

  const ticketByNumber = async (number: string) => (await t.call("GET", `/api/tickets?q=${number}`, { token: cast.dispatcher.token })).body.items[0];
  const deliver = () => deliverOutbox(t.server.ctx.db, t.server.ctx.outboxHandlers);
  const fromSmsc = (from: string, text: string) =>
    new Promise<number>((resolve) => sessions[sessions.length - 1]!.deliver_sm({ source_addr: from, destination_addr: "12345", ...(text.length > 70 ? { message_payload: { message: text } } : { short_message: { message: text } }) }, (r: PDU) => resolve(r.command_status)));

  beforeAll(async () => {
    smsc = smpp.createServer({}, (session: Session) => {
      session.on("bind_transceiver", (pdu: PDU) => {
        binds.push(pdu.system_id);
        const ok = pdu.system_id === "huying" && pdu.password === "s3cret";
        session.send(pdu.response({ command_status: ok ? smpp.ESME_ROK : smpp.ESME_RBINDFAIL }));
        if (ok) sessions.push(session);
      });
      session.on("submit_sm", (pdu: PDU) => {
        const m = pdu.message_payload?.message ?? pdu.short_message?.message ?? "";
        submitted.push({ to: pdu.destination_addr, text: String(m) });
        session.send(pdu.response({ message_id: String(submitted.length) }));
      });
      session.on("enquire_link", (pdu: PDU) => session.send(pdu.response()));
      session.on("unbind", (pdu: PDU) => session.send(pdu.response()));
      session.on("error", () => undefined);
    });
    await new Promise<void>((r) => smsc.listen(0, "127.0.0.1", () => r()));
    const port = (smsc.address() as { port: number }).port;
    t = await startTestServer({
      env: {
        HUYING_SMS_GATEWAY: "smpp",
        HUYING_SMPP_URL: `smpp://127.0.0.1:${port}`,
        HUYING_SMPP_SYSTEM_ID: "huying",
        HUYING_SMPP_PASSWORD: "s3cret",
        HUYING_SMS_MAX_CHARS: "200",
        HUYING_SMTP_PORT: "0",
        HUYING_MAIL_MAX_BYTES: "20000",
        HUYING_UPLOAD_MAX_BYTES: "6000", // below the mail limit: an oversized attachment in a mail that fits
        HUYING_MAIL_DENY: "spam@bad.example",
        HUYING_WECHAT_TOKEN: TOKEN,
      },
    });
    cast = await standardCast(t);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((r) => smsc.close(() => r()));
  });

  it("SMS out through SMPP (bound with the configured system_id), and a reply '1' is the citizen's rating", async () => {
    expect(binds).toContain("huying");
    const sub = await t.call("POST", "/api/public/requests", { body: { content: "楼下餐馆油烟直排", phone: "13700005555", smsNotify: true } });
    expect(sub.status).toBe(201);
    await deliver();
    const intake = submitted.find((m) => m.to === "13700005555")!;
    expect(intake.text).toContain(sub.body.number);
    expect(intake.text).toContain(sub.body.queryCode);
    const ticket = await ticketByNumber(sub.body.number);
    await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
    await t.call("POST", `/api/tickets/${ticket.id}/sign`, { token: cast.handlerA.token });
    await t.call("POST", `/api/tickets/${ticket.id}/contact-attempts`, { token: cast.handlerA.token, body: { method: "phone", outcome: "reached" } }); // rule 15: first contact before the reply
    await t.call("POST", `/api/tickets/${ticket.id}/replies`, { token: cast.handlerA.token, body: { content: "已督促安装油烟净化器", result: "resolved", handlerName: "钱工", leaderName: "吴科长" } });
    await deliver();
    expect(submitted.filter((m) => m.to === "13700005555").map((m) => m.text).join("\n")).toMatch(/回复数字评价/);
    expect(await fromSmsc("13700005555", "1")).toBe(smpp.ESME_ROK);
    await expect.poll(async () => (await t.call("GET", `/api/tickets/${ticket.id}/channel`, { token: cast.followUp.token })).body.ratings, { timeout: 10_000 }).toEqual([expect.objectContaining({ source: "sms", outcome: "satisfied" })]);
    // The center's human follow-up still comes (rule 21): the ticket stays replied.
    expect((await t.call("GET", `/api/tickets/${ticket.id}`, { token: cast.followUp.token })).body.status).toBe("replied");
  });

  it("an urgent dispatch texts the lead unit's duty phone (set through the unit API) through the outbox and SMPP", async () => {
    const unit = await t.call("POST", "/api/units", { token: t.adminToken, body: { name: `应急值班科-${Date.now()}`, kind: "department", dutyPhone: "+86 139-0000-7777" } });
    expect(unit.status).toBe(201);
    expect(unit.body.dutyPhone).toBe("13900007777");
    const urgent = await t.ticket(cast.operator.token, { title: "燃气管道泄漏", content: "小区燃气管道泄漏，气味很大，请尽快处置", urgency: "urgent" });
    const ordinary = await t.ticket(cast.operator.token, { title: "路灯不亮", content: "小区门口路灯不亮已经一周" });
    for (const id of [urgent.id, ordinary.id]) expect((await t.call("POST", `/api/tickets/${id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: unit.body.id } })).status).toBe(200);
    const queued = (await t.call("GET", "/api/outbox?status=pending", { token: t.adminToken })).body;
    expect(queued.items.map((i: any) => i.target)).toContain("phone:****7777 (urgent_dispatch)");
    expect(JSON.stringify(queued)).not.toContain("13900007777"); // the outbox view shows no phone number
    await deliver();
    const toDuty = submitted.filter((m) => m.to === "13900007777");
    expect(toDuty).toHaveLength(1); // the ordinary ticket texts nobody
    expect(toDuty[0]!.text).toContain(urgent.number);
    expect(toDuty[0]!.text).toContain("燃气管道泄漏");
    // A new duty phone: the next urgent dispatch goes there.
    expect((await t.call("PATCH", `/api/units/${unit.body.id}`, { token: t.adminToken, body: { dutyPhone: "13900008888" } })).body.dutyPhone).toBe("13900008888");
    const second = await t.ticket(cast.operator.token, { title: "井盖缺失", content: "人行道井盖缺失，有人掉落危险", urgency: "urgent" });
    await t.call("POST", `/api/tickets/${second.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: unit.body.id } });
    await deliver();
    expect(submitted.filter((m) => m.to === "13900008888").map((m) => m.text).join()).toContain(second.number);
    expect(submitted.filter((m) => m.to === "13900007777")).toHaveLength(1);
  });

  it("supervision notices (rule 28) reach the unit's leaders through the same gateway (SMPP)", async () => {
    const put = await t.call("PUT", `/api/units/${cast.unitB.id}/leaders`, { token: cast.supervisor.token, body: { leaders: [{ name: "孙主任", role: "principal", phone: "13600006666" }] } });
    expect(put.status).toBe(200);
    const notice = await t.call("POST", "/api/supervision/notices", { token: cast.supervisor.token, body: { kind: "prompt", form: "sms", unitId: cast.unitB.id, content: "请加快办理积压工单" } });
    expect(notice.status).toBe(201);
    await deliver();
    const got = submitted.filter((m) => m.to === "13600006666");
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain("请加快办理积压工单");
  });

  it("an SMS that is not a rating is a new request (channel sms); an oversized one is refused and logged", async () => {
    const before = submitted.length;
    expect(await fromSmsc("8613600007777", "小区电梯故障三天了一直没有修")).toBe(smpp.ESME_ROK);
    let found: any;
    await expect.poll(async () => (found = (await t.call("GET", "/api/tickets?q=电梯故障", { token: cast.dispatcher.token })).body.items[0]), { timeout: 10_000 }).toBeTruthy();
    expect(found).toMatchObject({ channel: "sms", requester: { phone: "136****7777" } });
    await deliver();
    expect(submitted.slice(before).some((m) => m.to === "13600007777" && m.text.includes(found.number))).toBe(true);
    const n = (await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.length;
    expect(await fromSmsc("13600008888", "长".repeat(300))).toBe(smpp.ESME_ROK);
    await expect.poll(async () => (await t.call("GET", "/api/audit-log?action=channel.rejected", { token: t.adminToken })).body.items.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.length).toBe(n);
  });

  it("mail to the mayor's box becomes a ticket (subject, text, attachments); a re-delivery makes no second one", async () => {
    const port = t.server.smtpPort!;
    expect(port).toBeGreaterThan(0);
    const mailer = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, tls: { rejectUnauthorized: false } });
    const message = {
      from: '"刘女士" <liu@example.com>',
      to: "mayor@12345.example.gov.cn",
      subject: "关于老旧小区加装电梯的建议",
      text: "希望政府对加装电梯给予补贴。<script>x</script>联系电话 13911112222",
      messageId: "<m-1@example.com>",
      attachments: [{ filename: "现场照片.png", content: PNG }],
    };
    const info = await mailer.sendMail(message);
    expect(info.response).toMatch(/queued as \d{8}-\d{6}/);
    const number = /queued as (\S+)/.exec(info.response)![1]!;
    const ticket = await ticketByNumber(number);
    expect(ticket).toMatchObject({ channel: "email", title: "关于老旧小区加装电梯的建议", requester: { name: "刘女士" } });
    expect(ticket.content).toContain("希望政府对加装电梯给予补贴");
    expect(ticket.content).toContain("现场照片.png");
    expect(ticket.content).not.toContain("<script>");
    const channel = await t.call("GET", `/api/tickets/${ticket.id}/channel`, { token: cast.dispatcher.token });
    expect(channel.body).toMatchObject({ mailbox: "mayor", externalRef: "email:m-1@example.com" });
    const again = await mailer.sendMail(message);
    expect(again.response).toContain(number);
  });

  it("mail from a denied sender or over the size limit bounces; nothing is written", async () => {
    const mailer = nodemailer.createTransport({ host: "127.0.0.1", port: t.server.smtpPort!, secure: false, ignoreTLS: true });
    const n = (await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.length;
    await expect(mailer.sendMail({ from: "spam@bad.example", to: "mayor@12345.example.gov.cn", subject: "广告", text: "广告内容" })).rejects.toMatchObject({ responseCode: 550 });
    await expect(mailer.sendMail({ from: "a@example.com", to: "mayor@12345.example.gov.cn", subject: "大附件", text: "见附件", attachments: [{ filename: "big.bin", content: Buffer.alloc(40_000, 1) }] })).rejects.toMatchObject({ responseCode: 552 });
    expect((await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.length).toBe(n);
  });

  it("a mail's attachments become the ticket's evidence (type by the bytes, downloadable as sent)", async () => {
    const mailer = nodemailer.createTransport({ host: "127.0.0.1", port: t.server.smtpPort!, secure: false, ignoreTLS: true });
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    const info = await mailer.sendMail({
      from: '"周先生" <zhou@example.com>',
      to: "shuji@12345.example.gov.cn",
      subject: "河道垃圾堆积",
      text: "村口河道垃圾堆积发臭，照片和情况说明见附件。",
      messageId: "<m-evidence@example.com>",
      attachments: [
        { filename: "河道.png", content: PNG, contentType: "image/png" },
        { filename: "说明.pdf", content: pdf, contentType: "application/octet-stream" },
        { filename: "补充\u202Egnp.txt", content: Buffer.from("补充说明：垃圾已堆积两周。\n"), contentType: "text/plain" },
      ],
    });
    const number = /queued as (\S+)/.exec(info.response)![1]!;
    const found = await ticketByNumber(number);
    const detail = (await t.call("GET", `/api/tickets/${found.id}`, { token: cast.dispatcher.token })).body;
    expect(detail.attachments.map((a: any) => [a.filename, a.mime, a.size, a.ownerKind])).toEqual([
      ["河道.png", "image/png", PNG.length, "ticket"],
      ["说明.pdf", "application/pdf", pdf.length, "ticket"],
      ["补充gnp.txt", "text/plain", Buffer.byteLength("补充说明：垃圾已堆积两周。\n"), "ticket"],
    ]);
    expect(detail.events.filter((e: any) => e.type === "ticket.attachment_added")).toHaveLength(3);
    for (const [a, bytes] of [[detail.attachments[0], PNG], [detail.attachments[1], pdf]] as const) {
      const res = await fetch(`${t.url}/api/tickets/${found.id}/attachments/${a.id}`, { headers: { authorization: `Bearer ${cast.dispatcher.token}` } });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
    // a re-delivery adds neither a ticket nor files
    const files = uploadFiles().length;
    await mailer.sendMail({ from: "zhou@example.com", to: "shuji@12345.example.gov.cn", subject: "河道垃圾堆积", text: "村口河道垃圾堆积发臭", messageId: "<m-evidence@example.com>", attachments: [{ filename: "河道.png", content: PNG }] });
    expect((await t.call("GET", `/api/tickets/${found.id}`, { token: cast.dispatcher.token })).body.attachments).toHaveLength(3);
    expect(uploadFiles().length).toBe(files);
  });

  it("a mail with an oversized or a refused attachment bounces as a whole: no ticket, no evidence row, no file", async () => {
    const mailer = nodemailer.createTransport({ host: "127.0.0.1", port: t.server.smtpPort!, secure: false, ignoreTLS: true });
    const tickets = (await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.length;
    const files = uploadFiles().length;
    const rows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM attachments`.execute(t.server.ctx.db)).rows[0]!.n);
    const big = Buffer.concat([PNG, Buffer.alloc(7000, 7)]); // a PNG of 7 KB: over HUYING_UPLOAD_MAX_BYTES (6000), under the mail limit
    await expect(
      mailer.sendMail({ from: "a@example.com", to: "mayor@12345.example.gov.cn", subject: "大照片", text: "两张照片，第二张很大", attachments: [{ filename: "小.png", content: PNG }, { filename: "大.png", content: big }] }),
    ).rejects.toMatchObject({ responseCode: 552 });
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(300, 0x90)]);
    await expect(
      mailer.sendMail({ from: "b@example.com", to: "mayor@12345.example.gov.cn", subject: "程序", text: "请看附件程序", attachments: [{ filename: "小.png", content: PNG }, { filename: "照片.pdf", content: exe, contentType: "application/pdf" }] }),
    ).rejects.toMatchObject({ responseCode: 554 });
    expect((await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.length).toBe(tickets);
    expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM attachments`.execute(t.server.ctx.db)).rows[0]!.n)).toBe(rows);
    expect(uploadFiles().length).toBe(files);
    const audit = (await t.call("GET", "/api/audit-log?action=channel.rejected&limit=50", { token: t.adminToken })).body.items.map((i: any) => i.data?.reason);
    expect(audit).toEqual(expect.arrayContaining(["attachment_too_large", "attachment_type"]));
  });

  it("WeChat: URL verification by signature; a text message becomes a ticket answered with its number", async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = "n0nce";
    const sig = createHash("sha1").update([TOKEN, ts, nonce].sort().join("")).digest("hex");
    const q = `signature=${sig}&timestamp=${ts}&nonce=${nonce}`;
    const verify = await fetch(`${t.url}/api/integrations/wechat?${q}&echostr=hello123`);
    expect(verify.status).toBe(200);
    expect(await verify.text()).toBe("hello123");
    expect((await fetch(`${t.url}/api/integrations/wechat?signature=bad&timestamp=${ts}&nonce=${nonce}&echostr=x`)).status).toBe(401);
    const xmlMsg = `<xml><ToUserName><![CDATA[gh_12345]]></ToUserName><FromUserName><![CDATA[oUser1]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[公园路井盖缺失很危险，请尽快处理]]></Content><MsgId>1234567890123456</MsgId></xml>`;
    const post = (query: string) => fetch(`${t.url}/api/integrations/wechat?${query}`, { method: "POST", headers: { "content-type": "text/xml" }, body: xmlMsg });
    const n = (await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.length;
    expect((await post(`signature=${"0".repeat(40)}&timestamp=${ts}&nonce=${nonce}`)).status).toBe(401);
    expect((await t.call("GET", "/api/tickets?limit=200", { token: cast.dispatcher.token })).body.items.length).toBe(n);
    const res = await post(q);
    expect(res.status).toBe(200);
    const answer = await res.text();
    expect(answer).toMatch(/<ToUserName><!\[CDATA\[oUser1\]\]><\/ToUserName>/);
    const number = /工单号 (\d{8}-\d{6})/.exec(answer)![1]!;
    expect((await ticketByNumber(number)).channel).toBe("wechat");
    // WeChat retries the same MsgId: the same ticket.
    expect(await (await post(q)).text()).toContain(number);
  });
});
