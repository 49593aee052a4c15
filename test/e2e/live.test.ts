import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { SYSTEM } from "../../src/cases/timeline";
import { createPaymentLink } from "../../src/payments/payment-links";
import { sandboxPsp } from "../../src/payments/sandbox-psp";
import { caseBody } from "../helpers/app";
import { hasBrowser, signIn, webAppForFile } from "../helpers/browser";
import { startWatchedCall } from "../voice/live-call-helpers";

// Pages that follow the platform as it changes: a case page shows a payment without a reload (back
// office and creditor portal), and the live screen shows a voice call's transcript as it is said and
// alerts the agents when a voice agent transfers a debtor.

const web = webAppForFile();

async function newCase(ref: string, debtor?: Record<string, unknown>): Promise<string> {
  const body = createCaseSchema.parse(caseBody(ref, debtor ? { debtor } : {}));
  return (await createCase(web.t.database.db, web.t.creditors.a.id, body, SYSTEM, web.t.clock.now())).caseId;
}

async function signedIn(email: string, url: string): Promise<Page> {
  const context = await web.browser.newContext({ reducedMotion: "reduce" });
  const page = await context.newPage();
  await signIn(page, web.base, email, web.t.passwords[email]!);
  await page.goto(`${web.base}${url}`);
  // Changes are caused only once the page follows the live stream.
  await page.locator('[data-live="on"]').waitFor({ timeout: 15_000 });
  return page;
}

const text = async (page: Page) => ((await page.locator("main").textContent()) ?? "").replace(/\s/g, " ");

describe.skipIf(!hasBrowser)("live updates", () => {
  it("shows a payment on the open case pages of the agent and the creditor without a reload", async () => {
    const caseId = await newCase("LIVE-PAY");
    const agent = await signedIn("agent@test.example", `/backoffice/cases/${caseId}`);
    const creditor = await signedIn("ca@a.example", `/creditor/cases/${caseId}`);
    // 1 250,50 € and the 40 € indemnity of a business debtor.
    for (const page of [agent, creditor]) await expect.poll(() => text(page)).toContain("1 290,50 €");
    let navigations = 0;
    agent.on("framenavigated", () => navigations++);

    // The debtor pays 250,50 € through the embedded PSP's hosted checkout; its signed webhook applies it.
    const psp = sandboxPsp(web.t.database.db, web.base, () => web.t.clock.now());
    const link = await createPaymentLink(
      { db: web.t.database.db, psp, publicUrl: web.base },
      { caseId, amountCents: 25_050 },
      { type: "debtor", id: null },
      web.t.clock.now(),
    );
    const paid = await fetch(`${link.checkoutUrl}/pay`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
      redirect: "manual",
    });
    expect(paid.status).toBe(303);

    // Faster than the 5 s fallback poll, which is off while the stream is up.
    for (const page of [agent, creditor])
      await expect.poll(() => text(page), { timeout: 4_000, interval: 100 }).toContain("1 040,00 €");
    expect(navigations).toBe(0);
    await agent.context().close();
    await creditor.context().close();
  }, 90_000);

  it("shows a call's transcript on the live screen as it is said, and alerts on a transfer", async () => {
    const caseId = await newCase("LIVE-CALL", {
      kind: "person",
      firstName: "Camille",
      lastName: "Durand",
      phone: "06 12 34 56 78",
      address: { line1: "3 rue Neuve", postalCode: "69001", city: "Lyon", country: "FR" },
    });
    const page = await signedIn("agent@test.example", "/backoffice/live");
    await expect.poll(() => text(page)).toContain("Aucun appel en cours");

    const call = await startWatchedCall(web.t.database, web.t.live, {
      caseId,
      creditorId: web.t.creditors.a.id,
      now: () => web.t.clock.now(),
      humanAvailable: true,
    });
    await call.start();
    const card = page.getByRole("region", { name: "Vincent avec Camille" });
    const transcript = card.getByRole("log", { name: "Transcription en direct" });
    await expect
      .poll(() => transcript.textContent(), { timeout: 4_000 })
      .toContain("intelligence artificielle");
    expect(await card.textContent()).not.toContain("Durand Camille");
    await call.hear("oui c'est moi");
    await expect
      .poll(() => transcript.textContent(), { timeout: 4_000 })
      .toContain("Débiteur : oui c'est moi");

    await call.hear("je voudrais parler à un conseiller");
    const alert = page.getByRole("alert").filter({ hasText: "Appel transféré" });
    await alert.waitFor({ timeout: 4_000 });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
    ).toEqual([]);

    await alert.getByRole("button", { name: "Ouvrir le dossier" }).click();
    await page.waitForURL(new RegExp(`/backoffice/cases/${caseId}$`));
    await call.finish();
    await page.goBack();
    await expect.poll(() => text(page), { timeout: 4_000 }).toContain("Aucun appel en cours");
    await page.context().close();
  }, 90_000);
});
