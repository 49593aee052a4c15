import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { findRfReferences, nameSimilarity } from "../../src/payments/bank-matching";
import { parseCamt053 } from "../../src/payments/camt053";
import { importBankStatement } from "../../src/payments/import-bank-statement";
import { bankTransactions, payments } from "../../src/payments/schema";
import { formatRfReference, makeRfReference } from "../../src/platform/identifiers";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase, store } from "./fixtures";

let t: TestApp;
const docs = store();
const deps = () => ({ db: t.database.db, documents: docs });
const company = (companyName: string, siren = "732829320") => ({
  kind: "company",
  companyName,
  siren,
  email: "compta@example.test",
  phone: "06 12 34 56 78",
  address: { line1: "1 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
});

async function reference(caseId: string) {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
  return row!.reference;
}

interface Line {
  ref?: string;
  amount: string;
  cdtDbt?: "CRDT" | "DBIT";
  status?: string;
  name?: string;
  ustrd?: string;
  strd?: string;
  txs?: { ref: string; amount: string; name: string; ustrd: string }[];
}

/** A camt.053.001.08 statement as a French bank sends it for the trust account. */
function statement(id: string, lines: Line[]): string {
  const tx = (l: { ref?: string; amount?: string; name?: string; ustrd?: string; strd?: string }) => `
          <TxDtls>
            <Refs>${l.ref ? `<AcctSvcrRef>${l.ref}</AcctSvcrRef>` : ""}<EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            ${l.amount ? `<Amt Ccy="EUR">${l.amount}</Amt>` : ""}
            <CdtDbtInd>CRDT</CdtDbtInd>
            ${l.name ? `<RltdPties><Dbtr><Pty><Nm>${l.name}</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></DbtrAcct></RltdPties>` : ""}
            <RmtInf>${l.ustrd ? `<Ustrd>${l.ustrd}</Ustrd>` : ""}${
              l.strd
                ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>${l.strd}</Ref></CdtrRefInf></Strd>`
                : ""
            }</RmtInf>
          </TxDtls>`;
  const entries = lines
    .map(
      (l) => `
    <Ntry>
      <NtryRef>${l.ref ?? "batch"}</NtryRef>
      <Amt Ccy="EUR">${l.amount}</Amt>
      <CdtDbtInd>${l.cdtDbt ?? "CRDT"}</CdtDbtInd>
      <Sts><Cd>${l.status ?? "BOOK"}</Cd></Sts>
      <BookgDt><Dt>2026-11-20</Dt></BookgDt>
      <ValDt><Dt>2026-11-20</Dt></ValDt>
      ${l.ref ? `<AcctSvcrRef>${l.ref}</AcctSvcrRef>` : ""}
      <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
      <NtryDtls>${l.txs ? l.txs.map(tx).join("") : tx({ ...l, amount: undefined })}
      </NtryDtls>
    </Ntry>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>${id}-MSG</MsgId><CreDtTm>2026-11-21T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>${id}</Id>
      <ElctrncSeqNb>321</ElctrncSeqNb>
      <CreDtTm>2026-11-21T06:00:00</CreDtTm>
      <Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
      ${entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe("camt.053 parsing and matching rules", () => {
  it("finds RF references typed with spaces or given structured, and rejects a wrong check digit", () => {
    const rf = makeRfReference("RL2026000123");
    expect(findRfReferences([`Facture ${formatRfReference(rf)} merci`])).toEqual([rf]);
    expect(findRfReferences([rf.replace(/^RF\d\d/, "RF00")])).toEqual([]);
  });

  it("compares payer names regardless of accents, case, order and legal form", () => {
    expect(nameSimilarity("M. DUPONT Jérôme", "Jerome Dupont")).toBe(1);
    expect(nameSimilarity("BOULANGERIE DUPONT", "Boulangerie Dupont SARL")).toBe(1);
    expect(nameSimilarity("Durand", "Boulangerie Dupont SARL")).toBe(0);
  });

  it("reads booked credits only, one line per transaction of a batch entry", () => {
    const parsed = parseCamt053(
      statement("S-PARSE", [
        { ref: "A1", amount: "10.50", name: "X", ustrd: "hello" },
        { ref: "A2", amount: "99.00", cdtDbt: "DBIT", name: "Y" },
        { ref: "A3", amount: "5.00", status: "PDNG", name: "Z" },
        {
          amount: "30.00",
          txs: [
            { ref: "B1", amount: "10.00", name: "P", ustrd: "one" },
            { ref: "B2", amount: "20.00", name: "Q", ustrd: "two" },
          ],
        },
      ]),
    );
    expect(parsed.version).toBe("camt.053.001.08");
    expect(parsed.accountIban).toBe("FR7630004000031234567890143");
    expect(parsed.credits.map((c) => [c.entryRef, c.amountCents, c.debtorName])).toEqual([
      ["A1", 1050, "X"],
      ["B1", 1000, "P"],
      ["B2", 2000, "Q"],
    ]);
  });

  it("reads the older camt.053.001.02 layout", () => {
    const xml = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
      <GrpHdr><MsgId>M</MsgId><CreDtTm>2026-11-21T06:00:00</CreDtTm></GrpHdr>
      <Stmt><Id>OLD-1</Id><Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id></Acct>
      <Ntry><Amt Ccy="EUR">120.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-19</Dt></BookgDt>
        <AcctSvcrRef>OLD-REF-1</AcctSvcrRef>
        <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Jean Dupont</Nm></Dbtr></RltdPties><RmtInf><Ustrd>RF18539007547034</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry></Stmt></BkToCstmrStmt></Document>`;
    const parsed = parseCamt053(xml);
    expect(parsed.version).toBe("camt.053.001.02");
    expect(parsed.credits).toEqual([
      expect.objectContaining({
        entryRef: "OLD-REF-1",
        amountCents: 12_000,
        debtorName: "Jean Dupont",
        bookingDate: "2026-11-19",
      }),
    ]);
  });
});

describe("importing a bank statement", () => {
  it("matches by reference, then by amount and name, queues the rest, and applies nothing twice", async () => {
    const byStructured = await makeCase(t, "BANK-1", [{ principal: 100_000, due: "2026-07-01" }]);
    const byTyped = await makeCase(t, "BANK-2", [{ principal: 40_000, due: "2026-07-01" }]);
    const byName = await makeCase(
      t,
      "BANK-3",
      [{ principal: 77_700, due: "2026-07-01" }],
      company("Boulangerie Dupont SARL"),
    );
    // Two cases owing the same amount under the same name: the bank line cannot pick one.
    await makeCase(
      t,
      "BANK-4",
      [{ principal: 55_500, due: "2026-07-01" }],
      company("Garage Leroy SAS", "552100554"),
    );
    await makeCase(
      t,
      "BANK-5",
      [{ principal: 55_500, due: "2026-07-01" }],
      company("Garage Leroy SAS", "552100554"),
    );
    const rf1 = makeRfReference(await reference(byStructured.caseId));
    const rf2 = makeRfReference(await reference(byTyped.caseId));
    const xml = statement("STMT-2026-11-20", [
      { ref: "BQ-0001", amount: "500.00", name: "SOCIETE ABC", strd: rf1 },
      { ref: "BQ-0002", amount: "150.00", name: "Someone Else", ustrd: `VIR SEPA ${formatRfReference(rf2)}` },
      { ref: "BQ-0003", amount: "817.00", name: "BOULANGERIE DUPONT", ustrd: "Reglement facture" },
      { ref: "BQ-0004", amount: "595.00", name: "GARAGE LEROY", ustrd: "Paiement" },
      { ref: "BQ-0005", amount: "42.00", name: "INCONNU", ustrd: "Cotisation" },
      { ref: "BQ-0006", amount: "1200.00", cdtDbt: "DBIT", name: "LOYER" },
    ]);
    const report = await importBankStatement(deps(), xml, SYSTEM, t.clock.now());
    expect(report).toMatchObject({ credits: 5, matched: 3, unmatched: 2, alreadyImported: 0 });
    const line = (ref: string) => report.lines.find((l) => l.entryRef === ref)!;
    expect(line("BQ-0001")).toMatchObject({
      status: "matched",
      matchedBy: "reference",
      caseId: byStructured.caseId,
    });
    expect(line("BQ-0002")).toMatchObject({
      status: "matched",
      matchedBy: "reference",
      caseId: byTyped.caseId,
    });
    expect(line("BQ-0003")).toMatchObject({
      status: "matched",
      matchedBy: "amount_name",
      caseId: byName.caseId,
    });
    expect(line("BQ-0004")).toMatchObject({ status: "unmatched", reason: "ambiguous", candidates: 2 });
    expect(line("BQ-0005")).toMatchObject({ status: "unmatched", reason: "no_candidate" });

    const paid = await t.database.db.select().from(payments).where(eq(payments.provider, "bank_transfer"));
    const mine = paid.filter((p) => ["BQ-0001", "BQ-0002", "BQ-0003"].includes(p.providerRef));
    expect(mine.map((p) => [p.providerRef, p.amountCents]).sort()).toEqual([
      ["BQ-0001", 50_000],
      ["BQ-0002", 15_000],
      ["BQ-0003", 81_700],
    ]);
    expect(mine.find((p) => p.providerRef === "BQ-0001")!.encashedAt.toISOString()).toBe(
      "2026-11-20T00:00:00.000Z",
    );
    const [closed] = await t.database.db.select().from(cases).where(eq(cases.id, byName.caseId));
    expect(closed!.status).toBe("closed");

    const again = await importBankStatement(deps(), xml, SYSTEM, t.clock.now());
    expect(again).toMatchObject({ credits: 5, matched: 0, unmatched: 0, alreadyImported: 5 });
    const paidAfter = await t.database.db
      .select()
      .from(payments)
      .where(eq(payments.provider, "bank_transfer"));
    expect(paidAfter.length).toBe(paid.length);
  });

  it("lets an agent list the unmatched queue and assign a line to a case, once", async () => {
    const target = await makeCase(t, "BANK-Q1", [{ principal: 20_000, due: "2026-07-01" }]);
    const xml = statement("STMT-Q", [
      { ref: "BQ-Q-1", amount: "60.00", name: "PAYEUR MYSTERE", ustrd: "virement" },
    ]);
    const agent = await t.login("agent@test.example");
    const upload = await t.app.inject({
      method: "POST",
      url: "/api/agency/bank-statements",
      headers: {
        cookie: agent.cookie,
        "x-csrf-token": agent.csrf,
        "content-type": "multipart/form-data; boundary=XBOUNDARY",
      },
      payload: `--XBOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="releve.xml"\r\nContent-Type: application/xml\r\n\r\n${xml}\r\n--XBOUNDARY--\r\n`,
    });
    expect(upload.statusCode).toBe(200);
    expect(upload.json()).toMatchObject({ credits: 1, unmatched: 1 });

    const queue = await t.request("GET", "/api/agency/bank-transactions", { auth: agent });
    expect(queue.statusCode).toBe(200);
    const item = queue.json().items.find((i: { entryRef: string }) => i.entryRef === "BQ-Q-1");
    expect(item).toMatchObject({ status: "unmatched", amountCents: 6000, debtorName: "PAYEUR MYSTERE" });

    const creditor = await t.login("ca@a.example");
    expect((await t.request("GET", "/api/agency/bank-transactions", { auth: creditor })).statusCode).toBe(
      403,
    );

    const assign = await t.request("POST", `/api/agency/bank-transactions/${item.id}/assign`, {
      auth: agent,
      body: { caseId: target.caseId },
    });
    expect(assign.statusCode).toBe(200);
    expect(assign.json().transaction).toMatchObject({
      status: "resolved",
      matchedBy: "agent",
      caseId: target.caseId,
    });
    const twice = await t.request("POST", `/api/agency/bank-transactions/${item.id}/assign`, {
      auth: agent,
      body: { caseId: target.caseId },
    });
    expect(twice.statusCode).toBe(409);
    const [row] = await t.database.db
      .select()
      .from(bankTransactions)
      .where(eq(bankTransactions.entryRef, "BQ-Q-1"));
    const onCase = await t.database.db.select().from(payments).where(eq(payments.caseId, target.caseId));
    expect(onCase.map((p) => [p.id, p.amountCents])).toEqual([[row!.paymentId, 6000]]);
  });
});
