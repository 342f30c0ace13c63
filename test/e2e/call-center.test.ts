import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../api/helpers.js";
import { ensureBundle } from "./bundle.js";
import { CHROMIUM, launch, login, openPage, shot, type E2EBrowser, type UserPage } from "./browser.js";

/**
 * The call center in Chromium (docs/CALL-CENTER.md): a supervisor reads the next day's staffing curve
 * (forecast calls against planned seats) and the dashboard's connection card; a QA reviewer draws the
 * month's sample and scores a call. Screenshots at 1440×900 and 1280×720 in test-artifacts/.
 */
const run = process.env.HUYING_SKIP_E2E !== "1" && (existsSync(CHROMIUM) || !!process.env.CI);
const suite = run ? describe : describe.skip;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

suite("call center (Chromium)", { timeout: 180_000 }, () => {
  let t: TestServer;
  let b: E2EBrowser;
  let now: Date;
  const pages: UserPage[] = [];
  let supervisor: { username: string };
  let reviewer: { username: string };

  async function as(username: string): Promise<UserPage> {
    const p = await openPage(b.browser, t.url, now);
    pages.push(p);
    await login(p.page, username, "password-123");
    return p;
  }

  beforeAll(async () => {
    ensureBundle();
    t = await startTestServer();
    now = new Date((await t.call<{ now: string }>("GET", "/api/test/clock", { token: t.adminToken })).body.now); // Monday 2025-03-03 09:00
    const center = (await t.call("GET", "/api/units", { token: t.adminToken })).body.find((u: any) => u.kind === "center");
    supervisor = await t.user(["supervisor"], center.id);
    reviewer = await t.user(["qa_reviewer"], center.id);
    const ops = await Promise.all([t.user(["operator"], center.id), t.user(["operator"], center.id)]);
    // History: three Tuesdays with a morning peak; and the weekend before, for this month's QA sample.
    const lines = ["externalId,startedAt,answeredAt,endedAt,operator,recordingUrl"];
    let n = 0;
    const add = (date: string, h: number, m: number, wait: number | null, op: string) => {
      const start = new Date(`${date}T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00+08:00`);
      const answered = wait === null ? "" : new Date(start.getTime() + wait * 1000).toISOString();
      const end = new Date(start.getTime() + (wait ?? 30) * 1000 + (wait === null ? 0 : 200_000)).toISOString();
      lines.push(`e2e-${++n},${start.toISOString()},${answered},${end},${wait === null ? "" : op},${wait === null ? "" : `https://rec.example.cn/${n}.wav`}`);
    };
    for (const d of ["2025-02-11", "2025-02-18", "2025-02-25"]) {
      for (let h = 0; h < 24; h++) {
        const calls = h >= 8 && h < 12 ? 40 : h >= 13 && h < 18 ? 25 : h >= 6 && h < 22 ? 8 : 2;
        for (let i = 0; i < calls; i++) add(d, h, Math.floor((i * 60) / calls), i % 17 === 0 ? null : 5 + (i % 20), ops[i % 2]!.username);
      }
    }
    for (const d of ["2025-03-01", "2025-03-02"]) for (let h = 0; h < 24; h += 3) add(d, h, 10, 6, ops[h % 2]!.username);
    const res = await fetch(`${t.url}/api/calls/import`, { method: "POST", headers: { authorization: `Bearer ${t.adminToken}`, "content-type": "text/csv" }, body: lines.join("\n") });
    expect(res.status).toBe(201);
    b = await launch();
  }, 300_000);

  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await b?.close();
    await t?.close();
  });

  it("shows the next day's staffing curve and shift plan, and the connection card", async () => {
    const { page, errors } = await as(supervisor.username);
    await page.goto("/call-center");
    await page.getByRole("tab", { name: "排班预测" }).click();
    await page.getByTestId("staffing-curve").locator("canvas").waitFor();
    await poll(async () => (await page.getByTestId("staffing-summary").textContent()) ?? "").toMatch(/[1-9]\d* 通 \/ [1-9]\d* 席/);
    await poll(() => page.getByTestId("shift-plan").locator("tbody tr").count()).toBeGreaterThan(0);
    await shot(page, "call-center-staffing-1440");
    await page.setViewportSize({ width: 1280, height: 720 });
    await shot(page, "call-center-staffing-1280");
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByRole("tab", { name: "接通率" }).click();
    await page.getByTestId("connection-card").waitFor();
    await page.goto("/dashboard");
    await page.getByTestId("connection-card").waitFor();
    await shot(page, "call-center-dashboard-card");
    expect(errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });

  it("a QA reviewer draws the month's sample and scores a call", async () => {
    const { page } = await as(reviewer.username);
    await page.goto("/call-center");
    await page.getByRole("tab", { name: "质检与培训" }).click();
    await page.getByTestId("qa-draw").click();
    await poll(() => page.getByTestId("qa-samples").locator("tbody tr.ant-table-row").count()).toBeGreaterThan(0);
    const button = page.getByTestId("qa-samples").getByRole("button", { name: /评\s*分/ }).first();
    await button.click();
    const dialog = page.locator(".ant-modal-content").last();
    await dialog.getByText("收听录音").waitFor();
    await page.getByTestId("qa-score-correctness").fill("40");
    await page.getByTestId("qa-comment").fill("答复口径与知识库不一致");
    await shot(page, "call-center-qa-review");
    await dialog.locator(".ant-modal-footer .ant-btn-primary").click();
    await dialog.waitFor({ state: "detached" });
    await poll(async () => (await page.getByTestId("qa-samples").textContent()) ?? "").toContain("不合格");
    await poll(async () => (await page.getByTestId("qa-operators").textContent()) ?? "").toContain("75");
    await page.setViewportSize({ width: 1280, height: 720 });
    await shot(page, "call-center-qa-1280");
  });
});
