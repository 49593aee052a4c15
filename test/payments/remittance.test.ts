import { eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveAgencySettings } from "../../src/cases/agency-settings";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { creditors } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { applyPayment } from "../../src/payments/apply-payment";
import { listAtRisk } from "../../src/payments/at-risk";
import { trustDiscrepancy } from "../../src/payments/ledger";
import { ledgerBalances, unbalancedEntries } from "../../src/payments/ledger-store";
import { renderStatementPdf } from "../../src/payments/money-pdfs";
import { moneyTotals } from "../../src/payments/money-views";
import { loadRemittanceStatement, statementCsv } from "../../src/payments/remittance-statement";
import { reversePayment } from "../../src/payments/reverse-payment";
import { runRemittance } from "../../src/payments/run-remittance";
import { ledgerEntries, ledgerLines, payments, remittances } from "../../src/payments/schema";
import { loadTransferFile } from "../../src/payments/transfer-file";
import { AGENCY_SCOPE, creditorScope } from "../../src/platform/auth/scope";
import { caseBody, createTestApp, type TestApp } from "../helpers/app";
import { makeCase, store } from "./fixtures";
import { validatePain001 } from "./pain001-xsd";

let t: TestApp;
const docs = store();
let n = 0;
const DAY = 86_400_000;

async function pay(caseId: string, amountCents: number, encashedAt = t.clock.now()) {
  return applyPayment(
    { db: t.database.db, documents: docs },
    { caseId, provider: "manual", providerRef: `rem-${++n}`, amountCents, currency: "EUR", encashedAt },
    SYSTEM,
    t.clock.now(),
  );
}

async function caseOfB(ref: string) {
  const body = createCaseSchema.parse(caseBody(ref));
  return (await createCase(t.database.db, t.creditors.b.id, body, SYSTEM, t.clock.now())).caseId;
}

/** held = collected − remitted − fee − VAT, for one creditor, from the journal alone. */
async function invariant(creditorId: string) {
  const m = await moneyTotals(t.database.db, creditorId);
  return {
    held: m.heldCents,
    expected: m.collectedCents - m.remittedCents - m.commissionCents - m.vatCents,
    discrepancy: trustDiscrepancy(await ledgerBalances(t.database.db, creditorId)),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  await saveAgencySettings(
    t.database.db,
    {
      name: "Relance Recouvrement",
      siren: "812345674",
      address: { line1: "18 rue de la Bourse", postalCode: "69002", city: "Lyon", country: "FR" },
      phone: null,
      email: null,
      insurer: null,
      insurancePolicy: null,
      insuranceValidUntil: null,
      trustIban: "FR7630004000031234567890143",
      prosecutorDeclarationDate: null,
      prosecutorCourt: null,
    },
    t.clock.now(),
  );
  await t.database.db
    .update(creditors)
    .set({ remittanceIban: "FR7630006000011234567890189", remittanceBic: "AGRIFRPP" })
    .where(eq(creditors.id, t.creditors.a.id));
});
afterAll(async () => t?.close());

