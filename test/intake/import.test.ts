import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { SYSTEM } from "../../src/cases/timeline";
import { errorsCsv } from "../../src/intake/import/report";
import type { Database } from "../../src/platform/db/client";
import { queryRows } from "../../src/platform/db/rows";
import { caseBody, TEST_NOW } from "../helpers/app";
import { createTestDatabase } from "../helpers/db";
import { CSV_ROWS, csvFile } from "./fixtures/import-files";
import { countRows, importBytes as importBytesIn, newCreditor as newCreditorIn } from "./import-helpers";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const newCreditor = () => newCreditorIn(database);
const importBytes = (...args: Parameters<typeof importBytesIn> extends [Database, ...infer R] ? R : never) =>
  importBytesIn(database, ...args);
const count = (table: string, creditorId: string) => countRows(database, table, creditorId);

describe("CSV import", () => {
  it("lands the good rows, merges debtors, groups their claims in one case and names every bad row", async () => {
    const creditor = await newCreditor();
    const out = await importBytes(creditor, "impayes.csv", csvFile());
    expect(out.status).toBe("done");
    const { errors, ...counts } = out.report;
    expect(counts).toEqual({
      rows: 10,
      created: 4,
      updated: 0,
      skipped: 1,
      rejected: 5,
      debtors_created: 2,
      debtors_merged: 2,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { line: 6, field: "siren", value: "123456789", reason: "invalid_siren" },
        { line: 7, field: "due_date", value: "2024-01-31", reason: "prescribed" },
        { line: 8, field: "due_date", value: "2026-12-15", reason: "due_date_in_future" },
        expect.objectContaining({ line: 9, field: "Montant TTC", value: "-5,00" }),
        { line: 11, field: "email", value: "pas-un-email", reason: "invalid_email" },
      ]),
    );
    const cases = await queryRows<{ display_name: string; balance_cents: number; n: number }>(
      database.db,
      sql`select d.display_name, k.balance_cents::int, count(c.id)::int as n
            from cases k join debtors d on d.id = k.debtor_id join claims c on c.case_id = k.id
           where k.creditor_id = ${creditor} group by 1, 2 order by 1`,
    );
    // B2B: principal plus the 40 € indemnity per invoice (D441-5); B2C: principal only.
    expect(cases).toEqual([
      { display_name: "Boulangerie Martin SARL", balance_cents: 125_050 + 30_000 + 2 * 4000, n: 2 },
      { display_name: "Jérôme Dupont", balance_cents: 8_990 + 4_500, n: 2 },
    ]);
    const [claim] = await queryRows<{ extra: Record<string, string>; out_of_statute_date: string }>(
      database.db,
      sql`select extra, out_of_statute_date::text from claims where creditor_id = ${creditor} and number = 'FA-001'`,
    );
    expect(claim).toEqual({ extra: { Commercial: "Julie" }, out_of_statute_date: "2031-07-02" });
    const events = await queryRows<{ type: string; data: { importId: string } }>(
      database.db,
      sql`select type, data from timeline_events where creditor_id = ${creditor}`,
    );
    expect(events.map((e) => e.type)).toEqual(["case.created", "case.created"]);
    expect(events[0]!.data.importId).toBe(out.importId);
    const points = await queryRows<{ kind: string; value: string }>(
      database.db,
      sql`select kind, value from contact_points where creditor_id = ${creditor} and kind <> 'postal' order by value`,
    );
    expect(points).toEqual([
      { kind: "phone", value: "+33478123456" },
      { kind: "phone", value: "+33612345678" },
      { kind: "email", value: "compta@martin.example" },
      { kind: "email", value: "jerome.dupont@example.fr" },
    ]);
    expect(errorsCsv(out.report).split("\r\n")[0]).toBe("\uFEFFline;field;value;reason");
  });

  it("creates nothing new when the same file comes twice", async () => {
    const creditor = await newCreditor();
    await importBytes(creditor, "impayes.csv", csvFile());
    const before = await Promise.all(
      ["debtors", "cases", "claims", "timeline_events"].map((t) => count(t, creditor)),
    );
    const again = await importBytes(creditor, "impayes.csv", csvFile());
    expect(again.report).toMatchObject({
      created: 0,
      updated: 0,
      skipped: 5,
      rejected: 5,
      debtors_created: 0,
    });
    const after = await Promise.all(
      ["debtors", "cases", "claims", "timeline_events"].map((t) => count(t, creditor)),
    );
    expect(after).toEqual(before);
  });

  it("updates a known invoice under the update policy and moves the case balance", async () => {
    const creditor = await newCreditor();
    await importBytes(creditor, "impayes.csv", csvFile());
    const changed = CSV_ROWS.map((r) => r.replace("1 250,50 €", "1 300,00 €"));
    const skip = await importBytes(creditor, "impayes.csv", csvFile(changed));
    expect(skip.report).toMatchObject({ created: 0, updated: 0, skipped: 5 });
    const update = await importBytes(creditor, "impayes.csv", csvFile(changed), { updatePolicy: "update" });
    expect(update.report).toMatchObject({ created: 0, updated: 1, skipped: 4 });
    const [row] = await queryRows<{ principal: number; balance: number }>(
      database.db,
      sql`select c.principal_cents::int as principal, k.balance_cents::int as balance
            from claims c join cases k on k.id = c.case_id where c.creditor_id = ${creditor} and c.number = 'FA-001'`,
    );
    expect(row).toEqual({ principal: 130_000, balance: 130_000 + 30_000 + 8000 });
    expect(await count("timeline_events", creditor)).toBe(3);
  });

  it("adds the claims to the debtor's open case instead of opening another", async () => {
    const creditor = await newCreditor();
    const existing = await createCase(
      database.db,
      creditor,
      createCaseSchema.parse(caseBody("API-1")),
      SYSTEM,
      TEST_NOW,
    );
    const out = await importBytes(creditor, "impayes.csv", csvFile(CSV_ROWS.slice(0, 2)));
    expect(out.report).toMatchObject({ created: 2, debtors_created: 0, debtors_merged: 2 });
    expect(await count("cases", creditor)).toBe(1);
    const [k] = await queryRows<{ balance: number; claims: number }>(
      database.db,
      sql`select balance_cents::int as balance, (select count(*)::int from claims where case_id = ${existing.caseId}) as claims
            from cases where id = ${existing.caseId}`,
    );
    expect(k).toEqual({ balance: 125_050 + 4000 + 125_050 + 30_000 + 8000, claims: 3 });
    const types = await queryRows<{ type: string }>(
      database.db,
      sql`select type from timeline_events where case_id = ${existing.caseId} order by seq`,
    );
    expect(types.map((t) => t.type)).toEqual(["case.created", "claims.added"]);
  });

  it("refuses the whole file under all-or-nothing and writes nothing", async () => {
    const creditor = await newCreditor();
    const out = await importBytes(creditor, "impayes.csv", csvFile(), { allOrNothing: true });
    expect(out.status).toBe("failed");
    expect(out.failureReason).toContain("all-or-nothing");
    expect(out.report).toMatchObject({ rows: 10, created: 0, rejected: 5 });
    expect(out.report.errors).toHaveLength(5);
    expect(await count("claims", creditor)).toBe(0);
    expect(await count("debtors", creditor)).toBe(0);
    const good = await importBytes(creditor, "ok.csv", csvFile(CSV_ROWS.slice(0, 4)), { allOrNothing: true });
    expect(good.status).toBe("done");
    expect(good.report).toMatchObject({ created: 4, rejected: 0 });
    expect(await count("claims", creditor)).toBe(4);
  });

  it("reports a dry run exactly and writes no case", async () => {
    const creditor = await newCreditor();
    const dry = await importBytes(creditor, "impayes.csv", csvFile(), { dryRun: true });
    expect(dry.status).toBe("done");
    expect(dry.report).toMatchObject({ created: 4, skipped: 1, rejected: 5, debtors_created: 2 });
    for (const t of ["debtors", "cases", "claims", "timeline_events", "contact_points"])
      expect(await count(t, creditor), t).toBe(0);
    expect(await count("imports", creditor)).toBe(1);
  });

  it("fails a file it cannot read with a message naming what is missing", async () => {
    const creditor = await newCreditor();
    const out = await importBytes(creditor, "x.csv", Buffer.from("Nom;Ville\nDupont;Lyon\n"));
    expect(out.status).toBe("failed");
    expect(out.failureReason).toMatch(/No column for the invoice number/);
    expect(out.report).toMatchObject({ rows: 0, rejected: 0 });
    expect(out.report.errors[0]).toMatchObject({ line: 1, reason: "missing_column" });
    expect(await count("claims", creditor)).toBe(0);
  });

  it("uses a column mapping given as JSON and saves it for the creditor's next import", async () => {
    const creditor = await newCreditor();
    const odd = (n: string) =>
      Buffer.from(
        `Réf. pièce;Tiers payeur;Solde TTC;Echu le;Notes internes\n${n};Durand SARL;120,00;01/06/2026;appeler\n`,
      );
    const mapping = {
      columns: {
        "Réf. pièce": "invoiceNumber",
        "Tiers payeur": "companyName",
        "Solde TTC": "amountDue",
        "Echu le": "dueDate",
        "Notes internes": "ignore",
      },
    } as const;
    const first = await importBytes(creditor, "odd.csv", odd("P-1"), { mapping });
    expect(first.report).toMatchObject({ created: 1, rejected: 0 });
    const again = await importBytes(creditor, "odd.csv", odd("P-2"));
    expect(again.status).toBe("done");
    expect(again.report).toMatchObject({ created: 1, rejected: 0 });
    const [claim] = await queryRows<{ extra: object }>(
      database.db,
      sql`select extra from claims where creditor_id = ${creditor} and number = 'P-2'`,
    );
    expect(claim!.extra).toEqual({});
  });
});
