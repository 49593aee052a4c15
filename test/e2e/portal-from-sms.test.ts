import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { cases } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { sandboxMessages } from "../../src/channels/schema";
import { engineDeps } from "../../src/cli/engine";
import { runUntil } from "../../src/collection/worker";
import { creditNotes } from "../../src/payments/schema";
import { VirtualClock } from "../../src/platform/clock";
import { deliverWebhooks } from "../../src/webhooks/deliver-webhooks";
import { createEndpoint } from "../../src/webhooks/endpoints";
import { prepareAgency } from "../channels/helpers";
import { caseBody } from "../helpers/app";
import { hasBrowser, phoneContext, seriousViolations, signIn, webAppForFile } from "../helpers/browser";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

// Issue 4's "done when", end to end: the collection engine itself texts each debtor the portal link
// through the sandbox SMS provider; the debtor reads it, opens it on a phone, passes the identity check
// and pays through the sandbox PSP, sets up a plan (and pays its first instalment), or disputes (the
// creditor grants a partial credit note, the debtor pays the rest). Each time the back office's case
// page shows the payment or plan or dispute, the receipt, the trust ledger's entries and the notice
// the creditor got, whose signed webhook a loopback receiver verifies.

const web = webAppForFile({ publicUrl: true });
const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let agentPage: Page;
let receiver: WebhookReceiver;
let webhookSecret: string;
const cased: Record<"pay" | "plan" | "dispute", { id: string; reference: string }> = {} as never;

function claim(number: string, cents: number) {
  // Invoices of three months ago, due two months ago: collectable whatever day the suite runs.
  const now = Date.now();
  return [
    {
      number,
      issueDate: day(now - 90 * DAY),
      dueDate: day(now - 60 * DAY),
      principal: { amount: cents, currency: "EUR" },
    },
  ];
}

