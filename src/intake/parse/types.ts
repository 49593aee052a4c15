// Output contract of the parsing layer. Persistence, merging and the import report consume these
// types; they carry only normalised strings and integers, never raw cells or floats.

export type DebtorKind = "person" | "company" | "unknown";

export interface IntakeDebtor {
  kind: DebtorKind;
  /** Display name: company name, or "First Last" for a person. Never empty. */
  name: string;
  companyName?: string;
  firstName?: string;
  lastName?: string;
  /** Digits only, not checked here (the identifiers layer validates the Luhn key). */
  siren?: string;
  siret?: string;
  email?: string;
  phone?: string;
  mobile?: string;
  /** Street lines in source order, empty lines dropped. */
  addressLines: string[];
  postalCode?: string;
  city?: string;
  /** ISO 3166-1 alpha-2 when recognised, else the source text. */
  country?: string;
  /** Customer code in the creditor's books (FEC auxiliary account, CRM id…). */
  externalRef?: string;
}

export interface IntakeClaim {
  invoiceNumber: string;
  /** YYYY-MM-DD; absent when the source gives only a due date. */
  issueDate?: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  /** True when the due date was computed from payment terms instead of read from the source. */
  dueDateDerived: boolean;
  /** Amount still due, integer minor units, always > 0. */
  amountCents: number;
  /** ISO 4217. */
  currency: string;
  externalRef?: string;
}

/** The invoice issuer, known only for e-invoices; the import layer checks it against the creditor. */
export interface IntakeSeller {
  name?: string;
  siren?: string;
  siret?: string;
  vatId?: string;
  iban?: string;
}

export interface EvidenceDocument {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
}

export type RowWarningCode =
  | "due_date_derived"
  | "profile_without_lines"
  | "unallocated_credit_applied"
  | "field_separator_in_text"
  | "amount_rounded";

export interface RowWarning {
  code: RowWarningCode;
  message: string;
}

export interface IntakeRow {
  /** 1-based physical line (CSV, FEC), row number (XLSX) or record number (XML) in the source. */
  line: number;
  debtor: IntakeDebtor;
  claim: IntakeClaim;
  /** Unknown source columns, keyed by their header as written in the file. */
  extra: Record<string, string>;
  seller?: IntakeSeller;
  evidence?: EvidenceDocument;
  warnings?: RowWarning[];
}

/** Closed set: the import report and the UI translate these codes. */
export type RowErrorReason =
  | "missing_value"
  | "missing_column"
  | "invalid_number"
  | "ambiguous_number"
  | "too_many_decimals"
  | "amount_too_large"
  | "amount_not_positive"
  | "invalid_date"
  | "due_date_before_issue_date"
  | "no_due_date"
  | "invalid_currency"
  | "wrong_field_count"
  | "malformed_quotes"
  | "record_too_long"
  | "empty_file"
  | "unreadable_file"
  | "sheet_not_found"
  | "invalid_xml"
  | "unsupported_document"
  | "unsupported_profile"
  | "credit_note"
  | "no_embedded_invoice";

export interface RowError {
  /** Same numbering as IntakeRow.line; 0 when the problem concerns the whole file. */
  line: number;
  /** The field as named in the source (header text, FEC column, XML path) or a canonical name. */
  field: string;
  /** The offending raw value, truncated to 200 characters. */
  value: string;
  reason: RowErrorReason;
  /** English sentence naming the problem, for logs and the import report. */
  message: string;
}

export type IntakeItem = { row: IntakeRow } | { error: RowError };

export const MAX_ERROR_VALUE_LENGTH = 200;

export function rowError(
  line: number,
  field: string,
  value: string,
  reason: RowErrorReason,
  message: string,
): { error: RowError } {
  const v = value.length > MAX_ERROR_VALUE_LENGTH ? `${value.slice(0, MAX_ERROR_VALUE_LENGTH)}…` : value;
  return { error: { line, field, value: v, reason, message } };
}

export function isRow(item: IntakeItem): item is { row: IntakeRow } {
  return "row" in item;
}

/** Flattens a batch stream into single items, for callers that do not need batching. */
export async function* flattenBatches<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

/** Source bytes as the parsers accept them: a Node Readable, a web stream or any async iterable. */
export type ByteSource = AsyncIterable<Uint8Array | string>;
