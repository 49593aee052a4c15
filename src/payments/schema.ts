import { sql } from "drizzle-orm";
import { bigint, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { caseOfCreditor, cases, claims, creditors, documents, mandates } from "../cases/schema";
import { ts } from "../platform/db/columns";

const cents = (name: string) => bigint(name, { mode: "number" });
const creditorRef = () =>
  uuid("creditor_id")
    .notNull()
    .references(() => creditors.id);
const caseRef = () =>
  uuid("case_id")
    .notNull()
    .references(() => cases.id);

export type PaymentProvider = "sandbox" | "stripe" | "bank_transfer" | "manual";

/** A checkout opened for a debtor: the provider's hosted page collects card data, never Relance. */
export const paymentLinks = pgTable(
  "payment_links",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    provider: text("provider").$type<PaymentProvider>().notNull(),
    providerSessionId: text("provider_session_id"),
    checkoutUrl: text("checkout_url"),
    amountCents: cents("amount_cents").notNull(),
    currency: text("currency").notNull(),
    designatedClaimIds: jsonb("designated_claim_ids").$type<string[]>().notNull().default([]),
    status: text("status").$type<"open" | "paid" | "failed" | "expired">().notNull(),
    source: text("source").notNull(),
    expiresAt: ts("expires_at").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    index("payment_links_case_idx").on(t.caseId),
    uniqueIndex("payment_links_provider_session_key").on(t.provider, t.providerSessionId),
  ],
);

export type PaymentStatus = "succeeded" | "partially_refunded" | "refunded" | "charged_back";

/** Money actually encashed on the trust account (R124-6 starts the one-month clock here). */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    provider: text("provider").$type<PaymentProvider>().notNull(),
    /** The provider's identifier of the payment; unique per provider so a replay applies once. */
    providerRef: text("provider_ref").notNull(),
    paymentLinkId: uuid("payment_link_id").references(() => paymentLinks.id),
    amountCents: cents("amount_cents").notNull(),
    currency: text("currency").notNull(),
    allocatedCents: cents("allocated_cents").notNull(),
    overpaymentCents: cents("overpayment_cents").notNull(),
    reversedCents: cents("reversed_cents").notNull().default(0),
    status: text("status").$type<PaymentStatus>().notNull(),
    payerName: text("payer_name"),
    designatedClaimIds: jsonb("designated_claim_ids").$type<string[]>().notNull().default([]),
    encashedAt: ts("encashed_at").notNull(),
    remittanceDueAt: ts("remittance_due_at").notNull(),
    receiptDocumentId: uuid("receipt_document_id"),
    receiptNumber: text("receipt_number").notNull(),
    /** The remittance that paid this payment over; null while the funds are still held. */
    remittanceId: uuid("remittance_id"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("payments_provider_ref_key").on(t.provider, t.providerRef),
    uniqueIndex("payments_receipt_number_key").on(t.receiptNumber),
    index("payments_case_idx").on(t.caseId),
    index("payments_creditor_idx").on(t.creditorId, t.encashedAt),
    // The one-month check (R124-6) reads what is still held, by due date.
    index("payments_unremitted_idx").on(t.remittanceDueAt).where(sql`remittance_id is null`),
  ],
);

/**
 * One row per amount applied to a claim component; reversals (refund, chargeback) are negative rows,
 * so what is paid on a component is always the sum of its rows.
 */
export const allocations = pgTable(
  "allocations",
  {
    id: uuid("id").primaryKey(),
    /** Application order: a reversal undoes the last applied amounts first. */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    claimId: uuid("claim_id")
      .notNull()
      .references(() => claims.id),
    component: text("component").$type<"interest" | "penalties" | "indemnity" | "principal">().notNull(),
    amountCents: cents("amount_cents").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("allocations_case_idx").on(t.caseId), index("allocations_payment_idx").on(t.paymentId)],
);

/** Money to give back to a debtor: overpayments and requested refunds, worked by agents. */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    reason: text("reason").$type<"overpayment" | "requested">().notNull(),
    amountCents: cents("amount_cents").notNull(),
    status: text("status").$type<"pending" | "paid">().notNull(),
    paidAt: ts("paid_at"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("refunds_status_idx").on(t.status)],
);

