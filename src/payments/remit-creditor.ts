import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { findActiveMandate } from "../cases/mandates";
import { creditors } from "../cases/schema";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { commissionSweep, heldForCreditor, remittance, unsweptFees } from "./ledger";
import { ledgerBalances, paymentLedgerSums, postEntry } from "./ledger-store";
import { notifyCreditor } from "./notifications";
import { payments, remittances } from "./schema";

export interface RemittanceResult {
  remittanceId: string;
  reference: string;
  amountCents: number;
  feesSweptCents: number;
  paymentIds: string[];
}

/**
 * Pays over everything held for a creditor (R124-6) and sweeps the agency's earned fee out of the
 * trust account, in one transaction under the creditor's row lock so two runs never pay twice. The
 * payments covered are marked with the remittance (they no longer count as "at risk").
 */
export async function remitCreditor(
  db: Db,
  creditorId: string,
  now: Date,
  options: { runId?: string } = {},
): Promise<RemittanceResult | null> {
  return db.transaction(async (tx) => {
    const [creditor] = await tx
      .select({ iban: creditors.remittanceIban, bic: creditors.remittanceBic })
      .from(creditors)
      .where(eq(creditors.id, creditorId))
      .for("update");
    const mandate = await findActiveMandate(tx, creditorId);
    if (!mandate) throw new AppError("unprocessable", "The creditor has no active mandate");
    const balances = await ledgerBalances(tx, creditorId);
    const amount = heldForCreditor(balances);
    const fees = unsweptFees(balances);
    if (amount <= 0 && fees <= 0) return null;
    const id = randomUUID();
    const reference = `REM-${now.toISOString().slice(0, 10).replaceAll("-", "")}-${id.slice(0, 8).toUpperCase()}`;
    const covered = await tx
      .update(payments)
      .set({ remittanceId: id })
      .where(and(eq(payments.creditorId, creditorId), isNull(payments.remittanceId)))
      .returning({ id: payments.id });
    // The statement's figures: what the covered payments brought in and the fee and VAT they bore.
    const sums = [
      ...(
        await paymentLedgerSums(
          tx,
          covered.map((p) => p.id),
        )
      ).values(),
    ];
    const total = (k: "collectedCents" | "commissionCents" | "vatCents") =>
      sums.reduce((s, x) => s + x[k], 0);
    await tx.insert(remittances).values({
      id,
      runId: options.runId ?? null,
      creditorId,
      mandateId: mandate.id,
      reference,
      amountCents: Math.max(0, amount),
      currency: "EUR",
      collectedCents: total("collectedCents"),
      commissionCents: total("commissionCents"),
      vatCents: total("vatCents"),
      paymentIds: covered.map((p) => p.id),
      status: "prepared",
      creditorIban: creditor?.iban ?? null,
      creditorBic: creditor?.bic ?? null,
      createdAt: now,
    });
    const ctx = { creditorId, currency: "EUR", at: now, remittanceId: id };
    if (amount > 0) await postEntry(tx, ctx, remittance(amount));
    if (fees > 0) await postEntry(tx, ctx, commissionSweep(fees));
    await notifyCreditor(tx, {
      creditorId,
      caseId: null,
      type: "remittance.prepared",
      payload: { remittanceId: id, reference, amountCents: Math.max(0, amount) },
      at: now,
    });
    return {
      remittanceId: id,
      reference,
      amountCents: Math.max(0, amount),
      feesSweptCents: Math.max(0, fees),
      paymentIds: covered.map((p) => p.id),
    };
  });
}
