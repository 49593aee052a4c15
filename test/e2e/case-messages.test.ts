import { describe, expect, it } from "vitest";
import { hasBrowser, seriousViolations, signIn, webAppForFile } from "../helpers/browser";
import { makeCase } from "../payments/fixtures";

// A creditor writes to its collector from the case page; the collector's answer shows up live.

const web = webAppForFile();

describe.skipIf(!hasBrowser)("case message thread", () => {
  it("a creditor writes to the collector, sees the answer and marks it read", async () => {
    const { caseId } = await makeCase(web.t, "E2E-MSG-1");
    const context = await web.browser.newContext({ reducedMotion: "reduce" });
    const page = await context.newPage();
    await signIn(page, web.base, "ca@a.example", web.t.passwords["ca@a.example"]!);
    await page.goto(`${web.base}/creditor/cases/${caseId}`);
    const section = page.getByRole("region", { name: "Messages avec votre chargé de recouvrement" });
    await expect.poll(() => section.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => section.textContent()).toContain("Aucun message");

    await section.getByRole("button", { name: "Envoyer" }).click();
    await expect.poll(() => section.getByRole("alert").textContent()).toContain("Écrivez un message");
    await section.getByLabel("Votre message").fill("Le débiteur a-t-il répondu ?");
    await section.getByRole("button", { name: "Envoyer" }).click();
    const thread = section.getByRole("list", { name: "Fil des messages" });
    await expect
      .poll(() => thread.textContent(), { timeout: 10_000 })
      .toContain("Le débiteur a-t-il répondu ?");

    const agent = await web.t.login("agent@test.example");
    const reply = await web.t.request("POST", `/api/agency/cases/${caseId}/messages`, {
      auth: agent,
      body: { body: "Il promet un virement vendredi." },
    });
    expect(reply.statusCode).toBe(201);
    await expect
      .poll(() => thread.textContent(), { timeout: 15_000 })
      .toContain("Il promet un virement vendredi.");
    expect(await section.textContent()).toContain("1 non lu");
    expect(await seriousViolations(page)).toEqual([]);

    // The case list shows the waiting answer beside the case's reference, and nothing on other cases.
    await page.goto(`${web.base}/creditor/cases`);
    const row = page.locator("tbody tr", { hasText: "1 message non lu" });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByText(/messages? non lus?/).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.goBack();

    await section.getByRole("button", { name: "Marquer comme lu" }).click();
    await expect.poll(() => section.textContent(), { timeout: 10_000 }).not.toContain("non lu");
    await context.close();
  }, 90_000);
});
