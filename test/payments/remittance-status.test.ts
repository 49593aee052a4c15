import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditors } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { applyPayment } from "../../src/payments/apply-payment";
import { listAtRisk } from "../../src/payments/at-risk";
import { importBankStatement } from "../../src/payments/import-bank-statement";
import {
  applyPosting,
  emptyBalances,
  heldForCreditor,
  inTransit,
  paymentReceived,
  remittance,
  remittancePaid,
  remittanceReturned,
  trustDiscrepancy,
} from "../../src/payments/ledger";
import { ledgerBalances, unbalancedEntries } from "../../src/payments/ledger-store";
import { findMarkTarget, markRemittance } from "../../src/payments/mark-remittance";
import { moneyTotals } from "../../src/payments/money-views";
import { transition } from "../../src/payments/remittance-lifecycle";
import { runRemittance } from "../../src/payments/run-remittance";
import { creditorNotifications, payments, remittances } from "../../src/payments/schema";
import { AGENCY_SCOPE } from "../../src/platform/auth/scope";
import { AppError } from "../../src/platform/errors";
import { createEndpoint } from "../../src/webhooks/endpoints";
import { webhookDeliveries } from "../../src/webhooks/schema";
import { createTestApp, type Login, type TestApp } from "../helpers/app";
import { makeCase, store } from "./fixtures";

let t: TestApp;
const docs = store();
let n = 0;
const db = () => t.database.db;
const now = () => t.clock.now();
const today = () => now().toISOString().slice(0, 10);

async function pay(caseId: string, amountCents: number) {
  return applyPayment(
    { db: db(), documents: docs },
    { caseId, provider: "manual", providerRef: `rs-${++n}`, amountCents, currency: "EUR", encashedAt: now() },
    SYSTEM,
    now(),
  );
}

/** A committed run paying creditor A what one fresh payment brought in. */
async function remitA(amountCents = 20_000) {
  const c = await makeCase(t, `RS-${++n}`, [{ principal: 100_000, due: "2026-07-01" }]);
  await pay(c.caseId, amountCents);
  const r = await runRemittance(db(), { creditorId: t.creditors.a.id, dryRun: false, by: "test" }, now());
  return { run: r.run!, remittance: r.remitted[0]! };
}

/** held = collected − remitted − fee − VAT, and the trust account's identity, for creditor A. */
async function books() {
  const m = await moneyTotals(db(), t.creditors.a.id);
  const b = await ledgerBalances(db(), t.creditors.a.id);
  expect(await unbalancedEntries(db())).toEqual([]);
  expect(m.heldCents).toBe(m.collectedCents - m.remittedCents - m.commissionCents - m.vatCents);
  expect(trustDiscrepancy(b)).toBe(0);
  return { held: m.heldCents, remitted: m.remittedCents, trust: b.trust_bank, transit: inTransit(b) };
}

const statusOf = async (id: string) =>
  (await db().select().from(remittances).where(eq(remittances.id, id)))[0]!;

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.login("admin@test.example");
  await t.request("PUT", "/api/agency/settings", {
    auth: admin,
    body: {
      name: "Relance Recouvrement",
      address: { line1: "18 rue de la Bourse", postalCode: "69002", city: "Lyon", country: "FR" },
      trustIban: "FR7630004000031234567890143",
    },
  });
  await db()
    .update(creditors)
    .set({ remittanceIban: "FR7630006000011234567890189" })
    .where(eq(creditors.id, t.creditors.a.id));
});
afterAll(async () => t?.close());

describe("the remittance state machine", () => {
  it("allows prepared → sent → paid, paid → returned, and refuses going back or leaving a final state", () => {
    expect(transition("prepared", "sent")).toEqual({ ok: true, to: "sent" });
    expect(transition("prepared", "paid")).toEqual({ ok: true, to: "paid" });
    expect(transition("prepared", "rejected")).toEqual({ ok: true, to: "rejected" });
    expect(transition("sent", "paid")).toEqual({ ok: true, to: "paid" });
    expect(transition("sent", "rejected")).toEqual({ ok: true, to: "rejected" });
    expect(transition("paid", "rejected")).toEqual({ ok: true, to: "returned" });
    expect(transition("sent", "sent")).toEqual({ ok: false, reason: "already" });
    expect(transition("paid", "paid")).toEqual({ ok: false, reason: "already" });
    expect(transition("paid", "sent")).toEqual({ ok: false, reason: "not_after_paid" });
    for (const mark of ["sent", "paid", "rejected"] as const) {
      expect(transition("rejected", mark)).toEqual({ ok: false, reason: "final" });
      expect(transition("returned", mark)).toEqual({ ok: false, reason: "final" });
    }
  });

  it("keeps the trust account equal to what it owes, whatever the bank does (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.constantFrom("sent", "paid", "rejected" as const), { maxLength: 5 }),
        (amount, marks) => {
          let b = applyPosting(emptyBalances(), paymentReceived(amount, 0));
          b = applyPosting(b, remittance(amount));
          let state: Parameters<typeof transition>[0] = "prepared";
          for (const m of marks) {
            const next = transition(state, m);
            if (!next.ok) continue;
            if (next.to === "paid") b = applyPosting(b, remittancePaid(inTransit(b)));
            if (next.to === "rejected") b = applyPosting(b, remittanceReturned(inTransit(b), "in_transit"));
            if (next.to === "returned") b = applyPosting(b, remittanceReturned(amount, "trust_bank"));
            state = next.to;
            expect(trustDiscrepancy(b)).toBe(0);
          }
          const back = state === "rejected" || state === "returned";
          expect(heldForCreditor(b)).toBe(back ? amount : 0);
          expect(b.trust_bank).toBe(state === "paid" ? 0 : amount);
        },
      ),
    );
  });
});

