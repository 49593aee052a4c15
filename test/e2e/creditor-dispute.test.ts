import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cases, documents } from "../../src/cases/schema";
import { recordDispute } from "../../src/portal/record-dispute";
import { disputes } from "../../src/portal/schema";
import { hasBrowser, seriousViolations, signIn, webAppForFile } from "../helpers/browser";
import { makeCase, store } from "../payments/fixtures";

// A creditor finds the dispute waiting for it on the case page and rejects it with a proof document.

const web = webAppForFile();

describe.skipIf(!hasBrowser)("creditor portal disputes", () => {
  it("a creditor answers a dispute: rejects it with a justification and a proof, and collection resumes", async () => {
    const { caseId } = await makeCase(web.t, "E2E-DSP-1");
    const { disputeId } = await recordDispute(
      { db: web.t.database.db, documents: store() },
      caseId,
      { reason: "not_received", comment: "Jamais reçu la commande", claimIds: [] },
      [],
      { type: "debtor", id: null },
      web.t.clock.now(),
    );
    const context = await web.browser.newContext({ reducedMotion: "reduce" });
    const page = await context.newPage();
    await signIn(page, web.base, "ca@a.example", web.t.passwords["ca@a.example"]!);
    await page.goto(`${web.base}/creditor/cases/${caseId}`);
    const section = page.getByRole("region", { name: "Contestation en attente de votre réponse" });
    await expect.poll(() => section.count(), { timeout: 15_000 }).toBe(1);
    expect(await section.textContent()).toContain("marchandise ou service non reçu");
    expect(await section.textContent()).toContain("Jamais reçu la commande");
    expect(await seriousViolations(page)).toEqual([]);

    await section.getByRole("button", { name: "Envoyer ma réponse" }).click();
    await expect.poll(() => section.getByRole("alert").textContent()).toContain("10 caractères");
    await section.getByLabel("Justification").fill("Bon de livraison signé par le client le 3 juin.");
    await section.getByLabel(/^Justificatifs/).setInputFiles({
      name: "bon-de-livraison.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n% bon de livraison signé\n%%EOF\n"),
    });
    await section.getByRole("button", { name: "Envoyer ma réponse" }).click();
    await expect.poll(() => section.count(), { timeout: 15_000 }).toBe(0);
    const timeline = page.getByRole("list", { name: "Historique" });
    await expect.poll(() => timeline.count(), { timeout: 10_000 }).toBe(1);

    const [d] = await web.t.database.db.select().from(disputes).where(eq(disputes.id, disputeId));
    expect(d).toMatchObject({ status: "rejected" });
    expect(d!.answer!.justification).toContain("Bon de livraison");
    const [doc] = await web.t.database.db
      .select()
      .from(documents)
      .where(eq(documents.id, d!.answer!.documentIds[0]!));
    expect(doc).toMatchObject({ filename: "bon-de-livraison.pdf", caseId });
    const [c] = await web.t.database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c).toMatchObject({ status: "active", holdReason: null });
    await context.close();
  }, 90_000);
});
