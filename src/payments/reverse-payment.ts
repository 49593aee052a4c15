import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { mandates } from "../cases/schema";
import { type Actor, appendEvent } from "../cases/timeline";
import { transitionCaseIn } from "../cases/transition-case";
import type { Db } from "../platform/db/client";
import { AppError, notFound } from "../platform/errors";
import { collectedOnCase, lockCase, syncCaseBalance } from "./case-balance";
import { commissionDelta } from "./commission";
import { commission, paymentReversed } from "./ledger";
import { postEntry } from "./ledger-store";
import { notifyCreditor } from "./notifications";
import { allocations, type PaymentProvider, payments, providerEvents, refunds } from "./schema";

export type ReversalKind = "refund" | "chargeback";

export interface ReversalInput {
  provider: PaymentProvider;
  providerRef: string;
  kind: ReversalKind;
  /** Cents to reverse; the whole remaining payment when omitted. */
  amountCents?: number;
  /** The provider's event id: recorded in the same transaction, so a redelivery reverses nothing twice. */
  eventId?: string;
}

export interface ReversalResult {
  paymentId: string;
  reversedCents: number;
  fromAllocationCents: number;
  fromOverpaymentCents: number;
  reopened: boolean;
  duplicate: boolean;
}

/**
 * Money goes back out (a refund the agency made, or a card chargeback). The overpaid part still
 * waiting in the refund queue goes first; then the allocations are undone, last applied first, so
 * the principal settled last is owed again before any interest. The fee follows the cumulative
 * collection back down, the ledger balances, a case closed as paid reopens.
 */
export async function reversePayment(
  db: Db,
  input: ReversalInput,
  actor: Actor,
  now: Date,
): Promise<ReversalResult> {
  const [found] = await db
    .select({ caseId: payments.caseId })
    .from(payments)
    .where(and(eq(payments.provider, input.provider), eq(payments.providerRef, input.providerRef)));
  // Out of order (a refund notice before its payment): the provider will retry; nothing is applied now.
  if (!found) throw new AppError("conflict", "The payment to reverse is not known yet");
  return db.transaction(async (tx) => {
    const row = await lockCase(tx, found.caseId);
    if (input.eventId) {
      const fresh = await tx
        .insert(providerEvents)
        .values({ provider: input.provider, eventId: input.eventId, type: input.kind, receivedAt: now })
        .onConflictDoNothing()
        .returning({ id: providerEvents.eventId });
      if (fresh.length === 0) {
        return {
          paymentId: "",
          reversedCents: 0,
          fromAllocationCents: 0,
          fromOverpaymentCents: 0,
          reopened: false,
          duplicate: true,
        };
      }
    }
    const [p] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.provider, input.provider), eq(payments.providerRef, input.providerRef)));
    if (!p) throw notFound("Payment");
    const reversible = p.amountCents - p.reversedCents;
    const amount = input.amountCents ?? reversible;
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > reversible) {
      throw new AppError("unprocessable", `At most ${reversible} cents of this payment can be reversed`);
    }
    // The overpaid part still queued for refund goes first.
    let fromOver = 0;
    const pending = await tx
      .select()
      .from(refunds)
      .where(and(eq(refunds.paymentId, p.id), eq(refunds.status, "pending")));
    for (const r of pending) {
      const take = Math.min(r.amountCents, amount - fromOver);
      if (take <= 0) break;
      fromOver += take;
      if (take === r.amountCents) {
        await tx.update(refunds).set({ status: "paid", paidAt: now }).where(eq(refunds.id, r.id));
      } else {
        await tx
          .update(refunds)
          .set({ amountCents: r.amountCents - take })
          .where(eq(refunds.id, r.id));
      }
    }
    const fromAlloc = amount - fromOver;
    const collectedBefore = await collectedOnCase(tx, row.id);
    if (fromAlloc > 0) await undoAllocations(tx, p, fromAlloc, now);
    const balance = await syncCaseBalance(tx, row.id, row.currency, now);
    const [mandate] = await tx.select().from(mandates).where(eq(mandates.id, row.mandateId));
    const entry = {
      creditorId: row.creditorId,
      caseId: row.id,
      paymentId: p.id,
      currency: row.currency,
      at: now,
    };
    await postEntry(tx, entry, paymentReversed(fromAlloc, fromOver));
    if (mandate) {
      await postEntry(
        tx,
        entry,
        commission(commissionDelta(collectedBefore, collectedBefore - fromAlloc, mandate.commission)),
      );
    }
    const reversed = p.reversedCents + amount;
    await tx
      .update(payments)
      .set({
        reversedCents: reversed,
        status:
          input.kind === "chargeback"
            ? "charged_back"
            : reversed >= p.amountCents
              ? "refunded"
              : "partially_refunded",
      })
      .where(eq(payments.id, p.id));
    const type = input.kind === "chargeback" ? "payment.charged_back" : "payment.refunded";
    const data = {
      paymentId: p.id,
      amountCents: amount,
      fromAllocationCents: fromAlloc,
      fromOverpaymentCents: fromOver,
      balanceCents: balance,
    };
    await appendEvent(tx, { creditorId: row.creditorId, caseId: row.id, type, at: now, actor, data });
    await notifyCreditor(tx, {
      creditorId: row.creditorId,
      caseId: row.id,
      type,
      payload: { caseReference: row.reference, ...data },
      at: now,
    });
    let reopened = false;
    if (row.status === "closed" && row.closedReason === "paid_in_full" && balance > 0) {
      await transitionCaseIn(tx, row.id, { type: "reopen" }, actor, now, { data: { reason: type } });
      reopened = true;
    }
    return {
      paymentId: p.id,
      reversedCents: amount,
      fromAllocationCents: fromAlloc,
      fromOverpaymentCents: fromOver,
      reopened,
      duplicate: false,
    };
  });
}

/** Negative allocation rows, newest line first, until `amount` is undone. */
async function undoAllocations(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  p: typeof payments.$inferSelect,
  amount: number,
  now: Date,
): Promise<void> {
  const rows = await tx
    .select()
    .from(allocations)
    .where(eq(allocations.paymentId, p.id))
    .orderBy(desc(allocations.seq));
  // Net what is still applied per claim component (earlier reversals are negative rows).
  const net = new Map<
    string,
    { claimId: string; component: (typeof rows)[number]["component"]; cents: number }
  >();
  const order: string[] = [];
  for (const r of [...rows].reverse()) {
    const key = `${r.claimId}:${r.component}`;
    if (!net.has(key)) {
      net.set(key, { claimId: r.claimId, component: r.component, cents: 0 });
      order.push(key);
    }
    net.get(key)!.cents += r.amountCents;
  }
  let left = amount;
  for (const key of order.reverse()) {
    const n = net.get(key)!;
    const take = Math.min(n.cents, left);
    if (take <= 0) continue;
    left -= take;
    await tx.insert(allocations).values({
      id: randomUUID(),
      creditorId: p.creditorId,
      caseId: p.caseId,
      paymentId: p.id,
      claimId: n.claimId,
      component: n.component,
      amountCents: -take,
      createdAt: now,
    });
    if (left === 0) break;
  }
  if (left !== 0) throw new AppError("internal", "Reversal exceeds what the payment allocated");
}
