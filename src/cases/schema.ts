import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { PolicyOverrides } from "../law/contact-policy";
import { ts } from "../platform/db/columns";

// Every tenant-owned table carries creditor_id (DESIGN.md "When one machine is not enough").

export interface PostalAddress {
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  country: string;
}

export interface CreditorContact {
  name: string;
  email?: string;
  phone?: string;
  role?: string;
}

export const agency = pgTable("agency", {
  id: integer("id").primaryKey().default(1),
  name: text("name").notNull(),
  siren: text("siren"),
  address: jsonb("address").$type<PostalAddress>().notNull(),
  phone: text("phone"),
  email: text("email"),
  insurer: text("insurer"),
  insurancePolicy: text("insurance_policy"),
  insuranceValidUntil: date("insurance_valid_until", { mode: "string" }),
  trustIban: text("trust_iban"),
  prosecutorDeclarationDate: date("prosecutor_declaration_date", { mode: "string" }),
  prosecutorCourt: text("prosecutor_court"),
  /** The agency's overrides of the default French contact policy (law/contact-policy.ts); null: defaults. */
  contactPolicy: jsonb("contact_policy").$type<PolicyOverrides>(),
  /** Voice calls are recorded only when this is on (the agent then says so); kept at most 6 months. */
  recordCalls: boolean("record_calls").notNull().default(false),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const creditors = pgTable(
  "creditors",
  {
    id: uuid("id").primaryKey(),
    ref: text("ref").notNull(),
    legalName: text("legal_name").notNull(),
    siren: text("siren").notNull(),
    siret: text("siret"),
    vatNumber: text("vat_number"),
    address: jsonb("address").$type<PostalAddress>(),
    remittanceIban: text("remittance_iban"),
    remittanceBic: text("remittance_bic"),
    contacts: jsonb("contacts").$type<CreditorContact[]>().notNull().default([]),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("creditors_ref_key").on(t.ref)],
);

export interface CommissionTerms {
  /** Commission in basis points of the sums collected (1500 = 15 %). */
  rateBp: number;
  minimumCents: number;
  /** Degressive tiers on the amount collected per case, from the lowest threshold. */
  tiers: { fromCents: number; rateBp: number }[];
  vatRateBp: number;
}

export interface RemittanceTerms {
  frequency: "weekly" | "biweekly" | "monthly";
  /** Days after encashment within which funds are paid over; R124-6 caps it at one month by default. */
  maxDelayDays: number;
  /** Below this amount held, a scheduled run waits (never past the legal deadline); 0 or absent: none. */
  thresholdCents?: number;
}

/**
 * What late interest the agency claims for the creditor. Both are the creditor's own claims (never agency
 * fees): L441-10 penalties on business debtors, legal interest (C. civ. 1231-6) from the formal notice.
 */
export interface LateInterestTerms {
  b2bPenalties: boolean;
  legalInterest: boolean;
}

export interface PlanLimits {
  maxInstalments: number;
  minInstalmentCents: number;
  maxFirstPaymentDelayDays: number;
  /** Days before a promised date or an instalment that the debtor is reminded (absent: the default, 3). */
  reminderDaysBefore?: number;
}

/** The owning creditor: every tenant-owned table carries it. */
const creditorRef = () =>
  uuid("creditor_id")
    .notNull()
    .references(() => creditors.id);

/**
 * A row that belongs to a case and carries the case's creditor for scoping: one composite foreign key
 * to (cases.id, cases.creditor_id) instead of one per column — half the checks on the busiest tables,
 * and the creditor can no longer disagree with the case's.
 */
export const caseOfCreditor = (table: string, t: { caseId: AnyPgColumn; creditorId: AnyPgColumn }) =>
  foreignKey({
    name: `${table}_case_creditor_fk`,
    columns: [t.caseId, t.creditorId],
    foreignColumns: [cases.id, cases.creditorId],
  });

export const mandates = pgTable(
  "mandates",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    version: integer("version").notNull(),
    status: text("status").$type<"active" | "superseded" | "terminated">().notNull(),
    claimBasis: text("claim_basis").notNull(),
    insuranceReference: text("insurance_reference").notNull(),
    commission: jsonb("commission").$type<CommissionTerms>().notNull(),
    remittance: jsonb("remittance").$type<RemittanceTerms>().notNull(),
    planLimits: jsonb("plan_limits").$type<PlanLimits>().notNull(),
    lateInterest: jsonb("late_interest")
      .$type<LateInterestTerms>()
      .notNull()
      .default({ b2bPenalties: false, legalInterest: false }),
    signedAt: date("signed_at", { mode: "string" }).notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("mandates_creditor_version_key").on(t.creditorId, t.version),
    uniqueIndex("mandates_one_active").on(t.creditorId).where(sql`status = 'active'`),
  ],
);

export const debtors = pgTable(
  "debtors",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    kind: text("kind").$type<"person" | "company">().notNull(),
    displayName: text("display_name").notNull(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    companyName: text("company_name"),
    siren: text("siren"),
    siret: text("siret"),
    birthDate: date("birth_date", { mode: "string" }),
    externalRef: text("external_ref"),
    address: jsonb("address").$type<PostalAddress>(),
    timeZone: text("time_zone").notNull(),
    lawRegion: text("law_region").notNull(),
    jurisdiction: text("jurisdiction").$type<"FR" | "US">().notNull(),
    locale: text("locale").$type<"fr" | "en">().notNull().default("fr"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("debtors_creditor_siren_idx").on(t.creditorId, t.siren),
    uniqueIndex("debtors_creditor_external_ref_key").on(t.creditorId, t.externalRef),
  ],
);

export type ContactChannel = "call" | "sms" | "email" | "letter";

export interface ContactOptOut {
  channel: ContactChannel;
  at: string;
  source: string;
}

export const contactPoints = pgTable(
  "contact_points",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    kind: text("kind").$type<"phone" | "email" | "postal">().notNull(),
    /** E.164 phone, lower-cased email, or a JSON-encoded postal address. */
    value: text("value").notNull(),
    phoneType: text("phone_type").$type<"mobile" | "fixed" | "unknown">(),
    label: text("label"),
    status: text("status").$type<"valid" | "invalid" | "unverified">().notNull().default("unverified"),
    invalidReason: text("invalid_reason"),
    validFrom: ts("valid_from"),
    validUntil: ts("valid_until"),
    /** Channels the debtor refused on this contact point (an SMS STOP does not stop calls, and vice versa). */
    optOuts: jsonb("opt_outs").$type<ContactOptOut[]>().notNull().default([]),
    source: text("source").notNull().default("creditor"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("contact_points_debtor_value_key").on(t.debtorId, t.kind, t.value)],
);

export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    mandateId: uuid("mandate_id")
      .notNull()
      .references(() => mandates.id),
    reference: text("reference").notNull(),
    externalRef: text("external_ref"),
    /** Hash of the creation request: the same external ref with another body is a conflict, not a repeat. */
    requestHash: text("request_hash"),
    phase: text("phase").notNull(),
    status: text("status").notNull(),
    closedReason: text("closed_reason"),
    holdReason: text("hold_reason"),
    holdUntil: ts("hold_until"),
    nextActionAt: ts("next_action_at"),
    assignedAgentId: uuid("assigned_agent_id"),
    firstLetterRef: text("first_letter_ref"),
    firstLetterAt: ts("first_letter_at"),
    currency: text("currency").notNull(),
    /** Amount still owed in minor units, kept in step with claims and allocations. */
    balanceCents: bigint("balance_cents", { mode: "number" }).notNull(),
    version: integer("version").notNull().default(0),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("cases_reference_key").on(t.reference),
    // The key of the (case, creditor) foreign keys of the high-volume tables (events, outbox, sequences):
    // one check per row proves both the case and that the row's creditor is the case's own.
    uniqueIndex("cases_id_creditor_key").on(t.id, t.creditorId),
    uniqueIndex("cases_creditor_external_ref_key").on(t.creditorId, t.externalRef),
    index("cases_creditor_created_idx").on(t.creditorId, t.createdAt, t.id),
    // Intake adds a debtor's new claims to its open case: found by debtor, batch by batch.
    index("cases_debtor_idx").on(t.debtorId),
    index("cases_created_idx").on(t.createdAt, t.id),
    index("cases_next_action_idx").on(t.nextActionAt).where(sql`status <> 'closed'`),
  ],
);

