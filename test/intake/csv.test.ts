import { describe, expect, it } from "vitest";
import type { TabularMeta } from "../../src/intake/parse/columns";
import { parseCsv, parseCsvBatches } from "../../src/intake/parse/csv";
import { MAX_RECORD_CHARS } from "../../src/intake/parse/csv-records";
import { detectDelimiter, detectEncoding, openText } from "../../src/intake/parse/encoding";
import { collect, encode, source } from "./helpers";

// What a creditor's ERP exports through French Excel: semicolons, CRLF, accents, French amounts.
const FRENCH_EXPORT = [
  "N° facture;Raison sociale;Nom;Prénom;SIREN;Montant TTC;Déjà réglé;Date facture;Date d'échéance;Adresse;Code postal;Ville;Téléphone;E-mail;Commercial",
  "FA-2025-001;Boulangerie Martin SARL;;;732 829 320;1 250,50 €;250,50;02/06/2025;02/07/2025;12 rue des Lilas;69003;Lyon;04 78 12 34 56;compta@martin.example;Julie",
  'FA-2025-002;;Dupont;Jérôme;;89,90;;15/06/25;;"Résidence Les Pins\r\nBât. B";13008;Marseille;06 12 34 56 78;jd@example.fr;Marc',
  "FA-2025-003;Œuvres & Cie;;;;abc;;2025-06-20;2025-07-20;;75011;Paris;;;",
  "",
  "FA-2025-004;Garage Éloi;;;;1.234,00;;20/06/2025;31/06/2025;;;;;;",
  "FA-2025-005;Café Ça Va;;;;300;;;20/07/2025;;;;;;Julie",
].join("\r\n");

