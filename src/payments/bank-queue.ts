import { and, desc, eq } from "drizzle-orm";
import { cases } from "../cases/schema";
import type { Actor } from "../cases/timeline";
import type { Db } from "../platform/db/client";
import { AppError, notFound } from "../platform/errors";
import { applyPayment, type PaymentDeps } from "./apply-payment";
import { bankTransactions } from "./schema";

export type BankTransactionRow = typeof bankTransactions.$inferSelect;

/** Credited bank lines in a given state, newest booking first (the agents' unmatched queue). */
export async function listBankTransactions(
  db: Db,
  status: BankTransactionRow["status"] = "unmatched",
  limit = 200,
): Promise<BankTransactionRow[]> {
  return db
    .select()
    .from(bankTransactions)
    .where(eq(bankTransactions.status, status))
    .orderBy(desc(bankTransactions.bookingDate), desc(bankTransactions.createdAt))
    .limit(limit);
}

/**
 * An agent ties an unmatched line to a case: it is applied as that case's bank transfer and leaves
 * the queue. Two agents assigning the same line at once: the payment is applied once (unique bank
 * reference) and only the first assignment is recorded; the second gets a conflict.
 */
export async function assignBankTransaction(
  deps: PaymentDeps,
  transactionId: string,
  caseId: string,
  actor: Actor,
  now: Date,
): Promise<{ transaction: BankTransactionRow; paymentId: string }> {
  const [line] = await deps.db.select().from(bankTransactions).where(eq(bankTransactions.id, transactionId));
  if (!line) throw notFound("Bank transaction");
  if (line.status !== "unmatched")
    throw new AppError("conflict", "This bank line is already applied to a case");
  const [target] = await deps.db.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!target) throw notFound("Case");
  const applied = await applyPayment(
    deps,
    {
      caseId,
      provider: "bank_transfer",
      providerRef: line.entryRef,
      amountCents: line.amountCents,
      currency: line.currency,
      encashedAt: new Date(`${line.bookingDate}T00:00:00Z`),
      payerName: line.debtorName,
    },
    actor,
    now,
  );
  const [updated] = await deps.db
    .update(bankTransactions)
    .set({ status: "resolved", matchedBy: "agent", caseId, paymentId: applied.paymentId })
    .where(and(eq(bankTransactions.id, transactionId), eq(bankTransactions.status, "unmatched")))
    .returning();
  if (!updated) throw new AppError("conflict", "This bank line is already applied to a case");
  return { transaction: updated, paymentId: applied.paymentId };
}
