import { randomUUID } from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Executor } from "../platform/db/client";
import { ACCOUNTS, type Account, type Balances, emptyBalances, type Posting } from "./ledger";
import { ledgerEntries, ledgerLines } from "./schema";

export interface EntryContext {
  creditorId: string;
  currency: string;
  at: Date;
  caseId?: string | null;
  paymentId?: string | null;
  remittanceId?: string | null;
  memo?: string;
}

/**
 * Writes a checked posting (see ledger.ts) inside the caller's transaction. Every line carries the
 * creditor, so per-creditor balances are one GROUP BY. A database trigger re-checks the balance at
 * commit and refuses updates and deletes: the journal is append-only.
 */
export async function postEntry(tx: Executor, ctx: EntryContext, posting: Posting): Promise<string | null> {
  if (posting.lines.length === 0) return null;
  const id = randomUUID();
  await tx.insert(ledgerEntries).values({
    id,
    kind: posting.kind,
    creditorId: ctx.creditorId,
    caseId: ctx.caseId ?? null,
    paymentId: ctx.paymentId ?? null,
    remittanceId: ctx.remittanceId ?? null,
    currency: ctx.currency,
    memo: ctx.memo ?? null,
    at: ctx.at,
  });
  await tx.insert(ledgerLines).values(
    posting.lines.map((l) => ({
      id: randomUUID(),
      entryId: id,
      account: l.account,
      creditorId: ctx.creditorId,
      amountCents: l.amountCents,
    })),
  );
  return id;
}

/** Account balances, for one creditor or for the whole agency. */
export async function ledgerBalances(db: Executor, creditorId?: string): Promise<Balances> {
  const rows = await db
    .select({
      account: ledgerLines.account,
      total: sql<string>`coalesce(sum(${ledgerLines.amountCents}), 0)`,
    })
    .from(ledgerLines)
    .where(creditorId ? eq(ledgerLines.creditorId, creditorId) : undefined)
    .groupBy(ledgerLines.account);
  const balances = emptyBalances();
  for (const r of rows) {
    if ((ACCOUNTS as readonly string[]).includes(r.account)) balances[r.account as Account] = Number(r.total);
  }
  return balances;
}

/** Sum of every entry's lines, per entry, that is not zero: always empty unless the books are broken. */
export async function unbalancedEntries(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ id: ledgerLines.entryId })
    .from(ledgerLines)
    .groupBy(ledgerLines.entryId)
    .having(sql`sum(${ledgerLines.amountCents}) <> 0`);
  return rows.map((r) => r.id);
}

/** Sums of one kind of entry on one account for a creditor (e.g. everything remitted). */
export async function sumOfKind(
  db: Executor,
  creditorId: string,
  kind: Posting["kind"],
  account: Account,
): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${ledgerLines.amountCents}), 0)` })
    .from(ledgerLines)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, ledgerLines.entryId))
    .where(
      and(
        eq(ledgerEntries.creditorId, creditorId),
        eq(ledgerEntries.kind, kind),
        eq(ledgerLines.account, account),
      ),
    );
  return Number(row?.total ?? 0);
}

export interface PaymentLedgerSums {
  /** Allocated to the creditor, net of reversals. */
  collectedCents: number;
  /** The agency's fee (VAT excluded) and its VAT, net of reversals. */
  commissionCents: number;
  vatCents: number;
}

/**
 * What each payment's own entries (receipt, reversals, fee) come to, read from the journal; entries
 * from `beforeSeq` on are left out, so a statement shows the books as they stood when it was made.
 */
export async function paymentLedgerSums(
  db: Executor,
  paymentIds: string[],
  beforeSeq?: number,
): Promise<Map<string, PaymentLedgerSums>> {
  const sums = new Map<string, PaymentLedgerSums>(
    paymentIds.map((id) => [id, { collectedCents: 0, commissionCents: 0, vatCents: 0 }]),
  );
  if (paymentIds.length === 0) return sums;
  const rows = await db
    .select({
      paymentId: ledgerEntries.paymentId,
      kind: ledgerEntries.kind,
      account: ledgerLines.account,
      total: sql<string>`coalesce(sum(${ledgerLines.amountCents}), 0)`,
    })
    .from(ledgerLines)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, ledgerLines.entryId))
    .where(
      and(
        inArray(ledgerEntries.paymentId, paymentIds),
        beforeSeq === undefined ? undefined : lt(ledgerEntries.seq, beforeSeq),
      ),
    )
    .groupBy(ledgerEntries.paymentId, ledgerEntries.kind, ledgerLines.account);
  for (const r of rows) {
    const s = r.paymentId ? sums.get(r.paymentId) : undefined;
    if (!s) continue;
    const credit = -Number(r.total);
    if (
      r.account === "creditor_payable" &&
      (r.kind === "payment_received" || r.kind === "payment_reversed")
    ) {
      s.collectedCents += credit;
    } else if (r.account === "commission_revenue") {
      s.commissionCents += credit;
    } else if (r.account === "vat_payable") {
      s.vatCents += credit;
    }
  }
  return sums;
}
