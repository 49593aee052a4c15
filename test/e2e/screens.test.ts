import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentStore } from "../../src/cases/documents";
import { type DemoLogins, seedDemo } from "../../src/cli/demo-data";
import { engineDeps } from "../../src/cli/engine";
import { seedDefaultScenarios } from "../../src/collection/scenario-store";
import { runUntil } from "../../src/collection/worker";
import { systemClock, VirtualClock } from "../../src/platform/clock";
import { loadConfig } from "../../src/platform/config";
import type { Database } from "../../src/platform/db/client";
import { queryRows } from "../../src/platform/db/rows";
import { buildServer } from "../../src/platform/http/server";
import type { App } from "../../src/platform/http/types";
import { createLiveEvents, type LiveEvents } from "../../src/platform/live-events";
import { createLogger } from "../../src/platform/logger";
import { seedDefaultPersonas } from "../../src/voice/personas/persona-store";
import { hasBrowser, launchBrowser, SCREENSHOTS, screenshot, signIn } from "../helpers/browser";
import { createTestDatabase } from "../helpers/db";
import { startWatchedCall } from "../voice/live-call-helpers";

// The main screens on the demo agency (what `npm start` loads), after the collection engine has worked
// it for two days: every screen shows real content. With RELANCE_SCREENSHOTS=1 this walk also saves
// docs/screenshots/*.png (see the README's "Screens").

let database: Database;
let app: App;
let browser: Browser;
let base: string;
let logins: DemoLogins;
let dataDir: string;
let live: LiveEvents;

beforeAll(async () => {
  if (SCREENSHOTS) mkdirSync(path.resolve("docs/screenshots"), { recursive: true });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "relance-screens-"));
  database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    RELANCE_SECRET: "s".repeat(40),
    RELANCE_DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
  });
  const now = new Date();
  // What `relance start` does on an empty database.
  await seedDefaultScenarios(database.db);
  await seedDefaultPersonas(database.db, now);
  logins = await seedDemo(database.db, now, 120, documentStore(dataDir));
  // Two days of the engine, so the sandbox inbox and the timelines hold what it sent.
  const clock = new VirtualClock(now);
  await runUntil(
    engineDeps(database.db, () => clock.now(), config),
    clock,
    new Date(now.getTime() + 2 * 86_400_000),
  );
  // The browser judges cookie expiry by its own clock: the server runs on real time.
  const logger = createLogger({ level: "silent" });
  live = createLiveEvents(database, logger);
  app = await buildServer({ config, database, clock: systemClock, logger, live });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await live?.close();
  await database?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function session(email: string): Promise<Page> {
  const user = logins.users.find((u) => u.email === email);
  if (!user) throw new Error(`${email} is not a demo login`);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  await signIn(page, base, user.email, user.password);
  return page;
}

/** Lets late queries land before a screenshot; screens that poll never go quiet, so this waits at most 5 s. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
}

/** Opens a screen, waits for its level-1 heading and at least `rows` table rows (0: no table), saves it. */
async function visit(page: Page, url: string, name: string, heading: RegExp, rows = 0): Promise<void> {
  await page.goto(`${base}${url}`);
  await expect
    .poll(() => page.getByRole("heading", { level: 1 }).first().textContent(), { timeout: 20_000 })
    .toMatch(heading);
  if (rows > 0)
    await expect
      .poll(() => page.locator("tbody tr").count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(rows);
  await settle(page);
  await screenshot(page, name);
}

describe.skipIf(!hasBrowser)("main screens on the demo agency", () => {
  it("shows the agency's work queue, a case, live calls, the calendar, the set-up and the sandbox inbox", async () => {
    const page = await session("admin@relance.example");
    await visit(page, "/backoffice", "backoffice-work-queue", /.+/, 10);
    // The first row is selected: Enter opens it, as an agent would.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/backoffice\/cases\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 20_000 })
      .toMatch(/^Dossier /);
    await settle(page);
    await screenshot(page, "backoffice-case");
    // A voice agent's call in progress on a demo case with a mobile number, two turns in.
    const [target] = await queryRows<{ caseId: string; creditorId: string }>(
      database.db,
      sql`select c.id as "caseId", c.creditor_id as "creditorId" from cases c
          join contact_points p on p.debtor_id = c.debtor_id and p.kind = 'phone' and p.status <> 'invalid'
          where c.status = 'active' order by c.created_at limit 1`,
    );
    if (!target) throw new Error("the demo has no active case with a phone");
    const call = await startWatchedCall(database, live, { ...target, now: () => new Date() });
    await page.goto(`${base}/backoffice/live`);
    await call.start();
    await call.hear("oui c'est moi");
    await call.hear("je ne peux pas tout payer ce mois-ci");
    const transcript = page.getByRole("log").first();
    await expect.poll(() => transcript.textContent(), { timeout: 20_000 }).toContain("ce mois-ci");
    // The transcript outgrows its box and follows the conversation: the latest line is in view.
    const gapBelow = () =>
      transcript.evaluate((log) => {
        type Box = { scrollHeight: number; scrollTop: number; clientHeight: number };
        const box = log.closest(".mantine-ScrollArea-viewport") as unknown as Box;
        return box.scrollHeight > box.clientHeight ? box.scrollHeight - box.scrollTop - box.clientHeight : -1;
      });
    await expect.poll(gapBelow, { timeout: 5_000 }).toBeGreaterThanOrEqual(0);
    await expect.poll(gapBelow, { timeout: 5_000 }).toBeLessThan(24);
    await settle(page);
    await screenshot(page, "backoffice-live");
    await call.finish();
    await visit(page, "/backoffice/calendar", "backoffice-calendar", /.+/);
    await visit(page, "/backoffice/setup", "backoffice-setup", /.+/);
    await visit(page, "/backoffice/sandbox", "backoffice-sandbox-inbox", /.+/, 1);
    await page.context().close();
  }, 120_000);

  it("shows a creditor its dashboard, cases and money", async () => {
    const page = await session("recouvrement@energieverte.example");
    await visit(page, "/creditor", "creditor-dashboard", /.+/);
    await visit(page, "/creditor/cases", "creditor-cases", /.+/, 10);
    await visit(page, "/creditor/money", "creditor-money", /.+/, 1);
    await page.context().close();
  }, 120_000);

  it("shows a debtor the portal after the identity check", async () => {
    const link = logins.portalLinks.find((l) => l.creditor === "ENERGIEVERTE");
    if (!link) throw new Error("the demo has no portal link for ENERGIEVERTE");
    // Debtors open the portal from a text message: a phone's viewport.
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      reducedMotion: "reduce",
    });
    const page = await context.newPage();
    await page.goto(`${base}${link.path}`);
    await page.getByLabel(/^Code postal/).fill(link.identity.postalCode!);
    await page.getByLabel(/^Numéro de facture/).fill(link.identity.invoiceNumber!);
    await page.getByRole("button", { name: "Accéder à mon dossier" }).click();
    await expect
      .poll(() => page.getByRole("button", { name: "Payer", exact: true }).count(), { timeout: 20_000 })
      .toBe(1);
    await settle(page);
    await screenshot(page, "portal");
    await context.close();
  }, 120_000);
});
