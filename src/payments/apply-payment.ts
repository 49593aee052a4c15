import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { DocumentStore } from "../cases/documents";
import { agency, creditors, debtors, mandates } from "../cases/schema";
import { type Actor, appendEvent } from "../cases/timeline";
import type { Db, Executor } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { isLocale } from "../platform/i18n";
import { makeRfReference } from "../platform/identifiers";
import { allocatePayment, money } from "../platform/money";
import { type CaseRow, collectedOnCase, loadCaseClaims, lockCase, syncCaseBalance } from "./case-balance";
import { closeCase, holdCase, releaseHold } from "./case-holds";
import { commissionDelta } from "./commission";
import { graceEnd, INSTALMENT_GRACE_DAYS } from "./commitments";
import { commission, paymentReceived } from "./ledger";
import { postEntry } from "./ledger-store";
import { notifyCreditor } from "./notifications";
import { storeReceipt } from "./receipts";
import {
  allocations,
  type PaymentProvider,
  paymentLinks,
  paymentPlans,
  payments,
  planInstalments,
  promises,
  refunds,
} from "./schema";

export interface PaymentDeps {
  db: Db;
  documents: DocumentStore;
}

export interface IncomingPayment {
  caseId: string;
  provider: PaymentProvider;
  /** The provider's id for this payment: applying the same one twice changes nothing. */
  providerRef: string;
  amountCents: number;
  currency: string;
  encashedAt: Date;
  payerName?: string | null;
  paymentLinkId?: string | null;
  designatedClaimIds?: string[];
}

export interface AppliedPayment {
  paymentId: string;
  created: boolean;
  allocatedCents: number;
  overpaymentCents: number;
  balanceCents: number;
  closed: boolean;
}

/** FR-10 (R124-6): funds are paid over within one month of encashment unless the mandate says less. */
function remittanceDueAt(encashedAt: Date, maxDelayDays: number): Date {
  const monthLater = new Date(encashedAt);
  monthLater.setUTCMonth(monthLater.getUTCMonth() + 1);
  const byMandate = new Date(encashedAt.getTime() + maxDelayDays * 86_400_000);
  return byMandate < monthLater ? byMandate : monthLater;
}

/**
 * Applies money encashed on the trust account to a case, in one transaction under the case's row
 * lock (two payments at the same moment are serialised, so nothing is allocated twice): allocation
 * by the legal order, claims and balance, overpayment to the refund queue, ledger entries with the
 * agency's fee, promise and plan progress, the case's hold or closure, the receipt, the timeline
 * event and the creditor's notice. Idempotent on (provider, providerRef).
 */