describe("a remittance run", () => {
  let runId: string;
  let remittanceId: string;

  it("previews without touching the books, and names a creditor it cannot pay", async () => {
    const a1 = await makeCase(t, "REM-A1", [{ principal: 100_000, due: "2026-07-01" }]);
    const a2 = await makeCase(t, "REM-A2", [{ principal: 50_000, due: "2026-07-01" }]);
    await pay(a1.caseId, 40_000);
    const refunded = await pay(a2.caseId, 30_000);
    await reversePayment(
      t.database.db,
      { provider: "manual", providerRef: `rem-${n}`, kind: "refund", amountCents: 5_000 },
      SYSTEM,
      t.clock.now(),
    );
    expect(refunded.allocatedCents).toBe(30_000);
    // B has no IBAN on file: its money waits, and the preview says why.
    await pay(await caseOfB("REM-B1"), 20_000);

    const before = await t.database.db.select().from(ledgerEntries);
    const preview = await runRemittance(t.database.db, { dryRun: true, by: "test" }, t.clock.now());
    expect(preview.run).toBeNull();
    expect((await t.database.db.select().from(ledgerEntries)).length).toBe(before.length);
    const a = preview.candidates.find((c) => c.creditorId === t.creditors.a.id)!;
    const b = preview.candidates.find((c) => c.creditorId === t.creditors.b.id)!;
    // 700 € collected less 50 € refunded: 650 €, less the 15 % fee and its 20 % VAT.
    expect(a.heldCents).toBe(65_000 - 9_750 - 1_950);
    expect(a).toMatchObject({ decision: { due: true, reason: "schedule" }, blocked: null, paymentCount: 2 });
    expect(b).toMatchObject({ decision: { due: true }, blocked: "missing_iban" });
  });

  it("pays over what is held, keeps the ledger balanced and the per-creditor invariant true", async () => {
    const result = await runRemittance(t.database.db, { dryRun: false, by: "test" }, t.clock.now());
    expect(result.run).not.toBeNull();
    runId = result.run!.id;
    expect(result.remitted.map((r) => r.creditorId)).toEqual([t.creditors.a.id]);
    remittanceId = result.remitted[0]!.remittanceId;
    expect(result.run).toMatchObject({ transferCount: 1, totalCents: 53_300 });
    expect(await unbalancedEntries(t.database.db)).toEqual([]);
    const a = await invariant(t.creditors.a.id);
    expect(a.held).toBe(0);
    expect(a.held).toBe(a.expected);
    expect(a.discrepancy).toBe(0);
    const b = await invariant(t.creditors.b.id);
    expect(b.held).toBe(20_000 - 3_000 - 600);
    expect(b.held).toBe(b.expected);
    // A second run finds nothing more to pay A.
    const again = await runRemittance(
      t.database.db,
      { creditorId: t.creditors.a.id, dryRun: false, by: "test" },
      t.clock.now(),
    );
    expect(again.run).toBeNull();
  });

  it("writes a pain.001.001.09 file that the official ISO 20022 schema accepts", async () => {
    const { xml, filename } = await loadTransferFile(t.database.db, runId);
    expect(filename).toMatch(/^RUN-\d{8}-[0-9A-F]{8}\.pain\.001\.001\.09\.xml$/);
    const verdict = await validatePain001(xml);
    expect(verdict.errors).toEqual([]);
    expect(verdict.valid).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml).Document.CstmrCdtTrfInitn;
    const tx = doc.PmtInf.CdtTrfTxInf;
    expect(doc.GrpHdr.NbOfTxs).toBe(1);
    expect(String(doc.PmtInf.DbtrAcct.Id.IBAN)).toBe("FR7630004000031234567890143");
    expect(tx.Amt.InstdAmt["#text"]).toBe(533);
    expect(tx.CdtrAcct.Id.IBAN).toBe("FR7630006000011234567890189");
    expect(tx.CdtrAgt.FinInstnId.BICFI).toBe("AGRIFRPP");
    const [rem] = await t.database.db.select().from(remittances).where(eq(remittances.id, remittanceId));
    expect(tx.PmtId.EndToEndId).toBe(rem!.reference);
    expect(tx.RmtInf.Ustrd).toContain(rem!.reference);
  });

  it("rejects a broken transfer file", async () => {
    const { xml } = await loadTransferFile(t.database.db, runId);
    const noIban = await validatePain001(
      xml.replace(/<IBAN>FR76300060[0-9]+<\/IBAN>/, "<IBAN>not an iban</IBAN>"),
    );
    expect(noIban.valid).toBe(false);
    expect(noIban.errors.join("\n")).toContain("IBAN");
    const misplaced = await validatePain001(xml.replace("<PmtMtd>TRF</PmtMtd>", ""));
    expect(misplaced.valid).toBe(false);
  });

  it("gives a statement whose totals are the ledger's", async () => {
    const s = await loadRemittanceStatement(t.database.db, creditorScope(t.creditors.a.id), remittanceId);
    const [entry] = await t.database.db
      .select({ amount: ledgerLines.amountCents })
      .from(ledgerLines)
      .innerJoin(ledgerEntries, eq(ledgerEntries.id, ledgerLines.entryId))
      .where(eq(ledgerEntries.remittanceId, remittanceId))
      .then((rows) => rows.filter((r) => r.amount > 0));
    expect(s.totals.netCents).toBe(entry!.amount);
    expect(s.lines).toHaveLength(2);
    expect(s.totals.collectedCents).toBe(65_000);
    expect(s.totals.commissionCents).toBe(9_750);
    expect(s.totals.vatCents).toBe(1_950);
    expect(s.totals.adjustmentCents).toBe(0);
    expect(s.totals.collectedCents - s.totals.commissionCents - s.totals.vatCents).toBe(s.totals.netCents);
    expect(s.lines.map((l) => l.debtorName)).toEqual(["Boulangerie Martin SARL", "Boulangerie Martin SARL"]);
    const csv = statementCsv(s, "fr");
    expect(csv.startsWith("\uFEFFDossier;Débiteur;")).toBe(true);
    expect(csv).toContain("Net reversé;;;;;;;533.00");
    expect(statementCsv(s, "en")).toContain("Net paid over;;;;;;;533.00");
    const pdf = await renderStatementPdf(s, "fr");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await expect(
      loadRemittanceStatement(t.database.db, creditorScope(t.creditors.b.id), remittanceId),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("settles a refund of an already remitted payment on the next statement", async () => {
    const [p] = await t.database.db.select().from(payments).where(eq(payments.remittanceId, remittanceId));
    await reversePayment(
      t.database.db,
      { provider: p!.provider, providerRef: p!.providerRef, kind: "refund", amountCents: 1_000 },
      SYSTEM,
      t.clock.now(),
    );
    const a3 = await makeCase(t, "REM-A3", [{ principal: 80_000, due: "2026-07-01" }]);
    await pay(a3.caseId, 10_000);
    const run = await runRemittance(
      t.database.db,
      { creditorId: t.creditors.a.id, dryRun: false, by: "test" },
      t.clock.now(),
    );
    const s = await loadRemittanceStatement(t.database.db, AGENCY_SCOPE, run.remitted[0]!.remittanceId);
    // 100 € collected (fee 15 € + VAT 3 €), less 10 € refunded net of its 1.50 € fee and 0.30 € VAT.
    expect(s.totals.adjustmentCents).toBe(-(1_000 - 150 - 30));
    expect(s.totals.netCents).toBe(10_000 - 1_500 - 300 - 820);
    const a = await invariant(t.creditors.a.id);
    expect(a.held).toBe(a.expected);
    expect(a.held).toBe(0);
  });
});

describe("the one-month check", () => {
  it("lists encashed amounts past or near their remittance date until they are paid over", async () => {
    const db = t.database.db;
    const now = t.clock.now();
    const old = await caseOfB("REM-B-OLD");
    await pay(old, 15_000, new Date(now.getTime() - 35 * DAY));
    const soon = await caseOfB("REM-B-SOON");
    await pay(soon, 12_000, new Date(now.getTime() - 27 * DAY));
    const fresh = await caseOfB("REM-B-FRESH");
    await pay(fresh, 11_000, new Date(now.getTime() - 2 * DAY));

    const week = await listAtRisk(db, AGENCY_SCOPE, now, 7);
    const forB = week.filter((r) => r.creditorId === t.creditors.b.id);
    expect(forB.map((r) => [r.heldCents, r.overdue])).toEqual([
      [15_000, true],
      [12_000, false],
    ]);
    expect(forB[1]!.daysLeft).toBe(3);
    expect((await listAtRisk(db, AGENCY_SCOPE, now, 0)).map((r) => r.heldCents)).toEqual([15_000]);
    expect(await listAtRisk(db, creditorScope(t.creditors.a.id), now, 31)).toEqual([]);

    // A scheduled run pays B as soon as it has an account: the deadline overrides the schedule.
    await db
      .update(creditors)
      .set({ remittanceIban: "FR7610107001011234567890129" })
      .where(eq(creditors.id, t.creditors.b.id));
    const run = await runRemittance(db, { dryRun: false, by: "test" }, now);
    expect(run.candidates.find((c) => c.creditorId === t.creditors.b.id)?.decision.reason).toBe("deadline");
    expect((await listAtRisk(db, AGENCY_SCOPE, now, 31)).length).toBe(0);
    const verdict = await validatePain001((await loadTransferFile(db, run.run!.id)).xml);
    expect(verdict.valid).toBe(true);
  });
});
