import { describe, expect, it } from "vitest";
import { type FecMeta, parseFec } from "../../src/intake/parse/fec";
import { collect, encode, source } from "./helpers";

const HEADER =
  "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise";

const line = (f: Partial<Record<string, string>>): string =>
  HEADER.split("|")
    .map((k) => f[k] ?? "")
    .join("|");

const inv = (
  num: string,
  aux: string,
  name: string,
  piece: string,
  date: string,
  debit: string,
  extra: Partial<Record<string, string>> = {},
) =>
  line({
    JournalCode: "VT",
    JournalLib: "Ventes",
    EcritureNum: num,
    EcritureDate: date,
    CompteNum: "411000",
    CompteLib: "Clients",
    CompAuxNum: aux,
    CompAuxLib: name,
    PieceRef: piece,
    PieceDate: date,
    EcritureLib: `Facture ${piece}`,
    Debit: debit,
    Credit: "0,00",
    ValidDate: date,
    ...extra,
  });
const pay = (
  num: string,
  aux: string,
  name: string,
  piece: string,
  date: string,
  credit: string,
  extra: Partial<Record<string, string>> = {},
) =>
  line({
    JournalCode: "BQ",
    JournalLib: "Banque",
    EcritureNum: num,
    EcritureDate: date,
    CompteNum: "411000",
    CompteLib: "Clients",
    CompAuxNum: aux,
    CompAuxLib: name,
    PieceRef: piece,
    PieceDate: date,
    EcritureLib: "Virement",
    Debit: "0,00",
    Credit: credit,
    ValidDate: date,
    ...extra,
  });
const sale = (num: string, date: string, credit: string) =>
  line({
    JournalCode: "VT",
    EcritureNum: num,
    EcritureDate: date,
    CompteNum: "706000",
    CompteLib: "Ventes",
    PieceRef: "x",
    PieceDate: date,
    Debit: "0,00",
    Credit: credit,
  });

