import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../api/helpers.js";
import { ensureBundle } from "./bundle.js";
import { ARTIFACTS, CHROMIUM, launch, login, openPage, shot, type E2EBrowser, type UserPage } from "./browser.js";

/**
 * Supervision 督办 in the browser (issue 13): a supervisor turns a `redo_repeated` alert into a warning letter
 * and downloads it; the unit's leader sees it in the unit workbench and answers. The letter is saved to
 * test-artifacts/warning-letter.docx (convert it with LibreOffice to look at it).
 */
const run = process.env.HUYING_SKIP_E2E !== "1" && (existsSync(CHROMIUM) || !!process.env.CI);
const suite = run ? describe : describe.skip;
const PASSWORD = "password-123";

suite("supervision (Chromium)", { timeout: 180_000 }, () => {
  let t: TestServer;
  let b: E2EBrowser;
  const pages: UserPage[] = [];
  let supervisor = "";
  let leader = "";
  let ticketNumber = "";
  let unitName = "";

  beforeAll(async () => {
    ensureBundle();
    t = await startTestServer();
    const post = (path: string, token: string, body: unknown = {}) => t.call("POST", path, { token, body });
    const center = (await t.call("GET", "/api/units", { token: t.adminToken })).body.find((u: { kind: string }) => u.kind === "center");
    await t.server.ctx.db.updateTable("units").set({ name: "临沭县12345政务服务便民热线受理中心" }).where("id", "=", center.id).execute();
    const unit = await t.unit("县住房和城乡建设局");
    unitName = unit.name;
    const [op, disp, fu, sup, lead, hand] = await Promise.all([
      t.user(["operator"], center.id),
      t.user(["dispatcher"], center.id),
      t.user(["follow_up"], center.id),
      t.user(["supervisor"], center.id),
      t.user(["unit_leader"], unit.id),
      t.user(["unit_handler"], unit.id),
    ]);
    supervisor = sup.username;
    leader = lead.username;
    await t.call("PUT", `/api/units/${unit.id}/leaders`, { token: sup.token, body: { leaders: [{ name: "李建国", role: "principal", title: "局长", phone: "13700001111" }, { name: "王敏", role: "supervising", title: "副局长", phone: "13700002222" }] } });
    const tk = await t.ticket(op.token, { title: "幸福里小区雨污管道堵塞反复外溢", content: "小区北门雨污管道堵塞，污水外溢，多次反映未解决", address: "城关街道幸福里小区北门" });
    ticketNumber = tk.number;
    expect((await post(`/api/tickets/${tk.id}/dispatch`, disp.token, { unitId: unit.id })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      await post(`/api/tickets/${tk.id}/sign`, hand.token);
      await post(`/api/tickets/${tk.id}/contact-attempts`, hand.token, { method: "phone", outcome: "reached" }); // rule 15: first contact before the reply
      await post(`/api/tickets/${tk.id}/replies`, hand.token, { content: `已安排疏通（第${i + 1}次）`, result: "resolved", handlerName: "小孙", leaderName: "张科长" });
      await post(`/api/tickets/${tk.id}/follow-ups`, fu.token, { outcome: "unsatisfied", contacted: true, informed: true, resolved: false, decision: "redo" });
    }
    b = await launch();
  }, 300_000);

  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await b?.close();
    await t?.close();
  });

  async function as(username: string) {
    const now = new Date((await t.call<{ now: string }>("GET", "/api/test/clock", { token: t.adminToken })).body.now);
    const p = await openPage(b.browser, t.url, now);
    pages.push(p);
    await login(p.page, username, PASSWORD);
    return p;
  }

  it("a supervisor turns a redo_repeated alert into a warning letter and downloads it", async () => {
    const { page } = await as(supervisor);
    await page.goto("/supervision");
    await page.getByRole("button", { name: "立即检测" }).click();
    const row = page.getByTestId("alert-queue").locator("tr", { hasText: ticketNumber });
    await row.waitFor();
    await expect.poll(async () => await page.getByTestId("alert-counts").textContent(), { timeout: 15_000 }).toContain("多次重办");
    await shot(page, "supervision-alerts-1440");
    await page.setViewportSize({ width: 1280, height: 720 });
    await shot(page, "supervision-alerts-1280");
    await page.setViewportSize({ width: 1440, height: 900 });
    await row.getByRole("button", { name: /发(提示|警示)/ }).click();
    const modal = page.locator(".ant-modal-content").last();
    await modal.getByText("警示", { exact: true }).click();
    await modal.locator("textarea").fill("该工单已重办两次仍未解决，反映出你单位办理不力。请主要负责人亲自过问，组织现场核查，彻底解决管道堵塞问题。");
    await modal.locator(".ant-modal-footer .ant-btn-primary").click();
    await modal.waitFor({ state: "detached" });
    await page.getByRole("tab", { name: "提示 / 警示" }).click();
    const noticeRow = page.getByTestId("notice-list").locator("tbody tr").first();
    await expect.poll(async () => await noticeRow.textContent(), { timeout: 15_000 }).toContain("督警");
    await shot(page, "supervision-notices");
    const [dl] = await Promise.all([page.waitForEvent("download"), noticeRow.getByRole("button", { name: /下载/ }).click()]);
    expect(dl.suggestedFilename()).toMatch(/^督警〔\d{4}〕\d+号警示函\.docx$/);
    const path = join(ARTIFACTS, "warning-letter.docx");
    await dl.saveAs(path);
    expect(existsSync(path)).toBe(true);
  });

  it("the unit's leader sees the warning in the workbench and answers it", async () => {
    const { page } = await as(leader);
    await page.goto("/unit");
    const box = page.getByTestId("unit-supervision");
    await box.getByText("警示", { exact: true }).first().waitFor();
    await shot(page, "supervision-unit-inbox");
    await box.getByRole("button", { name: /反\s*馈/ }).first().click();
    const modal = page.locator(".ant-modal-content").last();
    await modal.locator("textarea").fill("已召开专题会议，组织施工队完成管道疏通和更换，并建立每周巡查机制。");
    await modal.locator(".ant-modal-footer .ant-btn-primary").click();
    await modal.waitFor({ state: "detached" });
    await expect.poll(async () => await page.getByTestId("unit-notices").textContent(), { timeout: 15_000 }).toContain("已反馈");
    const notices = (await t.call("GET", "/api/supervision/notices", { token: t.adminToken })).body.items;
    expect(notices[0]).toMatchObject({ status: "answered", kind: "warning" });
    writeFileSync(join(ARTIFACTS, "supervision-unit.txt"), unitName);
  });
});
