import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, mandates } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { loadCaseVariables } from "../../src/channels/case-variables";
import { applyPayment } from "../../src/payments/apply-payment";
import { loadCaseClaims } from "../../src/payments/case-balance";
import { allocations } from "../../src/payments/schema";
import { getPortalCase } from "../../src/portal/portal-case";
import { prepareAgency } from "../channels/helpers";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase, store } from "./fixtures";

// TEST_NOW is 2026-11-23; an invoice due 2026-07-01 is 145 days late (2 July – 23 November).
// L441-10 rate for H2 2026: MRO on 1 July 2026 (2.15 %) + 10 = 12.15 %.
// 1 000 € × 12.15 % × 145 / 365 = 48.267 € → 4 827 cents.
const PENALTIES = 4827;

let t: TestApp;
const docs = store();

beforeAll(async () => {
  t = await createTestApp();
  await prepareAgency(t);
  await t.database.db
    .update(mandates)
    .set({ lateInterest: { b2bPenalties: true, legalInterest: false } })
    .where(eq(mandates.creditorId, t.creditors.a.id));
});
afterAll(async () => t?.close());

describe("late interest on a business debtor's invoice", () => {
  it("shows principal, penalties and indemnity apart in the portal and the letters", async () => {
    const { caseId } = await makeCase(t, "LATE-1", [{ principal: 100_000, due: "2026-07-01" }]);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
    const { buckets } = await loadCaseClaims(t.database.db, caseId, "EUR", t.clock.now());
    expect(buckets[0]!.owed.penalties?.amount).toBe(PENALTIES);
    expect(buckets[0]!.owed.interest?.amount).toBe(0);
    const portal = await getPortalCase(t.database.db, caseId, t.clock.now());
    expect(portal.claims[0]).toMatchObject({ principal: 100_000, interest: PENALTIES, indemnity: 4000 });
    expect(portal.totals.outstanding).toBe(100_000 + 4000 + PENALTIES);
    // The stored balance was written before any interest was computed; the portal answers to today.
    expect(row!.balanceCents).toBe(104_000);
    const letter = await loadCaseVariables(t.database.db, caseId, { now: t.clock.now(), portalUrl: "x" });
    expect(letter.vars.claims[0]).toMatchObject({ interestCents: PENALTIES, indemnityCents: 4000 });
  });

  it("allocates a partial payment to penalties, then the indemnity, then principal", async () => {
    const { caseId, claimIds } = await makeCase(t, "LATE-2", [{ principal: 100_000, due: "2026-07-01" }]);
    const result = await applyPayment(
      { db: t.database.db, documents: docs },
      {
        caseId,
        provider: "manual",
        providerRef: "late-2",
        amountCents: 10_000,
        currency: "EUR",
        encashedAt: t.clock.now(),
      },
      SYSTEM,
      t.clock.now(),
    );
    const rows = await t.database.db.select().from(allocations).where(eq(allocations.caseId, caseId));
    const by = (c: string) => rows.filter((r) => r.component === c).reduce((s, r) => s + r.amountCents, 0);
    expect(by("penalties")).toBe(PENALTIES);
    expect(by("indemnity")).toBe(4000);
    expect(by("principal")).toBe(10_000 - PENALTIES - 4000);
    expect(rows.every((r) => r.claimId === claimIds[0])).toBe(true);
    expect(result.balanceCents).toBe(100_000 + 4000 + PENALTIES - 10_000);
    // Thirty days later, interest has run on the principal left (98 827 cents) only:
    // 98 827 × 1215 × 30 / 3 650 000 = 986.9 → 987 cents.
    const later = new Date(t.clock.now().getTime() + 30 * 86_400_000);
    const { buckets } = await loadCaseClaims(t.database.db, caseId, "EUR", later);
    expect(buckets[0]!.owed.penalties?.amount).toBe(987);
  });

  it("claims nothing for a creditor whose mandate does not ask for it", async () => {
    const res = await t.request("POST", "/api/v1/cases", {
      auth: { key: t.creditors.b.key },
      body: {
        externalRef: "LATE-B",
        debtor: {
          kind: "company",
          companyName: "Garage Dupont SARL",
          siren: "732829320",
          address: { line1: "1 rue A", postalCode: "69003", city: "Lyon", country: "FR" },
        },
        claims: [
          {
            number: "B-1",
            issueDate: "2026-06-01",
            dueDate: "2026-07-01",
            principal: { amount: 100_000, currency: "EUR" },
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { buckets } = await loadCaseClaims(t.database.db, res.json().id, "EUR", t.clock.now());
    expect(buckets[0]!.owed.penalties?.amount).toBe(0);
  });
});
