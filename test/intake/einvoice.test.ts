import { AFRelationship, PDFArray, PDFDict, PDFDocument, PDFName, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { parseEInvoice } from "../../src/intake/parse/einvoice";
import { parseFacturX } from "../../src/intake/parse/facturx";
import { ciiInvoice, ciiMinimum, ublInvoice } from "./fixtures/einvoices";
import { split } from "./helpers";

async function facturXPdf(
  xml: string | null,
  opts: { name?: string; afOnly?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText("Facture FA-2025-0107", {
    x: 50,
    y: 780,
    size: 18,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  if (xml !== null) {
    await doc.attach(Buffer.from(xml, "utf8"), opts.name ?? "factur-x.xml", {
      mimeType: "text/xml",
      description: "Factur-X invoice",
      creationDate: new Date("2025-06-15T10:00:00Z"),
      modificationDate: new Date("2025-06-15T10:00:00Z"),
      afRelationship: AFRelationship.Data,
    });
  }
  const bytes = await doc.save();
  if (!opts.afOnly) return bytes;
  // PDF/A-3 producers that reference the file only from the catalog's AF array.
  const again = await PDFDocument.load(bytes);
  const names = again.catalog.lookup(PDFName.of("Names"), PDFDict);
  const tree = names.lookup(PDFName.of("EmbeddedFiles"), PDFDict);
  const leaf = tree.lookup(PDFName.of("Names"), PDFArray);
  again.catalog.set(PDFName.of("AF"), again.context.obj([leaf.get(1)]));
  again.catalog.delete(PDFName.of("Names"));
  return again.save();
}

describe("CII (Factur-X XML)", () => {
  it("reads parties with SIREN, number, dates, amount due, currency and the creditor's IBAN", () => {
    const { rows, errors } = split(parseEInvoice(ciiInvoice()));
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      line: 1,
      debtor: {
        kind: "company",
        name: "Boulangerie Martin & Fils",
        siren: "732829320",
        email: "compta@martin.example",
        phone: "+33478123456",
        addressLines: ["12 rue des Lilas", "Bâtiment B"],
        postalCode: "69003",
        city: "Lyon",
        country: "FR",
      },
      claim: {
        invoiceNumber: "FA-2025-0107",
        issueDate: "2025-06-15",
        dueDate: "2025-07-15",
        dueDateDerived: false,
        amountCents: 100000,
        currency: "EUR",
      },
      seller: {
        name: "Imprimerie Dubois SAS",
        siren: "552100554",
        vatId: "FR44552100554",
        iban: "FR7630006000011234567890189",
      },
      extra: {
        profile: "BASIC",
        totalInclTax: "1250.50",
        prepaidAmount: "250.50",
        buyerVatId: "FR12732829320",
      },
    });
  });

  it("rejects the MINIMUM profile and says it has no due date", () => {
    const { rows, errors } = split(parseEInvoice(ciiMinimum()));
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ reason: "unsupported_profile", value: "MINIMUM" })]);
    expect(errors[0]!.message).toContain("no due date (BT-9)");
  });

  it("accepts BASIC WL with a warning that the invoice has no lines", () => {
    const { rows } = split(parseEInvoice(ciiInvoice({ guideline: "urn:factur-x.eu:1p0:basicwl" })));
    expect(rows[0]!.warnings).toEqual([expect.objectContaining({ code: "profile_without_lines" })]);
  });

  it("derives a missing due date from payment terms only when asked to, and flags it", () => {
    const xml = ciiInvoice({ due: null });
    expect(split(parseEInvoice(xml)).errors).toEqual([
      expect.objectContaining({ field: "BT-9 due date", reason: "no_due_date" }),
    ]);
    const { rows } = split(parseEInvoice(xml, { paymentTermsDays: 30 }));
    expect(rows[0]!.claim).toMatchObject({ dueDate: "2025-07-15", dueDateDerived: true });
  });

  it("names every bad field of a broken invoice at once", () => {
    const xml = ciiInvoice({
      number: "",
      issue: "20251332",
      currency: "XYZ",
      duePayable: "12,34.5",
      buyerName: "",
    });
    const { rows, errors } = split(parseEInvoice(xml));
    expect(rows).toEqual([]);
    expect(errors.map((e) => [e.field, e.reason])).toEqual([
      ["BT-1 invoice number", "missing_value"],
      ["BT-2 issue date", "invalid_date"],
      ["BT-5 currency", "invalid_currency"],
      ["BT-115 amount due", "invalid_number"],
      ["BT-44 buyer name", "missing_value"],
    ]);
  });

  it("refuses credit notes, paid invoices, DTDs, other roots and broken XML", () => {
    expect(split(parseEInvoice(ciiInvoice({ typeCode: "381" }))).errors[0]!.reason).toBe("credit_note");
    expect(split(parseEInvoice(ciiInvoice({ duePayable: "0.00" }))).errors[0]!.reason).toBe(
      "amount_not_positive",
    );
    const dtd = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>`;
    expect(split(parseEInvoice(dtd)).errors[0]!.reason).toBe("invalid_xml");
    expect(split(parseEInvoice("<Order><ID>1</ID></Order>")).errors[0]).toMatchObject({
      reason: "unsupported_document",
      value: "Order",
    });
    const broken = split(parseEInvoice(ciiInvoice().slice(0, 900)));
    expect(broken.errors[0]).toMatchObject({ reason: "invalid_xml" });
    expect(broken.errors[0]!.line).toBeGreaterThan(1);
  });
});

describe("UBL", () => {
  it("reads a UBL invoice, SIRET under scheme 0009 giving the SIREN", () => {
    const { rows, errors } = split(parseEInvoice(Buffer.from(`\uFEFF${ublInvoice()}`, "utf8")));
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      debtor: {
        name: "Menuiserie Leroy",
        siret: "40483304800022",
        siren: "404833048",
        addressLines: ["8 avenue Foch"],
        postalCode: "44000",
        city: "Nantes",
        phone: "0240000000",
        email: "factures@leroy.example",
      },
      claim: {
        invoiceNumber: "UBL-2025-42",
        issueDate: "2025-05-02",
        dueDate: "2025-06-01",
        amountCents: 60000,
        currency: "EUR",
      },
      seller: {
        name: "Transports Rapides SARL",
        siren: "443061841",
        vatId: "FR61443061841",
        iban: "FR7630004000031234567890143",
      },
      extra: { paymentTerms: "Paiement à 30 jours", syntax: "UBL" },
    });
  });

  it("refuses a UBL credit note", () => {
    expect(split(parseEInvoice(ublInvoice("CreditNote"))).errors[0]!.reason).toBe("credit_note");
  });
});

describe("Factur-X PDF", () => {
  it("extracts factur-x.xml from the EmbeddedFiles tree and keeps the PDF as evidence", async () => {
    const pdf = await facturXPdf(ciiInvoice());
    const { rows, errors } = split(await parseFacturX(pdf, { fileName: "FA-2025-0107.pdf" }));
    expect(errors).toEqual([]);
    expect(rows[0]!.claim.invoiceNumber).toBe("FA-2025-0107");
    expect(rows[0]!.evidence).toMatchObject({ fileName: "FA-2025-0107.pdf", mediaType: "application/pdf" });
    expect(rows[0]!.evidence!.bytes).toBe(pdf);
  });

  it("finds the XML through the AF array and under the ZUGFeRD name", async () => {
    const af = split(await parseFacturX(await facturXPdf(ciiInvoice(), { afOnly: true })));
    expect(af.rows).toHaveLength(1);
    const zugferd = split(
      await parseFacturX(await facturXPdf(ciiInvoice(), { name: "zugferd-invoice.xml" })),
    );
    expect(zugferd.rows).toHaveLength(1);
  });

  it("says so when a PDF carries no invoice XML or is no PDF at all", async () => {
    const plain = split(await parseFacturX(await facturXPdf(null), { fileName: "scan.pdf" }));
    expect(plain.errors).toEqual([
      expect.objectContaining({ reason: "no_embedded_invoice", value: "scan.pdf" }),
    ]);
    const other = split(await parseFacturX(await facturXPdf("<x/>", { name: "notes.xml" })));
    expect(other.errors[0]!.message).toContain("attachments: notes.xml");
    const junk = split(await parseFacturX(Buffer.from("not a pdf")));
    expect(junk.errors[0]!.reason).toBe("unreadable_file");
  });

  it("passes the MINIMUM rejection through from the embedded XML", async () => {
    const { errors } = split(await parseFacturX(await facturXPdf(ciiMinimum())));
    expect(errors[0]!.reason).toBe("unsupported_profile");
  });
});
