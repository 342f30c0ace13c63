import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "../api/helpers.js";
import { ensureBundle } from "./bundle.js";
import { ARTIFACTS, CHROMIUM, launch, type E2EBrowser } from "./browser.js";

/**
 * The citizens' pages at /public on a phone (390×844, no login): submit a request, look it up with the number
 * and query code, and rate it once the unit replied. Screenshots in test-artifacts/public-*.png.
 */
const run = process.env.HUYING_SKIP_E2E !== "1" && (existsSync(CHROMIUM) || !!process.env.CI);
const suite = run ? describe : describe.skip;

suite("citizen pages (Chromium, phone viewport)", { timeout: 180_000 }, () => {
  let t: TestServer;
  let b: E2EBrowser;
  let cast: Awaited<ReturnType<typeof standardCast>>;

  beforeAll(async () => {
    ensureBundle();
    t = await startTestServer();
    cast = await standardCast(t);
    b = await launch();
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it("submit, look up, rate at 390×844", async () => {
    const context = await b.browser.newContext({ baseURL: t.url, locale: "zh-CN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto("/public");
    await page.getByText("12345 政务服务便民热线").waitFor();
    await page.getByLabel("诉求内容").fill("<b>和平路</b>人行道地砖松动，雨天踩上去溅水，老人容易摔倒");
    await page.getByLabel("地点").fill("和平路 66 号门口");
    await page.getByLabel("姓名").fill("陈阿姨");
    await page.getByLabel("手机号码").fill("13811112222");
    await page.screenshot({ path: join(ARTIFACTS, "public-form-390.png"), fullPage: true });
    await page.getByRole("button", { name: "提交诉求" }).click();
    const number = (await page.getByTestId("public-number").innerText()).trim();
    const code = (await page.getByTestId("public-code").innerText()).trim();
    expect(number).toMatch(/^\d{8}-\d{6}$/);
    expect(code).toMatch(/^[2-9A-Z]{8}$/);
    await page.screenshot({ path: join(ARTIFACTS, "public-submitted-390.png"), fullPage: true });
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The unit handles it (through the API), then the citizen looks it up and rates.
    const ticket = (await t.call("GET", `/api/tickets?q=${number}`, { token: cast.dispatcher.token })).body.items[0];
    expect(ticket.content).not.toContain("<b>");
    await t.call("POST", `/api/tickets/${ticket.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } });
    await t.call("POST", `/api/tickets/${ticket.id}/sign`, { token: cast.handlerA.token });
    await t.call("POST", `/api/tickets/${ticket.id}/contact-attempts`, { token: cast.handlerA.token, body: { method: "phone", outcome: "reached" } }); // rule 15: first contact before the reply
    const reply = await t.call("POST", `/api/tickets/${ticket.id}/replies`, { token: cast.handlerA.token, body: { content: "已安排维修队更换松动地砖", result: "resolved", handlerName: "郑工", leaderName: "冯科长" } });
    expect(reply.status).toBe(201);

    await page.getByRole("tab", { name: "诉求查询与评价" }).click();
    await page.getByLabel("工单号").fill(number);
    await page.getByLabel("查询码").fill(code.toLowerCase());
    await page.getByRole("button", { name: "查 询" }).or(page.getByRole("button", { name: "查询" })).first().click();
    await page.getByTestId("public-result").waitFor();
    await expect.poll(() => page.getByTestId("public-status").innerText()).toContain("待回访");
    expect(await page.getByTestId("public-result").innerText()).toContain("已安排维修队更换松动地砖");
    expect(await page.content()).not.toContain("13811112222");
    await page.screenshot({ path: join(ARTIFACTS, "public-lookup-390.png"), fullPage: true });
    await page.getByText("满意", { exact: true }).click();
    await page.getByPlaceholder("意见建议（可不填）").fill("修得很快");
    await page.getByRole("button", { name: "提交评价" }).click();
    await page.getByTestId("public-rated").waitFor();
    expect(await page.getByTestId("public-rated").innerText()).toContain("满意");
    await page.screenshot({ path: join(ARTIFACTS, "public-rated-390.png"), fullPage: true });
    const channel = await t.call("GET", `/api/tickets/${ticket.id}/channel`, { token: cast.followUp.token });
    expect(channel.body.ratings).toEqual([expect.objectContaining({ source: "web", outcome: "satisfied", comment: "修得很快" })]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
