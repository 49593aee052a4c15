import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cases, creditors } from "../cases/schema";
import { ts } from "../platform/db/columns";

const creditorRef = () =>
  uuid("creditor_id")
    .notNull()
    .references(() => creditors.id);
const caseRef = () =>
  uuid("case_id")
    .notNull()
    .references(() => cases.id);

/**
 * One debtor access link per case and issue. Only the token's SHA-256 is stored: the token has 128
 * bits of entropy, so a fast hash is enough and a database leak gives no working link.
 */
export const portalLinks = pgTable(
  "portal_links",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    lockedUntil: ts("locked_until"),
    lastUsedAt: ts("last_used_at"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [uniqueIndex("portal_links_token_key").on(t.tokenHash), index("portal_links_case_idx").on(t.caseId)],
);

/** What a debtor gets after passing the identity check; sent back in the `x-portal-session` header. */
export const portalSessions = pgTable(
  "portal_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    linkId: uuid("link_id")
      .notNull()
      .references(() => portalLinks.id),
    creditorId: creditorRef(),
    caseId: caseRef(),
    expiresAt: ts("expires_at").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("portal_sessions_link_idx").on(t.linkId)],
);

/** open: the agency handles it; awaiting_creditor: only the creditor can say; then the answer. */
export type DisputeStatus = "open" | "awaiting_creditor" | "upheld" | "rejected" | "partial";

export interface DisputeAnswer {
  decision: "accept" | "reject" | "partial";
  justification: string | null;
  documentIds: string[];
  creditCents: number;
  claimId: string | null;
}

export const disputes = pgTable(
  "disputes",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    reason: text("reason").notNull(),
    comment: text("comment"),
    claimIds: jsonb("claim_ids").$type<string[]>().notNull().default([]),
    documentIds: jsonb("document_ids").$type<string[]>().notNull().default([]),
    status: text("status").$type<DisputeStatus>().notNull(),
    source: text("source").notNull(),
    /** The creditor's answer: decision, justification, proof documents, credit granted. */
    answer: jsonb("answer").$type<DisputeAnswer>(),
    answeredAt: ts("answered_at"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("disputes_case_idx").on(t.caseId)],
);

export const callbackRequests = pgTable(
  "callback_requests",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    /** E.164; the number the debtor wants to be called on. */
    phone: text("phone"),
    preferredAt: ts("preferred_at"),
    slot: text("slot").$type<"morning" | "afternoon" | "evening" | "any">().notNull(),
    note: text("note"),
    status: text("status").$type<"open" | "done" | "cancelled">().notNull(),
    source: text("source").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("callback_requests_status_idx").on(t.status, t.preferredAt)],
);

/** Answers to "why was payment late?": one row per answer, read by reporting. */
export const latePaymentReasons = pgTable(
  "late_payment_reasons",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: caseRef(),
    reason: text("reason").notNull(),
    comment: text("comment"),
    source: text("source").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("late_payment_reasons_creditor_idx").on(t.creditorId, t.reason)],
);
