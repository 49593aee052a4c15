import { existsSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { SYSTEM } from "../../src/cases/timeline";
import { caseBody, createTestApp, TEST_NOW, type TestApp } from "../helpers/app";
import { hasBrowser, launchBrowser } from "../helpers/browser";

// The web app served by the platform, driven in Chromium: login, the role's own portal, its cases.

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(path.resolve("web/dist/index.html")))
    throw new Error("web/dist is missing: run `npm run build:web`");
  t = await createTestApp();
  for (const [creditor, ref, name] of [
    [t.creditors.a.id, "WEB-A", "Boulangerie Alpha SARL"],
    [t.creditors.b.id, "WEB-B", "Garage Bêta SAS"],
  ] as const) {
    const body = caseBody(ref, { debtor: { kind: "company", companyName: name } });
    await createCase(t.database.db, creditor, createCaseSchema.parse(body), SYSTEM, TEST_NOW);
  }
  // The browser judges cookie expiry by its own clock: sessions must be issued in real time.
  t.clock.set(new Date());
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function login(page: Page, email: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel(/^Mot de passe/).fill(t.passwords[email]!);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

describe.skipIf(!hasBrowser)("web app", () => {
  it("logs an agent into the back office, which lists every creditor's cases", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, "agent@test.example");
    await page.waitForURL(/\/backoffice/);
    await page.goto(`${base}/backoffice/cases`);
    await expect
      .poll(() => page.getByText("Boulangerie Alpha SARL").count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await page.getByText("Garage Bêta SAS").count()).toBeGreaterThan(0);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
    ).toEqual([]);
    await context.close();
  });

  it("logs a creditor into its own portal and shows only its own cases", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, "ca@a.example");
    await page.waitForURL(/\/creditor/);
    await page.goto(`${base}/creditor/cases`);
    await expect
      .poll(() => page.getByText("Boulangerie Alpha SARL").count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await page.getByText("Garage Bêta SAS").count()).toBe(0);
    // The back office is not for creditors: the guard sends them back to their portal.
    await page.goto(`${base}/backoffice/cases`);
    await page.waitForURL(/\/creditor/);
    await context.close();
  });

  it("tells the user when the password is wrong", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel("Adresse e-mail").fill("agent@test.example");
    await page.getByLabel(/^Mot de passe/).fill("not-the-password");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: 10_000 }).toMatch(/\S/);
    expect(page.url()).toContain("/login");
    await context.close();
  });
});
