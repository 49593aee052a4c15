import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, claims, documents, timelineEvents } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { applyPayment } from "../../src/payments/apply-payment";
import { heldForCreditor, trustDiscrepancy } from "../../src/payments/ledger";
import { ledgerBalances, sumOfKind, unbalancedEntries } from "../../src/payments/ledger-store";
import { reversePayment } from "../../src/payments/reverse-payment";
import { allocations, creditorNotifications, payments, refunds } from "../../src/payments/schema";
import { createTestApp, type TestApp } from "../helpers/app";
import { isPostgres } from "../helpers/db";
import { makeCase, store } from "./fixtures";

let t: TestApp;
const docs = store();
const deps = () => ({ db: t.database.db, documents: docs });
let n = 0;
const pay = (caseId: string, amountCents: number, extra: Record<string, unknown> = {}) =>
  applyPayment(
    deps(),
    {
      caseId,
      provider: "manual",
      providerRef: `ref-${++n}`,
      amountCents,
      currency: "EUR",
      encashedAt: t.clock.now(),
      ...extra,
    },
    SYSTEM,
    t.clock.now(),
  );

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function caseRow(caseId: string) {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
  return row!;
}

describe("applying a payment", () => {
  it("settles the indemnity before principal and the oldest invoice first", async () => {
    const { caseId, claimIds } = await makeCase(t, "ORDER-1", [
      { principal: 50_000, due: "2026-08-01" },
      { principal: 30_000, due: "2026-07-01" },
    ]);
    const result = await pay(caseId, 40_000);
    expect(result.allocatedCents).toBe(40_000);
    const rows = await t.database.db.select().from(allocations).where(eq(allocations.caseId, caseId));
    const older = claimIds[0]!; // claims come back ordered by due date
    const byClaim = (id: string, component: string) =>
      rows
        .filter((r) => r.claimId === id && r.component === component)
        .reduce((s, r) => s + r.amountCents, 0);
    expect(byClaim(older, "indemnity")).toBe(4000);
    expect(byClaim(older, "principal")).toBe(30_000);
    expect(byClaim(claimIds[1]!, "indemnity")).toBe(4000);
    expect(byClaim(claimIds[1]!, "principal")).toBe(2000);
    expect((await caseRow(caseId)).balanceCents).toBe(50_000 + 30_000 + 8000 - 40_000);
    const claimRows = await t.database.db.select().from(claims).where(eq(claims.caseId, caseId));
    expect(claimRows.reduce((s, c) => s + c.paidCents, 0)).toBe(40_000);
  });

  it("applies the designated invoice first when the debtor names one", async () => {
    const { caseId, claimIds } = await makeCase(t, "ORDER-2", [
      { principal: 50_000, due: "2026-06-15" },
      { principal: 30_000, due: "2026-07-01" },
    ]);
    await pay(caseId, 10_000, { designatedClaimIds: [claimIds[1]] });
    const rows = await t.database.db.select().from(allocations).where(eq(allocations.caseId, caseId));
    expect(rows.every((r) => r.claimId === claimIds[1])).toBe(true);
  });

  it("is applied once when the provider reports it twice", async () => {
    const { caseId } = await makeCase(t, "TWICE-1");
    const first = await applyPayment(
      deps(),
      {
        caseId,
        provider: "manual",
        providerRef: "dup-1",
        amountCents: 5000,
        currency: "EUR",
        encashedAt: t.clock.now(),
      },
      SYSTEM,
      t.clock.now(),
    );
    const second = await applyPayment(
      deps(),
      {
        caseId,
        provider: "manual",
        providerRef: "dup-1",
        amountCents: 5000,
        currency: "EUR",
        encashedAt: t.clock.now(),
      },
      SYSTEM,
      t.clock.now(),
    );
    expect(second.created).toBe(false);
    expect(second.paymentId).toBe(first.paymentId);
    expect((await caseRow(caseId)).balanceCents).toBe(104_000 - 5000);
  });

  it("closes the case when paid in full and queues the overpayment for refund", async () => {
    const { caseId } = await makeCase(t, "FULL-1");
    const result = await pay(caseId, 110_000);
    expect(result).toMatchObject({
      allocatedCents: 104_000,
      overpaymentCents: 6000,
      balanceCents: 0,
      closed: true,
    });
    const row = await caseRow(caseId);
    expect(row).toMatchObject({ status: "closed", closedReason: "paid_in_full" });
    const queued = await t.database.db.select().from(refunds).where(eq(refunds.caseId, caseId));
    expect(queued).toMatchObject([{ reason: "overpayment", amountCents: 6000, status: "pending" }]);
  });

  it("keeps a receipt on the case, tells the creditor and writes the timeline", async () => {
    const { caseId } = await makeCase(t, "RECEIPT-1");
    const { paymentId } = await pay(caseId, 25_000);
    const [p] = await t.database.db.select().from(payments).where(eq(payments.id, paymentId));
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.id, p!.receiptDocumentId!));
    expect(doc).toMatchObject({ kind: "receipt", contentType: "application/pdf", caseId });
    // R124-6: remit within one month of encashment; the test mandate says 30 days.
    expect(p!.remittanceDueAt.getTime() - p!.encashedAt.getTime()).toBe(30 * 86_400_000);
    const notices = await t.database.db
      .select()
      .from(creditorNotifications)
      .where(eq(creditorNotifications.caseId, caseId));
    expect(notices.map((x) => x.type)).toContain("payment.received");
    const events = await t.database.db.select().from(timelineEvents).where(eq(timelineEvents.caseId, caseId));
    const received = events.find((e) => e.type === "payment.received");
    expect(received?.visibleToCreditor).toBe(true);
    expect(events.map((e) => e.type)).toContain("receipt.issued");
    const creditorView = await t.request("GET", `/api/v1/cases/${caseId}`, {
      auth: { key: t.creditors.a.key },
    });
    expect(creditorView.json().timeline.map((e: { type: string }) => e.type)).toContain("payment.received");
  });

  it("reverses a chargeback cleanly and reopens a case closed as paid", async () => {
    const { caseId } = await makeCase(t, "CHARGEBACK-1");
    const balanceBefore = (await caseRow(caseId)).balanceCents;
    await applyPayment(
      deps(),
      {
        caseId,
        provider: "manual",
        providerRef: "cb-1",
        amountCents: balanceBefore + 1000,
        currency: "EUR",
        encashedAt: t.clock.now(),
      },
      SYSTEM,
      t.clock.now(),
    );
    expect((await caseRow(caseId)).status).toBe("closed");
    const result = await reversePayment(
      t.database.db,
      { provider: "manual", providerRef: "cb-1", kind: "chargeback" },
      SYSTEM,
      t.clock.now(),
    );
    expect(result).toMatchObject({
      fromOverpaymentCents: 1000,
      fromAllocationCents: balanceBefore,
      reopened: true,
    });
    const row = await caseRow(caseId);
    expect(row).toMatchObject({ status: "active", balanceCents: balanceBefore });
    const net = await t.database.db.select().from(allocations).where(eq(allocations.caseId, caseId));
    expect(net.reduce((s, r) => s + r.amountCents, 0)).toBe(0);
    await expect(
      reversePayment(
        t.database.db,
        { provider: "manual", providerRef: "cb-1", kind: "refund", amountCents: 1 },
        SYSTEM,
        t.clock.now(),
      ),
    ).rejects.toMatchObject({ code: "unprocessable" });
  });

  it("gives back the principal applied last on a partial refund", async () => {
    const { caseId, claimIds } = await makeCase(t, "PARTIAL-REFUND", [
      { principal: 20_000, due: "2026-07-01" },
    ]);
    await applyPayment(
      deps(),
      {
        caseId,
        provider: "manual",
        providerRef: "pr-1",
        amountCents: 10_000,
        currency: "EUR",
        encashedAt: t.clock.now(),
      },
      SYSTEM,
      t.clock.now(),
    );
    await reversePayment(
      t.database.db,
      { provider: "manual", providerRef: "pr-1", kind: "refund", amountCents: 7000 },
      SYSTEM,
      t.clock.now(),
    );
    const rows = await t.database.db.select().from(allocations).where(eq(allocations.claimId, claimIds[0]!));
    const net = (c: string) => rows.filter((r) => r.component === c).reduce((s, r) => s + r.amountCents, 0);
    expect(net("indemnity")).toBe(3000);
    expect(net("principal")).toBe(0);
    expect((await caseRow(caseId)).balanceCents).toBe(24_000 - 3000);
  });

  it("keeps the books balanced and held = collected − remitted − commission", async () => {
    expect(await unbalancedEntries(t.database.db)).toEqual([]);
    const creditorId = t.creditors.a.id;
    const b = await ledgerBalances(t.database.db, creditorId);
    const received = -(await sumOfKind(t.database.db, creditorId, "payment_received", "creditor_payable"));
    const reversed = await sumOfKind(t.database.db, creditorId, "payment_reversed", "creditor_payable");
    const fees = await sumOfKind(t.database.db, creditorId, "commission", "creditor_payable");
    const remitted = await sumOfKind(t.database.db, creditorId, "remittance", "creditor_payable");
    expect(received).toBeGreaterThan(0);
    expect(heldForCreditor(b)).toBe(received - reversed - remitted - fees);
    expect(trustDiscrepancy(b)).toBe(0);
    // 15 % + 20 % VAT on what stays collected, case by case.
    expect(fees).toBeGreaterThan(0);
  });
});

describe.runIf(isPostgres())("two payments for one case at the same moment", () => {
  it("never allocates the same balance twice", async () => {
    const { caseId } = await makeCase(t, "RACE-1");
    const balance = (await caseRow(caseId)).balanceCents;
    const results = await Promise.all([pay(caseId, balance), pay(caseId, balance)]);
    const allocated = results.reduce((s, r) => s + r.allocatedCents, 0);
    expect(allocated).toBe(balance);
    expect(results.reduce((s, r) => s + r.overpaymentCents, 0)).toBe(balance);
    expect((await caseRow(caseId)).balanceCents).toBe(0);
  });
});

describe("two payments for one case in parallel (any database)", () => {
  it("allocates at most the balance", async () => {
    const { caseId } = await makeCase(t, "RACE-2");
    const balance = (await caseRow(caseId)).balanceCents;
    const results = await Promise.all([pay(caseId, 80_000), pay(caseId, 80_000)]);
    expect(results.reduce((s, r) => s + r.allocatedCents, 0)).toBe(balance);
    const rows = await t.database.db.select().from(allocations).where(eq(allocations.caseId, caseId));
    expect(rows.reduce((s, r) => s + r.amountCents, 0)).toBe(balance);
  });
});
