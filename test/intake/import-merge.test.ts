import { sql } from "drizzle-orm";
import fc from "fast-check";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPhone, normaliseName } from "../../src/intake/import/validate-row";
import type { Database } from "../../src/platform/db/client";
import { queryRows } from "../../src/platform/db/rows";
import { parsePhone } from "../../src/platform/identifiers";
import { createTestDatabase } from "../helpers/db";
import { importBytes, newCreditor } from "./import-helpers";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const HEADER = "N° facture;Client;Type;SIREN;Code client;Montant;Échéance;Code postal;E-mail;Téléphone";
const file = (rows: string[]) => iconv.encode(`${[HEADER, ...rows].join("\n")}\n`, "windows-1252");

const debtorsOf = (creditor: string) =>
  queryRows<{ name: string; claims: string }>(
    database.db,
    sql`select d.display_name as name, string_agg(c.number, ',' order by c.number) as claims
          from debtors d join cases k on k.debtor_id = d.id join claims c on c.case_id = k.id
         where d.creditor_id = ${creditor} group by d.id, d.display_name order by claims`,
  );

describe("debtor merging on import", () => {
  it("merges by SIREN, else by name with postal code, email or phone, and keeps the rest apart", async () => {
    const creditor = await newCreditor(database);
    const out = await importBytes(
      database,
      creditor,
      "merge.csv",
      file([
        "M-01;Garage Leroy SARL;pro;732829320;;100,00;01/06/2026;44000;;",
        "M-02;GARAGE LEROY;pro;732829320;;100,00;01/06/2026;75011;;", // same SIREN, elsewhere
        "M-03;Anne Morel;particulier;;;100,00;01/06/2026;69003;anne@morel.example;",
        "M-04;ANNE MOREL;particulier;;;100,00;01/06/2026;13008;anne@morel.example;", // same name + email
        "M-05;Anne Morel;particulier;;;100,00;01/06/2026;31000;;06 11 22 33 44",
        "M-06;Anne  Morel;particulier;;;100,00;01/06/2026;31000;;", // same name + postal code as M-05
        "M-07;Anne Morel;particulier;;;100,00;01/06/2026;59000;;", // name alone: a new debtor
        "M-08;Garage Leroy;pro;552100554;;100,00;01/06/2026;44000;;", // other SIREN: never merged by name
      ]),
    );
    expect(out.report).toMatchObject({ created: 8, rejected: 0, debtors_created: 5, debtors_merged: 3 });
    expect((await debtorsOf(creditor)).map((d) => d.claims)).toEqual([
      "M-01,M-02",
      "M-03,M-04",
      "M-05,M-06",
      "M-07",
      "M-08",
    ]);
  });

  it("merges across imports by customer code first, whatever the name says", async () => {
    const creditor = await newCreditor(database);
    await importBytes(database, creditor, "a.csv", file(["C-01;Durand;pro;;CLI-42;100,00;01/06/2026;;;"]));
    const second = await importBytes(
      database,
      creditor,
      "b.csv",
      file([
        "C-02;Durand et Fils;pro;;CLI-42;50,00;01/07/2026;;;", // renamed, same customer code
        "C-03;Durand;pro;;CLI-43;70,00;01/07/2026;;;", // same name, other customer: apart
      ]),
    );
    expect(second.report).toMatchObject({ created: 2, debtors_created: 1, debtors_merged: 1 });
    expect((await debtorsOf(creditor)).map((d) => d.claims)).toEqual(["C-01,C-02", "C-03"]);
  });

  it("folds legal forms and punctuation out of names before comparing them", () => {
    expect(normaliseName("Boulangerie Martin S.A.R.L.")).toBe(normaliseName("BOULANGERIE MARTIN SARL"));
    expect(normaliseName("Société Générale d'Éclairage")).toBe("generale d eclairage");
  });

  it("reads French phone numbers exactly as libphonenumber does", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("0", "+33", "0033", "+33 ", "0 "),
        fc.stringMatching(/^[1-9]\d{8}$/),
        (prefix, national) => {
          const text = `${prefix}${national.replace(/(\d)(\d{2})(\d{2})(\d{2})(\d{2})/, "$1 $2 $3 $4 $5")}`;
          const full = parsePhone(text);
          const fast = checkPhone(text);
          expect(fast).toEqual(full.ok ? { e164: full.value.e164, type: full.value.type } : null);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("accounts for every row of a random file: created, skipped or rejected with its line named", async () => {
    const creditor = await newCreditor(database);
    const cell = fc.constantFrom(
      "",
      "Dupont",
      "12,50",
      "-3",
      "31/02/2026",
      "01/06/2026",
      "abc",
      "06 12 34 56 78",
      "x@y",
      ";",
      '"',
    );
    const row = fc.tuple(
      fc.stringMatching(/^F-[0-9]{1,3}$/),
      fc.constantFrom("Anne Morel", "Garage Leroy SARL", ""),
      fc.constantFrom("particulier", "pro", "?"),
      fc.constantFrom("", "732829320", "123456789"),
      fc.constantFrom("", "CLI-1"),
      fc.oneof(fc.constantFrom("100,00", "0", "1 234,56 €"), cell),
      fc.oneof(fc.constantFrom("01/06/2026", "2026-10-01", "01/01/2020", "31/12/2030"), cell),
      fc.constantFrom("", "69003", "ABCDE"),
      fc.constantFrom("", "a@b.fr", "pas-un-email"),
      fc.constantFrom("", "06 12 34 56 78", "12"),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), async (rows) => {
        const lines = rows.map((r) =>
          r.map((c) => (/[;"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(";"),
        );
        const out = await importBytes(database, creditor, "fuzz.csv", file(lines), { dryRun: true });
        expect(out.status).toBe("done");
        const r = out.report;
        expect(r.rows).toBe(rows.length);
        expect(r.created + r.skipped + r.rejected).toBe(r.rows);
        const named = new Set(r.errors.map((e) => e.line));
        expect(named.size).toBe(r.rejected);
        for (const line of named) expect(line).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 25 },
    );
  });
});
