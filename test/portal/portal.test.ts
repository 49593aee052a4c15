import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, timelineEvents } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { payments, planInstalments } from "../../src/payments/schema";
import { callbackRequests, disputes, latePaymentReasons, portalLinks } from "../../src/platform/db/schema";
import { issuePortalLink, revokePortalLink } from "../../src/portal/links";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase } from "../payments/fixtures";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: "http://relance.test" });
});
afterAll(async () => t?.close());

const SIREN = { siren: "732 829 320" };

async function openCase(ref: string) {
  const made = await makeCase(t, ref);
  const link = await issuePortalLink(t.database.db, made.caseId, SYSTEM, t.clock.now());
  return { ...made, token: link.token, linkId: link.linkId };
}

async function session(
  token: string,
  answer: Record<string, string> = SIREN,
): Promise<Record<string, string>> {
  const res = await t.request("POST", `/api/portal/${token}/session`, { body: answer });
  expect(res.statusCode, res.body).toBe(200);
  return { "x-portal-session": res.json().sessionToken };
}

async function caseRow(caseId: string) {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
  return row!;
}

describe("access links", () => {
  it("carries 128 bits in a 22-character token and stores only its hash", async () => {
    const { token, linkId } = await openCase("LINK-1");
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const [row] = await t.database.db.select().from(portalLinks).where(eq(portalLinks.id, linkId));
    expect(row!.tokenHash).not.toContain(token);
    const res = await t.request("GET", `/api/portal/${token}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      agency: { name: expect.any(String) },
      identityCheck: "company",
      locked: false,
    });
  });

  it("answers 404 for an unknown token and 410 once revoked or expired", async () => {
    expect((await t.request("GET", `/api/portal/${"A".repeat(22)}`)).statusCode).toBe(404);
    expect((await t.request("GET", "/api/portal/short")).statusCode).toBe(404);
    const { token, linkId } = await openCase("LINK-2");
    await revokePortalLink(t.database.db, linkId, SYSTEM, t.clock.now());
    expect((await t.request("GET", `/api/portal/${token}`)).statusCode).toBe(410);
    const { caseId } = await makeCase(t, "LINK-3");
    const old = await issuePortalLink(t.database.db, caseId, SYSTEM, new Date("2026-01-01T00:00:00Z"), 1);
    expect((await t.request("GET", `/api/portal/${old.token}`)).statusCode).toBe(410);
  });

  it("shows nothing before the identity check", async () => {
    const { token } = await openCase("LINK-4");
    const res = await t.request("GET", `/api/portal/${token}/case`);
    expect(res.statusCode).toBe(401);
  });

  it("refuses a session opened on another case's link", async () => {
    const a = await openCase("LINK-5");
    const b = await openCase("LINK-6");
    const headers = await session(a.token);
    expect((await t.request("GET", `/api/portal/${a.token}/case`, { headers })).statusCode).toBe(200);
    expect((await t.request("GET", `/api/portal/${b.token}/case`, { headers })).statusCode).toBe(401);
  });
});

describe("identity check", () => {
  it("checks postal code and invoice number for a private person", async () => {
    const { caseId } = await makeCase(
      t,
      "B2C-1",
      [{ principal: 20_000, due: "2026-07-01", number: "FAC-77" }],
      {
        kind: "person",
        firstName: "Jeanne",
        lastName: "Durand",
        address: { line1: "3 rue Haute", postalCode: "75011", city: "Paris", country: "FR" },
      },
    );
    const { token } = await issuePortalLink(t.database.db, caseId, SYSTEM, t.clock.now());
    const wrong = await t.request("POST", `/api/portal/${token}/session`, {
      body: { postalCode: "75011", invoiceNumber: "FAC-78" },
    });
    expect(wrong.statusCode).toBe(401);
    await session(token, { postalCode: "75 011", invoiceNumber: "fac-77" });
  });

  it("locks the link after five failures, even with the right answer", async () => {
    const { token } = await openCase("LOCK-1");
    for (let i = 0; i < 5; i++) {
      const res = await t.request("POST", `/api/portal/${token}/session`, { body: { siren: "552100554" } });
      expect(res.statusCode).toBe(401);
    }
    const locked = await t.request("POST", `/api/portal/${token}/session`, { body: SIREN });
    expect(locked.statusCode).toBe(429);
    expect((await t.request("GET", `/api/portal/${token}`)).json().locked).toBe(true);
    t.clock.advance(16 * 60_000);
    await session(token);
  });
});

describe("what the debtor sees and does", () => {
  it("shows creditor, invoices and the principal / interest / indemnity breakdown, never fees", async () => {
    const { token } = await openCase("VIEW-1");
    const res = await t.request("GET", `/api/portal/${token}/case`, { headers: await session(token) });
    const body = res.json();
    expect(body.creditor.name).toBe("CRED-A SAS");
    expect(body.totals).toEqual({
      principal: 100_000,
      interest: 0,
      indemnity: 4000,
      paid: 0,
      outstanding: 104_000,
    });
    expect(body.paymentReference).toMatch(/^RF\d{2}REL/);
    // Ids are random hex and may spell "fee": only the words the debtor reads are checked.
    const words = JSON.stringify(body).replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
      "",
    );
    expect(words).not.toMatch(/commission|fee|frais/i);
  });

  it("records a promise and holds the case until the date plus grace", async () => {
    const { token, caseId } = await openCase("PROMISE-1");
    const headers = await session(token);
    const res = await t.request("POST", `/api/portal/${token}/promise`, {
      headers,
      body: { dueDate: "2026-12-01" },
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = await caseRow(caseId);
    expect(row).toMatchObject({ status: "on_hold", holdReason: "promise" });
    expect(row.holdUntil?.toISOString()).toBe("2026-12-05T00:00:00.000Z");
    const late = await t.request("POST", `/api/portal/${token}/promise`, {
      headers,
      body: { dueDate: "2027-06-01" },
    });
    expect(late.statusCode).toBe(400);
  });

  it("sets up a plan within the mandate's limits", async () => {
    const { token, caseId } = await openCase("PLAN-1");
    const headers = await session(token);
    const tooMany = await t.request("POST", `/api/portal/${token}/plan`, {
      headers,
      body: { instalments: 12, firstDate: "2026-12-01" },
    });
    expect(tooMany.statusCode).toBe(400);
    const quote = await t.request("POST", `/api/portal/${token}/plan/quote`, {
      headers,
      body: { instalments: 3, firstDate: "2026-12-01" },
    });
    expect(quote.json().instalments.map((i: { amountCents: number }) => i.amountCents)).toEqual([
      34_668, 34_666, 34_666,
    ]);
    const res = await t.request("POST", `/api/portal/${token}/plan`, {
      headers,
      body: { instalments: 3, firstDate: "2026-12-01" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().instalments.map((i: { dueDate: string }) => i.dueDate)).toEqual([
      "2026-12-01",
      "2027-01-01",
      "2027-02-01",
    ]);
    expect(await caseRow(caseId)).toMatchObject({ holdReason: "payment_plan" });
  });

  it("opens a dispute with a document and stops collection", async () => {
    const { token, caseId } = await openCase("DISPUTE-1");
    const headers = await session(token);
    const res = await t.request("POST", `/api/portal/${token}/dispute`, {
      headers,
      body: {
        reason: "already_paid",
        comment: "Payé par virement le 3 juillet",
        files: [
          {
            filename: "preuve.txt",
            contentType: "text/plain",
            contentBase64: Buffer.from("virement").toString("base64"),
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await caseRow(caseId)).toMatchObject({
      status: "on_hold",
      holdReason: "dispute",
      holdUntil: null,
    });
    const [d] = await t.database.db.select().from(disputes).where(eq(disputes.caseId, caseId));
    expect(d!.documentIds).toHaveLength(1);
    // A later promise does not lift a dispute hold.
    await t.request("POST", `/api/portal/${token}/promise`, { headers, body: { dueDate: "2026-12-01" } });
    expect(await caseRow(caseId)).toMatchObject({ holdReason: "dispute" });
  });

  it("records a call-back request, a survey answer and new contact details", async () => {
    const { token, caseId } = await openCase("MISC-1");
    const headers = await session(token);
    const cb = await t.request("POST", `/api/portal/${token}/callback`, {
      headers,
      body: { phone: "06 11 22 33 44", slot: "morning" },
    });
    expect(cb.statusCode, cb.body).toBe(200);
    const survey = await t.request("POST", `/api/portal/${token}/survey`, {
      headers,
      body: { reason: "cash_flow" },
    });
    expect(survey.statusCode).toBe(200);
    const contact = await t.request("POST", `/api/portal/${token}/contact`, {
      headers,
      body: { email: "nouveau@martin.example" },
    });
    expect(contact.statusCode, contact.body).toBe(200);
    expect(
      await t.database.db.select().from(callbackRequests).where(eq(callbackRequests.caseId, caseId)),
    ).toHaveLength(1);
    expect(
      await t.database.db.select().from(latePaymentReasons).where(eq(latePaymentReasons.caseId, caseId)),
    ).toHaveLength(1);
    const events = await t.database.db.select().from(timelineEvents).where(eq(timelineEvents.caseId, caseId));
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "portal.opened",
        "callback.requested",
        "survey.late_payment_reason",
        "contact_point.added",
      ]),
    );
  });
});

describe("paying through the sandbox provider", () => {
  it("redirects to the hosted checkout, takes the signed webhook and shows the payment with its receipt", async () => {
    const { token, caseId } = await openCase("PAY-1");
    const headers = await session(token);
    const res = await t.request("POST", `/api/portal/${token}/pay`, {
      headers,
      body: { amountCents: 30_000 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await caseRow(caseId)).toMatchObject({ holdReason: "payment_pending" });
    const checkout = new URL(res.json().checkoutUrl);
    expect(checkout.origin).toBe("http://relance.test");
    const page = await t.request("GET", checkout.pathname);
    expect(page.body).toContain("300,00");
    const paid = await t.request("POST", `${checkout.pathname}/pay`);
    expect(paid.statusCode).toBe(303);
    expect(paid.headers.location).toContain(`/p/${token}?payment=`);
    const view = (await t.request("GET", `/api/portal/${token}/case`, { headers })).json();
    expect(view.totals.outstanding).toBe(74_000);
    expect(view.payments).toHaveLength(1);
    expect(view.status).toBe("open");
    const receipt = await t.request(
      "GET",
      `/api/portal/${token}/documents/${view.payments[0].receiptDocumentId}`,
      { headers },
    );
    expect(receipt.statusCode).toBe(200);
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    // Paying the same checkout again does not pay twice.
    await t.request("POST", `${checkout.pathname}/pay`);
    expect(await t.database.db.select().from(payments).where(eq(payments.caseId, caseId))).toHaveLength(1);
  });

  it("refuses a badly signed webhook", async () => {
    const res = await t.request("POST", "/webhooks/sandbox-psp", {
      headers: { "content-type": "application/json", "x-sandbox-signature": "t=1,v1=deadbeef" },
      body: JSON.stringify({ id: "evt_x", type: "checkout.paid", created: 1, data: {} }),
    });
    expect(res.statusCode).toBe(401);
  });

  it("moves a plan's hold to the next instalment when one is paid", async () => {
    const { token, caseId } = await openCase("PLANPAY-1");
    const headers = await session(token);
    await t.request("POST", `/api/portal/${token}/plan`, {
      headers,
      body: { instalments: 2, firstDate: "2026-12-01" },
    });
    const pay = await t.request("POST", `/api/portal/${token}/pay`, {
      headers,
      body: { amountCents: 52_000 },
    });
    await t.request("POST", `${new URL(pay.json().checkoutUrl).pathname}/pay`);
    const row = await caseRow(caseId);
    expect(row).toMatchObject({ holdReason: "payment_plan" });
    expect(row.holdUntil?.toISOString()).toBe("2027-01-07T00:00:00.000Z");
    const inst = await t.database.db.select().from(planInstalments);
    expect(inst.filter((i) => i.status === "paid").length).toBeGreaterThan(0);
  });
});
