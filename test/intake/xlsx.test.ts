import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { TabularMeta } from "../../src/intake/parse/columns";
import { parseXlsx } from "../../src/intake/parse/xlsx";
import { collect, source } from "./helpers";

async function workbook(sheets: { name: string; rows: unknown[][] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    // Date cells need a date format to come back as dates.
    ws.getColumn(4).numFmt = "dd/mm/yyyy";
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = [
  "N° facture",
  "Client",
  "Montant TTC",
  "Échéance",
  "Code postal",
  "Téléphone",
  "Remarque",
  "Date facture",
];

describe("XLSX intake", () => {
  it("reads typed cells: date cells, numbers, serial dates, text amounts and formulas", async () => {
    const bytes = await workbook([
      {
        name: "Impayés",
        rows: [
          HEADER,
          [
            "F-1",
            "Durand SARL",
            1234.56,
            new Date(Date.UTC(2025, 6, 2)),
            6000,
            612345678,
            "relancé",
            "01/06/2025",
          ],
          [1002, "Léa Petit", "89,90 €", "15/07/2025", "75011", "06 11 22 33 44", null, 45809],
          [
            "F-3",
            "Nadia Kaci",
            { formula: "10*12.5", result: 125 },
            new Date(Date.UTC(2025, 7, 1)),
            null,
            null,
            null,
            null,
          ],
          ["F-4", "Broken", { error: "#N/A" }, new Date(Date.UTC(2025, 7, 1)), null, null, null, null],
          [],
          ["F-5", "Ok Sas", 10, "pas une date", null, null, null, null],
        ],
      },
    ]);
    let meta: TabularMeta | undefined;
    const { rows, errors } = await collect(parseXlsx(source(bytes), { onMeta: (m) => (meta = m) }));
    expect(meta?.sheet).toBe("Impayés");
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(rows[0]).toMatchObject({
      debtor: { kind: "company", name: "Durand SARL", postalCode: "06000", phone: "0612345678" },
      claim: { invoiceNumber: "F-1", amountCents: 123456, dueDate: "2025-07-02", issueDate: "2025-06-01" },
      extra: { Remarque: "relancé" },
    });
    expect(rows[1]).toMatchObject({
      debtor: { name: "Léa Petit", postalCode: "75011", phone: "0611223344" },
      claim: { invoiceNumber: "1002", amountCents: 8990, dueDate: "2025-07-15", issueDate: "2025-06-01" },
    });
    expect(rows[2]!.claim.amountCents).toBe(12500);
    expect(errors).toEqual([
      expect.objectContaining({ line: 5, field: "Montant TTC", value: "#N/A", reason: "invalid_number" }),
      expect.objectContaining({ line: 7, field: "Échéance", value: "pas une date", reason: "invalid_date" }),
    ]);
  });

  it("reads a sheet by name and says which sheets exist when the name is wrong", async () => {
    const bytes = await workbook([
      { name: "Résumé", rows: [["Total", 3]] },
      { name: "Détail", rows: [HEADER, ["F-9", "Zoé", 5, new Date(Date.UTC(2025, 0, 1))]] },
    ]);
    const named = await collect(parseXlsx(source(bytes), { sheet: "détail" }));
    expect(named.rows.map((r) => r.claim.invoiceNumber)).toEqual(["F-9"]);
    const first = await collect(parseXlsx(source(bytes)));
    expect(first.errors[0]).toMatchObject({ reason: "missing_column" });
    const missing = await collect(parseXlsx(source(bytes), { mapping: { sheet: "Feuil3" } }));
    expect(missing.errors).toEqual([expect.objectContaining({ reason: "sheet_not_found", value: "Feuil3" })]);
    expect(missing.errors[0]!.message).toContain("Résumé, Détail");
  });

  it("rounds computed amounts to the cent with a warning", async () => {
    const bytes = await workbook([
      { name: "S", rows: [HEADER, ["F-1", "Bo", 123.456, new Date(Date.UTC(2025, 0, 1))]] },
    ]);
    const { rows } = await collect(parseXlsx(source(bytes)));
    expect(rows[0]!.claim.amountCents).toBe(12346);
    expect(rows[0]!.warnings).toEqual([expect.objectContaining({ code: "amount_rounded" })]);
  });

  it("reports a file that is not a workbook", async () => {
    const { rows, errors } = await collect(parseXlsx(source("N° facture;Client\nF1;A\n")));
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ line: 0, reason: "unreadable_file" })]);
  });
});
