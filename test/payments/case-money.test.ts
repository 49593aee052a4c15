import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/cases/timeline";
import { applyPayment } from "../../src/payments/apply-payment";
import { createPlan } from "../../src/payments/plans";
import { createEndpoint } from "../../src/webhooks/endpoints";
import { createTestApp, type Login, type TestApp } from "../helpers/app";
import { makeCase, store } from "./fixtures";

// The back office's money section of a case: what was paid, on what receipt, how the trust ledger
// booked it, and what the creditor was told (R124-5), with its webhook deliveries.

let t: TestApp;
let agent: Login;
const docs = store();

beforeAll(async () => {
  t = await createTestApp();
  agent = await t.login("agent@test.example");
  await createEndpoint(
    t.database.db,
    t.creditors.a.id,
    { url: "https://hooks.example.test/cases", description: "", eventTypes: ["payment.received"] },
    "test-secret-0123456789abcdef0123456789abcdef",
    t.clock.now(),
  );
});
afterAll(async () => t?.close());

const money = (caseId: string, auth: Login | { key: string } = agent) =>
  t.request("GET", `/api/agency/cases/${caseId}/money`, { auth });

describe("a case's money for the back office", () => {
  it("shows the payment with its receipt, balanced ledger entries and the creditor's notices", async () => {
    const { caseId } = await makeCase(t, "MONEY-1", [{ principal: 60_000, due: "2026-07-01" }]);
    const empty = await money(caseId);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ payments: [], ledger: [], notices: [], plan: null, promise: null });

    await createPlan(
      t.database.db,
      { caseId, instalments: 2, firstDate: "2026-12-01" },
      SYSTEM,
      t.clock.now(),
    );
    const paid = await applyPayment(
      { db: t.database.db, documents: docs },
      {
        caseId,
        provider: "manual",
        providerRef: "money-1",
        amountCents: 32_000,
        currency: "EUR",
        encashedAt: t.clock.now(),
      },
      SYSTEM,
      t.clock.now(),
    );
    const body = (await money(caseId)).json();
    expect(body.payments).toEqual([
      expect.objectContaining({
        id: paid.paymentId,
        amountCents: 32_000,
        receiptNumber: expect.stringMatching(/^Q2026-/),
        receiptDocumentId: expect.any(String),
        remittance: null,
      }),
    ]);
    expect(body.plan).toMatchObject({ status: "active", totalCents: 64_000 });
    expect(body.plan.instalments.map((i: { paidCents: number }) => i.paidCents)).toEqual([32_000, 0]);

    // The receipt of 320 €, less the 15 % fee and its VAT, is owed to the creditor.
    const kinds = body.ledger.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(["payment_received", "commission"]);
    for (const entry of body.ledger as { lines: { amountCents: number }[] }[]) {
      expect(entry.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(0);
    }
    const received = body.ledger[0].lines;
    expect(received).toContainEqual({ account: "trust_bank", amountCents: 32_000 });
    expect(received).toContainEqual({ account: "creditor_payable", amountCents: -32_000 });
    expect(body.ledger[1].lines).toContainEqual({ account: "commission_revenue", amountCents: -4_800 });

    expect(body.notices.map((n: { type: string }) => n.type)).toEqual(["plan.created", "payment.received"]);
    expect(body.notices[0]).toMatchObject({
      amountCents: 64_000,
      webhooks: { delivered: 0, pending: 0, dead: 0 },
    });
    // Only the payment notice goes to the endpoint, which subscribed to payments alone.
    expect(body.notices[1]).toMatchObject({
      amountCents: 32_000,
      webhooks: { delivered: 0, pending: 1, dead: 0 },
    });
  });

  it("is for agency roles only, and an unknown case is not found", async () => {
    const { caseId } = await makeCase(t, "MONEY-2");
    expect((await money(caseId, await t.login("ca@a.example"))).statusCode).toBe(403);
    expect((await money(caseId, { key: t.creditors.a.key })).statusCode).toBe(403);
    expect((await money("00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
  });
});