describe("CSV intake", () => {
  it("reads a French Excel export in Windows-1252 with names, amounts, dates and extras", async () => {
    let meta: TabularMeta | undefined;
    const { rows, errors } = await collect(
      parseCsv(source(encode(FRENCH_EXPORT, "windows-1252")), {
        paymentTermsDays: 30,
        onMeta: (m) => (meta = m),
      }),
    );
    expect(meta?.encoding).toBe("windows-1252");
    expect(meta?.delimiter).toBe(";");
    expect(meta?.assignments.slice(0, 6)).toEqual([
      "invoiceNumber",
      "companyName",
      "lastName",
      "firstName",
      "siren",
      "amountInclTax",
    ]);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 8]);
    const [martin, dupont, cafe] = rows;
    expect(martin!.debtor).toMatchObject({
      kind: "company",
      name: "Boulangerie Martin SARL",
      siren: "732829320",
      phone: "0478123456",
      postalCode: "69003",
    });
    expect(martin!.claim).toEqual({
      invoiceNumber: "FA-2025-001",
      issueDate: "2025-06-02",
      dueDate: "2025-07-02",
      dueDateDerived: false,
      amountCents: 100000,
      currency: "EUR",
    });
    expect(martin!.extra).toEqual({ Commercial: "Julie" });
    expect(dupont!.debtor).toMatchObject({
      kind: "person",
      name: "Jérôme Dupont",
      lastName: "Dupont",
      firstName: "Jérôme",
    });
    expect(dupont!.debtor.addressLines).toEqual(["Résidence Les Pins Bât. B"]);
    expect(dupont!.claim).toMatchObject({
      issueDate: "2025-06-15",
      dueDate: "2025-07-15",
      dueDateDerived: true,
      amountCents: 8990,
    });
    expect(cafe!.debtor.name).toBe("Café Ça Va");
    expect(cafe!.claim.issueDate).toBeUndefined();
    expect(errors).toEqual([
      expect.objectContaining({ line: 5, field: "Montant TTC", value: "abc", reason: "invalid_number" }),
      expect.objectContaining({
        line: 7,
        field: "Date d'échéance",
        value: "31/06/2025",
        reason: "invalid_date",
      }),
    ]);
  });

  it("gives the same result whatever the chunk size, one byte at a time included", async () => {
    const bytes = encode(FRENCH_EXPORT, "utf-8");
    const whole = await collect(parseCsv(source(bytes), { paymentTermsDays: 30 }));
    for (const size of [1, 7, 64]) {
      expect(await collect(parseCsv(source(bytes, size), { paymentTermsDays: 30 }))).toEqual(whole);
    }
  });

  it("names a missing required column and lists the headers it saw", async () => {
    const csv = "Facture;Client;Montant\nF1;ACME;12,00\n";
    const { rows, errors } = await collect(parseCsv(source(csv)));
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      line: 1,
      field: "due date",
      reason: "missing_column",
      value: "Facture, Client, Montant",
    });
    expect(errors[0]!.message).toContain("headers seen: Facture, Client, Montant");
  });

  it("lets a saved mapping name columns that detection cannot guess", async () => {
    const csv = "Ref;Qui;Combien;Quand;Agence\nX-1;SCI du Port;99,00;01/09/2025;Nord\n";
    const { rows, errors } = await collect(
      parseCsv(source(csv), {
        mapping: {
          columns: { Ref: "invoiceNumber", Qui: "fullName", Combien: "amountDue", Quand: "dueDate" },
        },
      }),
    );
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      debtor: { kind: "company", name: "SCI du Port", companyName: "SCI du Port" },
      claim: { invoiceNumber: "X-1", amountCents: 9900, dueDate: "2025-09-01" },
      extra: { Agence: "Nord" },
    });
  });

  it("detects commas, tabs and pipes and reads English headers", async () => {
    const rowsFor = async (d: string): Promise<number> => {
      const csv = [
        ["Invoice number", "Customer name", "Amount due", "Due date", "Email"].join(d),
        ["INV-1", '"Smith, John"', '"1,234.50"', "2025-08-01", "j@example.com"].join(d),
      ].join("\n");
      const { rows, errors } = await collect(parseCsv(source(csv)));
      expect(errors).toEqual([]);
      expect(rows[0]!.debtor).toMatchObject({ name: "Smith, John", email: "j@example.com" });
      return rows[0]!.claim.amountCents;
    };
    for (const d of [",", "\t", "|", ";"]) expect(await rowsFor(d)).toBe(123450);
  });

  it("reports a record whose field count does not match the header instead of shifting values", async () => {
    const csv =
      "Invoice,Customer,Amount,Due date\nA1,Acme,12.00,2025-01-01\nA2,Bolt,1 234,56,2025-01-01\nA3,Cog,5,2025-01-01,\n";
    const { rows, errors } = await collect(parseCsv(source(csv)));
    expect(rows.map((r) => r.claim.invoiceNumber)).toEqual(["A1", "A3"]);
    expect(errors).toEqual([
      expect.objectContaining({ line: 3, field: "record", reason: "wrong_field_count" }),
    ]);
    expect(errors[0]!.message).toContain("unquoted decimal comma");
  });

  it("keeps line numbers right after quoted fields spanning several lines", async () => {
    const csv =
      'Facture;Client;Montant;Echeance;Note\nF1;A;1;01/01/2025;"one\ntwo\nthree"\nF2;B;x;01/01/2025;ok\nF3;C;3;01/01/2025;"a\r\nb"\r\nF4;D;y;01/01/2025;\n';
    const { rows, errors } = await collect(parseCsv(source(csv)));
    expect(rows.map((r) => [r.claim.invoiceNumber, r.line])).toEqual([
      ["F1", 2],
      ["F3", 6],
    ]);
    expect(errors.map((e) => e.line)).toEqual([5, 8]);
    expect(rows[0]!.extra.Note).toBe("one\ntwo\nthree");
  });

  it("recovers after a quote that is never closed and keeps the valid lines that follow", async () => {
    const csv =
      'Facture;Client;Montant;Echeance\nF1;A;1;01/01/2025\nF2;"Broken;2;01/01/2025\nF3;C;3;01/01/2025\n';
    const { rows, errors } = await collect(parseCsv(source(csv)));
    expect(rows.map((r) => r.claim.invoiceNumber)).toEqual(["F1", "F3"]);
    expect(rows[1]!.line).toBe(4);
    expect(errors).toEqual([
      expect.objectContaining({ line: 3, reason: "malformed_quotes", value: 'F2;"Broken;2;01/01/2025' }),
    ]);
  });

  it("bounds memory when an unclosed quote would swallow the rest of a large file", async () => {
    const good = Array.from(
      { length: 30_000 },
      (_, i) => `G${i};Client ${i};10,00;01/01/2025;${"x".repeat(40)}`,
    );
    const csv = ["Facture;Client;Montant;Echeance;Note", 'B1;"Oops;1;01/01/2025;n', ...good].join("\n");
    expect(csv.length).toBeGreaterThan(MAX_RECORD_CHARS);
    const { rows, errors } = await collect(parseCsv(source(csv, 4096)));
    expect(errors[0]).toMatchObject({ line: 2, reason: "record_too_long" });
    expect(rows.length).toBe(30_000);
    expect(rows[0]!.line).toBe(3);
  });

  it("honours Excel's sep= line and a header below a title row", async () => {
    const csv =
      "sep=|\nExport du 01/09/2025|\nN° facture|Client|Solde|Échéance\nF9|Léa Martin|10|01/10/2025\n";
    const { rows, errors } = await collect(parseCsv(source(csv), { mapping: { headerRow: 2 } }));
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({ line: 4, claim: expect.objectContaining({ amountCents: 1000 }) }),
    ]);
  });

  it("refuses zero, negative and credit balances, and due dates before the issue date", async () => {
    const csv =
      "Facture;Client;Montant TTC;Réglé;Date;Echéance\nF1;A;100;100;01/01/2025;01/02/2025\nF2;B;-5;;01/01/2025;01/02/2025\nF3;C;50;;01/03/2025;01/02/2025\n";
    const { rows, errors } = await collect(parseCsv(source(csv)));
    expect(rows).toEqual([]);
    expect(errors.map((e) => [e.line, e.reason])).toEqual([
      [2, "amount_not_positive"],
      [3, "amount_not_positive"],
      [4, "due_date_before_issue_date"],
    ]);
  });

  it("yields batches as it reads instead of waiting for the end of the file", async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `F${i};Client ${i};${i + 1},00;01/01/2025`);
    const csv = ["Facture;Client;Montant;Echeance", ...lines].join("\n");
    let batches = 0;
    let total = 0;
    for await (const batch of parseCsvBatches(source(csv, 16 * 1024))) {
      batches++;
      total += batch.length;
    }
    expect(total).toBe(20_000);
    expect(batches).toBeGreaterThan(10);
  });

  it("reports an empty file", async () => {
    expect((await collect(parseCsv(source("")))).errors).toEqual([
      expect.objectContaining({ reason: "empty_file", line: 0 }),
    ]);
    expect((await collect(parseCsv(source("\r\n\r\n")))).errors[0]!.reason).toBe("empty_file");
  });
});