describe("FEC intake", () => {
  it("nets the formats.md example to 700,00 for DURAND SARL with a derived due date", async () => {
    const fec = [
      HEADER,
      "VT|Ventes|VT000123|20250315|411000|Clients|C0042|DURAND SARL|F2025-0123|20250315|Facture F2025-0123|1200,00|0,00|||20250316||",
      "VT|Ventes|VT000123|20250315|706000|Ventes|||F2025-0123|20250315|Facture F2025-0123|0,00|1000,00|||20250316||",
      "BQ|Banque|BQ000456|20250420|411000|Clients|C0042|DURAND SARL|VIR250420|20250420|Virement Durand|0,00|500,00|||20250421||",
    ].join("\r\n");
    let meta: FecMeta | undefined;
    const { rows, errors } = await collect(
      parseFec(source(fec), { paymentTermsDays: 30, onMeta: (m) => (meta = m) }),
    );
    expect(meta).toMatchObject({ delimiter: "|", amountVariant: "debit_credit" });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      line: 2,
      debtor: { kind: "company", name: "DURAND SARL", externalRef: "C0042" },
      claim: {
        invoiceNumber: "F2025-0123",
        issueDate: "2025-03-15",
        dueDate: "2025-04-14",
        dueDateDerived: true,
        amountCents: 70000,
        currency: "EUR",
      },
    });
    expect(rows[0]!.warnings?.map((w) => w.code)).toEqual(["unallocated_credit_applied", "due_date_derived"]);
  });

  it("drops settled lettering groups, nets partial lettering and payments on the same piece", async () => {
    const fec = [
      HEADER,
      inv("1", "C1", "ALPHA SAS", "F1", "20250105", "1000,00", { EcritureLet: "AA", DateLet: "20250210" }),
      pay("2", "C1", "ALPHA SAS", "R1", "20250210", "1000,00", { EcritureLet: "AA", DateLet: "20250210" }),
      inv("3", "C1", "ALPHA SAS", "F2", "20250201", "800,00", { EcritureLet: "AB", DateLet: "20250301" }),
      pay("4", "C1", "ALPHA SAS", "R2", "20250301", "300,00", { EcritureLet: "AB", DateLet: "20250301" }),
      inv("5", "C1", "ALPHA SAS", "F3", "20250310", "450,00"),
      pay("6", "C1", "ALPHA SAS", "F3", "20250320", "50,00"),
      inv("7", "C2", "Jean Morel", "F4", "20250311", "99,99"),
      sale("8", "20250311", "99,99"),
    ].join("\n");
    const { rows, errors } = await collect(parseFec(source(fec), { paymentTermsDays: 45 }));
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.claim.invoiceNumber, r.claim.amountCents, r.debtor.kind])).toEqual([
      ["F2", 50000, "company"],
      ["F3", 40000, "company"],
      ["F4", 9999, "unknown"],
    ]);
    expect(rows.every((r) => r.warnings?.every((w) => w.code === "due_date_derived"))).toBe(true);
  });

  it("ages at a cut-off date: later entries ignored, lines lettered after it still open", async () => {
    const fec = [
      HEADER,
      inv("1", "C1", "BETA", "F1", "20250105", "1000,00", { EcritureLet: "AA", DateLet: "20250410" }),
      pay("2", "C1", "BETA", "R1", "20250410", "1000,00", { EcritureLet: "AA", DateLet: "20250410" }),
      inv("3", "C1", "BETA", "F2", "20250405", "200,00"),
    ].join("\n");
    const atCutoff = await collect(parseFec(source(fec), { paymentTermsDays: 30, cutoffDate: "2025-03-31" }));
    expect(atCutoff.rows.map((r) => [r.claim.invoiceNumber, r.claim.amountCents])).toEqual([["F1", 100000]]);
    const now = await collect(parseFec(source(fec), { paymentTermsDays: 30 }));
    expect(now.rows.map((r) => r.claim.invoiceNumber)).toEqual(["F2"]);
  });

  it("reads the tab-separated Montant/Sens variant in ISO-8859-15 with an EcheanceDate column", async () => {
    const h =
      "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tMontant\tSens\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\tEcheanceDate";
    const rows = [
      "VE\tVentes\t12\t20250601\t411SOC\tSOCIÉTÉ GÉNÉRALE DES EAUX\t\t\tFA-77\t20250601\tFacture œuvre 12 €\t2400,00\tD\t\t\t20250601\t\t\t20250715",
      "BQ\tBanque\t13\t20250620\t411SOC\tSOCIÉTÉ GÉNÉRALE DES EAUX\t\t\tFA-77\t20250620\tAcompte\t400,00\tC\t\t\t20250620\t\t\t",
    ];
    const bytes = encode([h, ...rows].join("\r\n"), "iso-8859-15");
    let meta: FecMeta | undefined;
    const out = await collect(parseFec(source(bytes), { onMeta: (m) => (meta = m) }));
    expect(meta).toMatchObject({ encoding: "iso-8859-15", delimiter: "\t", amountVariant: "montant_sens" });
    expect(out.errors).toEqual([]);
    expect(out.rows[0]).toMatchObject({
      debtor: { name: "SOCIÉTÉ GÉNÉRALE DES EAUX", externalRef: "411SOC", kind: "company" },
      claim: { invoiceNumber: "FA-77", amountCents: 200000, dueDate: "2025-07-15", dueDateDerived: false },
      extra: { EcritureLib: "Facture œuvre 12 €" },
    });
  });

  it("rejoins a label broken by a pipe and flags it", async () => {
    const fec = [
      HEADER,
      inv("1", "C9", "GAMMA", "F9", "20250101", "10,00").replace("Facture F9", "Facture | avoir"),
    ].join("\n");
    const { rows } = await collect(parseFec(source(fec), { paymentTermsDays: 0 }));
    expect(rows[0]!.extra.EcritureLib).toBe("Facture | avoir");
    expect(rows[0]!.warnings?.map((w) => w.code)).toContain("field_separator_in_text");
  });

  it("names bad lines and withholds the customer's invoices rather than overstate them", async () => {
    const fec = [
      HEADER,
      inv("1", "C1", "DELTA", "F1", "20250101", "500,00"),
      pay("2", "C1", "DELTA", "R1", "20250115", "2OO,00"),
      inv("3", "C2", "EPSILON", "F2", "2025-13-01", "10,00"),
      inv("4", "C3", "ZETA", "F3", "20250101", "10,00"),
      "garbage line",
    ].join("\n");
    const { rows, errors } = await collect(parseFec(source(fec), { paymentTermsDays: 30 }));
    expect(rows.map((r) => r.claim.invoiceNumber)).toEqual(["F3"]);
    expect(errors).toEqual([
      expect.objectContaining({ line: 3, field: "Credit", value: "2OO,00", reason: "invalid_number" }),
      expect.objectContaining({
        line: 4,
        field: "EcritureDate",
        value: "2025-13-01",
        reason: "invalid_date",
      }),
      expect.objectContaining({ line: 2, field: "CompAuxNum", value: "C1" }),
    ]);
  });

  it("asks for payment terms when neither the file nor the caller gives a due date", async () => {
    const fec = [HEADER, inv("1", "C1", "ETA", "F1", "20250101", "10,00")].join("\n");
    const { rows, errors } = await collect(parseFec(source(fec)));
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({ line: 2, reason: "no_due_date", field: "EcheanceDate" }),
    ]);
  });

  it("rejects a file whose header is not a FEC", async () => {
    const { errors } = await collect(parseFec(source("Facture;Client;Montant\nF1;A;1\n")));
    expect(errors).toEqual([expect.objectContaining({ line: 1, reason: "missing_column" })]);
    expect(errors[0]!.message).toContain("CompteNum");
  });
});
