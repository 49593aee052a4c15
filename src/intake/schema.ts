import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { creditors } from "../cases/schema";
import { ts } from "../platform/db/columns";

export const IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_FORMATS = ["csv", "xlsx", "fec", "facturx", "ubl"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The report in the shape creditors read (field names are part of the API contract). */
export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  debtors_created: number;
  debtors_merged: number;
  errors: { line: number; field: string; value: string; reason: string }[];
}

/** One file handed over by a creditor, with what became of it. */
export const imports = pgTable(
  "imports",
  {
    id: uuid("id").primaryKey(),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    fileName: text("file_name").notNull(),
    format: text("format").$type<ImportFormat>().notNull(),
    /** SHA-256 of the file bytes, to tell a repeated upload. */
    fileSha256: text("file_sha256"),
    options: jsonb("options").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").$type<ImportStatus>().notNull(),
    /** Why the file as a whole was refused (unreadable, or all-or-nothing with rejected rows). */
    failureReason: text("failure_reason"),
    rows: integer("rows").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    debtorsCreated: integer("debtors_created").notNull().default(0),
    debtorsMerged: integer("debtors_merged").notNull().default(0),
    report: jsonb("report").$type<ImportReport>(),
    createdAt: ts("created_at").notNull(),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("imports_creditor_created_idx").on(t.creditorId, t.createdAt)],
);

/** A creditor's saved column mapping per tabular format, reused when an import names none. */
export const intakeMappings = pgTable(
  "intake_mappings",
  {
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    format: text("format").$type<ImportFormat>().notNull(),
    mapping: jsonb("mapping").$type<Record<string, unknown>>().notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [uniqueIndex("intake_mappings_creditor_format_key").on(t.creditorId, t.format)],
);

/**
 * Keys under which a creditor's debtors are merged on intake: `ref:` customer code, `siren:`, and
 * the normalised name with a postal code (`np:`), an email (`ne:`) or a phone (`nt:`). Kept apart
 * from the debtor row so that one set-based lookup resolves a whole batch.
 */
export const debtorMatchKeys = pgTable(
  "debtor_match_keys",
  {
    // No foreign keys: this is a derived index written in the transaction that writes its debtor, and
    // about three keys per debtor would otherwise cost two foreign-key checks each on bulk intake.
    creditorId: uuid("creditor_id").notNull(),
    key: text("key").notNull(),
    debtorId: uuid("debtor_id").notNull(),
  },
  (t) => [uniqueIndex("debtor_match_keys_creditor_key").on(t.creditorId, t.key)],
);
