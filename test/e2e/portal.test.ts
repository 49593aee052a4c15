import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { cases, documents } from "../../src/cases/schema";
import {
  creditorNotifications,
  ledgerEntries,
  ledgerLines,
  paymentPlans,
  payments,
} from "../../src/payments/schema";
import { disputes } from "../../src/portal/schema";
import { caseBody, type Login } from "../helpers/app";
import { hasBrowser, phoneContext, seriousViolations, webAppForFile } from "../helpers/browser";

// The debtor portal driven in Chromium: a link issued by the agency, the identity check, then paying
// through the embedded PSP's hosted checkout, setting up a plan and disputing with a document. Each
// flow is checked on the agency's side too (timeline, ledger, receipt, creditor notice).

const web = webAppForFile({ publicUrl: true });
let agent: Login;

beforeAll(async () => {
  agent = await web.t.login("agent@test.example");
});

const PERSON = {
  kind: "person",
  firstName: "Camille",
  lastName: "Durand",
  email: "camille.durand@mail.example",
  address: { line1: "4 rue des Acacias", postalCode: "31000", city: "Toulouse", country: "FR" },
};

async function newCase(
  ref: string,
  invoices: { number: string; cents: number }[],
  debtor?: Record<string, unknown>,
): Promise<{ caseId: string; url: string }> {
  const body = caseBody(ref, {
    claims: invoices.map((inv) => ({
      number: inv.number,
      issueDate: "2026-03-01",
      dueDate: "2026-04-01",
      principal: { amount: inv.cents, currency: "EUR" },
    })),
    ...(debtor ? { debtor } : {}),
  });
  const made = await web.t.request("POST", "/api/v1/cases", { body, auth: { key: web.t.creditors.a.key } });
  expect(made.statusCode, made.body).toBe(201);
  const caseId = made.json().id as string;
  const link = await web.t.request("POST", `/api/agency/cases/${caseId}/portal-link`, { auth: agent });
  expect(link.statusCode, link.body).toBe(201);
  return { caseId, url: link.json().url as string };
}

async function heading(page: Page, text: string | RegExp): Promise<void> {
  await expect
    .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
    .toMatch(text);
}

async function timelineTypes(caseId: string): Promise<string[]> {
  const res = await web.t.request("GET", `/api/agency/cases/${caseId}`, { auth: agent });
  expect(res.statusCode).toBe(200);
  return res.json().timeline.map((e: { type: string }) => e.type);
}

/** A phone-sized window, as most debtors open the link from a text message. */
const phone = () => phoneContext(web.browser);

