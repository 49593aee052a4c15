import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/cases/timeline";
import { applyPayment } from "../../src/payments/apply-payment";
import { commissionDelta, commissionOn } from "../../src/payments/commission";
import {
  applyPosting,
  commission,
  commissionSweep,
  emptyBalances,
  heldForCreditor,
  paymentReceived,
  paymentReversed,
  remittance,
  trustDiscrepancy,
  unsweptFees,
} from "../../src/payments/ledger";
import { ledgerBalances, sumOfKind, unbalancedEntries } from "../../src/payments/ledger-store";
import { markRemittance } from "../../src/payments/mark-remittance";
import { remitCreditor } from "../../src/payments/remit-creditor";
import { reversePayment } from "../../src/payments/reverse-payment";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase, store } from "./fixtures";

const TERMS = {
  rateBp: 1500,
  minimumCents: 3000,
  tiers: [{ fromCents: 50_000, rateBp: 1000 }],
  vatRateBp: 2000,
};

describe("commission", () => {
  it("applies brackets, the minimum, and never exceeds what was collected", () => {
    expect(commissionOn(0, TERMS)).toBe(0);
    expect(commissionOn(1000, TERMS)).toBe(1000); // minimum capped at what was collected
    expect(commissionOn(10_000, TERMS)).toBe(3000); // 15 % = 1500 < minimum 3000
    expect(commissionOn(100_000, TERMS)).toBe(7500 + 5000);
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(10_000_000), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(commissionOn(lo, TERMS)).toBeLessThanOrEqual(commissionOn(hi, TERMS));
        expect(commissionOn(hi, TERMS)).toBeLessThanOrEqual(hi);
      }),
    );
  });
});

const ops = fc.array(
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant("pay" as const),
        amount: fc.integer({ min: 100, max: 120_000 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("refund" as const),
        index: fc.nat(20),
        fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("chargeback" as const), index: fc.nat(20) }) },
    { weight: 1, arbitrary: fc.constant({ kind: "remit" as const }) },
  ),
  { minLength: 1, maxLength: 12 },
);

/** What the bank says about a remittance, aimed at one of those made so far. */
const bankAnswers = fc.array(
  fc.record({
    kind: fc.constantFrom("sent" as const, "paid" as const, "rejected" as const),
    index: fc.nat(10),
  }),
  { maxLength: 6 },
);

