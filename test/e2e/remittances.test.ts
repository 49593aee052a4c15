import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cases, creditors } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { applyPayment } from "../../src/payments/apply-payment";
import { remittances } from "../../src/payments/schema";
import { createEndpoint } from "../../src/webhooks/endpoints";
import { webhookDeliveries } from "../../src/webhooks/schema";
import { hasBrowser, seriousViolations, signIn, webAppForFile } from "../helpers/browser";
import { makeCase, store } from "../payments/fixtures";

// The back office's Remittances page: the one-month check, a run prepared from the screen, its
// transfer file, the bank's answers marked (the run sent, then one creditor's transfer rejected), and
// the creditor told on its Money page.

const web = webAppForFile();
const DAY = 86_400_000;

async function heading(page: Page, text: string | RegExp) {
  await expect
    .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
    .toMatch(text);
}

/** A payment on a fresh case of creditor a, encashed `daysAgo` days ago. */
async function paid(ref: string, cents: number, daysAgo: number) {
  const t = web.t;
  const { caseId } = await makeCase(t, ref);
  const encashedAt = new Date(t.clock.now().getTime() - daysAgo * DAY);
  await applyPayment(
    { db: t.database.db, documents: store() },
    { caseId, provider: "manual", providerRef: ref, amountCents: cents, currency: "EUR", encashedAt },
    SYSTEM,
    t.clock.now(),
  );
  return caseId;
}

describe.skipIf(!hasBrowser)("remittances in the back office", () => {
  it("prepares a run, marks it sent, rejects one transfer, and the creditor sees the notice", async () => {
    const t = web.t;
    const db = t.database.db;
    const admin = await t.login("admin@test.example");
    const saved = await t.request("PUT", "/api/agency/settings", {
      auth: admin,
      body: {
        name: "Relance Recouvrement",
        address: { line1: "18 rue de la Bourse", postalCode: "69002", city: "Lyon", country: "FR" },
        trustIban: "FR7630004000031234567890143",
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await db
      .update(creditors)
      .set({ remittanceIban: "FR7630006000011234567890189" })
      .where(eq(creditors.id, t.creditors.a.id));
    const { endpoint } = await createEndpoint(
      db,
      t.creditors.a.id,
      { url: "https://hooks.example.test/remit", description: "", eventTypes: ["remittance.rejected"] },
      "test-secret-0123456789abcdef0123456789abcdef",
      t.clock.now(),
    );
    // Encashed 28 days ago: two days before the one-month deadline (R124-6).
    const caseId = await paid("REMIT-E2E-A", 45_000, 28);
    const [{ reference: caseReference }] = (await db
      .select({ reference: cases.reference })
      .from(cases)
      .where(eq(cases.id, caseId))) as [{ reference: string }];

    const context = await web.browser.newContext({ reducedMotion: "reduce" });
    const page = await context.newPage();
    await signIn(page, web.base, "manager@test.example", t.passwords["manager@test.example"]!);
    await page.getByRole("link", { name: "Reversements" }).click();
    await heading(page, "Reversements aux créanciers");
    const atRisk = page.getByTestId("at-risk");
    await expect.poll(() => atRisk.textContent(), { timeout: 15_000 }).toContain(caseReference);
    expect(await atRisk.textContent()).toMatch(/450,00\s€/);
    expect(await atRisk.textContent()).toMatch(/2 jours restants/);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Prévisualiser" }).click();
    const preview = page.getByTestId("run-preview");
    await expect.poll(() => preview.textContent(), { timeout: 15_000 }).toContain("CRED-A SAS");
    expect(await preview.textContent()).toContain("à reverser : délai légal proche");
    await page.getByRole("button", { name: "Préparer les virements dus" }).click();
    const status = page.getByRole("status").filter({ hasText: "préparé" });
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toMatch(/Lot RUN-.* préparé : 1 virement/);
    await expect.poll(() => page.getByTestId("at-risk-none").count(), { timeout: 15_000 }).toBe(1);

    const [rem] = await db.select().from(remittances).where(eq(remittances.creditorId, t.creditors.a.id));
    expect(rem).toMatchObject({ status: "prepared" });
    const runs = page.getByTestId("runs");
    await expect.poll(() => runs.locator("tbody tr").count(), { timeout: 15_000 }).toBe(1);
    const runReference = (await runs.locator("tbody tr td").first().textContent())!;
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: `Fichier ${runReference} (XML)` }).click(),
    ]);
    const xml = readFileSync((await download.path())!).toString("utf8");
    expect(xml).toContain("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09");
    expect(xml).toContain(`<EndToEndId>${rem!.reference}</EndToEndId>`);

    // The file goes to the bank: the whole run is marked sent.
    await page.getByRole("button", { name: `Marquer ${runReference} transmis à la banque` }).click();
    const row = page.getByTestId(`remittance-${rem!.reference}`);
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain("Transmis à la banque le");

    // The bank refuses the transfer: the reason is required.
    await page.getByRole("button", { name: `Marquer ${rem!.reference} rejeté par la banque` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Enregistrer" }).click();
    expect(await dialog.getByRole("alert").textContent()).toContain("Indiquez le motif");
    await dialog.getByLabel(/^Motif donné par la banque/).fill("AC04 compte clôturé");
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Enregistrer" }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain("Rejeté par la banque le");
    expect(await row.textContent()).toContain("Motif : AC04 compte clôturé");
    // Held again: the one-month check lists the payment again.
    await expect.poll(() => atRisk.textContent(), { timeout: 15_000 }).toContain(caseReference);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();

    const [after] = await db.select().from(remittances).where(eq(remittances.id, rem!.id));
    expect(after).toMatchObject({ status: "rejected", rejectionReason: "AC04 compte clôturé" });
    const totals = await t.request("GET", "/api/v1/money/totals", { auth: { key: t.creditors.a.key } });
    expect(totals.json().heldCents).toBe(rem!.amountCents);
    const hooks = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(hooks.map((h) => h.eventType)).toEqual(["remittance.rejected"]);

    // The creditor reads the notice on its Money page.
    const creditorContext = await web.browser.newContext({ reducedMotion: "reduce" });
    const creditorPage = await creditorContext.newPage();
    await signIn(creditorPage, web.base, "ca@a.example", t.passwords["ca@a.example"]!);
    await creditorPage.goto(`${web.base}/creditor/money`);
    const notice = creditorPage.getByTestId("rejected-transfers");
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(1);
    const text = (await notice.textContent()) ?? "";
    expect(text).toContain("Un virement ne vous est pas parvenu");
    expect(text).toContain(`Le virement ${rem!.reference}`);
    expect(text).toContain("a été rejeté par la banque le");
    expect(text).toContain("Motif : AC04 compte clôturé");
    expect(text).toContain("vous sera reversée au prochain virement");
    expect(await seriousViolations(creditorPage)).toEqual([]);
    await creditorContext.close();
  }, 120_000);
});
