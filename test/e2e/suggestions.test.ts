import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../api/helpers.js";
import { ensureBundle } from "./bundle.js";
import { CHROMIUM, launch, login, openPage, shot, type E2EBrowser, type UserPage } from "./browser.js";

/**
 * Smart intake in Chromium (issue 15): the operator types a message and picks the suggested category with
 * one key (Alt+Shift+1), links it as a repeat candidate is shown; the dispatcher merges a duplicate.
 */
const run = process.env.HUYING_SKIP_E2E !== "1" && (existsSync(CHROMIUM) || !!process.env.CI);
const suite = run ? describe : describe.skip;
const PASSWORD = "huying-demo";

function poll<T>(fn: () => Promise<T> | T) {
  return expect.poll(fn, { timeout: 20_000, interval: 150 });
}

suite("smart intake (Chromium)", { timeout: 180_000 }, () => {
  let t: TestServer;
  let b: E2EBrowser;
  let now: Date;
  const pages: UserPage[] = [];
  let masterId = 0;
  let duplicateId = 0;

  async function as(username: string): Promise<UserPage> {
    const p = await openPage(b.browser, t.url, now);
    pages.push(p);
    await login(p.page, username, PASSWORD);
    return p;
  }

  beforeAll(async () => {
    ensureBundle();
    t = await startTestServer({ env: { HUYING_DEMO: "1" } });
    now = new Date((await t.call<{ now: string }>("GET", "/api/test/clock", { token: t.adminToken })).body.now);
    const trained = await t.call("POST", "/api/suggestions/train", { token: t.adminToken });
    expect(trained.status).toBe(200);
    const op = await t.login("operator", PASSWORD);
    const master = await t.call("POST", "/api/tickets", {
      token: op,
      body: { channel: "phone", requester: { name: "陈先生", phone: "13955556666" }, title: "建设路工地夜间施工噪音", content: "建设路工地每天夜里施工，噪音很大", address: "建设路与和平路交叉口" },
    });
    masterId = master.body.id;
    b = await launch();
  }, 300_000);

  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await b?.close();
    await t?.close();
  });

  it("the operator types a message and picks the suggested category with one key", async () => {
    const op = await as("operator");
    const { page } = op;
    await page.waitForURL("**/intake");
    await page.getByLabel("来电号码").fill("13977778888");
    await page.getByLabel("诉求人").fill("刘女士");
    await page.getByLabel("标题").fill("夜间施工扰民");
    await page.getByLabel("诉求内容").fill("建设路工地晚上十一点以后还在施工，吵得睡不着");
    await page.getByLabel("地址").fill("建设路与和平路交叉口");
    const chip = page.getByTestId("category-chip-1");
    await chip.waitFor();
    const name = ((await chip.textContent()) ?? "").replace(/^1/, "").trim();
    expect(name.length).toBeGreaterThan(0);
    await page.getByLabel("诉求内容").focus();
    await page.keyboard.press("Alt+Shift+Digit1");
    await poll(async () => (await page.getByTestId("intake-form").locator(".ant-form-item", { hasText: "诉求分类" }).locator(".ant-select-selection-item").first().textContent()) ?? "").toContain(name);
    // The same address and similar text: the ticket taken before is a repeat candidate.
    await poll(async () => await page.getByTestId("repeat-candidates").getByText("建设路工地夜间施工噪音").count()).toBeGreaterThan(0);
    await shot(page, "s1-intake-suggestions");
    await page.setViewportSize({ width: 1280, height: 720 });
    await shot(page, "s1-intake-suggestions-1280");
    await page.keyboard.press("Control+Enter");
    await poll(async () => await page.getByText(/工单已登记：\d{8}-\d+/).count()).toBeGreaterThan(0);
    const href = await page.getByText("上一张：").locator("a").getAttribute("href");
    duplicateId = Number(href?.split("/").pop());
    const saved = await t.call("GET", `/api/tickets/${duplicateId}`, { token: t.adminToken });
    expect(saved.body.categoryId).not.toBeNull();
    expect(op.errors).toEqual([]);
  });

  it("the dispatcher merges the duplicate into the first ticket", async () => {
    const d = await as("dispatcher");
    const { page } = d;
    await page.goto(`/tickets/${duplicateId}`);
    await page.getByTestId("ticket-page").waitFor();
    await page.locator("[data-action=merge]").click();
    const modal = page.locator(".ant-modal-content").last();
    await modal.getByTestId("merge-candidates").waitFor();
    await modal.getByTestId("merge-candidates").locator(".ant-radio-wrapper", { hasText: "建设路工地夜间施工噪音" }).click();
    await modal.getByLabel("并单说明").fill("同一工地噪音问题");
    await shot(page, "s2-merge-dialog");
    await modal.locator(".ant-modal-footer .ant-btn-primary").click();
    await modal.waitFor({ state: "detached" });
    await poll(async () => (await t.call("GET", `/api/tickets/${duplicateId}`, { token: t.adminToken })).body.mergedInto).toBe(masterId);
    const master = await t.call("GET", `/api/tickets/${masterId}`, { token: t.adminToken });
    expect(master.body.repeatCount).toBe(1);
    await page.goto(`/tickets/${duplicateId}`);
    await page.getByTestId("ticket-page").waitFor();
    await shot(page, "s3-merged-ticket");
    expect(d.errors).toEqual([]);
  });
});