describe("marking remittances", () => {
  it("leaves the money on the trust account until the bank executes it, then fires remittance.paid once", async () => {
    const { endpoint } = await createEndpoint(
      db(),
      t.creditors.a.id,
      { url: "https://hooks.example.test/relance", description: "", eventTypes: ["remittance.paid"] },
      "test-secret-0123456789abcdef0123456789abcdef",
      now(),
    );
    const before = await books();
    const { remittance: r } = await remitA();
    const prepared = await books();
    expect(prepared.held).toBe(before.held);
    expect(prepared.transit).toBe(before.transit + r.amountCents);
    expect(prepared.trust).toBe(before.trust + 20_000 - (20_000 - r.amountCents));

    await markRemittance(db(), { remittanceId: r.remittanceId }, { kind: "sent" }, now());
    expect(await statusOf(r.remittanceId)).toMatchObject({ status: "sent", sentAt: now() });
    const paid = await markRemittance(
      db(),
      { remittanceId: r.remittanceId },
      { kind: "paid", executedOn: today() },
      now(),
    );
    expect(paid.items).toEqual([expect.objectContaining({ from: "sent", to: "paid" })]);
    expect(await statusOf(r.remittanceId)).toMatchObject({ status: "paid", executedOn: today() });
    const after = await books();
    expect(after.transit).toBe(before.transit);
    expect(after.trust).toBe(prepared.trust - r.amountCents);
    expect(after.held).toBe(before.held);

    // Paid twice or back to sent: refused, and no second webhook.
    const again = await refusal(
      markRemittance(db(), { remittanceId: r.remittanceId }, { kind: "paid", executedOn: today() }, now()),
    );
    expect(again.code).toBe("invalid_transition");
    const back = await refusal(
      markRemittance(db(), { remittanceId: r.remittanceId }, { kind: "sent" }, now()),
    );
    expect(back.safeMessage).toContain("can no longer be marked sent");
    const hooks = await db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(hooks.map((h) => h.eventType)).toEqual(["remittance.paid"]);
    expect(hooks[0]!.payload).toMatchObject({
      data: { remittanceId: r.remittanceId, executedOn: today(), amountCents: r.amountCents },
    });
  });

  it("puts a rejected transfer's money back as held, and the one-month check counts it again", async () => {
    const before = await books();
    const { remittance: r } = await remitA(30_000);
    expect((await listAtRisk(db(), AGENCY_SCOPE, now(), 31)).map((p) => p.paymentId)).not.toContain(
      r.remittanceId,
    );
    await markRemittance(db(), { remittanceId: r.remittanceId }, { kind: "sent" }, now());
    await markRemittance(
      db(),
      { remittanceId: r.remittanceId },
      { kind: "rejected", reason: "AC04 closed account" },
      now(),
    );
    expect(await statusOf(r.remittanceId)).toMatchObject({
      status: "rejected",
      rejectionReason: "AC04 closed account",
    });
    const after = await books();
    expect(after.held).toBe(before.held + r.amountCents);
    expect(after.transit).toBe(before.transit);
    const released = await db().select().from(payments).where(eq(payments.creditorId, t.creditors.a.id));
    const atRisk = (await listAtRisk(db(), AGENCY_SCOPE, now(), 31)).map((p) => p.paymentId);
    for (const p of released.filter((x) => x.remittanceId === null)) expect(atRisk).toContain(p.id);
    expect(released.some((p) => p.remittanceId === null)).toBe(true);
    const final = await refusal(
      markRemittance(db(), { remittanceId: r.remittanceId }, { kind: "paid", executedOn: today() }, now()),
    );
    expect(final.safeMessage).toContain("final");

    // The next run pays the returned money over again.
    const rerun = await runRemittance(
      db(),
      { creditorId: t.creditors.a.id, dryRun: false, by: "test" },
      now(),
    );
    expect(rerun.remitted[0]!.amountCents).toBe(after.held);
    expect((await books()).held).toBe(0);
  });

  it("takes back a transfer returned after execution onto the trust account", async () => {
    const { remittance: r } = await remitA(10_000);
    await markRemittance(
      db(),
      { remittanceId: r.remittanceId },
      { kind: "paid", executedOn: today() },
      now(),
    );
    const paid = await books();
    const out = await markRemittance(
      db(),
      { remittanceId: r.remittanceId },
      { kind: "rejected", reason: "MS03 returned by the beneficiary bank" },
      now(),
    );
    expect(out.items[0]).toMatchObject({ from: "paid", to: "returned" });
    const after = await books();
    expect(after.trust).toBe(paid.trust + r.amountCents);
    expect(after.held).toBe(paid.held + r.amountCents);
  });

  it("tells the creditor when its transfer is rejected or returned: a notice, a signed webhook, the money held again", async () => {
    const { endpoint } = await createEndpoint(
      db(),
      t.creditors.a.id,
      { url: "https://hooks.example.test/rejected", description: "", eventTypes: ["remittance.rejected"] },
      "test-secret-0123456789abcdef0123456789abcdef",
      now(),
    );
    const { remittance: rejected } = await remitA(40_000);
    const beforeReject = await books();
    await markRemittance(db(), { remittanceId: rejected.remittanceId }, { kind: "sent" }, now());
    await markRemittance(
      db(),
      { remittanceId: rejected.remittanceId },
      { kind: "rejected", reason: " AC04 closed account " },
      now(),
    );
    expect((await books()).held).toBe(beforeReject.held + rejected.amountCents);

    const { remittance: returned } = await remitA(15_000);
    await markRemittance(
      db(),
      { remittanceId: returned.remittanceId },
      { kind: "paid", executedOn: today() },
      now(),
    );
    const beforeReturn = await books();
    await markRemittance(
      db(),
      { remittanceId: returned.remittanceId },
      { kind: "rejected", reason: "MS02 refused by the beneficiary" },
      now(),
    );
    const afterReturn = await books();
    expect(afterReturn.held).toBe(beforeReturn.held + returned.amountCents);
    expect(afterReturn.trust).toBe(beforeReturn.trust + returned.amountCents);

    const notices = await db()
      .select()
      .from(creditorNotifications)
      .where(
        and(
          eq(creditorNotifications.creditorId, t.creditors.a.id),
          eq(creditorNotifications.type, "remittance.rejected"),
        ),
      );
    const payloads = notices.map((n) => n.payload);
    expect(payloads).toContainEqual({
      remittanceId: rejected.remittanceId,
      reference: rejected.reference,
      amountCents: rejected.amountCents,
      status: "rejected",
      reason: "AC04 closed account",
    });
    expect(payloads).toContainEqual(
      expect.objectContaining({ remittanceId: returned.remittanceId, status: "returned" }),
    );
    // Exactly the two failures were announced, once each, to the endpoint that listens for them.
    const hooks = await db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(hooks.map((h) => h.eventType)).toEqual(["remittance.rejected", "remittance.rejected"]);
    expect(
      hooks.map((h) => (h.payload as { data: { remittanceId: string } }).data.remittanceId).sort(),
    ).toEqual([rejected.remittanceId, returned.remittanceId].sort());
    const creditorView = await t.request("GET", "/api/v1/remittances?limit=200", {
      auth: { key: t.creditors.a.key },
    });
    expect(
      creditorView.json().items.find((r: { id: string }) => r.id === rejected.remittanceId),
    ).toMatchObject({ status: "rejected", rejectionReason: "AC04 closed account" });
  });

  it("marks a whole run, finds it by reference, and names bad input and unknown ids", async () => {
    const { run, remittance: r } = await remitA();
    expect(await findMarkTarget(db(), run.reference)).toEqual({ runId: run.id });
    expect(await findMarkTarget(db(), r.reference)).toEqual({ remittanceId: r.remittanceId });
    expect((await refusal(findMarkTarget(db(), "REM-NOPE"))).code).toBe("not_found");
    const sent = await markRemittance(db(), { runId: run.id }, { kind: "sent" }, now());
    expect(sent.items.map((i) => i.remittanceId)).toEqual([r.remittanceId]);
    const future = await refusal(
      markRemittance(db(), { runId: run.id }, { kind: "paid", executedOn: "2999-01-01" }, now()),
    );
    expect(future.code).toBe("validation_failed");
    expect(JSON.stringify(future.details)).toContain("executedOn");
    const blank = await refusal(
      markRemittance(db(), { runId: run.id }, { kind: "rejected", reason: "  " }, now()),
    );
    expect(JSON.stringify(blank.details)).toContain("reason");
    const unknown = await refusal(
      markRemittance(db(), { remittanceId: "00000000-0000-4000-8000-000000000000" }, { kind: "sent" }, now()),
    );
    expect(unknown.code).toBe("not_found");
  });

  it("marks paid what a camt.053 debit shows executed, by end-to-end id and amount, once", async () => {
    const { remittance: r } = await remitA(12_000);
    const { remittance: other } = await remitA(15_000);
    const amount = (c: number) => (c / 100).toFixed(2);
    const debit = (e2e: string, cents: number, ref: string) => `
    <Ntry><NtryRef>${ref}</NtryRef><Amt Ccy="EUR">${amount(cents)}</Amt><CdtDbtInd>DBIT</CdtDbtInd>
      <Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>${today()}</Dt></BookgDt><ValDt><Dt>${today()}</Dt></ValDt>
      <AcctSvcrRef>${ref}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
      <NtryDtls><TxDtls><Refs><AcctSvcrRef>${ref}</AcctSvcrRef><EndToEndId>${e2e}</EndToEndId></Refs>
        <Amt Ccy="EUR">${amount(cents)}</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls></NtryDtls>
    </Ntry>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
  <GrpHdr><MsgId>STMT-RS</MsgId><CreDtTm>${now().toISOString()}</CreDtTm></GrpHdr>
  <Stmt><Id>STMT-RS-1</Id><CreDtTm>${now().toISOString()}</CreDtTm>
    <Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id></Acct>
    ${debit(r.reference, r.amountCents, "D1")}
    ${debit(other.reference, other.amountCents + 1, "D2")}
  </Stmt></BkToCstmrStmt></Document>`;
    const report = await importBankStatement({ db: db(), documents: docs }, xml, SYSTEM, now());
    expect(report.remittancesPaid).toEqual([{ remittanceId: r.remittanceId, reference: r.reference }]);
    expect((await statusOf(r.remittanceId)).status).toBe("paid");
    // The amount differs by a cent: left for a person.
    expect((await statusOf(other.remittanceId)).status).toBe("prepared");
    const replay = await importBankStatement({ db: db(), documents: docs }, xml, SYSTEM, now());
    expect(replay.remittancesPaid).toEqual([]);
    await books();
  });
});

