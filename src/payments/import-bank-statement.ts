import { randomUUID } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { cases, debtors } from "../cases/schema";
import type { Actor } from "../cases/timeline";
import { validationError } from "../platform/errors";
import { applyPayment, type PaymentDeps } from "./apply-payment";
import { findRfReferences, NAME_MATCH_THRESHOLD, nameSimilarity, rfBody } from "./bank-matching";
import { parseCamt053, type StatementCredit, StatementFormatError } from "./camt053";
import { markPaidFromDebits } from "./match-remittance-debits";
import { bankTransactions } from "./schema";

export type LineOutcome =
  | { status: "already_imported"; entryRef: string }
  | {
      status: "matched";
      entryRef: string;
      matchedBy: "reference" | "amount_name";
      caseId: string;
      paymentId: string;
    }
  | {
      status: "unmatched";
      entryRef: string;
      reason: "no_candidate" | "ambiguous" | "currency";
      candidates: number;
    };

export interface ImportReport {
  statementId: string;
  version: string;
  credits: number;
  matched: number;
  unmatched: number;
  alreadyImported: number;
  /** Remittances the statement's debits show executed, marked paid by this import. */
  remittancesPaid: { remittanceId: string; reference: string }[];
  lines: (LineOutcome & { amountCents: number; bookingDate: string })[];
}

type Candidate = { caseId: string; currency: string };

async function byReference(deps: PaymentDeps, credit: StatementCredit): Promise<Candidate[]> {
  const bodies = findRfReferences([...credit.structuredRefs, credit.remittanceInfo]).map(rfBody);
  if (bodies.length === 0) return [];
  // The RF base is the case reference without its dashes (see makeRfReference).
  const rows = await deps.db
    .select({ caseId: cases.id, currency: cases.currency })
    .from(cases)
    .where(inArray(sql`upper(replace(${cases.reference}, '-', ''))`, bodies));
  return rows;
}

async function byAmountAndName(deps: PaymentDeps, credit: StatementCredit): Promise<Candidate[]> {
  if (!credit.debtorName) return [];
  const rows = await deps.db
    .select({ caseId: cases.id, currency: cases.currency, name: debtors.displayName })
    .from(cases)
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(and(eq(cases.balanceCents, credit.amountCents), ne(cases.status, "closed")));
  return rows.filter((r) => nameSimilarity(credit.debtorName!, r.name) >= NAME_MATCH_THRESHOLD);
}

/**
 * Imports a camt.053 statement: each booked credit is matched to a case by RF reference, then by
 * exact balance and payer name, and applied as a `bank_transfer` payment identified by the bank's
 * reference; the rest waits in the unmatched queue. Importing the same statement again applies
 * nothing new (the bank reference is unique, and so is the payment's provider reference).
 */
export async function importBankStatement(
  deps: PaymentDeps,
  xml: string,
  actor: Actor,
  now: Date,
): Promise<ImportReport> {
  let statement: ReturnType<typeof parseCamt053>;
  try {
    statement = parseCamt053(xml);
  } catch (error) {
    if (error instanceof StatementFormatError)
      throw validationError([{ field: "file", message: error.message }]);
    throw error;
  }
  const report: ImportReport = {
    statementId: statement.statementId,
    version: statement.version,
    credits: statement.credits.length,
    matched: 0,
    unmatched: 0,
    alreadyImported: 0,
    remittancesPaid: [],
    lines: [],
  };
  for (const credit of statement.credits) {
    const outcome = await importCredit(deps, statement.statementId, credit, actor, now);
    if (outcome.status === "matched") report.matched++;
    else if (outcome.status === "unmatched") report.unmatched++;
    else report.alreadyImported++;
    report.lines.push({ ...outcome, amountCents: credit.amountCents, bookingDate: credit.bookingDate });
  }
  const paid = await markPaidFromDebits(deps.db, statement.debits, now);
  report.remittancesPaid = paid.map((p) => ({ remittanceId: p.remittanceId, reference: p.reference }));
  return report;
}

async function importCredit(
  deps: PaymentDeps,
  statementId: string,
  credit: StatementCredit,
  actor: Actor,
  now: Date,
): Promise<LineOutcome> {
  const [seen] = await deps.db
    .select({ id: bankTransactions.id })
    .from(bankTransactions)
    .where(eq(bankTransactions.entryRef, credit.entryRef));
  if (seen) return { status: "already_imported", entryRef: credit.entryRef };
  let matchedBy: "reference" | "amount_name" = "reference";
  let candidates = await byReference(deps, credit);
  if (candidates.length === 0) {
    matchedBy = "amount_name";
    candidates = await byAmountAndName(deps, credit);
  }
  const row = {
    id: randomUUID(),
    entryRef: credit.entryRef,
    statementId,
    bookingDate: credit.bookingDate,
    amountCents: credit.amountCents,
    currency: credit.currency,
    debtorName: credit.debtorName,
    remittanceInfo: credit.remittanceInfo,
    reference:
      findRfReferences([...credit.structuredRefs, credit.remittanceInfo])[0] ??
      credit.structuredRefs[0] ??
      null,
    createdAt: now,
  };
  const only = candidates.length === 1 ? candidates[0]! : null;
  if (!only || only.currency !== credit.currency) {
    await deps.db
      .insert(bankTransactions)
      .values({ ...row, status: "unmatched" })
      .onConflictDoNothing();
    return {
      status: "unmatched",
      entryRef: credit.entryRef,
      reason: candidates.length > 1 ? "ambiguous" : only ? "currency" : "no_candidate",
      candidates: candidates.length,
    };
  }
  // Applied before the line is recorded: if the process stops in between, the next import matches the
  // same line again and applyPayment, idempotent on the bank reference, only returns the payment.
  const applied = await applyPayment(
    deps,
    {
      caseId: only.caseId,
      provider: "bank_transfer",
      providerRef: credit.entryRef,
      amountCents: credit.amountCents,
      currency: credit.currency,
      encashedAt: new Date(`${credit.bookingDate}T00:00:00Z`),
      payerName: credit.debtorName,
    },
    actor,
    now,
  );
  await deps.db
    .insert(bankTransactions)
    .values({ ...row, status: "matched", matchedBy, caseId: only.caseId, paymentId: applied.paymentId })
    .onConflictDoNothing();
  return {
    status: "matched",
    entryRef: credit.entryRef,
    matchedBy,
    caseId: only.caseId,
    paymentId: applied.paymentId,
  };
}
