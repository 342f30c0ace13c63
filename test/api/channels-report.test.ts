import { describe, expect, it } from "vitest";
import { standardServer } from "./helpers.js";

/**
 * Issue 16: every channel's tickets carry their channel — in the list (and its filter), the export's 渠道 column
 * and the center's daily figures split by channel (GET /api/reports/channels). Both engines.
 */
describe("channel split: daily figures, list and export", () => {
  const file = standardServer();

  it("counts each Asia/Shanghai day's tickets per channel, with totals; the list and the export show the channel", async () => {
    // Monday 2025-03-03 (the test clock's start): two by phone, one from the citizen pages, one to the mayor's box.
    await file.t.ticket(file.cast.operator.token);
    await file.t.ticket(file.cast.operator.token, { channel: "wechat" });
    await file.t.ticket(file.cast.operator.token);
    const web = await file.t.call("POST", "/api/public/requests", { body: { content: "小区门口垃圾桶满溢无人清理", phone: "13700001234" } });
    const mailbox = await file.t.call("POST", "/api/public/requests", { body: { content: "建议增设社区养老服务站点", phone: "13700004321", mailbox: "mayor" } });
    expect([web.status, mailbox.status]).toEqual([201, 201]);
    // Tuesday, 23:30 Beijing time (15:30 UTC): counted on Tuesday, not by its UTC date.
    await file.t.setClock("2025-03-04T23:30:00+08:00");
    await file.t.ticket(file.cast.operator.token, { channel: "app" });

    const res = await file.t.call("GET", "/api/reports/channels?from=2025-03-03&to=2025-03-04", { token: file.cast.supervisor.token });
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { date: "2025-03-03", channel: "mailbox", count: 1 },
      { date: "2025-03-03", channel: "phone", count: 2 },
      { date: "2025-03-03", channel: "web", count: 1 },
      { date: "2025-03-03", channel: "wechat", count: 1 },
      { date: "2025-03-04", channel: "app", count: 1 },
    ]);
    expect(res.body.totals[0]).toEqual({ channel: "phone", count: 2 });
    expect(res.body.totals.reduce((a: number, x: any) => a + x.count, 0)).toBe(6);
    const monday = await file.t.call("GET", "/api/reports/channels?from=2025-03-04&to=2025-03-04", { token: file.cast.viewer.token });
    expect(monday.body.rows).toEqual([{ date: "2025-03-04", channel: "app", count: 1 }]);

    const list = await file.t.call("GET", "/api/tickets?channel=web", { token: file.cast.dispatcher.token });
    expect(list.body.items.map((x: any) => [x.number, x.channel])).toEqual([[web.body.number, "web"]]);
    const all = await file.t.call("GET", "/api/tickets?limit=50", { token: file.cast.dispatcher.token });
    expect(new Set(all.body.items.map((x: any) => x.channel))).toEqual(new Set(["phone", "wechat", "web", "mailbox", "app"]));

    // The rates report (rule 34) grouped by channel: dispatched tickets of the cohort, labelled in Chinese.
    for (const n of [web.body.number, mailbox.body.number]) {
      const id = (await file.t.call("GET", `/api/tickets?q=${n}`, { token: file.cast.dispatcher.token })).body.items[0].id;
      expect((await file.t.call("POST", `/api/tickets/${id}/dispatch`, { token: file.cast.dispatcher.token, body: { unitId: file.cast.unitA.id } })).status).toBe(200);
    }
    const phoneId = all.body.items.find((x: any) => x.channel === "phone").id;
    await file.t.call("POST", `/api/tickets/${phoneId}/dispatch`, { token: file.cast.dispatcher.token, body: { unitId: file.cast.unitB.id } });
    const rates = await file.t.call("GET", "/api/reports/rates?from=2025-03-01&to=2025-03-31&groupBy=channel", { token: file.cast.supervisor.token });
    expect(rates.status).toBe(200);
    expect(rates.body.rows.map((r: any) => [r.key, r.label, r.volume]).sort()).toEqual([
      ["mailbox", "信箱", 1],
      ["phone", "电话", 1],
      ["web", "网站", 1],
    ]);
    const xlsx = await fetch(`${file.t.url}/api/exports/rates.xlsx?from=2025-03-01&to=2025-03-31&groupBy=channel`, { headers: { authorization: `Bearer ${file.cast.supervisor.token}` } });
    expect(xlsx.status).toBe(200);

    const csv = await fetch(`${file.t.url}/api/exports/tickets.csv?fields=number,channel`, { headers: { authorization: `Bearer ${file.cast.supervisor.token}` } });
    expect(csv.status).toBe(200);
    const text = (await csv.text()).replace(/^\uFEFF/, "");
    expect(text.split(/\r?\n/)[0]).toContain("渠道");
    expect(text).toMatch(new RegExp(`${mailbox.body.number}[^\\n]*信箱`));
    expect(text).toMatch(new RegExp(`${web.body.number}[^\\n]*网站`));
  });

  it("403 before 400 for roles without reports; 400 names each bad field", async () => {
    expect((await file.t.call("GET", "/api/reports/channels?from=x", { token: file.cast.leaderA.token })).status).toBe(403);
    expect((await file.t.call("GET", "/api/reports/channels?from=2025-03-01&to=2025-03-02", { token: file.cast.handlerA.token })).status).toBe(403);
    expect((await file.t.call("GET", "/api/reports/channels?from=2025-03-01&to=2025-03-02")).status).toBe(401);
    for (const [qs, field] of [
      ["from=2025-03-05&to=2025-03-01", "from"],
      ["from=2025-03-01", "to"],
      ["from=nope&to=2025-03-01", "from"],
      ["from=2024-01-01&to=2025-03-01", "to"],
    ] as const) {
      const res = await file.t.call("GET", `/api/reports/channels?${qs}`, { token: file.cast.supervisor.token });
      expect(res.status, qs).toBe(400);
      expect(JSON.stringify(res.body), qs).toContain(field);
    }
  });
});
