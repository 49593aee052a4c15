import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { documentStore } from "../../src/cases/documents";
import { creditors } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { applyPayment } from "../../src/payments/apply-payment";
import { caseBody, createTestApp, type Login, TEST_NOW, type TestApp } from "../helpers/app";
import { validatePain001 } from "../payments/pain001-xsd";

// The money surfaces: agency staff run remittances and download the files; a creditor sees its own
// payments, receipts, statements, fee totals and mandate, and nothing of another creditor's.

let t: TestApp;
let admin: Login;
let viewerA: Login;
const paid: Record<"a" | "b", string> = { a: "", b: "" };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login("admin@test.example");
  viewerA = await t.login("cv@a.example");
  const settings = await t.request("PUT", "/api/agency/settings", {
    auth: admin,
    body: {
      name: "Relance Recouvrement",
      address: { line1: "18 rue de la Bourse", postalCode: "69002", city: "Lyon", country: "FR" },
      trustIban: "FR7630004000031234567890143",
    },
  });
  expect(settings.statusCode).toBe(200);
  for (const [k, iban] of [
    ["a", "FR7630006000011234567890189"],
    ["b", "FR7610107001011234567890129"],
  ] as const) {
    const creditorId = t.creditors[k].id;
    await t.database.db.update(creditors).set({ remittanceIban: iban }).where(eq(creditors.id, creditorId));
    const body = createCaseSchema.parse(caseBody(`MONEY-${k}`));
    const { caseId } = await createCase(t.database.db, creditorId, body, SYSTEM, TEST_NOW);
    const p = await applyPayment(
      { db: t.database.db, documents: documentStore(t.config.dataDir) },
      {
        caseId,
        provider: "manual",
        providerRef: `money-${k}`,
        amountCents: 50_000,
        currency: "EUR",
        encashedAt: TEST_NOW,
      },
      SYSTEM,
      TEST_NOW,
    );
    paid[k] = p.paymentId;
  }
});
afterAll(async () => t?.close());

describe("remittance routes for the agency", () => {
  it("previews, then commits a run whose pain.001 file validates; agents may not run one", async () => {
    const agent = await t.login("agent@test.example");
    expect(
      (await t.request("POST", "/api/agency/remittance-runs", { auth: agent, body: {} })).statusCode,
    ).toBe(403);
    const preview = await t.request("POST", "/api/agency/remittance-runs", { auth: admin, body: {} });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, run: null, remitted: [] });
    expect(preview.json().candidates).toHaveLength(2);

    const manager = await t.login("manager@test.example");
    const commit = await t.request("POST", "/api/agency/remittance-runs", {
      auth: manager,
      body: { dryRun: false, executionDate: "2026-11-24" },
    });
    expect(commit.statusCode).toBe(200);
    const run = commit.json().run;
    expect(run).toMatchObject({ transferCount: 2, executionDate: "2026-11-24" });
    // 500 € each, less 15 % and the VAT on it.
    expect(run.totalCents).toBe(2 * (50_000 - 7_500 - 1_500));

    const runs = await t.request("GET", "/api/agency/remittance-runs", { auth: admin });
    expect(runs.json().items.map((r: { id: string }) => r.id)).toEqual([run.id]);
    const file = await t.request("GET", `/api/agency/remittance-runs/${run.id}/pain001`, { auth: admin });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toContain("application/xml");
    expect(file.headers["content-disposition"]).toContain(".pain.001.001.09.xml");
    expect((await validatePain001(file.body)).valid).toBe(true);

    const list = await t.request("GET", `/api/agency/remittances?runId=${run.id}`, { auth: admin });
    expect(list.json().items).toHaveLength(2);
    const one = list.json().items[0];
    const csv = await t.request("GET", `/api/agency/remittances/${one.id}/statement?format=csv&locale=en`, {
      auth: admin,
    });
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("Net paid over;;;;;;;410.00");
    const pdf = await t.request("GET", `/api/agency/remittances/${one.id}/statement`, { auth: admin });
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("lists amounts at risk of missing the one-month deadline", async () => {
    const body = createCaseSchema.parse(caseBody("MONEY-LATE"));
    const { caseId } = await createCase(t.database.db, t.creditors.a.id, body, SYSTEM, TEST_NOW);
    await applyPayment(
      { db: t.database.db, documents: documentStore(t.config.dataDir) },
      {
        caseId,
        provider: "manual",
        providerRef: "money-late",
        amountCents: 9_000,
        currency: "EUR",
        encashedAt: new Date(TEST_NOW.getTime() - 26 * 86_400_000),
      },
      SYSTEM,
      TEST_NOW,
    );
    const near = await t.request("GET", "/api/agency/remittances/at-risk?withinDays=7", { auth: admin });
    expect(near.json().items.map((i: { heldCents: number }) => i.heldCents)).toEqual([9_000]);
    const none = await t.request("GET", "/api/agency/remittances/at-risk?withinDays=2", { auth: admin });
    expect(none.json().items).toEqual([]);
    expect((await t.request("GET", "/api/agency/remittances/at-risk", { auth: viewerA })).statusCode).toBe(
      403,
    );
  });
});

describe("money routes for a creditor", () => {
  it("shows its own payments, receipts, statements, totals and mandate only", async () => {
    const list = await t.request("GET", "/api/v1/payments", { auth: viewerA });
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((p: { id: string }) => p.id);
    expect(ids).toContain(paid.a);
    expect(ids).not.toContain(paid.b);

    const receipt = await t.request("GET", `/api/v1/payments/${paid.a}/receipt`, { auth: viewerA });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await t.request("GET", `/api/v1/payments/${paid.b}/receipt`, { auth: viewerA })).statusCode).toBe(
      404,
    );

    const mine = (await t.request("GET", "/api/v1/remittances", { auth: { key: t.creditors.a.key } })).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0].creditorId).toBe(t.creditors.a.id);
    const theirs = (
      await t.request("GET", "/api/v1/remittances", { auth: { key: t.creditors.b.key } })
    ).json();
    const statement = await t.request("GET", `/api/v1/remittances/${mine.items[0].id}/statement?format=csv`, {
      auth: viewerA,
    });
    expect(statement.body).toContain("Net reversé;;;;;;;410.00");
    const foreign = await t.request("GET", `/api/v1/remittances/${theirs.items[0].id}/statement`, {
      auth: viewerA,
    });
    expect(foreign.statusCode).toBe(404);

    const totals = (await t.request("GET", "/api/v1/money/totals", { auth: viewerA })).json();
    expect(totals).toMatchObject({
      remittedCents: 41_000,
      commissionCents: 7_500 + 1_350,
      vatCents: 1_500 + 270,
    });
    expect(totals.heldCents).toBe(
      totals.collectedCents - totals.remittedCents - totals.commissionCents - totals.vatCents,
    );

    const mandate = await t.request("GET", "/api/v1/mandate/document?locale=en", { auth: viewerA });
    expect(mandate.statusCode).toBe(200);
    expect(mandate.headers["content-disposition"]).toContain("convention-v1.pdf");
    expect(mandate.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
