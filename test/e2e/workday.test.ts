import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { ADMIN_PASSWORD, startTestServer, type TestServer } from "../api/helpers.js";
import { ensureBundle } from "./bundle.js";
import { CHROMIUM, launch, login, openPage, shot, type E2EBrowser, type UserPage } from "./browser.js";

/**
 * Issue 18 part B in Chromium (docs/WORKDAY.md "Part B"): route guards, queues at 1440×900 and 1280×720,
 * admin edits, the appraisal you can trust, the demo city, and axe-core on the main pages.
 */
const run = process.env.HUYING_SKIP_E2E !== "1" && (existsSync(CHROMIUM) || !!process.env.CI);
const suite = run ? describe : describe.skip;
const PASSWORD = "huying-demo";
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;

function poll<T>(fn: () => Promise<T> | T) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}

/** axe-core: the serious and critical violations of the page as it stands. */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")} — ${(v.nodes[0]?.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 160)}`);
}

async function settle(page: Page) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.waitForFunction(() => document.querySelectorAll(".ant-spin-spinning, .ant-skeleton").length === 0, undefined, { timeout: 10_000 }).catch(() => undefined);
}

suite("a center's working day, part B (Chromium)", { timeout: 480_000 }, () => {
  let t: TestServer;
  let b: E2EBrowser;
  let now: Date;
  const pages: UserPage[] = [];

  async function as(username: string, password = PASSWORD): Promise<UserPage> {
    const p = await openPage(b.browser, t.url, now);
    // The demo city's 3,000 tickets on a shared 2-core machine: give each step more than the default 20 s.
    p.page.setDefaultTimeout(60_000);
    pages.push(p);
    await login(p.page, username, password);
    return p;
  }

  beforeAll(async () => {
    ensureBundle();
    t = await startTestServer({ env: { HUYING_DEMO: "1" } });
    now = new Date((await t.call<{ now: string }>("GET", "/api/test/clock", { token: t.adminToken })).body.now);
    b = await launch();
  }, 600_000); // a cold web build and the demo city's seed, on a shared machine

  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await b?.close();
    await t?.close();
  });

  it("route guards: a unit user gets 无权访问 on every center page, and its menu does not list them (point 4)", async () => {
    const { page } = await as("zjj_handler");
    for (const vp of VIEWPORTS) {
      await page.setViewportSize(vp);
      for (const path of ["/admin/users", "/admin/policy", "/dispatch", "/reviews", "/dashboard", "/appraisal", "/admin/audit"]) {
        await page.goto(path);
        await page.getByTestId("no-permission").waitFor();
        expect(await page.getByText("保存新版本").count(), path).toBe(0);
        expect(await page.getByTestId("appraisal-table").count(), path).toBe(0);
      }
      await shot(page, `18b-no-permission-${vp.width}`);
      const menu = await page.locator(".ant-layout-sider").innerText();
      for (const label of ["派单", "数据看板", "考核评价", "用户与角色", "时限政策"]) expect(menu).not.toContain(label);
      await page.getByRole("button", { name: "返回我的工作台" }).click();
      await page.waitForURL("**/unit");
    }
    // Every tab of the unit's desk shows its count, as the center's queues do (point 5).
    for (const label of ["我的工单", "待签收", "办理中", "退单中", "已答复", "超期"]) {
      await poll(async () => await page.getByRole("tab", { name: new RegExp(`${label}\\s*\\(\\d+\\)`) }).count()).toBe(1);
    }
    const replied = Number((await page.getByRole("tab", { name: /已答复/ }).innerText()).match(/\((\d+)\)/)![1]);
    expect(replied).toBeGreaterThan(0); // three months of the demo city
  });

  it("queues: 时限 in view, headers and actions on one line, tab counts, filters with the result count (point 5)", async () => {
    const { page } = await as("dispatcher");
    for (const vp of VIEWPORTS) {
      await page.setViewportSize(vp);
      await page.goto("/dispatch");
      await page.getByTestId("dispatch-queue").locator("tbody tr.ant-table-row").first().waitFor();
      await poll(async () => await page.getByRole("tab", { name: /待派单\s*\(\d+\)/ }).count()).toBe(1);
      await page.getByRole("tab", { name: /全部在办/ }).click();
      await page.getByTestId("dispatch-queue").locator("tbody tr.ant-table-row").first().waitFor();
      await settle(page);
      const header = page.getByTestId("dispatch-queue").locator("th", { hasText: "时限" }).first();
      const box = await header.boundingBox();
      expect(box, "时限 header").not.toBeNull();
      expect(box!.x + box!.width, `时限 inside ${vp.width}`).toBeLessThanOrEqual(vp.width);
      // No header wraps (one line of a small table's header is under 40 px high).
      const heights = await page.getByTestId("dispatch-queue").locator("thead th").evaluateAll((ths) => ths.map((th) => [th.textContent, th.getBoundingClientRect().height] as const));
      for (const [text, h] of heights) expect(h, `header ${text}`).toBeLessThan(48);
      const rowHeights = await page.getByTestId("dispatch-queue").locator("tbody tr.ant-table-row").evaluateAll((trs) => trs.slice(0, 10).map((tr) => tr.getBoundingClientRect().height));
      for (const h of rowHeights) expect(h).toBeLessThan(70);
      await shot(page, `18b-dispatch-${vp.width}`);

      await page.goto("/tickets");
      await poll(async () => (await page.getByTestId("result-count").textContent()) ?? "").toMatch(/共 \d+ 条/);
      const all = Number((await page.getByTestId("result-count").textContent())!.match(/\d+/)![0]);
      expect(all).toBeGreaterThan(1000); // the demo city's three months
      await page.getByLabel("渠道").click();
      await page.locator(".ant-select-item-option", { hasText: "网站" }).first().click();
      await poll(async () => Number(((await page.getByTestId("result-count").textContent()) ?? "").match(/\d+/)?.[0] ?? -1)).toBeLessThan(all);
      await shot(page, `18b-tickets-filtered-${vp.width}`);
    }
  });

  it("admin: delete refused for a referenced unit with the reason, password reset with a temporary password, audit log in Chinese (point 8)", async () => {
    const { page } = await as("admin", ADMIN_PASSWORD);
    await page.goto("/admin/units");
    const row = page.locator("tr.ant-table-row", { hasText: "市住房和城乡建设局" }).first();
    await row.getByRole("button", { name: /操作/ }).click();
    await page.locator(".ant-dropdown-menu-item", { hasText: "删除" }).last().click();
    await page.locator(".ant-modal-confirm .ant-btn-dangerous").click();
    await page.locator(".ant-modal-confirm-title", { hasText: "不能删除" }).waitFor();
    await page.getByText(/已有工单、用户或下级单位/).waitFor();
    await shot(page, "18b-admin-unit-in-use-1440");
    await page.keyboard.press("Escape");

    await page.goto("/admin/users");
    const user = page.locator("tr.ant-table-row", { hasText: "viewer" }).first();
    await user.getByRole("button", { name: /操作/ }).click();
    await page.locator(".ant-dropdown-menu-item", { hasText: "重置密码" }).last().click();
    await page.locator(".ant-modal-confirm .ant-btn-primary").click();
    await poll(async () => ((await page.getByTestId("temporary-password").textContent()) ?? "").length).toBeGreaterThanOrEqual(12);
    await shot(page, "18b-admin-password-reset-1440");
    await page.locator(".ant-modal-confirm .ant-btn-primary").click();

    await page.goto("/admin/audit");
    await page.getByText("重置密码").first().waitFor();
    expect(await page.locator("td", { hasText: "user.password_reset" }).count()).toBe(0);
    await page.setViewportSize(VIEWPORTS[1]);
    await shot(page, "18b-admin-audit-1280");
  });

  it("policy: a form of grouped settings beside a city preset's values, the differences marked, saved as a new version (point 8)", async () => {
    const { page } = await as("admin", ADMIN_PASSWORD);
    await page.setViewportSize(VIEWPORTS[0]);
    await page.goto("/admin/policy");
    await page.getByTestId("policy-form").waitFor();
    const version = Number(((await page.getByText(/^版本 \d+$/).first().textContent()) ?? "").match(/\d+/)![0]);
    // Compare with Qingpu: its leader sign-off (rule 17) differs from the default; the counting mode is the same.
    await page.locator('.ant-select[aria-label="对比预设"]').click(); // the selected item covers the search input
    await page.locator(".ant-select-item-option", { hasText: "青浦" }).click();
    await poll(async () => await page.getByTestId("policy-preset-replySignOff").innerText()).toContain("与预设不同");
    expect(await page.getByTestId("policy-preset-countingMode").innerText()).toContain("相同");
    expect(await page.getByTestId("policy-diff-count").innerText()).toMatch(/共 \d+ 项与「.*青浦.*」不同/);
    expect(await page.getByTestId("policy-group-sign").innerText()).toContain("紧急工单签收");
    await shot(page, "18-policy-form-1440");

    // Edit by type: a switch, a limit (number + unit), a percentage; each marked 未保存 until saved.
    await page.getByRole("switch", { name: "答复须领导签批" }).click();
    await poll(async () => await page.getByTestId("policy-preset-replySignOff").innerText()).toContain("相同");
    const replyDays = page.getByRole("spinbutton", { name: "一般工单答复（数值）" });
    await replyDays.fill("4");
    await replyDays.blur();
    await page.getByRole("spinbutton", { name: "满意率目标" }).fill("90");
    await page.getByRole("spinbutton", { name: "满意率目标" }).blur();
    await poll(async () => await page.getByTestId("policy-diff-count").innerText()).toMatch(/3 项未保存/);
    await page.getByRole("textbox", { name: "新版本名称" }).fill("签批与四日答复");
    await page.getByRole("button", { name: "保存新版本" }).click();
    await page.getByText(`版本 ${version + 1}`).waitFor();
    await page.getByText("签批与四日答复").first().waitFor();
    const saved = await t.call<{ settings: { replySignOff: boolean; reply: { ordinary: unknown }; satisfaction: { targets: { satisfactionRate: number } } } }>("GET", "/api/policy", { token: t.adminToken });
    expect(saved.body.settings.replySignOff).toBe(true);
    expect(saved.body.settings.reply.ordinary).toEqual({ workingDays: 4 });
    expect(saved.body.settings.satisfaction.targets.satisfactionRate).toBeCloseTo(0.9);
    await page.setViewportSize(VIEWPORTS[1]);
    await shot(page, "18-policy-form-1280");

    // The raw JSON stays for experts; a broken document is refused in the page, not sent.
    await page.getByRole("tab", { name: "JSON（高级）" }).click();
    await page.getByRole("textbox", { name: "政策 JSON" }).fill("{ not json");
    await page.getByRole("button", { name: "保存新版本" }).click();
    await page.getByTestId("policy-error").waitFor();
    // Put the default back for the pages after this one.
    const restored = await t.call("PUT", "/api/policy", { token: t.adminToken, body: { settings: { ...saved.body.settings, replySignOff: false }, name: "恢复" } });
    expect(restored.status).toBe(200);
  });

  it("appraisal: raw rates beside scores, the formula, 样本不足, drill-down; annual, person points and entries (point 9)", async () => {
    const { page } = await as("supervisor");
    for (const vp of VIEWPORTS) {
      await page.setViewportSize(vp);
      await page.goto("/appraisal");
      await page.getByLabel("考核月份").click();
      await page.keyboard.press("Control+A"); // replace the month shown, not append to it
      await page.keyboard.type("2025-02");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Escape");
      await page.getByTestId("appraisal-formula").waitFor();
      await poll(async () => await page.getByTestId("appraisal-table").locator("tbody tr.ant-table-row").count()).toBeGreaterThan(3);
      expect(await page.getByTestId("appraisal-formula").innerText()).toMatch(/保底系数/);
      expect(await page.getByTestId("appraisal-table").innerText()).toMatch(/\d+\.\d%/);
      await shot(page, `18b-appraisal-${vp.width}`);
    }
    await page.getByTestId("appraisal-table").getByRole("button", { name: /一次办好率 明细/ }).first().click();
    await page.locator(".ant-drawer-body tbody tr").first().waitFor();
    await shot(page, "18b-appraisal-drill-1280");
    await page.keyboard.press("Escape");
    await page.getByRole("tab", { name: /年度考核/ }).click();
    await page.getByTestId("annual-table").waitFor();
    await page.getByRole("tab", { name: "个人积分" }).click();
    await page.getByTestId("person-points-table").waitFor();
    await page.getByRole("tab", { name: "考核录入" }).click();
    await page.getByText(/录入 .* 考核项/).waitFor();
    await shot(page, "18b-appraisal-entries-1280");
  });

  // axe-core on the main pages of each kind of user, one test per user (a slow machine still reports each one).
  const AXE_PAGES: Array<[string, string, string[]]> = [
    ["operator", PASSWORD, ["/intake", "/tickets"]],
    ["dispatcher", PASSWORD, ["/dispatch", "/dashboard"]],
    ["supervisor", PASSWORD, ["/reviews", "/appraisal", "/follow-up"]],
    ["zjj_handler", PASSWORD, ["/unit"]],
    ["admin", ADMIN_PASSWORD, ["/admin/units", "/admin/users", "/admin/categories", "/admin/policy", "/admin/audit"]],
  ];
  for (const [username, password, paths] of AXE_PAGES) {
    it(`axe-core: no serious or critical issue on ${username}'s main pages, at both sizes (point 12)`, async () => {
      const { page } = await as(username, password);
      const problems: string[] = [];
      for (const vp of VIEWPORTS) {
        await page.setViewportSize(vp);
        for (const path of paths) {
          await page.goto(path);
          await settle(page);
          for (const p of await axeProblems(page)) problems.push(`${path} @${vp.width}: ${p}`);
          await shot(page, `18b-page${path.replace(/\//g, "-")}-${vp.width}`);
        }
      }
      expect(problems).toEqual([]);
    }, 900_000); // ten pages for the admin, each measured twice, on a shared 2-core machine
  }
});