export interface InterestTerms {
  kind: "none" | "legal" | "commercial" | "contractual";
  /** Contractual rate in basis points; L441-10 floors it at three times the legal rate for B2B. */
  rateBp?: number;
}

export const claims = pgTable(
  "claims",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    number: text("number").notNull(),
    issueDate: date("issue_date", { mode: "string" }).notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    principalCents: bigint("principal_cents", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    interestTerms: jsonb("interest_terms").$type<InterestTerms>().notNull(),
    b2bIndemnity: boolean("b2b_indemnity").notNull(),
    paidCents: bigint("paid_cents", { mode: "number" }).notNull().default(0),
    outOfStatuteDate: date("out_of_statute_date", { mode: "string" }).notNull(),
    extra: jsonb("extra").$type<Record<string, string>>().notNull().default({}),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("claims_creditor_number_key").on(t.creditorId, t.number),
    index("claims_case_idx").on(t.caseId),
  ],
);

export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    caseId: uuid("case_id").references(() => cases.id),
    claimId: uuid("claim_id").references(() => claims.id),
    kind: text("kind").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    /** Path relative to the data dir's documents folder. */
    storageKey: text("storage_key").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("documents_case_idx").on(t.caseId)],
);

export const timelineEvents = pgTable(
  "timeline_events",
  {
    id: uuid("id").primaryKey(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    creditorId: uuid("creditor_id").notNull(),
    caseId: uuid("case_id").notNull(),
    type: text("type").notNull(),
    at: ts("at").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    visibleToCreditor: boolean("visible_to_creditor").notNull().default(true),
  },
  (t) => [index("timeline_case_seq_idx").on(t.caseId, t.seq), caseOfCreditor("timeline_events", t)],
);

/** The conversation between a creditor's users and the agency's collectors about one case. */
export const caseMessages = pgTable(
  "case_messages",
  {
    id: uuid("id").primaryKey(),
    creditorId: uuid("creditor_id").notNull(),
    caseId: uuid("case_id").notNull(),
    /** The user who wrote it; null when a creditor's API key posted. */
    authorUserId: uuid("author_user_id"),
    authorSide: text("author_side").$type<"creditor" | "agency">().notNull(),
    body: text("body").notNull(),
    createdAt: ts("created_at").notNull(),
    readByAgencyAt: ts("read_by_agency_at"),
    readByCreditorAt: ts("read_by_creditor_at"),
  },
  (t) => [index("case_messages_case_idx").on(t.caseId, t.createdAt), caseOfCreditor("case_messages", t)],
);
