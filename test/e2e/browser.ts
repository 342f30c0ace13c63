import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = join(process.cwd(), "test-artifacts");

/** Flags that keep a headless Chromium off the network and quiet (no sync, updates or background fetches). */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
];

export interface E2EBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium. playwright-core refuses a --user-data-dir argument on launch(); it gives every
 * launch its own fresh temporary profile instead (and removes it on close), and each context below is isolated.
 */
export async function launch(): Promise<E2EBrowser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return { browser, close: () => browser.close() };
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
}

/** A fresh browser context (its own localStorage, so its own session) that records console errors. */
export async function openPage(browser: Browser, baseURL: string, now: Date): Promise<UserPage> {
  const context = await browser.newContext({ baseURL, locale: "zh-CN", viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  // The server runs on a test clock; the browser shows countdowns against the same time.
  await page.clock.setFixedTime(now);
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  // Chromium's console line for a failed request does not name the URL; record it next to the error.
  page.on("response", (res) => {
    if (res.status() >= 400) errors.push(`(request) ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  return { context, page, errors };
}

/** Signs in through the login form and waits for the landing screen. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.getByTestId("current-user").waitFor();
}

/** Saves a full-page screenshot to test-artifacts/ (git-ignored). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.waitForFunction(() => document.querySelectorAll(".ant-spin-spinning").length === 0, undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