describe("the trust ledger's postings (pure model)", () => {
  it("balance every entry and keep held = collected − remitted − commission", () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        const owed = 200_000;
        let b = emptyBalances();
        let collected = 0; // net allocated
        let remitted = 0;
        let fees = 0;
        const paid: { alloc: number; over: number; reversed: number }[] = [];
        const post = (p: ReturnType<typeof paymentReceived>) => {
          expect(p.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(0);
          b = applyPosting(b, p);
        };
        for (const op of sequence) {
          if (op.kind === "pay") {
            const alloc = Math.min(op.amount, owed - collected);
            const over = op.amount - alloc;
            post(paymentReceived(alloc, over));
            const d = commissionDelta(collected, collected + alloc, TERMS);
            post(commission(d));
            fees += d.commissionCents + d.vatCents;
            collected += alloc;
            paid.push({ alloc, over, reversed: 0 });
          } else if (op.kind === "refund" || op.kind === "chargeback") {
            const p = paid[op.index % Math.max(1, paid.length)];
            if (!p) continue;
            const left = p.alloc + p.over - p.reversed;
            const amount = op.kind === "chargeback" ? left : Math.floor(left * op.fraction);
            if (amount <= 0) continue;
            const overLeft = Math.max(0, p.over - p.reversed);
            const fromOver = Math.min(overLeft, amount);
            const fromAlloc = amount - fromOver;
            post(paymentReversed(fromAlloc, fromOver));
            const d = commissionDelta(collected, collected - fromAlloc, TERMS);
            post(commission(d));
            fees += d.commissionCents + d.vatCents;
            collected -= fromAlloc;
            p.reversed += amount;
          } else {
            const held = heldForCreditor(b);
            if (held > 0) {
              post(remittance(held));
              remitted += held;
            }
            const sweep = unsweptFees(b);
            if (sweep > 0) post(commissionSweep(sweep));
          }
          expect(heldForCreditor(b) + 0).toBe(collected - remitted - fees + 0);
          expect(trustDiscrepancy(b) + 0).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the trust ledger in the database", () => {
  let t: TestApp;
  const docs = store();
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it("stays balanced over random payments, partials, refunds, chargebacks, remittances and bank answers", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(ops, bankAnswers, async (sequence, answers) => {
        run++;
        const { caseId } = await makeCase(t, `PROP-${run}`, [
          { principal: 60_000, due: "2026-06-01" },
          { principal: 40_000, due: "2026-07-01" },
        ]);
        const refs: string[] = [];
        const remitted: string[] = [];
        for (const [i, op] of sequence.entries()) {
          const now = t.clock.now();
          if (op.kind === "pay") {
            const ref = `prop-${run}-${i}`;
            await applyPayment(
              { db: t.database.db, documents: docs },
              {
                caseId,
                provider: "manual",
                providerRef: ref,
                amountCents: op.amount,
                currency: "EUR",
                encashedAt: now,
              },
              SYSTEM,
              now,
            );
            refs.push(ref);
          } else if (op.kind === "remit") {
            const r = await remitCreditor(t.database.db, t.creditors.a.id, now);
            if (r) remitted.push(r.remittanceId);
          } else {
            const ref = refs[op.index % Math.max(1, refs.length)];
            if (!ref) continue;
            try {
              await reversePayment(
                t.database.db,
                {
                  provider: "manual",
                  providerRef: ref,
                  kind: op.kind,
                  ...(op.kind === "refund"
                    ? { amountCents: Math.max(1, Math.floor(op.fraction * 10_000)) }
                    : {}),
                },
                SYSTEM,
                now,
              );
            } catch (error) {
              // Reversing more than is left is refused; that must change nothing.
              expect((error as { code?: string }).code).toBe("unprocessable");
            }
          }
        }
        // The bank's answers on those remittances, legal or not; then a run pays over what came back.
        for (const a of answers) {
          const id = remitted[a.index % Math.max(1, remitted.length)];
          if (!id) break;
          const mark =
            a.kind === "paid"
              ? { kind: a.kind, executedOn: t.clock.now().toISOString().slice(0, 10) }
              : a.kind === "rejected"
                ? { kind: a.kind, reason: "AC04" }
                : { kind: a.kind };
          await markRemittance(t.database.db, { remittanceId: id }, mark, t.clock.now()).catch((error) =>
            expect((error as { code?: string }).code).toBe("invalid_transition"),
          );
        }
        if (answers.length > 0) await remitCreditor(t.database.db, t.creditors.a.id, t.clock.now());
        const db = t.database.db;
        const creditorId = t.creditors.a.id;
        expect(await unbalancedEntries(db)).toEqual([]);
        const b = await ledgerBalances(db, creditorId);
        const collected =
          -(await sumOfKind(db, creditorId, "payment_received", "creditor_payable")) -
          (await sumOfKind(db, creditorId, "payment_reversed", "creditor_payable"));
        const paidOver =
          (await sumOfKind(db, creditorId, "remittance", "creditor_payable")) +
          (await sumOfKind(db, creditorId, "remittance_returned", "creditor_payable"));
        const fees = await sumOfKind(db, creditorId, "commission", "creditor_payable");
        expect(heldForCreditor(b) + 0).toBe(collected - paidOver - fees + 0);
        expect(trustDiscrepancy(b) + 0).toBe(0);
      }),
      { numRuns: 12 },
    );
  });
});