export async function applyPayment(
  deps: PaymentDeps,
  input: IncomingPayment,
  actor: Actor,
  now: Date,
): Promise<AppliedPayment> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    throw new AppError("validation_failed", "A payment amount is a positive number of cents");
  }
  return deps.db.transaction(async (tx) => {
    const row = await lockCase(tx, input.caseId);
    const [existing] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.provider, input.provider), eq(payments.providerRef, input.providerRef)));
    if (existing) {
      return {
        paymentId: existing.id,
        created: false,
        allocatedCents: existing.allocatedCents,
        overpaymentCents: existing.overpaymentCents,
        balanceCents: row.balanceCents,
        closed: row.status === "closed",
      };
    }
    if (input.currency !== row.currency) {
      throw new AppError("unprocessable", `The case is in ${row.currency}, the payment in ${input.currency}`);
    }
    const { claims: claimRows, buckets } = await loadCaseClaims(tx, row.id, row.currency, now);
    const known = new Set(claimRows.map((c) => c.id));
    const designated = (input.designatedClaimIds ?? []).filter((id) => known.has(id));
    const allocation = allocatePayment(money(input.amountCents, row.currency), buckets, {
      designatedClaimIds: designated,
    });
    const [mandate] = await tx.select().from(mandates).where(eq(mandates.id, row.mandateId));
    if (!mandate) throw new AppError("internal", "The case's mandate is missing");
    const paymentId = randomUUID();
    const receiptNumber = `Q${now.getUTCFullYear()}-${paymentId.slice(0, 8).toUpperCase()}`;
    const collectedBefore = await collectedOnCase(tx, row.id);
    await tx.insert(payments).values({
      id: paymentId,
      creditorId: row.creditorId,
      caseId: row.id,
      provider: input.provider,
      providerRef: input.providerRef,
      paymentLinkId: input.paymentLinkId ?? null,
      amountCents: input.amountCents,
      currency: row.currency,
      allocatedCents: allocation.allocated.amount,
      overpaymentCents: allocation.overpayment.amount,
      status: "succeeded",
      payerName: input.payerName ?? null,
      designatedClaimIds: designated,
      encashedAt: input.encashedAt,
      remittanceDueAt: remittanceDueAt(input.encashedAt, mandate.remittance.maxDelayDays),
      receiptNumber,
      createdAt: now,
    });
    if (allocation.lines.length > 0) {
      await tx.insert(allocations).values(
        allocation.lines.map((l) => ({
          id: randomUUID(),
          creditorId: row.creditorId,
          caseId: row.id,
          paymentId,
          claimId: l.claimId,
          component: l.component,
          amountCents: l.amount.amount,
          createdAt: now,
        })),
      );
    }
    if (allocation.overpayment.amount > 0) {
      await tx.insert(refunds).values({
        id: randomUUID(),
        creditorId: row.creditorId,
        caseId: row.id,
        paymentId,
        reason: "overpayment",
        amountCents: allocation.overpayment.amount,
        status: "pending",
        createdAt: now,
      });
    }
    const balance = await syncCaseBalance(tx, row.id, row.currency, now);
    const entry = { creditorId: row.creditorId, caseId: row.id, paymentId, currency: row.currency, at: now };
    await postEntry(tx, entry, paymentReceived(allocation.allocated.amount, allocation.overpayment.amount));
    await postEntry(
      tx,
      entry,
      commission(
        commissionDelta(collectedBefore, collectedBefore + allocation.allocated.amount, mandate.commission),
      ),
    );
    if (input.paymentLinkId) {
      await tx.update(paymentLinks).set({ status: "paid" }).where(eq(paymentLinks.id, input.paymentLinkId));
    }
    const claimNumber = new Map(claimRows.map((c) => [c.id, c.number]));
    const eventData = {
      paymentId,
      provider: input.provider,
      amountCents: input.amountCents,
      allocatedCents: allocation.allocated.amount,
      overpaymentCents: allocation.overpayment.amount,
      balanceCents: balance,
      lines: allocation.lines.map((l) => ({
        invoice: claimNumber.get(l.claimId),
        component: l.component,
        amountCents: l.amount.amount,
      })),
    };
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId: row.id,
      type: "payment.received",
      at: now,
      actor,
      data: eventData,
    });
    await notifyCreditor(tx, {
      creditorId: row.creditorId,
      caseId: row.id,
      type: "payment.received",
      payload: { caseReference: row.reference, externalRef: row.externalRef, ...eventData },
      at: now,
    });
    await progressCommitments(tx, row, input.amountCents, actor, now);
    const closed = await settleCaseState(tx, row.id, balance, actor, now);
    const receiptId = await issueReceipt(tx, deps.documents, row, {
      paymentId,
      receiptNumber,
      input,
      lines: eventData.lines,
      overpaymentCents: allocation.overpayment.amount,
      balance,
      actor,
    });
    await tx.update(payments).set({ receiptDocumentId: receiptId }).where(eq(payments.id, paymentId));
    return {
      paymentId,
      created: true,
      allocatedCents: allocation.allocated.amount,
      overpaymentCents: allocation.overpayment.amount,
      balanceCents: balance,
      closed,
    };
  });
}

/** A promise counts what was paid since it was made; a plan fills its instalments in order. */
async function progressCommitments(tx: Executor, row: CaseRow, amountCents: number, actor: Actor, now: Date) {
  const open = await tx
    .select()
    .from(promises)
    .where(and(eq(promises.caseId, row.id), eq(promises.status, "open")));
  for (const p of open) {
    const paid = p.paidCents + amountCents;
    const kept = paid >= p.amountCents;
    await tx
      .update(promises)
      .set({ paidCents: paid, status: kept ? "kept" : "open", settledAt: kept ? now : null })
      .where(eq(promises.id, p.id));
    if (kept) {
      await appendEvent(tx, {
        creditorId: row.creditorId,
        caseId: row.id,
        type: "promise.kept",
        at: now,
        actor,
        data: { promiseId: p.id },
      });
    }
  }
  const [plan] = await tx
    .select()
    .from(paymentPlans)
    .where(and(eq(paymentPlans.caseId, row.id), eq(paymentPlans.status, "active")));
  if (!plan) return;
  let left = amountCents;
  const instalments = await tx
    .select()
    .from(planInstalments)
    .where(eq(planInstalments.planId, plan.id))
    .orderBy(asc(planInstalments.seq));
  for (const i of instalments) {
    if (left <= 0) break;
    const take = Math.min(left, i.amountCents - i.paidCents);
    if (take <= 0) continue;
    left -= take;
    const paid = i.paidCents + take;
    await tx
      .update(planInstalments)
      .set({ paidCents: paid, status: paid >= i.amountCents ? "paid" : i.status })
      .where(eq(planInstalments.id, i.id));
  }
}

