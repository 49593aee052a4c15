import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { createCreditor } from "../../src/cases/creditors";
import { getCase } from "../../src/cases/get-case";
import { cases, claims, timelineEvents } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { queryRows } from "../../src/platform/db/rows";
import { AppError } from "../../src/platform/errors";
import { caseBody, createTestApp, TEST_NOW, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const parse = (body: unknown) => createCaseSchema.parse(body);

async function countCases(externalRef: string) {
  const [row] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from cases where external_ref = ${externalRef}`,
  );
  return row?.n ?? 0;
}

describe("createCase", () => {
  it("creates the case, its debtor, claims, contact points and a creation event together", async () => {
    const { caseId, created } = await createCase(
      t.database.db,
      t.creditors.a.id,
      parse(caseBody("C-1")),
      SYSTEM,
      TEST_NOW,
    );
    expect(created).toBe(true);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.phase).toBe("amicable");
    expect(detail.status).toBe("new");
    expect(detail.claims).toHaveLength(1);
    // D441-5: a business debtor owes the 40 € indemnity per invoice, shown apart from the principal.
    expect(detail.balanceBreakdown.principal.amount).toBe(125_050);
    expect(detail.balanceBreakdown.indemnity.amount).toBe(4_000);
    expect(detail.balance.amount).toBe(129_050);
    expect(detail.timeline.map((e) => e.type)).toEqual(["case.created"]);
    expect(detail.reference).toMatch(/^REL-2026-\d{6}$/);
    // FR-21: 5 years between businesses from the due date.
    expect(detail.claims[0]?.outOfStatuteDate).toBe("2031-07-01");
  });

  it("returns the same case when the same request is repeated", async () => {
    const body = parse(caseBody("C-2"));
    const first = await createCase(t.database.db, t.creditors.a.id, body, SYSTEM, TEST_NOW);
    const again = await createCase(t.database.db, t.creditors.a.id, body, SYSTEM, TEST_NOW);
    expect(again).toEqual({ caseId: first.caseId, reference: first.reference, created: false });
    expect(await countCases("C-2")).toBe(1);
  });

  it("creates exactly one case when identical requests race", async () => {
    const body = parse(caseBody("C-RACE"));
    const results = await Promise.all(
      Array.from({ length: 6 }, () => createCase(t.database.db, t.creditors.a.id, body, SYSTEM, TEST_NOW)),
    );
    expect(new Set(results.map((r) => r.caseId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await countCases("C-RACE")).toBe(1);
  });

  it("refuses the same external reference with a different body", async () => {
    await createCase(t.database.db, t.creditors.a.id, parse(caseBody("C-3")), SYSTEM, TEST_NOW);
    const other = caseBody("C-3", {
      claims: [
        {
          number: "OTHER",
          issueDate: "2026-01-01",
          dueDate: "2026-02-01",
          principal: { amount: 1, currency: "EUR" },
        },
      ],
    });
    await expect(
      createCase(t.database.db, t.creditors.a.id, parse(other), SYSTEM, TEST_NOW),
    ).rejects.toMatchObject({
      code: "idempotency_conflict",
    });
  });

  it("lets two creditors use the same external reference independently", async () => {
    const a = await createCase(t.database.db, t.creditors.a.id, parse(caseBody("SHARED")), SYSTEM, TEST_NOW);
    const b = await createCase(t.database.db, t.creditors.b.id, parse(caseBody("SHARED")), SYSTEM, TEST_NOW);
    expect(a.caseId).not.toBe(b.caseId);
  });

  it("never charges a private person the 40 € indemnity nor commercial penalties", async () => {
    const person = caseBody("P-1", {
      debtor: { kind: "person", firstName: "Léa", lastName: "Martin" },
      claims: [
        {
          number: "P-1-A",
          issueDate: "2026-01-01",
          dueDate: "2026-02-01",
          principal: { amount: 5000, currency: "EUR" },
          b2bIndemnity: true,
          interest: { kind: "commercial" },
        },
      ],
    });
    const error = await createCase(t.database.db, t.creditors.a.id, parse(person), SYSTEM, TEST_NOW).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error.details.issues.map((i: { field: string }) => i.field)).toEqual([
      "claims.0.b2bIndemnity",
      "claims.0.interest.kind",
    ]);
  });

  it("keeps a private person's balance to the principal and prescribes after two years", async () => {
    const body = caseBody("P-2", {
      debtor: { kind: "person", firstName: "Hugo", lastName: "Petit" },
      claims: [
        {
          number: "P-2-A",
          issueDate: "2026-01-01",
          dueDate: "2026-02-01",
          principal: { amount: 5000, currency: "EUR" },
        },
      ],
    });
    const { caseId } = await createCase(t.database.db, t.creditors.a.id, parse(body), SYSTEM, TEST_NOW);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.balance.amount).toBe(5000);
    expect(detail.claims[0]?.b2bIndemnity).toBe(false);
    expect(detail.claims[0]?.outOfStatuteDate).toBe("2028-02-01");
  });

  it("names every invalid identifier and writes nothing", async () => {
    const body = caseBody("BAD-IDS", {
      debtor: { kind: "company", companyName: "X", siren: "123456789", email: "not-an-email", phone: "12" },
    });
    const error = await createCase(t.database.db, t.creditors.a.id, parse(body), SYSTEM, TEST_NOW).catch(
      (e) => e,
    );
    expect(error.code).toBe("validation_failed");
    expect(error.details.issues.map((i: { field: string }) => i.field)).toEqual([
      "debtor.siren",
      "debtor.email",
      "debtor.phone",
    ]);
    expect(await countCases("BAD-IDS")).toBe(0);
  });

  it("refuses to open a case for a creditor without an active mandate (R124-3)", async () => {
    const c = await createCreditor(
      t.database.db,
      { ref: "NO-MANDATE", legalName: "Sans Mandat", siren: "443061841", contacts: [] },
      TEST_NOW,
    );
    await expect(
      createCase(t.database.db, c.id, parse(caseBody("NM-1")), SYSTEM, TEST_NOW),
    ).rejects.toMatchObject({
      code: "unprocessable",
    });
  });

  it("rolls back the whole case when a claim cannot be written", async () => {
    await createCase(t.database.db, t.creditors.b.id, parse(caseBody("DUP-1")), SYSTEM, TEST_NOW);
    // Same invoice number under another external ref: the claim insert fails after the case row.
    const clash = caseBody("DUP-2", { claims: caseBody("DUP-1").claims });
    await expect(
      createCase(t.database.db, t.creditors.b.id, parse(clash), SYSTEM, TEST_NOW),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await countCases("DUP-2")).toBe(0);
    const orphanEvents = await t.database.db
      .select()
      .from(timelineEvents)
      .innerJoin(cases, eq(cases.id, timelineEvents.caseId))
      .where(eq(cases.externalRef, "DUP-2"));
    expect(orphanEvents).toHaveLength(0);
  });

  it("derives the debtor's time zone and holiday region from the address", async () => {
    const places = [
      ["97110", "Pointe-à-Pitre", "America/Guadeloupe", "971"],
      ["67000", "Strasbourg", "Europe/Paris", "alsace-moselle"],
      ["69003", "Lyon", "Europe/Paris", "metropole"],
    ] as const;
    for (const [postalCode, city, zone, region] of places) {
      const body = caseBody(`TZ-${postalCode}`, {
        debtor: {
          kind: "person",
          lastName: "Martin",
          address: { line1: "1 rue Victor Hugo", postalCode, city, country: "FR" },
        },
      });
      const { caseId } = await createCase(t.database.db, t.creditors.a.id, parse(body), SYSTEM, TEST_NOW);
      const [row] = await queryRows<{ time_zone: string; law_region: string }>(
        t.database.db,
        sql`select d.time_zone, d.law_region from debtors d join cases c on c.debtor_id = d.id where c.id = ${caseId}`,
      );
      expect(row).toEqual({ time_zone: zone, law_region: region });
    }
  });

  it("keeps the timeline append-only", async () => {
    const { caseId } = await createCase(
      t.database.db,
      t.creditors.a.id,
      parse(caseBody("TL-1")),
      SYSTEM,
      TEST_NOW,
    );
    await expect(
      t.database.db.update(timelineEvents).set({ type: "tampered" }).where(eq(timelineEvents.caseId, caseId)),
    ).rejects.toThrow();
    await expect(
      t.database.db.delete(timelineEvents).where(eq(timelineEvents.caseId, caseId)),
    ).rejects.toThrow();
    const rows = await t.database.db.select().from(claims).where(eq(claims.caseId, caseId));
    expect(rows).toHaveLength(1);
  });
});