describe.skipIf(!hasBrowser)("debtor portal", () => {
  it("lets a private person pass the identity check, pay part through the sandbox PSP and get the receipt", async () => {
    const { caseId, url } = await newCase("PORTAL-PAY", [{ number: "EV-2026-0042", cents: 84_500 }], PERSON);
    const { context, page } = await phone();
    await page.goto(url);
    await heading(page, "Vérification de votre identité");
    expect(await seriousViolations(page)).toEqual([]);

    // A wrong answer is refused with a clear message and shows nothing of the case.
    await page.getByLabel(/^Code postal/).fill("31000");
    await page.getByLabel(/^Numéro de facture/).fill("EV-2026-9999");
    await page.getByRole("button", { name: "Accéder à mon dossier" }).click();
    await expect
      .poll(() => page.getByRole("alert").first().textContent(), { timeout: 10_000 })
      .toContain("ne correspondent pas");
    expect(await page.getByText("EV-2026-0042").count()).toBe(0);

    await page.getByLabel(/^Numéro de facture/).fill("ev 2026 0042");
    await page.getByRole("button", { name: "Accéder à mon dossier" }).click();
    await heading(page, /^Votre dossier /);
    expect(await page.getByTestId("outstanding").textContent()).toMatch(/845,00\s€/);
    expect(await page.getByText("Facture EV-2026-0042").count()).toBe(1);
    expect(await page.getByTestId("rf-reference").textContent()).toMatch(/^RF\d{2}/);
    // Agency fees never appear: the L111-8 statement does.
    expect(await page.getByText(/restent à la charge du créancier/).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Payer", exact: true }).click();
    await heading(page, "Payer en ligne");
    await page.getByLabel("Un autre montant").check();
    await page.getByLabel(/^Montant en euros/).fill("2000");
    await page.getByRole("button", { name: "Continuer vers le paiement" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("Indiquez un montant entre");
    await page.getByLabel(/^Montant en euros/).fill("250,50");
    await page.getByRole("button", { name: "Continuer vers le paiement" }).click();

    await page.waitForURL(/\/sandbox-psp\/checkout\/cs_test_/);
    expect(await page.getByTestId("amount").textContent()).toMatch(/250,50\s€/);
    await page.getByRole("button", { name: /^Payer/ }).click();

    await page.waitForURL(/\/p\/[A-Za-z0-9_-]{22}\?payment=/);
    await heading(page, "Paiement reçu");
    expect(await page.getByText(/Reste à payer : 594,50\s€/).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Télécharger la quittance (PDF)" }).click(),
    ]);
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    // The agency's side: the event, the payment with its receipt, balanced ledger lines, the creditor's notice.
    expect(await timelineTypes(caseId)).toEqual(
      expect.arrayContaining(["portal.opened", "payment.received"]),
    );
    const db = web.t.database.db;
    const [payment] = await db.select().from(payments).where(eq(payments.caseId, caseId));
    expect(payment!.amountCents).toBe(25_050);
    const [receipt] = await db
      .select()
      .from(documents)
      .where(and(eq(documents.caseId, caseId), eq(documents.kind, "receipt")));
    expect(receipt!.id).toBe(payment!.receiptDocumentId);
    const lines = await db
      .select({ account: ledgerLines.account, amount: ledgerLines.amountCents })
      .from(ledgerLines)
      .innerJoin(ledgerEntries, eq(ledgerEntries.id, ledgerLines.entryId))
      .where(eq(ledgerEntries.paymentId, payment!.id));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(0);
    expect(lines.find((l) => l.account === "trust_bank")?.amount).toBe(25_050);
    const notices = await db
      .select()
      .from(creditorNotifications)
      .where(eq(creditorNotifications.caseId, caseId));
    expect(notices.map((n) => n.type)).toContain("payment.received");
    const creditorView = await web.t.request("GET", `/api/v1/cases/${caseId}`, {
      auth: { key: web.t.creditors.a.key },
    });
    expect(creditorView.json().timeline.map((e: { type: string }) => e.type)).toContain("payment.received");

    // Back on the case, the balance and the receipt are there.
    await page.getByRole("button", { name: "Retour à mon dossier" }).click();
    await heading(page, /^Votre dossier /);
    expect(await page.getByTestId("outstanding").textContent()).toMatch(/594,50\s€/);
    expect(await page.getByRole("button", { name: /^Quittance / }).count()).toBe(1);
    await context.close();
  }, 90_000);

  it("lets a business set up a payment plan within the mandate's limits, after seeing the schedule", async () => {
    const { caseId, url } = await newCase("PORTAL-PLAN", [{ number: "FP-2026-0101", cents: 120_000 }]);
    const { context, page } = await phone();
    await page.goto(url);
    await heading(page, "Vérification de votre identité");
    await page.getByLabel(/^Numéro SIREN/).fill("732 829 320");
    await page.getByRole("button", { name: "Accéder à mon dossier" }).click();
    await heading(page, /^Votre dossier /);
    // A business debtor owes the 40 € indemnity (D441-5) on its own line.
    expect(await page.getByTestId("outstanding").textContent()).toMatch(/1\s240,00\s€/);
    expect(await page.getByText(/Indemnité forfaitaire/).count()).toBe(1);

    await page.getByRole("button", { name: "Payer en plusieurs fois" }).click();
    await heading(page, "Payer en plusieurs fois");
    const first = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(/^Nombre de mensualités/).fill("9");
    await page.getByLabel(/^Date de la première mensualité/).fill(first);
    await page.getByRole("button", { name: "Voir l’échéancier" }).click();
    // The mandate allows 6 instalments at most.
    expect(await page.getByRole("alert").textContent()).toContain("entre 2 et 6 mensualités");
    await page.getByLabel(/^Nombre de mensualités/).fill("4");
    await page.getByRole("button", { name: "Voir l’échéancier" }).click();
    const schedule = page.getByRole("table", { name: /Échéancier proposé/ });
    await expect.poll(() => schedule.locator("tbody tr").count(), { timeout: 10_000 }).toBe(4);
    expect(await schedule.textContent()).toContain("310,00");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Confirmer cet échéancier" }).click();

    await heading(page, "Votre échéancier est enregistré");
    expect(await page.getByRole("listitem").count()).toBe(4);
    expect(await seriousViolations(page)).toEqual([]);

    expect(await timelineTypes(caseId)).toContain("plan.created");
    const [plan] = await web.t.database.db.select().from(paymentPlans).where(eq(paymentPlans.caseId, caseId));
    expect(plan!.status).toBe("active");
    const [row] = await web.t.database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row!.holdReason).toBe("payment_plan");

    await page.getByRole("button", { name: "Retour à mon dossier" }).click();
    await heading(page, /^Votre dossier /);
    expect(await page.getByRole("heading", { name: "Votre échéancier" }).count()).toBe(1);
    await context.close();
  }, 90_000);

  it("lets a debtor dispute one invoice with a document, in French or English", async () => {
    const { caseId, url } = await newCase("PORTAL-DISPUTE", [
      { number: "FP-2026-0201", cents: 50_000 },
      { number: "FP-2026-0202", cents: 70_000 },
    ]);
    const { context, page } = await phone();
    await page.goto(url);
    await heading(page, "Vérification de votre identité");
    await page.locator("label").filter({ hasText: "English" }).click();
    await heading(page, "Confirm your identity");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.locator("label").filter({ hasText: "Français" }).click();
    await heading(page, "Vérification de votre identité");

    await page.getByLabel(/^Numéro SIREN/).fill("732829320");
    await page.getByRole("button", { name: "Accéder à mon dossier" }).click();
    await heading(page, /^Votre dossier /);
    await page.getByRole("button", { name: "Contester" }).click();
    await heading(page, "Contester la somme réclamée");
    await page.getByRole("button", { name: "Envoyer ma contestation" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("Choisissez un motif");
    await page.getByLabel(/^Motif/).selectOption("defective");
    await page.getByLabel("Facture FP-2026-0202").check();
    await page.getByLabel(/^Explication/).fill("Les palettes livrées étaient abîmées.");
    await page.locator('input[type="file"]').setInputFiles({
      name: "photo-palettes.png",
      mimeType: "image/png",
      buffer: Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
        "base64",
      ),
    });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Envoyer ma contestation" }).click();

    await heading(page, "Votre contestation est enregistrée");
    expect(await seriousViolations(page)).toEqual([]);

    expect(await timelineTypes(caseId)).toContain("dispute.opened");
    const [dispute] = await web.t.database.db.select().from(disputes).where(eq(disputes.caseId, caseId));
    expect(dispute!.reason).toBe("defective");
    expect(dispute!.claimIds).toHaveLength(1);
    expect(dispute!.documentIds).toHaveLength(1);
    const [doc] = await web.t.database.db
      .select()
      .from(documents)
      .where(eq(documents.id, dispute!.documentIds[0]!));
    expect(doc!.filename).toBe("photo-palettes.png");
    const [row] = await web.t.database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row!.status).toBe("on_hold");
    expect(row!.holdReason).toBe("dispute");

    await page.getByRole("button", { name: "Retour à mon dossier" }).click();
    await heading(page, /^Votre dossier /);
    expect(await page.getByText(/Votre contestation est en cours d’examen/).count()).toBe(1);
    await context.close();
  }, 90_000);

  it("records a promise, a call-back, the reason for the delay and new contact details, each confirmed", async () => {
    const { caseId, url } = await newCase(
      "PORTAL-OTHER",
      [{ number: "EV-2026-0777", cents: 30_000 }],
      PERSON,
    );
    const { context, page } = await phone();
    await page.goto(url);
    await heading(page, "Vérification de votre identité");
    await page.getByLabel(/^Code postal/).fill("31000");
    await page.getByLabel(/^Numéro de facture/).fill("EV-2026-0777");
    await page.getByRole("button", { name: "Accéder à mon dossier" }).click();
    await heading(page, /^Votre dossier /);
    const back = () => page.getByRole("button", { name: "Retour à mon dossier" }).click();

    await page.getByRole("button", { name: "Expliquer le retard" }).click();
    await page.getByLabel("Des difficultés de trésorerie").check();
    await page.getByRole("button", { name: "Envoyer" }).click();
    await heading(page, "Merci pour votre réponse");
    await back();

    await page.getByRole("button", { name: "Être rappelé" }).click();
    await page.getByLabel(/^Numéro de téléphone/).fill("06 11 22 33 44");
    await page.getByLabel(/^Moment préféré/).selectOption("morning");
    await page.getByRole("button", { name: "Demander un rappel" }).click();
    await heading(page, "Votre demande de rappel est enregistrée");
    await back();

    await page.getByRole("button", { name: "Mettre à jour mes coordonnées" }).click();
    await page.getByLabel(/^Adresse e-mail/).fill("camille.nouvelle@mail.example");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await heading(page, "Vos coordonnées sont enregistrées");
    await back();

    await page.getByRole("button", { name: "Indiquer une date de paiement" }).click();
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(/^Je paierai le/).fill(day);
    await page.getByRole("button", { name: "Enregistrer ma promesse" }).click();
    await heading(page, "Votre promesse est enregistrée");
    expect(await page.getByText(/300,00\s€/).count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await back();
    await heading(page, /^Votre dossier /);
    expect(await page.getByText(/Vous avez promis de payer 300,00\s€/).count()).toBe(1);

    const types = await timelineTypes(caseId);
    expect(types).toEqual(
      expect.arrayContaining([
        "survey.late_payment_reason",
        "callback.requested",
        "contact_point.added",
        "promise.recorded",
      ]),
    );
    await context.close();
  }, 90_000);

  it("locks the link after repeated wrong answers and says for how long", async () => {
    const { url } = await newCase("PORTAL-LOCK", [{ number: "FP-2026-0999", cents: 10_000 }]);
    const { context, page } = await phone();
    await page.goto(url);
    await heading(page, "Vérification de votre identité");
    for (let i = 0; i < 5; i++) {
      await page.getByLabel(/^Numéro SIREN/).fill(`55210055${i}`);
      await page.getByRole("button", { name: "Accéder à mon dossier" }).click();
      await expect
        .poll(() => page.getByRole("alert").first().textContent(), { timeout: 10_000 })
        .toBeTruthy();
    }
    await page.getByLabel(/^Numéro SIREN/).fill("732829320");
    await page.getByRole("button", { name: "Accéder à mon dossier" }).click();
    await expect
      .poll(() => page.getByRole("alert").first().textContent(), { timeout: 10_000 })
      .toMatch(/Trop d’essais.*Réessayez dans 15 minutes/);
    expect(await page.getByRole("button", { name: "Accéder à mon dossier" }).isDisabled()).toBe(true);
    // Coming back later to the same link still says so, before anything is typed.
    const again = await context.newPage();
    await again.goto(url);
    await expect
      .poll(() => again.getByRole("alert").first().textContent(), { timeout: 10_000 })
      .toContain("Trop d’essais");
    await context.close();
  }, 90_000);
});