export const promises = pgTable(
  "payment_promises",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    amountCents: cents("amount_cents").notNull(),
    currency: text("currency").notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    /** Paid on this case since the promise was made; the promise is kept when it reaches the amount. */
    paidCents: cents("paid_cents").notNull().default(0),
    status: text("status").$type<"open" | "kept" | "broken" | "cancelled">().notNull(),
    source: text("source").notNull(),
    createdAt: ts("created_at").notNull(),
    settledAt: ts("settled_at"),
  },
  (t) => [index("payment_promises_open_idx").on(t.status, t.dueDate)],
);

export const paymentPlans = pgTable(
  "payment_plans",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    totalCents: cents("total_cents").notNull(),
    currency: text("currency").notNull(),
    status: text("status").$type<"active" | "completed" | "broken" | "cancelled">().notNull(),
    source: text("source").notNull(),
    createdAt: ts("created_at").notNull(),
    endedAt: ts("ended_at"),
  },
  (t) => [
    uniqueIndex("payment_plans_one_active").on(t.caseId).where(sql`status = 'active'`),
    index("payment_plans_status_idx").on(t.status),
  ],
);

export const planInstalments = pgTable(
  "plan_instalments",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => paymentPlans.id),
    seq: integer("seq").notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    amountCents: cents("amount_cents").notNull(),
    paidCents: cents("paid_cents").notNull().default(0),
    status: text("status").$type<"due" | "paid" | "missed">().notNull(),
  },
  (t) => [uniqueIndex("plan_instalments_seq_key").on(t.planId, t.seq)],
);

/** A double-entry journal entry; its lines always sum to zero (checked before insert and by a trigger). */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: uuid("id").primaryKey(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    kind: text("kind").notNull(),
    creditorId: creditorRef(),
    caseId: uuid("case_id").references(() => cases.id),
    paymentId: uuid("payment_id").references(() => payments.id),
    remittanceId: uuid("remittance_id"),
    currency: text("currency").notNull(),
    memo: text("memo"),
    at: ts("at").notNull(),
  },
  (t) => [
    index("ledger_entries_creditor_idx").on(t.creditorId, t.seq),
    // The case page's money section reads a case's entries.
    index("ledger_entries_case_idx").on(t.caseId),
  ],
);

export const ledgerLines = pgTable(
  "ledger_lines",
  {
    id: uuid("id").primaryKey(),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => ledgerEntries.id),
    account: text("account").notNull(),
    /** The creditor a creditor_payable line belongs to (null for agency accounts). */
    creditorId: uuid("creditor_id").references(() => creditors.id),
    /** Debit positive, credit negative. */
    amountCents: cents("amount_cents").notNull(),
  },
  (t) => [
    index("ledger_lines_account_idx").on(t.account, t.creditorId),
    index("ledger_lines_entry_idx").on(t.entryId),
  ],
);

/**
 * One remittance run: the SEPA credit-transfer file (pain.001) that pays every creditor remitted in the
 * run from the trust account, one transaction per creditor. Its MsgId is the reference.
 */
export const remittanceRuns = pgTable("remittance_runs", {
  id: uuid("id").primaryKey(),
  reference: text("reference").notNull().unique(),
  executionDate: date("execution_date", { mode: "string" }).notNull(),
  transferCount: integer("transfer_count").notNull(),
  totalCents: cents("total_cents").notNull(),
  currency: text("currency").notNull(),
  /** The trust account debited, as it was when the run was made. */
  trustIban: text("trust_iban").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: ts("created_at").notNull(),
});

/** A remittance's life: see remittance-lifecycle.ts for the transitions. */
export type RemittanceStatus = "prepared" | "sent" | "paid" | "rejected" | "returned";