/**
 * Paid in full closes the case; otherwise a checkout hold ends, and an active plan keeps the case
 * quiet until its next unpaid instalment (plus grace). A completed plan is marked so.
 */
async function settleCaseState(tx: Executor, caseId: string, balance: number, actor: Actor, now: Date) {
  const [plan] = await tx
    .select()
    .from(paymentPlans)
    .where(and(eq(paymentPlans.caseId, caseId), eq(paymentPlans.status, "active")));
  let next: typeof planInstalments.$inferSelect | undefined;
  if (plan) {
    [next] = await tx
      .select()
      .from(planInstalments)
      .where(and(eq(planInstalments.planId, plan.id), eq(planInstalments.status, "due")))
      .orderBy(asc(planInstalments.seq))
      .limit(1);
    if (!next || balance === 0) {
      await tx
        .update(paymentPlans)
        .set({ status: "completed", endedAt: now })
        .where(eq(paymentPlans.id, plan.id));
      await appendEvent(tx, {
        creditorId: plan.creditorId,
        caseId,
        type: "plan.completed",
        at: now,
        actor,
        data: { planId: plan.id },
      });
    }
  }
  const row = await lockCase(tx, caseId);
  if (balance === 0) return closeCase(tx, row, "paid_in_full", actor, now, { balanceCents: 0 });
  if (plan && next) {
    await holdCase(tx, row, "payment_plan", graceEnd(next.dueDate, INSTALMENT_GRACE_DAYS), actor, now, {
      planId: plan.id,
    });
    return false;
  }
  const [openPromise] = await tx
    .select({ id: promises.id })
    .from(promises)
    .where(and(eq(promises.caseId, caseId), eq(promises.status, "open")))
    .limit(1);
  // A kept promise gives the remaining balance back to the sequence; an open one keeps its hold.
  await releaseHold(tx, row, openPromise ? ["payment_pending"] : ["payment_pending", "promise"], actor, now);
  return false;
}

async function issueReceipt(
  tx: Executor,
  store: DocumentStore,
  row: CaseRow,
  p: {
    paymentId: string;
    receiptNumber: string;
    input: IncomingPayment;
    lines: {
      invoice?: string;
      component: "interest" | "penalties" | "indemnity" | "principal";
      amountCents: number;
    }[];
    overpaymentCents: number;
    balance: number;
    actor: Actor;
  },
): Promise<string> {
  const [names] = await tx
    .select({ creditor: creditors.legalName, debtor: debtors.displayName, locale: debtors.locale })
    .from(creditors)
    .innerJoin(debtors, eq(debtors.id, row.debtorId))
    .where(eq(creditors.id, row.creditorId));
  const [agencyRow] = await tx.select({ name: agency.name }).from(agency).limit(1);
  return storeReceipt(
    tx,
    store,
    { creditorId: row.creditorId, caseId: row.id },
    {
      number: p.receiptNumber,
      locale: isLocale(names?.locale) ? names.locale : "fr",
      agencyName: agencyRow?.name ?? "Relance",
      creditorName: names?.creditor ?? "",
      debtorName: names?.debtor ?? "",
      caseReference: row.reference,
      rfReference: makeRfReference(row.reference),
      encashedAt: p.input.encashedAt,
      amountCents: p.input.amountCents,
      overpaymentCents: p.overpaymentCents,
      remainingCents: p.balance,
      currency: row.currency,
      lines: p.lines.map((l) => ({
        invoice: l.invoice ?? "",
        component: l.component,
        amountCents: l.amountCents,
      })),
    },
    p.actor,
  );
}
