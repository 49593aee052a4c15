import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { type DocumentStore, readDocument } from "../cases/documents";
import { cases, creditors, debtors } from "../cases/schema";
import type { Scope } from "../platform/auth/scope";
import type { Executor } from "../platform/db/client";
import { notFound, validationError } from "../platform/errors";
import { heldForCreditor } from "./ledger";
import { ledgerBalances, sumOfKind } from "./ledger-store";
import { payments, remittanceRuns, remittances } from "./schema";

// What the creditor portal and the back office read about money: payments, remittances, runs and the
// fee totals. Every list is a keyset page (newest first); a creditor scope sees its own rows only.

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** Cursor: the last row's timestamp and id, so equal timestamps never skip or repeat a row. */
function keyset(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = cursor.split("|");
  const date = new Date(at ?? "");
  if (!id || Number.isNaN(date.getTime()) || !z.uuid().safeParse(id).success) {
    throw validationError([
      { field: "cursor", message: "is not a cursor this list returned", value: cursor },
    ]);
  }
  return { at: date, id };
}

/** Rows strictly after the cursor in (timestamp desc, id desc) order. */
function before(at: AnyPgColumn, id: AnyPgColumn, cursor: { at: Date; id: string } | null) {
  return cursor ? or(lt(at, cursor.at), and(eq(at, cursor.at), lt(id, cursor.id))) : undefined;
}

function page<T extends { id: string }>(rows: T[], limit: number, at: (r: T) => Date) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? `${at(last).toISOString()}|${last.id}` : null };
}

const ownedBy = (column: typeof payments.creditorId | typeof remittances.creditorId, scope: Scope) =>
  scope.kind === "creditor" ? eq(column, scope.creditorId) : undefined;

export async function listPayments(db: Executor, scope: Scope, q: PageQuery) {
  const after = keyset(q.cursor);
  const rows = await db
    .select({
      id: payments.id,
      caseId: payments.caseId,
      caseReference: cases.reference,
      debtorName: debtors.displayName,
      provider: payments.provider,
      amountCents: payments.amountCents,
      allocatedCents: payments.allocatedCents,
      reversedCents: payments.reversedCents,
      currency: payments.currency,
      status: payments.status,
      encashedAt: payments.encashedAt,
      remittanceDueAt: payments.remittanceDueAt,
      remittanceId: payments.remittanceId,
      receiptNumber: payments.receiptNumber,
      receiptDocumentId: payments.receiptDocumentId,
    })
    .from(payments)
    .innerJoin(cases, eq(cases.id, payments.caseId))
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(and(ownedBy(payments.creditorId, scope), before(payments.encashedAt, payments.id, after)))
    .orderBy(desc(payments.encashedAt), desc(payments.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => r.encashedAt);
  return {
    nextCursor: p.nextCursor,
    items: p.items.map((r) => ({
      ...r,
      encashedAt: r.encashedAt.toISOString(),
      remittanceDueAt: r.remittanceDueAt.toISOString(),
    })),
  };
}

export async function listRemittances(db: Executor, scope: Scope, q: PageQuery & { runId?: string }) {
  const after = keyset(q.cursor);
  const rows = await db
    .select({
      id: remittances.id,
      reference: remittances.reference,
      creditorId: remittances.creditorId,
      creditorRef: creditors.ref,
      creditorName: creditors.legalName,
      runId: remittances.runId,
      runReference: remittanceRuns.reference,
      amountCents: remittances.amountCents,
      collectedCents: remittances.collectedCents,
      commissionCents: remittances.commissionCents,
      vatCents: remittances.vatCents,
      currency: remittances.currency,
      paymentCount: sql<number>`jsonb_array_length(${remittances.paymentIds})::int`,
      status: remittances.status,
      sentAt: remittances.sentAt,
      paidAt: remittances.paidAt,
      executedOn: remittances.executedOn,
      rejectedAt: remittances.rejectedAt,
      rejectionReason: remittances.rejectionReason,
      createdAt: remittances.createdAt,
    })
    .from(remittances)
    .innerJoin(creditors, eq(creditors.id, remittances.creditorId))
    .leftJoin(remittanceRuns, eq(remittanceRuns.id, remittances.runId))
    .where(
      and(
        ownedBy(remittances.creditorId, scope),
        q.runId ? eq(remittances.runId, q.runId) : undefined,
        before(remittances.createdAt, remittances.id, after),
      ),
    )
    .orderBy(desc(remittances.createdAt), desc(remittances.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => r.createdAt);
  return {
    nextCursor: p.nextCursor,
    items: p.items.map((r) => ({
      ...r,
      sentAt: r.sentAt?.toISOString() ?? null,
      paidAt: r.paidAt?.toISOString() ?? null,
      rejectedAt: r.rejectedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

export async function listRuns(db: Executor, q: PageQuery) {
  const after = keyset(q.cursor);
  const rows = await db
    .select()
    .from(remittanceRuns)
    .where(before(remittanceRuns.createdAt, remittanceRuns.id, after))
    .orderBy(desc(remittanceRuns.createdAt), desc(remittanceRuns.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => r.createdAt);
  return {
    nextCursor: p.nextCursor,
    items: p.items.map(({ trustIban: _iban, ...r }) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

/**
 * The creditor's money in one view, straight from the ledger: held = collected − remitted − fee − VAT,
 * where remitted counts transfers ordered (in transit or executed) less those rejected or returned.
 */
export async function moneyTotals(db: Executor, creditorId: string) {
  const b = await ledgerBalances(db, creditorId);
  const collectedCents =
    -(await sumOfKind(db, creditorId, "payment_received", "creditor_payable")) -
    (await sumOfKind(db, creditorId, "payment_reversed", "creditor_payable"));
  return {
    collectedCents,
    commissionCents: -b.commission_revenue,
    vatCents: -b.vat_payable,
    remittedCents:
      (await sumOfKind(db, creditorId, "remittance", "creditor_payable")) +
      (await sumOfKind(db, creditorId, "remittance_returned", "creditor_payable")),
    heldCents: heldForCreditor(b),
    currency: "EUR",
  };
}

/** The quittance of one payment (R124-6), for whoever may see the payment's case. */
export async function readReceipt(db: Executor, store: DocumentStore, scope: Scope, paymentId: string) {
  const [p] = await db
    .select({ caseId: payments.caseId, documentId: payments.receiptDocumentId })
    .from(payments)
    .where(and(eq(payments.id, paymentId), ownedBy(payments.creditorId, scope)));
  if (!p?.documentId) throw notFound("Receipt");
  return readDocument(db, store, scope, p.caseId, p.documentId);
}