export const remittances = pgTable(
  "remittances",
  {
    id: uuid("id").primaryKey(),
    /** The run (and pain.001 file) that pays it; null for a remittance made outside a run. */
    runId: uuid("run_id").references(() => remittanceRuns.id),
    creditorId: creditorRef(),
    mandateId: uuid("mandate_id")
      .notNull()
      .references(() => mandates.id),
    reference: text("reference").notNull(),
    amountCents: cents("amount_cents").notNull(),
    currency: text("currency").notNull(),
    collectedCents: cents("collected_cents").notNull(),
    commissionCents: cents("commission_cents").notNull(),
    vatCents: cents("vat_cents").notNull(),
    paymentIds: jsonb("payment_ids").$type<string[]>().notNull(),
    status: text("status").$type<RemittanceStatus>().notNull(),
    /** When the transfer file was handed to the bank. */
    sentAt: ts("sent_at"),
    /** When the bank's execution was recorded, and the execution date the bank gives. */
    paidAt: ts("paid_at"),
    executedOn: date("executed_on", { mode: "string" }),
    /** When the bank rejected or returned the transfer, and why (its reason code or words). */
    rejectedAt: ts("rejected_at"),
    rejectionReason: text("rejection_reason"),
    /** The creditor's account when the remittance was made: the transfer file is reproducible. */
    creditorIban: text("creditor_iban"),
    creditorBic: text("creditor_bic"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("remittances_reference_key").on(t.reference),
    index("remittances_creditor_idx").on(t.creditorId, t.createdAt),
    index("remittances_run_idx").on(t.runId),
  ],
);

/** Outbox of what the creditor must be told (R124-5); a webhook deliverer or the portal reads it. */
export const creditorNotifications = pgTable(
  "creditor_notifications",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: uuid("case_id").references(() => cases.id),
    type: text("type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<"pending" | "delivered" | "failed">().notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: ts("created_at").notNull(),
    deliveredAt: ts("delivered_at"),
  },
  (t) => [
    index("creditor_notifications_pending_idx").on(t.status, t.createdAt),
    index("creditor_notifications_case_idx").on(t.caseId),
  ],
);

/** Provider webhook events already applied: a duplicate delivery is acknowledged and ignored. */
export const providerEvents = pgTable(
  "provider_events",
  {
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    receivedAt: ts("received_at").notNull(),
  },
  (t) => [uniqueIndex("provider_events_key").on(t.provider, t.eventId)],
);

/** The embedded test PSP's own state: it plays the provider, so it keeps its own books. */
export const sandboxPspCheckouts = pgTable("sandbox_psp_checkouts", {
  id: text("id").primaryKey(),
  amountCents: cents("amount_cents").notNull(),
  currency: text("currency").notNull(),
  description: text("description").notNull(),
  reference: text("reference").notNull(),
  successUrl: text("success_url").notNull(),
  cancelUrl: text("cancel_url").notNull(),
  idempotencyKey: text("idempotency_key").notNull().unique(),
  status: text("status").$type<"open" | "paid" | "declined">().notNull(),
  createdAt: ts("created_at").notNull(),
});

/** Credited lines of imported bank statements (camt.053) and what they were matched to. */
export const bankTransactions = pgTable(
  "bank_transactions",
  {
    id: uuid("id").primaryKey(),
    /** Account servicer reference or a hash of the entry: re-importing a statement changes nothing. */
    entryRef: text("entry_ref").notNull(),
    statementId: text("statement_id").notNull(),
    bookingDate: date("booking_date", { mode: "string" }).notNull(),
    amountCents: cents("amount_cents").notNull(),
    currency: text("currency").notNull(),
    debtorName: text("debtor_name"),
    remittanceInfo: text("remittance_info"),
    reference: text("reference"),
    status: text("status").$type<"matched" | "unmatched" | "resolved">().notNull(),
    matchedBy: text("matched_by").$type<"reference" | "amount_name" | "agent">(),
    caseId: uuid("case_id").references(() => cases.id),
    paymentId: uuid("payment_id").references(() => payments.id),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("bank_transactions_entry_key").on(t.entryRef),
    index("bank_transactions_status_idx").on(t.status),
  ],
);

/**
 * A credit note (avoir) issued when the creditor grants part of a dispute: one per dispute, numbered in
 * an unbroken sequence per creditor and year (AV2026-00001, …), its PDF kept as a case document.
 */
export const creditNotes = pgTable(
  "credit_notes",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    claimId: uuid("claim_id")
      .notNull()
      .references(() => claims.id),
    /** The dispute it answers (portal's `disputes`; no foreign key: payments sits below the portal). */
    disputeId: uuid("dispute_id").notNull(),
    year: integer("year").notNull(),
    seq: integer("seq").notNull(),
    number: text("number").notNull(),
    amountCents: cents("amount_cents").notNull(),
    /** The invoice's amount before and after the credit, and the case's balance after it. */
    claimBeforeCents: cents("claim_before_cents").notNull(),
    claimAfterCents: cents("claim_after_cents").notNull(),
    balanceAfterCents: cents("balance_after_cents").notNull(),
    currency: text("currency").notNull(),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("credit_notes_number_key").on(t.creditorId, t.year, t.seq),
    uniqueIndex("credit_notes_dispute_key").on(t.disputeId),
    index("credit_notes_case_idx").on(t.caseId),
    caseOfCreditor("credit_notes", t),
  ],
);
