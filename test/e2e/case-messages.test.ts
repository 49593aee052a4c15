import { describe, expect, it } from "vitest";
import { hasBrowser, seriousViolations, signIn, webAppForFile } from "../helpers/browser";
import { makeCase } from "../payments/fixtures";

// A creditor writes to its collector from the case page; the collector's answer shows up live.

const web = webAppForFile();

describe.skipIf(!hasBrowser)("case message thread", () => {
  it("a creditor writes to the collector, sees the answer, which counts as read once shown", async () => {
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

    // The collector answers while the creditor is on the case list: the list shows the waiting answer
    // beside the case's reference, and nothing on other cases.
    await page.goto(`${web.base}/creditor/cases`);
    const agent = await web.t.login("agent@test.example");
    const reply = await web.t.request("POST", `/api/agency/cases/${caseId}/messages`, {
      auth: agent,
      body: { body: "Il promet un virement vendredi." },
    });
    expect(reply.statusCode).toBe(201);
    const row = page.locator("tbody tr", { hasText: "1 message non lu" });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByText(/messages? non lus?/).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // Opening the case shows the answer marked new; once the thread has been on screen it counts as read.
    await page.goBack();
    await expect
      .poll(() => thread.textContent(), { timeout: 15_000 })
      .toContain("Il promet un virement vendredi.");
    await expect.poll(() => thread.textContent(), { timeout: 10_000 }).toContain("Nouveau");
    const unreadNow = async () =>
      (
        await web.t.request("GET", `/api/v1/cases/${caseId}/messages`, {
          auth: { key: web.t.creditors.a.key },
        })
      ).json().unread;
    await expect.poll(unreadNow, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => section.textContent(), { timeout: 10_000 }).not.toContain("non lu");
    expect(await seriousViolations(page)).toEqual([]);

    // An answer that arrives while the thread is on screen is read there and then, and says it is new.
    const second = await web.t.request("POST", `/api/agency/cases/${caseId}/messages`, {
      auth: agent,
      body: { body: "Virement reçu, merci." },
    });
    expect(second.statusCode).toBe(201);
    await expect.poll(() => thread.textContent(), { timeout: 15_000 }).toContain("Virement reçu, merci.");
    await expect.poll(unreadNow, { timeout: 10_000 }).toBe(0);
    // The collector's side still sees that the creditor has nothing unread from it, and its own
    // count of the creditor's first message.
    const agencyThread = await web.t.request("GET", `/api/agency/cases/${caseId}/messages`, { auth: agent });
    expect(agencyThread.json().unread).toBe(1);
    await context.close();
  }, 90_000);
});