describe("remittance status routes", () => {
  let admin: Login;
  beforeAll(async () => {
    admin = await t.login("admin@test.example");
  });

  it("let a manager mark a remittance and a run, and refuse agents, creditors and unknown ids", async () => {
    const { run, remittance: r } = await remitA();
    const url = `/api/agency/remittances/${r.remittanceId}/status`;
    const agent = await t.login("agent@test.example");
    const creditor = await t.login("cv@a.example");
    expect((await t.request("POST", url, { auth: agent, body: { status: "sent" } })).statusCode).toBe(403);
    expect((await t.request("POST", url, { auth: creditor, body: { status: "sent" } })).statusCode).toBe(403);
    const bad = await t.request("POST", url, { auth: admin, body: { status: "paid" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("executedOn");
    const unknown = await t.request(
      "POST",
      "/api/agency/remittances/00000000-0000-4000-8000-000000000000/status",
      {
        auth: admin,
        body: { status: "sent" },
      },
    );
    expect(unknown.statusCode).toBe(404);

    const manager = await t.login("manager@test.example");
    const sent = await t.request("POST", `/api/agency/remittance-runs/${run.id}/status`, {
      auth: manager,
      body: { status: "sent" },
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().items).toEqual([
      expect.objectContaining({ remittanceId: r.remittanceId, to: "sent" }),
    ]);
    const paid = await t.request("POST", url, {
      auth: manager,
      body: { status: "paid", executedOn: today() },
    });
    expect(paid.statusCode).toBe(200);
    const backwards = await t.request("POST", url, { auth: manager, body: { status: "sent" } });
    expect(backwards.statusCode).toBe(409);
    expect(backwards.json().error.code).toBe("invalid_transition");

    // The creditor reads the state and dates; another creditor does not see the remittance.
    const mine = await t.request("GET", "/api/v1/remittances?limit=200", { auth: creditor });
    expect(mine.json().items.find((i: { id: string }) => i.id === r.remittanceId)).toMatchObject({
      status: "paid",
      executedOn: today(),
      sentAt: expect.any(String),
    });
    const otherCreditor = await t.login("ca@b.example");
    const theirs = await t.request("GET", "/api/v1/remittances?limit=200", { auth: otherCreditor });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().items.map((i: { id: string }) => i.id)).not.toContain(r.remittanceId);
  });
});
