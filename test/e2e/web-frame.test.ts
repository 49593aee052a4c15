import { existsSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { documentStore } from "../../src/cases/documents";
import { agency, creditors } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { applyPayment } from "../../src/payments/apply-payment";
import { markRemittance } from "../../src/payments/mark-remittance";
import { runRemittance } from "../../src/payments/run-remittance";
import { caseBody, createTestApp, TEST_NOW, type TestApp } from "../helpers/app";
import { hasBrowser, launchBrowser, signIn } from "../helpers/browser";

// The web app served by the platform, driven in Chromium: login, the role's own portal, its cases.

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(path.resolve("web/dist/index.html")))
    throw new Error("web/dist is missing: run `npm run build:web`");
  t = await createTestApp();
  const caseIds: string[] = [];
  for (const [creditor, ref, name] of [
    [t.creditors.a.id, "WEB-A", "Boulangerie Alpha SARL"],
    [t.creditors.b.id, "WEB-B", "Garage Bêta SAS"],
  ] as const) {
    const body = caseBody(ref, { debtor: { kind: "company", companyName: name } });
    caseIds.push(
      (await createCase(t.database.db, creditor, createCaseSchema.parse(body), SYSTEM, TEST_NOW)).caseId,
    );
  }
  // Money for A: one payment paid over (with its statement), one still held.
  await t.database.db.insert(agency).values({
    name: "Relance Recouvrement",
    address: { line1: "18 rue de la Bourse", postalCode: "69002", city: "Lyon", country: "FR" },
    trustIban: "FR7630004000031234567890143",
  });
  await t.database.db
    .update(creditors)
    .set({ remittanceIban: "FR7630006000011234567890189" })
    .where(eq(creditors.id, t.creditors.a.id));
  const pay = (providerRef: string, amountCents: number) =>
    applyPayment(
      { db: t.database.db, documents: documentStore(t.config.dataDir) },
      {
        caseId: caseIds[0]!,
        provider: "manual",
        providerRef,
        amountCents,
        currency: "EUR",
        encashedAt: TEST_NOW,
      },
      SYSTEM,
      TEST_NOW,
    );
  await pay("web-1", 30_000);
  const run = await runRemittance(
    t.database.db,
    { creditorId: t.creditors.a.id, dryRun: false, by: "test" },
    TEST_NOW,
  );
  await markRemittance(
    t.database.db,
    { runId: run.run!.id },
    { kind: "paid", executedOn: "2026-11-20" },
    TEST_NOW,
  );
  await pay("web-2", 12_000);
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
  await signIn(page, base, email, t.passwords[email]!);
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

  it("shows a creditor its money: totals, statements, payments with receipts, the mandate", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, "ca@a.example");
    await page.waitForURL(/\/creditor/);
    await page.goto(`${base}/creditor/money`);
    await expect
      .poll(() => page.getByRole("heading", { name: "Paiements reçus" }).count(), { timeout: 15_000 })
      .toBe(1);
    await expect
      .poll(() => page.getByRole("link", { name: /^Quittance Q/ }).count(), { timeout: 15_000 })
      .toBe(2);
    expect(await page.getByText("À reverser").count()).toBe(1);
    // 300 € less 15 % and the VAT on it.
    expect(await page.getByTestId("money-remitted").textContent()).toContain("246,00");
    // The transfer's state at the bank, with the bank's execution date.
    const state = page.getByTestId(/^remittance-state-REM-/);
    expect(await state.textContent()).toBe("Viré le 20 nov. 2026");
    const statement = page.getByRole("link", { name: /^Relevé REM-.* en PDF$/ });
    const res = await page.request.get(`${base}${await statement.getAttribute("href")}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    const mandate = await page.request.get(
      `${base}${await page.getByRole("link", { name: "Convention (PDF)" }).getAttribute("href")}`,
    );
    expect(mandate.status()).toBe(200);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
    ).toEqual([]);
    await page.locator("label").filter({ hasText: "English" }).click();
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toBe("Paid on 20 Nov 2026");
    await context.close();
  }, 90_000);

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