const person = (firstName: string, lastName: string, phone: string, postalCode: string, city: string) => ({
  kind: "person",
  firstName,
  lastName,
  email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@mail.example`,
  phone,
  address: { line1: "4 rue des Acacias", postalCode, city, country: "FR" },
});

/** A case of creditor a placed at `at` (the engine's past), as the creditor API would file it. */
async function newCase(ref: string, body: Record<string, unknown>, at: Date) {
  const db = web.t.database.db;
  const input = createCaseSchema.parse(caseBody(ref, body));
  const { caseId } = await createCase(db, web.t.creditors.a.id, input, SYSTEM, at);
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  return { id: caseId, reference: row!.reference };
}

beforeAll(async () => {
  const t = web.t;
  const db = t.database.db;
  await prepareAgency(t);
  // The cases were placed a week ago; the engine has worked them since, on its own clock, until each
  // debtor got the first text message (08:30 on a working day, after the first email).
  const start = new Date(Date.now() - 7 * DAY);
  start.setUTCHours(9, 0, 0, 0);
  cased.pay = await newCase(
    "SMS-PAY",
    {
      debtor: person("Camille", "Durand", "06 11 22 33 44", "31000", "Toulouse"),
      claims: claim("EV-SMS-0001", 84_500),
    },
    start,
  );
  cased.plan = await newCase("SMS-PLAN", { claims: claim("FP-SMS-0002", 120_000) }, start);
  cased.dispute = await newCase(
    "SMS-DISPUTE",
    {
      debtor: person("Léa", "Moreau", "06 55 44 33 22", "44000", "Nantes"),
      claims: claim("EV-SMS-0003", 60_000),
    },
    start,
  );
  const clock = new VirtualClock(start);
  const engine = engineDeps(db, () => clock.now(), t.config);
  const texted = async () =>
    (await db.select().from(sandboxMessages).where(eq(sandboxMessages.channel, "sms"))).length;
  while ((await texted()) < 3 && clock.now().getTime() < Date.now()) {
    await runUntil(engine, clock, new Date(clock.now().getTime() + 6 * 3_600_000));
  }
  expect(await texted()).toBe(3);
  expect(clock.now().getTime()).toBeLessThan(Date.now());

  // The creditor listens for payments, plans and disputes on a loopback endpoint.
  receiver = await startWebhookReceiver();
  const { secret } = await createEndpoint(
    db,
    t.creditors.a.id,
    {
      url: receiver.url,
      description: "",
      eventTypes: ["payment.received", "plan.created", "dispute.opened"],
    },
    t.config.secret,
    t.clock.now(),
  );
  webhookSecret = secret;
  const context = await web.browser.newContext({ reducedMotion: "reduce" });
  agentPage = await context.newPage();
  await signIn(agentPage, web.base, "agent@test.example", t.passwords["agent@test.example"]!);
}, 240_000);

afterAll(async () => {
  await agentPage?.context().close();
  await receiver?.close();
});

async function heading(page: Page, text: string | RegExp) {
  await expect
    .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
    .toMatch(text);
}

/** The portal link of the case's text message, read in the back office's sandbox inbox. */
async function smsLink(reference: string): Promise<string> {
  const page = agentPage;
  await page.goto(`${web.base}/backoffice/sandbox`);
  await heading(page, "Boîte de test");
  await page.getByLabel("Canal").selectOption("sms");
  const message = page.getByRole("button").filter({ hasText: `SMS · ${reference}` });
  await expect.poll(() => message.count(), { timeout: 15_000 }).toBe(1);
  await message.click();
  const content = page.getByRole("table", { name: "Contenu du message" });
  await expect.poll(() => content.textContent(), { timeout: 15_000 }).toContain(`${web.base}/p/`);
  expect(await page.getByText("payment_link_sms").count()).toBeGreaterThan(0);
  const text = (await content.textContent()) ?? "";
  const link = text.match(new RegExp(`${web.base.replace(/[.]/g, "\\.")}/p/[A-Za-z0-9_-]{22}`))?.[0];
  expect(link, text).toBeDefined();
  return link!;
}

/** Opens the link on a phone and passes the identity check with the given answers. */
async function openPortal(link: string, answers: Record<string, string>) {
  const { context, page } = await phoneContext(web.browser);
  await page.goto(link);
  await heading(page, "Vérification de votre identité");
  for (const [label, value] of Object.entries(answers))
    await page.getByLabel(new RegExp(`^${label}`)).fill(value);
  await page.getByRole("button", { name: "Accéder à mon dossier" }).click();
  await heading(page, /^Votre dossier /);
  return { context, page };
}

/** Pays `amount` (or everything) through the sandbox PSP's hosted checkout, back to the receipt. */
async function payThroughPsp(page: Page, amount?: string) {
  await page.getByRole("button", { name: "Payer", exact: true }).click();
  await heading(page, "Payer en ligne");
  if (amount) {
    await page.getByLabel("Un autre montant").check();
    await page.getByLabel(/^Montant en euros/).fill(amount);
  }
  await page.getByRole("button", { name: "Continuer vers le paiement" }).click();
  await page.waitForURL(/\/sandbox-psp\/checkout\/cs_test_/);
  await page.getByRole("button", { name: /^Payer/ }).click();
  await page.waitForURL(/\/p\/[A-Za-z0-9_-]{22}\?payment=/);
  await heading(page, "Paiement reçu");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Télécharger la quittance (PDF)" }).click(),
  ]);
  expect(
    readFileSync((await download.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe("%PDF-");
}

/** The worker's delivery of the creditor's webhooks; returns the verified events of this case. */
async function deliveredEvents(caseId: string) {
  await deliverWebhooks(web.t.database.db, new Date(), { secret: web.t.config.secret });
  const hook = new Webhook(webhookSecret);
  return receiver.received
    .map(
      (r) =>
        hook.verify(r.body, r.headers as Record<string, string>) as {
          type: string;
          data: { caseId?: string };
        },
    )
    .filter((e) => e.data.caseId === caseId)
    .map((e) => e.type)
    .sort();
}

/** The back office's case page, its Money section, and the receipt it links to. */
async function agencyCasePage(caseId: string, reference: string) {
  const page = agentPage;
  await page.goto(`${web.base}/backoffice/cases/${caseId}`);
  await heading(page, `Dossier ${reference}`);
  const money = page.getByRole("region", { name: "Argent du dossier" });
  await expect.poll(() => money.getByTestId("case-ledger").count(), { timeout: 15_000 }).toBe(1);
  const receipt = money.getByRole("link", { name: /^Quittance Q\d{4}-/ }).first();
  const pdf = await page.request.get(`${web.base}${await receipt.getAttribute("href")}`);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  const timeline = page.getByRole("list", { name: "Historique" });
  return {
    payments: (await money.getByTestId("case-payments").textContent()) ?? "",
    ledger: (await money.getByTestId("case-ledger").textContent()) ?? "",
    notices: (await money.getByTestId("case-notices").textContent()) ?? "",
    commitments:
      (await money.getByTestId("case-commitments").count()) > 0
        ? ((await money.getByTestId("case-commitments").textContent()) ?? "")
        : "",
    timeline: (await timeline.textContent()) ?? "",
    violations: await seriousViolations(page),
  };
}

describe.skipIf(!hasBrowser)("from the engine's text message to the case page", () => {
  it("a private person pays everything through the sandbox PSP", async () => {
    const { id, reference } = cased.pay;
    const link = await smsLink(reference);
    const { context, page } = await openPortal(link, {
      "Code postal": "31000",
      "Numéro de facture": "EV-SMS-0001",
    });
    expect(await page.getByTestId("outstanding").textContent()).toMatch(/845,00\s€/);
    expect(await seriousViolations(page)).toEqual([]);
    await payThroughPsp(page);
    expect(await page.getByText("Votre dossier est soldé.").count()).toBe(1);
    await context.close();

    expect(await deliveredEvents(id)).toEqual(["payment.received"]);
    const shown = await agencyCasePage(id, reference);
    expect(shown.payments).toMatch(/845,00\s€/);
    expect(shown.payments).toContain("Paiement en ligne (test)");
    expect(shown.payments).toMatch(/À reverser avant le/);
    // 845 € on the trust account, owed to the creditor less the 15 % fee (126,75 €) and its VAT (25,35 €).
    expect(shown.ledger).toContain("Encaissement");
    expect(shown.ledger).toContain("Compte de cantonnement");
    expect(shown.ledger).toContain("Commission du cabinet");
    expect(shown.ledger).toMatch(/126,75\s€/);
    expect(shown.ledger).toMatch(/25,35\s€/);
    expect(shown.notices).toMatch(/Paiement reçu · 845,00\s€/);
    expect(shown.notices).toContain("Webhooks : 1 livré(s), 0 en attente, 0 abandonné(s)");
    expect(shown.timeline).toContain("Paiement reçu");
    expect(shown.timeline).toContain("Quittance émise");
    expect(shown.violations).toEqual([]);
    const [row] = await web.t.database.db.select().from(cases).where(eq(cases.id, id));
    expect(row).toMatchObject({ status: "closed", closedReason: "paid_in_full" });
  }, 120_000);

  it("a business sets up a plan and pays its first instalment", async () => {
    const { id, reference } = cased.plan;
    const { context, page } = await openPortal(await smsLink(reference), { "Numéro SIREN": "732 829 320" });
    expect(await page.getByTestId("outstanding").textContent()).toMatch(/1\s240,00\s€/);
    await page.getByRole("button", { name: "Payer en plusieurs fois" }).click();
    await heading(page, "Payer en plusieurs fois");
    await page.getByLabel(/^Nombre de mensualités/).fill("4");
    await page.getByLabel(/^Date de la première mensualité/).fill(day(Date.now() + 7 * DAY));
    await page.getByRole("button", { name: "Voir l’échéancier" }).click();
    const schedule = page.getByRole("table", { name: /Échéancier proposé/ });
    await expect.poll(() => schedule.locator("tbody tr").count(), { timeout: 10_000 }).toBe(4);
    await page.getByRole("button", { name: "Confirmer cet échéancier" }).click();
    await heading(page, "Votre échéancier est enregistré");
    await page.getByRole("button", { name: "Retour à mon dossier" }).click();
    await heading(page, /^Votre dossier /);
    await payThroughPsp(page, "310");
    expect(await page.getByText(/Reste à payer : 930,00\s€/).count()).toBe(1);
    await context.close();

    expect(await deliveredEvents(id)).toEqual(["payment.received", "plan.created"]);
    const shown = await agencyCasePage(id, reference);
    expect(shown.commitments).toMatch(/Échéancier en cours : 1\s240,00\s€ en 4 mensualités/);
    expect(shown.commitments).toMatch(/1\. .*310,00\s€, payé 310,00\s€ \(payée\)/);
    expect(shown.payments).toMatch(/310,00\s€/);
    expect(shown.ledger).toContain("Encaissement");
    expect(shown.notices).toMatch(/Échéancier mis en place · 1\s240,00\s€/);
    expect(shown.notices).toMatch(/Paiement reçu · 310,00\s€/);
    expect(shown.timeline).toContain("Échéancier mis en place");
    expect(shown.violations).toEqual([]);
  }, 120_000);

  it("a private person disputes, the creditor grants a credit note, the debtor pays the rest", async () => {
    const { id, reference } = cased.dispute;
    const { context, page } = await openPortal(await smsLink(reference), {
      "Code postal": "44000",
      "Numéro de facture": "EV-SMS-0003",
    });
    await page.getByRole("button", { name: "Contester" }).click();
    await heading(page, "Contester la somme réclamée");
    await page.getByLabel(/^Motif/).selectOption("defective");
    await page.getByLabel(/^Explication/).fill("Deux des dix articles sont arrivés cassés.");
    await page.getByRole("button", { name: "Envoyer ma contestation" }).click();
    await heading(page, "Votre contestation est enregistrée");
    expect(await deliveredEvents(id)).toEqual(["dispute.opened"]);

    // The creditor grants 100 € on the case page of its portal.
    const creditorContext = await web.browser.newContext({ reducedMotion: "reduce" });
    const creditor = await creditorContext.newPage();
    await signIn(creditor, web.base, "ca@a.example", web.t.passwords["ca@a.example"]!);
    await creditor.goto(`${web.base}/creditor/cases/${id}`);
    const answer = creditor.getByRole("region", { name: "Contestation en attente de votre réponse" });
    await expect.poll(() => answer.count(), { timeout: 15_000 }).toBe(1);
    expect(await creditor.getByRole("list", { name: "Historique" }).textContent()).toContain("Contestation");
    await answer.getByLabel("J’accorde un avoir partiel : le recouvrement reprend sur le reste").check();
    await answer.getByLabel("Montant de l’avoir (€)").fill("100");
    await answer.getByLabel("Justification").fill("Deux articles cassés : avoir de 100 €.");
    await answer.getByRole("button", { name: "Envoyer ma réponse" }).click();
    await expect.poll(() => answer.count(), { timeout: 15_000 }).toBe(0);
    const [note] = await web.t.database.db.select().from(creditNotes).where(eq(creditNotes.caseId, id));
    expect(note).toMatchObject({ amountCents: 10_000, balanceAfterCents: 50_000 });
    const documents = creditor.getByRole("region", { name: "Documents" });
    await expect
      .poll(() => documents.textContent(), { timeout: 15_000 })
      .toContain(`avoir-${note!.number}.pdf`);
    expect(await documents.textContent()).toContain("avoir");
    await creditorContext.close();

    // Back on the phone: the credit note beside its invoice, then the rest paid.
    await page.reload();
    await heading(page, /^Votre dossier /);
    expect(await page.getByTestId("outstanding").textContent()).toMatch(/500,00\s€/);
    const [creditNote] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `Télécharger l’avoir ${note!.number} (PDF)` }).click(),
    ]);
    expect(
      readFileSync((await creditNote.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    await payThroughPsp(page);
    expect(await page.getByText("Votre dossier est soldé.").count()).toBe(1);
    await context.close();

    expect(await deliveredEvents(id)).toEqual(["dispute.opened", "payment.received"]);
    const shown = await agencyCasePage(id, reference);
    expect(shown.payments).toMatch(/500,00\s€/);
    expect(shown.ledger).toContain("Encaissement");
    expect(shown.notices).toContain("Contestation");
    expect(shown.notices).toMatch(/Paiement reçu · 500,00\s€/);
    expect(shown.timeline).toContain("Réponse du créancier à la contestation");
    const credit = agentPage
      .getByRole("region", { name: "Argent du dossier" })
      .getByTestId("case-credit-notes");
    expect(await credit.textContent()).toMatch(
      new RegExp(`Avoir ${note!.number} : 100,00\\s€ déduits, nouveau solde 500,00\\s€`),
    );
    expect(shown.violations).toEqual([]);
    const [row] = await web.t.database.db
      .select()
      .from(cases)
      .where(and(eq(cases.id, id), eq(cases.status, "closed")));
    expect(row?.closedReason).toBe("paid_in_full");
  }, 180_000);
});