describe("encoding and delimiter detection", () => {
  it("tells UTF-8 (with and without BOM), UTF-16, Windows-1252 and ISO-8859-15 apart", () => {
    expect(detectEncoding(Buffer.from("\uFEFFé;€", "utf8"))).toEqual({ encoding: "utf-8", bom: true });
    expect(detectEncoding(Buffer.from("é;€", "utf8"))).toEqual({ encoding: "utf-8", bom: false });
    expect(detectEncoding(encode("Société;œuvre;12 €", "windows-1252")).encoding).toBe("windows-1252");
    expect(detectEncoding(encode("Société;œuvre;12 €", "iso-8859-15")).encoding).toBe("iso-8859-15");
    expect(detectEncoding(encode("Société;Ville", "iso-8859-15")).encoding).toBe("windows-1252");
    expect(
      detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), encode("a\tb", "utf-16le")])).encoding,
    ).toBe("utf-16le");
    expect(detectEncoding(encode("Facture\tClient\tMontant\n", "utf-16le")).encoding).toBe("utf-16le");
  });

  it("switches to Windows-1252 when a file that looked ASCII turns out not to be UTF-8", async () => {
    const ascii = "a;b\n".repeat(40_000);
    const bytes = Buffer.concat([Buffer.from(ascii), encode("Élodie;Noël\n", "windows-1252")]);
    const text = await openText(source(bytes));
    let out = "";
    for await (const s of text.chunks) out += s;
    expect(text.switchedTo).toBe("windows-1252");
    expect(out.endsWith("Élodie;Noël\n")).toBe(true);
  });

  it("strips the byte order mark from the decoded text", async () => {
    const text = await openText(source(Buffer.from("\uFEFFFacture;Client", "utf8")));
    let out = "";
    for await (const s of text.chunks) out += s;
    expect(out).toBe("Facture;Client");
  });

  it("ignores delimiters inside quotes when choosing one", () => {
    expect(detectDelimiter('a;b;c\n"1,5";"2,5";"x"\n"3,5";"4,5";"y"\n')).toBe(";");
    expect(detectDelimiter('a,b\n"x;y;z",1\n')).toBe(",");
    expect(detectDelimiter("a\tb\tc\n1,5\t2\t3\n")).toBe("\t");
    expect(detectDelimiter("a|b|c\n1|2|3\n")).toBe("|");
    expect(detectDelimiter("single\nvalue\n")).toBe(";");
  });
});
