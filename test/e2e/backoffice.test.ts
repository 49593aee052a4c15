import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { SYSTEM } from "../../src/cases/timeline";
import { caseBody, createTestApp, TEST_NOW, type TestApp } from "../helpers/app";
import { hasBrowser, launchBrowser, seriousViolations, signIn } from "../helpers/browser";

// The back office and the creditor portal driven in Chromium, each test in its own browser context.

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(path.resolve("web/dist/index.html")))
    throw new Error("web/dist is missing: run `npm run build:web`");
  t = await createTestApp();
  // Three cases of creditor A with clearly different expected values (same age, different balances).
  for (const [ref, name, cents] of [
    ["Q-BIG", "Grosse Créance SA", 900_000],
    ["Q-MID", "Moyenne Créance SARL", 300_000],
    ["Q-LOW", "Petite Créance EURL", 60_000],
  ] as const) {
    const body = caseBody(ref, {
      debtor: { kind: "company", companyName: name },
      claims: [
        {
          number: `F-${ref}`,
          issueDate: "2026-10-01",
          dueDate: "2026-11-01",
          principal: { amount: cents, currency: "EUR" },
        },
      ],
    });
    await createCase(t.database.db, t.creditors.a.id, createCaseSchema.parse(body), SYSTEM, TEST_NOW);
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
  await signIn(page, base, email, t.passwords[email]!);
}

describe.skipIf(!hasBrowser)("back office and creditor portal", () => {
  it("lets an agent walk the queue with the keyboard, open a case, put it on hold and see the event", async () => {
    const context = await browser.newContext({ reducedMotion: "reduce" });
    const page = await context.newPage();
    await login(page, "agent@test.example");
    await page.waitForURL(/\/backoffice$/);
    const rows = page.getByRole("table", { name: "File de travail" }).locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    // Ranked by expected value: the biggest balance first.
    expect(await rows.nth(0).textContent()).toContain("Grosse Créance SA");
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    expect(await rows.nth(1).getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/backoffice\/cases\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 10_000 })
      .toMatch(/^Dossier /);
    expect(await page.getByText("Moyenne Créance SARL").count()).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Mettre en attente" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Motif").selectOption("appointment");
    await dialog.getByLabel("Commentaire (facultatif)").fill("Rendez-vous téléphonique jeudi");
    await dialog.getByRole("button", { name: "Valider" }).click();
    const timeline = page.getByRole("list", { name: "Historique" });
    await expect.poll(() => timeline.textContent(), { timeout: 10_000 }).toContain("Dossier suspendu");
    expect(await timeline.textContent()).toContain("Rendez-vous téléphonique jeudi");
    expect(await page.getByRole("button", { name: "Lever l'attente" }).count()).toBe(1);
    // The dialog is gone (not caught half-faded) before the page is checked.
    await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it("lets a creditor submit a single case with the form and find it in the list, then export it as CSV", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await login(page, "ca@a.example");
    await page.waitForURL(/\/creditor/);
    await page.goto(`${base}/creditor/submit`);
    await page.getByLabel(/^Votre référence/).fill("FORM-0001");
    await page.getByLabel(/^Raison sociale/).fill("Menuiserie Formulaire SARL");
    await page.getByLabel(/^N° de facture/).fill("FF-2026-77");
    await page.getByLabel(/^Émise le/).fill("2026-09-01");
    await page.getByLabel(/^Échéance/).fill("2026-10-01");
    await page.getByLabel(/^Montant TTC/).fill("845,20");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Confier le dossier" }).click();
    await expect
      .poll(() => page.getByRole("status").textContent(), { timeout: 10_000 })
      .toContain("Dossier créé");

    await page.goto(`${base}/creditor/cases`);
    await expect
      .poll(() => page.getByText("Menuiserie Formulaire SARL").count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await page.getByText("FORM-0001").count()).toBeGreaterThan(0);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Exporter en CSV" }).click(),
    ]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^\uFEFFreference;external_ref;/);
    const line = csv.split("\r\n").find((l) => l.includes("FORM-0001"));
    expect(line).toContain("Menuiserie Formulaire SARL");
    // A business debtor: the 40 € indemnity (D441-5) is part of the balance.
    expect(line).toContain(";885.20;EUR;");
    await context.close();
  });
});
