import { and, asc, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { cases, creditors } from "../cases/schema";
import type { Scope } from "../platform/auth/scope";
import type { Executor } from "../platform/db/client";
import { payments } from "./schema";

// FR-10 (CPCE R124-6): nothing collected stays more than one month after encashment. This check lists
// every encashed amount not yet paid over whose due date is past or within `withinDays`.

export interface AtRiskPayment {
  paymentId: string;
  creditorId: string;
  creditorRef: string;
  caseId: string;
  caseReference: string;
  receiptNumber: string;
  encashedAt: string;
  remittanceDueAt: string;
  /** What is still owed to the creditor for this payment (refunds taken off). */
  heldCents: number;
  currency: string;
  overdue: boolean;
  daysLeft: number;
}

const DAY = 86_400_000;

export async function listAtRisk(
  db: Executor,
  scope: Scope,
  now: Date,
  withinDays: number,
): Promise<AtRiskPayment[]> {
  // The overpaid part is refunded first (reverse-payment.ts), so reversals eat into it before the creditor's.
  const held = sql<number>`(${payments.allocatedCents} - greatest(0, ${payments.reversedCents} - ${payments.overpaymentCents}))::bigint`;
  const rows = await db
    .select({
      p: payments,
      creditorRef: creditors.ref,
      caseReference: cases.reference,
      held,
    })
    .from(payments)
    .innerJoin(cases, eq(cases.id, payments.caseId))
    .innerJoin(creditors, eq(creditors.id, payments.creditorId))
    .where(
      and(
        isNull(payments.remittanceId),
        lte(payments.remittanceDueAt, new Date(now.getTime() + withinDays * DAY)),
        gt(held, 0),
        scope.kind === "creditor" ? eq(payments.creditorId, scope.creditorId) : undefined,
      ),
    )
    .orderBy(asc(payments.remittanceDueAt));
  return rows.map((r) => ({
    paymentId: r.p.id,
    creditorId: r.p.creditorId,
    creditorRef: r.creditorRef,
    caseId: r.p.caseId,
    caseReference: r.caseReference,
    receiptNumber: r.p.receiptNumber,
    encashedAt: r.p.encashedAt.toISOString(),
    remittanceDueAt: r.p.remittanceDueAt.toISOString(),
    heldCents: Number(r.held),
    currency: r.p.currency,
    overdue: r.p.remittanceDueAt <= now,
    daysLeft: Math.floor((r.p.remittanceDueAt.getTime() - now.getTime()) / DAY),
  }));
}
