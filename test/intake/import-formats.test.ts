import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentStore } from "../../src/cases/documents";
import type { Database } from "../../src/platform/db/client";
import { queryRows } from "../../src/platform/db/rows";
import { createTestDatabase } from "../helpers/db";
import { ciiInvoice, ciiMinimum, ublInvoice } from "./fixtures/einvoices";
import { facturXPdf, fecFile, xlsxFile } from "./fixtures/import-files";
import { countRows, importBytes, newCreditor } from "./import-helpers";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const claimsOf = (creditor: string) =>
  queryRows<{ number: string; principal: number; due: string; name: string; kind: string; extra: object }>(
    database.db,
    sql`select c.number, c.principal_cents::int as principal, c.due_date::text as due, d.display_name as name,
               d.kind, c.extra
          from claims c join cases k on k.id = c.case_id join debtors d on d.id = k.debtor_id
         where c.creditor_id = ${creditor} order by c.number`,
  );

describe("import of every format", () => {
  it("imports an XLSX export: typed cells, debtor kind column, a zero amount named", async () => {
    const creditor = await newCreditor(database);
    const out = await importBytes(database, creditor, "balance.xlsx", await xlsxFile());
    expect(out.report).toMatchObject({
      rows: 3,
      created: 2,
      rejected: 1,
      debtors_created: 1,
      debtors_merged: 1,
    });
    expect(out.report.errors).toEqual([
      expect.objectContaining({ line: 4, field: "Reste dû", value: "0", reason: "amount_not_positive" }),
    ]);
    expect(await claimsOf(creditor)).toEqual([
      expect.objectContaining({ number: "X-100", principal: 150_050, due: "2026-06-30", kind: "company" }),
      expect.objectContaining({ number: "X-101", principal: 9_900, due: "2026-07-31" }),
    ]);
  });

  it("imports the open 411 items of a FEC with derived due dates, one debtor per auxiliary account", async () => {
    const creditor = await newCreditor(database);
    const out = await importBytes(database, creditor, "732829320FEC20261231.txt", fecFile(), {
      paymentTermsDays: 30,
    });
    expect(out.status).toBe("done");
    expect(out.report).toMatchObject({ created: 2, debtors_created: 2 });
    expect(out.report.errors).toEqual([expect.objectContaining({ line: 8, field: "EcritureDate" })]);
    const claims = await claimsOf(creditor);
    expect(claims.map((c) => [c.number, c.principal, c.due, c.name])).toEqual([
      ["F2026-0123", 70_000, "2026-04-14", "DURAND SARL"],
      ["F2026-0130", 84_000, "2026-06-01", "MENUISERIE LEROY"],
    ]);
    expect(claims[0]!.extra).toMatchObject({ dueDateDerived: "true" });
    const refs = await queryRows<{ external_ref: string }>(
      database.db,
      sql`select external_ref from debtors where creditor_id = ${creditor} order by 1`,
    );
    expect(refs.map((r) => r.external_ref)).toEqual(["C0042", "C0043"]);
  });

  it("imports a Factur-X PDF and keeps the PDF as the claim's invoice document", async () => {
    // The CII fixture's seller is SIREN 552100554: the creditor must be that company.
    const creditor = await newCreditor(database, "552100554");
    const store = documentStore(mkdtempSync(path.join(os.tmpdir(), "relance-docs-")));
    const pdf = await facturXPdf(ciiInvoice({ issue: "20260615", due: "20260715" }));
    const out = await importBytes(database, creditor, "FA-2025-0107.pdf", pdf, {}, store);
    expect(out.report).toMatchObject({ rows: 1, created: 1, rejected: 0 });
    const [doc] = await queryRows<{ kind: string; filename: string; claim: string; size: number }>(
      database.db,
      sql`select kind, filename, c.number as claim, size_bytes as size
            from documents d join claims c on c.id = d.claim_id where d.creditor_id = ${creditor}`,
    );
    expect(doc).toEqual({
      kind: "invoice",
      filename: "FA-2025-0107.pdf",
      claim: "FA-2025-0107",
      size: pdf.length,
    });
    const again = await importBytes(database, creditor, "FA-2025-0107.pdf", pdf, {}, store);
    expect(again.report).toMatchObject({ created: 0, skipped: 1 });
    expect(await countRows(database, "documents", creditor)).toBe(1);
  });

  it("rejects a MINIMUM profile and an invoice issued by another company, with the reason", async () => {
    const creditor = await newCreditor(database, "552100554");
    const minimum = await importBytes(database, creditor, "min.xml", Buffer.from(ciiMinimum()));
    expect(minimum.status).toBe("done");
    expect(minimum.report).toMatchObject({ rows: 1, created: 0, rejected: 1 });
    expect(minimum.report.errors[0]).toMatchObject({ reason: "unsupported_profile", value: "MINIMUM" });
    const ubl = await importBytes(database, creditor, "ubl.xml", Buffer.from(ublInvoice()));
    expect(ubl.report.errors).toEqual([
      { line: 1, field: "seller_siren", value: "443061841", reason: "seller_not_creditor" },
    ]);
  });

  it("imports a UBL invoice for its seller", async () => {
    const creditor = await newCreditor(database, "443061841");
    const out = await importBytes(database, creditor, "facture.xml", Buffer.from(ublInvoice()));
    expect(out.report).toMatchObject({ created: 1, rejected: 0 });
    expect(await claimsOf(creditor)).toEqual([
      expect.objectContaining({ number: "UBL-2025-42", principal: 60_000, name: "Menuiserie Leroy" }),
    ]);
  });

  it("fails a file that is not an e-invoice at all", async () => {
    const creditor = await newCreditor(database);
    const out = await importBytes(database, creditor, "x.pdf", Buffer.from("%PDF-1.4 not really"));
    expect(out.status).toBe("failed");
    expect(out.failureReason).toMatch(/PDF/);
  });
});
