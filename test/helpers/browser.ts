import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { createTestApp, type TestApp } from "./app";

export const CHROMIUM = "/usr/bin/chromium";

/** Browser tests run wherever Debian's Chromium is installed; CI sets RELANCE_REQUIRE_BROWSER so they never skip there. */
export const hasBrowser = existsSync(CHROMIUM) || process.env.RELANCE_REQUIRE_BROWSER === "1";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * The axe violations a test must not leave: serious and critical ones, each with where it was found.
 * `exclude` leaves out what axe cannot enter, such as a frame sandboxed without scripts (axe runs as a
 * script inside each frame and waits for it forever there).
 */
export async function seriousViolations(page: Page, options: { exclude?: string[] } = {}): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  for (const selector of options.exclude ?? []) builder.exclude(selector);
  const axe = await builder.analyze();
  return axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Set RELANCE_SCREENSHOTS=1 to have browser tests save the screens they walk into docs/screenshots/. */
export const SCREENSHOTS = process.env.RELANCE_SCREENSHOTS === "1";

/** Saves the page as docs/screenshots/<name>.png when RELANCE_SCREENSHOTS=1 (viewport only, 1280×800 by default). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  await page.screenshot({ path: path.resolve("docs/screenshots", `${name}.png`), animations: "disabled" });
}

/** Signs in through the login page and waits until the app has left it. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** A loopback port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface WebAppOptions {
  /**
   * Serve on a port chosen first and make it the app's PUBLIC_URL, for links the app hands out and
   * expects back: portal links in messages, the payment provider's return to the portal.
   */
  publicUrl?: boolean;
}

/**
 * A test app serving the built web app on a free loopback port, on real time (the browser judges cookie
 * expiry by its own clock), with Chromium launched.
 */
export async function startWebApp(
  options: WebAppOptions = {},
): Promise<{ t: TestApp; base: string; browser: Browser }> {
  if (!existsSync(path.resolve("web/dist/index.html")))
    throw new Error("web/dist is missing: run `npm run build:web`");
  const port = options.publicUrl ? await freePort() : 0;
  const t = await createTestApp(options.publicUrl ? { PUBLIC_URL: `http://127.0.0.1:${port}` } : {});
  t.clock.set(new Date());
  const base = await t.app.listen({ port, host: "127.0.0.1" });
  return { t, base, browser: await launchBrowser() };
}

/**
 * The web app and a browser for one test file: started before its tests, closed after. Read the fields
 * inside tests and hooks (they are set once the file's `beforeAll` ran).
 */
export function webAppForFile(options: WebAppOptions = {}): {
  readonly t: TestApp;
  readonly base: string;
  readonly browser: Browser;
} {
  const web = {} as { t: TestApp; base: string; browser: Browser };
  beforeAll(async () => {
    Object.assign(web, await startWebApp(options));
  }, 120_000);
  afterAll(async () => {
    await web.browser?.close();
    await web.t?.close();
  });
  return web;
}

/** A phone-sized window, as most debtors open their link from a text message. */
export async function phoneContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    acceptDownloads: true,
  });
  return { context, page: await context.newPage() };
}
