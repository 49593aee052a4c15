import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getPersona } from "../../src/voice/personas/persona-store";
import { hasBrowser, seriousViolations, signIn, webAppForFile } from "../helpers/browser";

// The set-up area's voice agents and message templates, driven in Chromium.

const web = webAppForFile();

async function openTab(page: Page, email: string, tab: string): Promise<void> {
  page.setDefaultTimeout(15_000);
  await signIn(page, web.base, email, web.t.passwords[email]!);
  await page.goto(`${web.base}/backoffice/setup`);
  await page.getByRole("tab", { name: tab }).click();
}

const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000 });

describe.skipIf(!hasBrowser)("set-up: voice agents and templates", () => {
  it("an admin edits an opening, sees it saved and previewed, and cannot remove the AI disclosure", {
    timeout: 90_000,
  }, async () => {
    const context = await web.browser.newContext({ reducedMotion: "reduce" });
    const page = await context.newPage();
    await openTab(page, "admin@test.example", "Agents vocaux");
    const opening = page.getByLabel("Ouverture 1", { exact: true });
    await poll(() => opening.inputValue()).toContain("{disclosure}");
    // Both languages are previewed side by side, disclosure included, as the policy says it.
    const fr = page.getByRole("region", { name: "Aperçu en français" });
    const en = page.getByRole("region", { name: "Aperçu en anglais" });
    await poll(() => fr.textContent()).toContain(
      "Je suis un assistant vocal doté d'intelligence artificielle.",
    );
    await poll(() => en.textContent()).toContain(
      "I am a voice assistant powered by artificial intelligence.",
    );
    expect(await fr.textContent()).toContain("Sur répondeur");
    // The form shows the persona's goals and tools; the ones the law keeps are ticked and locked.
    expect(await page.getByLabel("Vérifier que le lien de paiement est arrivé").isChecked()).toBe(true);
    expect(await page.getByLabel("Exposer les suites légales possibles").isChecked()).toBe(false);
    expect(await page.getByLabel("Proposer un échéancier").isChecked()).toBe(false);
    expect(await page.getByLabel("Enregistrer une contestation").isChecked()).toBe(true);
    expect(await page.getByLabel("Enregistrer une contestation").isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    const before = await getPersona(web.t.database.db, "courteous", "fr");
    await opening.fill("Bonjour, c'est {persona} qui vous appelle pour le cabinet {agency}. {disclosure}");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "Agent vocal enregistré." }).count()).toBe(1);
    await poll(() => fr.textContent()).toContain("Bonjour, c'est Lucien qui vous appelle pour le cabinet");
    const saved = await getPersona(web.t.database.db, "courteous", "fr");
    expect(saved.lines.opening[0]).toBe(
      "Bonjour, c'est {persona} qui vous appelle pour le cabinet {agency}. {disclosure}",
    );
    // The rest of the persona went back as it came.
    expect({ ...saved, lines: before.lines }).toEqual(before);
    // Persisted: a fresh page shows the saved line.
    await page.reload();
    await page.getByRole("tab", { name: "Agents vocaux" }).click();
    await poll(() => page.getByLabel("Ouverture 1", { exact: true }).inputValue()).toContain(
      "c'est {persona}",
    );

    // Without the disclosure the server refuses, and the refusal is shown under the line and explained.
    await page
      .getByLabel("Ouverture 1", { exact: true })
      .fill("Bonjour, c'est {persona} du cabinet {agency}.");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Modification refusée" });
    await poll(() => alert.textContent()).toContain("ne peuvent pas être retirés");
    expect(await alert.textContent()).toContain("Ouverture 1 : doit contenir la mention « agent IA »");
    await poll(() => page.getByLabel("Ouverture 1", { exact: true }).getAttribute("aria-invalid")).toBe(
      "true",
    );
    expect((await getPersona(web.t.database.db, "courteous", "fr")).lines.opening[0]).toContain(
      "{disclosure}",
    );
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it("an agent reads the voice agents but has no save button", async () => {
    const context = await web.browser.newContext({ reducedMotion: "reduce" });
    const page = await context.newPage();
    await openTab(page, "agent@test.example", "Agents vocaux");
    await poll(() => page.getByLabel("Ouverture 1", { exact: true }).count()).toBe(1);
    expect(await page.getByLabel("Ouverture 1", { exact: true }).getAttribute("readonly")).not.toBeNull();
    expect(await page.getByRole("button", { name: "Enregistrer" }).count()).toBe(0);
    expect(await page.getByText("Seuls les administrateurs et les responsables").count()).toBeGreaterThan(0);
    await context.close();
  });

  it("the templates tab previews the French and English versions side by side, per channel", {
    timeout: 90_000,
  }, async () => {
    const context = await web.browser.newContext({ reducedMotion: "reduce" });
    const page = await context.newPage();
    await openTab(page, "admin@test.example", "Modèles de messages");
    await page.getByRole("button", { name: /^first_notice_b2b/ }).click();
    const fr = page.getByRole("region", { name: "Version française" });
    const en = page.getByRole("region", { name: "Version anglaise" });
    await poll(() => fr.textContent()).toContain("Dossier REL-2026-000042 – Demande de règlement");
    await poll(() => en.textContent()).toContain("REL-2026-000042");
    const frame = page.frameLocator('iframe[title="E-mail en français"]');
    await poll(() => frame.locator("body").textContent()).toContain("Fournitures Pro du Rhône SAS");
    expect(await page.locator('iframe[title="E-mail en anglais"]').getAttribute("sandbox")).toBe("");
    // The email itself sits in a frame that may run no script, where axe cannot go; the page around it is checked.
    expect(await seriousViolations(page, { exclude: ["iframe[sandbox]"] })).toEqual([]);

    await page.locator("label", { hasText: /^SMS$/ }).click();
    await page.getByRole("button", { name: /^payment_link_sms/ }).click();
    await poll(() => en.textContent()).toMatch(/letter REL-2026-000042 of 23\/11\/2026/);
    expect(await en.textContent()).toMatch(/GSM-7\d+ caractères, 2 SMS/);

    await page.locator("label", { hasText: /^Courrier$/ }).click();
    await page.getByRole("button", { name: /^formal_notice(?!_b2b)/ }).click();
    const pdf = fr.getByRole("link", { name: "Ouvrir le courrier PDF (français)" });
    await poll(() => pdf.getAttribute("href")).toBe(
      "/api/agency/templates/formal_notice/letter.pdf?locale=fr",
    );
    const res = await page.request.get(`${web.base}/api/agency/templates/formal_notice/letter.pdf?locale=fr`);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
