import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { findCase } from "../cases/documents";
import { cases } from "../cases/schema";
import type { Scope } from "../platform/auth/scope";
import type { Executor } from "../platform/db/client";
import { webhookDeliveries } from "../webhooks/schema";
import type { CaseMoney } from "./case-money.schema";
import {
  creditNotes,
  creditorNotifications,
  ledgerEntries,
  ledgerLines,
  paymentPlans,
  payments,
  planInstalments,
  promises,
  remittances,
} from "./schema";

// One case's money as the back office reads it beside the timeline: payments with their receipts and
// where their funds stand (held, or in which remittance), the plan and the promise, credit notes, the
// trust ledger's entries for the case, and every notice the creditor was sent about it (R124-5) with
// what became of its webhook deliveries.

const iso = (d: Date) => d.toISOString();

export async function caseMoney(db: Executor, scope: Scope, caseId: string): Promise<CaseMoney> {
  await findCase(db, scope, caseId);
  const [c] = await db.select({ currency: cases.currency }).from(cases).where(eq(cases.id, caseId));
  const paymentRows = await db
    .select({
      p: payments,
      remittance: { id: remittances.id, reference: remittances.reference, status: remittances.status },
    })
    .from(payments)
    .leftJoin(remittances, eq(remittances.id, payments.remittanceId))
    .where(eq(payments.caseId, caseId))
    .orderBy(desc(payments.encashedAt));
  const [plan] = await db
    .select()
    .from(paymentPlans)
    .where(eq(paymentPlans.caseId, caseId))
    .orderBy(desc(paymentPlans.createdAt))
    .limit(1);
  const instalments = plan
    ? await db
        .select()
        .from(planInstalments)
        .where(eq(planInstalments.planId, plan.id))
        .orderBy(asc(planInstalments.seq))
    : [];
  const [promise] = await db
    .select()
    .from(promises)
    .where(eq(promises.caseId, caseId))
    .orderBy(desc(promises.createdAt))
    .limit(1);
  const notes = await db
    .select()
    .from(creditNotes)
    .where(eq(creditNotes.caseId, caseId))
    .orderBy(asc(creditNotes.createdAt));
  return {
    currency: c?.currency ?? "EUR",
    payments: paymentRows.map(({ p, remittance }) => ({
      id: p.id,
      provider: p.provider,
      amountCents: p.amountCents,
      allocatedCents: p.allocatedCents,
      overpaymentCents: p.overpaymentCents,
      reversedCents: p.reversedCents,
      currency: p.currency,
      status: p.status,
      encashedAt: iso(p.encashedAt),
      remittanceDueAt: iso(p.remittanceDueAt),
      receiptNumber: p.receiptNumber,
      receiptDocumentId: p.receiptDocumentId,
      remittance,
    })),
    plan: plan
      ? {
          id: plan.id,
          status: plan.status,
          totalCents: plan.totalCents,
          currency: plan.currency,
          createdAt: iso(plan.createdAt),
          instalments: instalments.map((i) => ({
            seq: i.seq,
            dueDate: i.dueDate,
            amountCents: i.amountCents,
            paidCents: i.paidCents,
            status: i.status,
          })),
        }
      : null,
    promise: promise
      ? {
          amountCents: promise.amountCents,
          currency: promise.currency,
          dueDate: promise.dueDate,
          status: promise.status,
        }
      : null,
    creditNotes: notes.map((n) => ({
      id: n.id,
      number: n.number,
      claimId: n.claimId,
      amountCents: n.amountCents,
      balanceAfterCents: n.balanceAfterCents,
      currency: n.currency,
      documentId: n.documentId,
      createdAt: iso(n.createdAt),
    })),
    ledger: await caseLedger(db, caseId),
    notices: await caseNotices(db, caseId),
  };
}

/** The case's journal entries (payments, fees, reversals), oldest first, each with its lines. */
async function caseLedger(db: Executor, caseId: string): Promise<CaseMoney["ledger"]> {
  const entries = await db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.caseId, caseId))
    .orderBy(asc(ledgerEntries.seq));
  if (entries.length === 0) return [];
  const lines = await db
    .select({
      entryId: ledgerLines.entryId,
      account: ledgerLines.account,
      amountCents: ledgerLines.amountCents,
    })
    .from(ledgerLines)
    .where(
      inArray(
        ledgerLines.entryId,
        entries.map((e) => e.id),
      ),
    )
    .orderBy(desc(ledgerLines.amountCents));
  return entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    at: iso(e.at),
    paymentId: e.paymentId,
    currency: e.currency,
    lines: lines
      .filter((l) => l.entryId === e.id)
      .map((l) => ({ account: l.account, amountCents: l.amountCents })),
  }));
}

/** What the creditor was told about the case, oldest first, with its webhook deliveries by state. */
async function caseNotices(db: Executor, caseId: string): Promise<CaseMoney["notices"]> {
  const notices = await db
    .select()
    .from(creditorNotifications)
    .where(eq(creditorNotifications.caseId, caseId))
    .orderBy(asc(creditorNotifications.createdAt));
  if (notices.length === 0) return [];
  const deliveries = await db
    .select({
      eventId: webhookDeliveries.eventId,
      state: webhookDeliveries.state,
      n: sql<number>`count(*)::int`,
    })
    .from(webhookDeliveries)
    .where(
      inArray(
        webhookDeliveries.eventId,
        notices.map((n) => n.id),
      ),
    )
    .groupBy(webhookDeliveries.eventId, webhookDeliveries.state);
  return notices.map((n) => {
    const count = (state: string) =>
      deliveries.filter((d) => d.eventId === n.id && d.state === state).reduce((s, d) => s + Number(d.n), 0);
    // Payments and promises carry an amount, plans their total; disputes none.
    const amount = n.payload.amountCents ?? n.payload.totalCents;
    return {
      id: n.id,
      type: n.type,
      createdAt: iso(n.createdAt),
      amountCents: typeof amount === "number" ? amount : null,
      webhooks: {
        delivered: count("delivered"),
        pending: count("pending") + count("sending"),
        dead: count("dead"),
      },
    };
  });
}
