import { existsSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { standardCast, startTestServer, type TestServer } from "../api/helpers.js";
import { ensureBundle } from "./bundle.js";
import { ARTIFACTS, CHROMIUM, launch, login, openPage, shot, type E2EBrowser, type UserPage } from "./browser.js";

/**
 * Issue 18 part A in Chromium (docs/WORKDAY.md): a co-unit signs and submits its part, the lead unit's leader
 * assigns with the workload in view, notifications are read, messages say what happened, a return is refused
 * from the queue that shows its reasons, the reply dialog fills a template, and the ticket prints on A4.
 * Screenshots at 1440×900 and 1280×720 go to test-artifacts/unit-desk-*.png.
 */
const run = process.env.HUYING_SKIP_E2E !== "1" && (existsSync(CHROMIUM) || !!process.env.CI);
const suite = run ? describe : describe.skip;
const PASSWORD = "password-123";

function poll<T>(fn: () => Promise<T> | T) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}

suite("issue 18 part A: the unit's working day (Chromium)", { timeout: 240_000 }, () => {
  let t: TestServer;
  let b: E2EBrowser;
  let cast: Awaited<ReturnType<typeof standardCast>>;
  let now: Date;
  let ticketId = 0;
  const pages: UserPage[] = [];
  const post = async (path: string, token: string, body: unknown = {}) => {
    const res = await t.call("POST", path, { token, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  async function as(username: string, viewport?: { width: number; height: number }): Promise<Page> {
    const p = await openPage(b.browser, t.url, now);
    pages.push(p);
    if (viewport) await p.page.setViewportSize(viewport);
    await login(p.page, username, PASSWORD);
    return p.page;
  }
  const modal = (page: Page): Locator => page.locator(".ant-modal-content").last();
  const toast = (page: Page) => page.locator(".ant-message-notice").last();
  async function both(page: Page, name: string) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, `unit-desk-${name}-1440`);
    await page.setViewportSize({ width: 1280, height: 720 });
    await shot(page, `unit-desk-${name}-1280`);
    await page.setViewportSize({ width: 1440, height: 900 });
  }
  const usernames: Record<string, string> = {};

  beforeAll(async () => {
    ensureBundle();
    t = await startTestServer();
    cast = await standardCast(t);
    now = new Date((await t.call<{ now: string }>("GET", "/api/test/clock", { token: t.adminToken })).body.now);
    for (const k of ["handlerA", "leaderA", "handlerB", "dispatcher", "followUp"] as const) usernames[k] = cast[k].username;
    const cat = await post("/api/categories", t.adminToken, { name: "噪音扰民" });
    await post("/api/reply-templates", t.adminToken, { categoryId: cat.id, title: "噪音已处理", body: "{诉求人}您好，您反映的“{诉求标题}”（{工单编号}）已由{办理单位}处理。" });
    await post("/api/units", t.adminToken, { name: "综合科", kind: "section", parentId: cast.unitA.id });
    const ticket = await t.ticket(cast.operator.token, { categoryId: cat.id });
    ticketId = ticket.id;
    await post(`/api/tickets/${ticketId}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id, coUnitIds: [cast.unitB.id], mode: "designated" });
    await post(`/api/tickets/${ticketId}/sign`, cast.handlerA.token);
    b = await launch();
  }, 300_000);

  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await b?.close();
    await t?.close();
  });

  it("a co-unit sees 协办, signs and submits its part; the lead unit sees it on the ticket", async () => {
    const page = await as(usernames.handlerB!);
    await page.goto("/unit");
    await page.getByRole("tab", { name: "办理中" }).click(); // the lead unit has signed; the co-unit has not
    const row = page.getByTestId("unit-inbox").locator("tr", { hasText: "小区噪音扰民" }).first();
    await row.getByTestId("co-tag").waitFor();
    await both(page, "co-unit-inbox");
    await row.locator('[data-action="co_sign"]').click();
    await page.locator(".ant-popconfirm .ant-btn-primary").click();
    await poll(() => toast(page).textContent()).toContain("已签收协办");
    await page.goto(`/tickets/${ticketId}`);
    await page.locator('[data-action="co_submit"]').click();
    await modal(page).locator("textarea").first().fill("街道已上门核查，已约谈广场舞队负责人");
    await modal(page).locator(".ant-modal-footer .ant-btn-primary").click();
    await poll(() => toast(page).textContent()).toContain("协办意见已提交主办单位");
    await poll(() => page.getByTestId("co-unit-part").textContent()).toContain("约谈广场舞队");
  });

  it("the leader assigns with the workload in view; notifications are marked read; the badge updates", async () => {
    const page = await as(usernames.leaderA!);
    await page.goto("/unit");
    await page.getByTestId("workload").waitFor();
    await both(page, "leader-desk");
    await page.goto(`/tickets/${ticketId}`);
    await page.getByTestId("co-units").waitFor();
    await page.locator('[data-action="assign"]').click();
    await modal(page).getByTestId("assign-user").click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").first().click();
    await modal(page).locator(".ant-modal-footer .ant-btn-primary").click();
    await poll(() => toast(page).textContent()).toContain("已分办");
    await poll(() => page.getByTestId("timeline").textContent()).toContain("分办");
    await both(page, "lead-ticket");

    const badge = page.getByTestId("notifications-badge");
    await poll(() => badge.locator(".ant-badge-count").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: /通知/ }).click();
    await page.getByTestId("notification-item").first().waitFor();
    await page.getByTestId("notifications-read-all").click();
    await poll(() => badge.locator(".ant-badge-count").count()).toBe(0);
  });

  it("messages say what happened; the handler's reply picks a template", async () => {
    const page = await as(usernames.handlerA!);
    await page.goto(`/tickets/${ticketId}`);
    await page.locator('[data-action="record_contact"]').click();
    // the dialog starts on 无人接听 (no_answer)
    await modal(page).locator(".ant-modal-footer .ant-btn-primary").click();
    await poll(() => toast(page).textContent()).toContain("已记录未接通 1/3");
    await page.locator('[data-action="reply"]').click();
    await modal(page).getByTestId("reply-template").click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "噪音已处理" }).click();
    await poll(() => modal(page).locator("textarea").first().inputValue()).toContain("张三您好");
    await both(page, "reply-template");
    await modal(page).locator(".ant-modal-footer .ant-btn").first().click(); // cancel
  });

  it("the return queue shows the reasons; refusing says 已驳回退单", async () => {
    const ret = await t.ticket(cast.operator.token, { title: "路灯不亮" });
    await post(`/api/tickets/${ret.id}/dispatch`, cast.dispatcher.token, { unitId: cast.unitA.id });
    await post(`/api/tickets/${ret.id}/return-requests`, cast.handlerA.token, { reason: "路灯归城关街道管养", verified: "已电话联系诉求人并现场查看", basis: "《城市照明管理规定》第十条" });
    const page = await as(usernames.dispatcher!);
    await page.goto("/reviews");
    const queue = page.getByTestId("return-queue");
    await poll(() => queue.textContent()).toContain("路灯归城关街道管养");
    expect(await queue.textContent()).toContain("《城市照明管理规定》第十条");
    expect(await queue.textContent()).toContain("时限内");
    await both(page, "return-queue");
    await queue.getByRole("link", { name: "审核" }).first().click();
    await page.locator('[data-action="decide_return"]').click();
    await modal(page).getByTestId("decision-refuse").click();
    await poll(() => toast(page).textContent()).toContain("已驳回退单");
  });

  it("工单打印: an A4 sheet with the timeline and signature lines, saved as PDF", async () => {
    const page = await as(usernames.leaderA!);
    await page.goto(`/tickets/${ticketId}/print`);
    const sheet = page.getByTestId("print-sheet");
    await poll(() => sheet.textContent()).toContain("办理轨迹");
    expect(await sheet.textContent()).toContain("单位领导签字");
    expect(await sheet.textContent()).toContain("约谈广场舞队");
    await both(page, "print");
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    writeFileSync(join(ARTIFACTS, "unit-desk-ticket.pdf"), pdf);
  });
});
