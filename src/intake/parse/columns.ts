// Header recognition for tabular files (CSV, XLSX). Creditors export from dozens of tools, in
// French or English, so headers are compared after folding accents, case and punctuation.

import { z } from "zod";
import { type Delimiter, TEXT_ENCODINGS } from "./encoding";
import { SYNONYMS } from "./header-synonyms";
import { type RowError, rowError } from "./types";
import { foldForMatch } from "./values";

export { CANONICAL_FIELDS, type CanonicalField } from "./header-synonyms";

import { CANONICAL_FIELDS, type CanonicalField } from "./header-synonyms";

/** English names used in error messages. */
export const FIELD_LABELS: Record<CanonicalField, string> = {
  invoiceNumber: "invoice number",
  issueDate: "issue date",
  dueDate: "due date",
  amountDue: "amount due",
  amountInclTax: "amount incl. tax",
  amountPaid: "amount already paid",
  currency: "currency",
  paymentTerms: "payment terms",
  companyName: "company name",
  lastName: "last name",
  firstName: "first name",
  fullName: "debtor name",
  debtorKind: "debtor type",
  siren: "SIREN",
  siret: "SIRET",
  email: "email",
  phone: "phone",
  mobile: "mobile phone",
  address1: "address",
  address2: "address line 2",
  address3: "address line 3",
  postalCode: "postal code",
  city: "city",
  country: "country",
  customerCode: "customer code",
  claimRef: "claim reference",
};

/** Header key: folded and without spaces, so "N° facture", "n_facture" and "NFacture" meet. */
export function headerKey(header: string): string {
  return foldForMatch(header).replace(/ /g, "");
}

const SYNONYM_INDEX = new Map<string, CanonicalField>();
for (const field of CANONICAL_FIELDS) {
  for (const s of SYNONYMS[field]) {
    const key = headerKey(s);
    if (!SYNONYM_INDEX.has(key)) SYNONYM_INDEX.set(key, field);
  }
}

export function recogniseHeader(header: string): CanonicalField | undefined {
  return SYNONYM_INDEX.get(headerKey(header));
}

export const columnMappingSchema = z
  .object({
    /** Header as written in the file → field; "extra" keeps it as an extra field, "ignore" drops it. */
    columns: z
      .record(z.string(), z.union([z.enum(CANONICAL_FIELDS), z.literal("extra"), z.literal("ignore")]))
      .default({}),
    /** 1-based record number of the header row, for files with a title above it. */
    headerRow: z.number().int().min(1).max(1000).default(1),
    sheet: z.string().min(1).optional(),
    delimiter: z.enum([";", ",", "\t", "|"]).optional(),
    encoding: z.enum(TEXT_ENCODINGS).optional(),
    /** Resolves "1,234"-style amounts that are ambiguous without it. */
    decimalSeparator: z.enum([",", "."]).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR")
      .default("EUR"),
    /** Payment terms in days, to derive due dates from issue dates. */
    paymentTermsDays: z.number().int().min(0).max(365).optional(),
    debtorKind: z.enum(["person", "company"]).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as FR")
      .optional(),
  })
  .strict();

export type ColumnMapping = z.output<typeof columnMappingSchema>;
export type ColumnMappingInput = z.input<typeof columnMappingSchema>;

export function parseColumnMapping(json: unknown): ColumnMapping {
  return columnMappingSchema.parse(json);
}

export type ColumnAssignment = CanonicalField | "extra" | "ignore";

export interface ResolvedColumns {
  /** Column index per field, -1 when absent. */
  index: Record<CanonicalField, number>;
  headers: string[];
  assignments: ColumnAssignment[];
  /** Columns kept as extra fields, with unique names. */
  extras: { index: number; name: string }[];
}

/**
 * Assigns each header to a field: explicit mapping first, then the synonyms table. A field claimed
 * twice keeps its first column; the later one becomes an extra field so that nothing is lost.
 */
export function resolveColumns(
  rawHeaders: readonly string[],
  mapping: ColumnMapping,
  headerLine: number,
): { columns: ResolvedColumns } | { errors: RowError[] } {
  const headers = rawHeaders.map((h) => h.replace(/^\uFEFF/, "").trim());
  const explicit = new Map<string, ColumnAssignment>();
  for (const [header, target] of Object.entries(mapping.columns)) explicit.set(headerKey(header), target);

  const index = Object.fromEntries(CANONICAL_FIELDS.map((f) => [f, -1])) as Record<CanonicalField, number>;
  const assignments: ColumnAssignment[] = [];
  const extras: { index: number; name: string }[] = [];
  const usedNames = new Set<string>();
  // Explicit assignments win over synonyms even when the synonym column comes first.
  headers.forEach((h, i) => {
    const target = explicit.get(headerKey(h));
    if (target && target !== "extra" && target !== "ignore" && index[target] === -1) index[target] = i;
  });
  headers.forEach((h, i) => {
    const key = headerKey(h);
    const target = explicit.get(key) ?? recogniseHeader(h) ?? "extra";
    if (target === "ignore") {
      assignments.push("ignore");
      return;
    }
    if (target !== "extra" && (index[target] === -1 || index[target] === i)) {
      index[target] = i;
      assignments.push(target);
      return;
    }
    let name = h === "" ? `column ${i + 1}` : h;
    for (let n = 2; usedNames.has(name); n++) name = `${h || `column ${i + 1}`} (${n})`;
    usedNames.add(name);
    extras.push({ index: i, name });
    assignments.push("extra");
  });

  const errors: RowError[] = [];
  const seen = headers.filter((h) => h !== "").join(", ") || "(none)";
  const missing = (field: CanonicalField, what: string): void => {
    const examples = SYNONYMS[field]
      .slice(0, 3)
      .map((s) => `"${s}"`)
      .join(", ");
    errors.push(
      rowError(
        headerLine,
        FIELD_LABELS[field],
        seen,
        "missing_column",
        `No column for ${what} (expected a header such as ${examples}); headers seen: ${seen}`,
      ).error,
    );
  };
  if (index.invoiceNumber === -1) missing("invoiceNumber", "the invoice number");
  if (index.amountDue === -1 && index.amountInclTax === -1) missing("amountDue", "the amount due");
  if (
    index.dueDate === -1 &&
    (index.issueDate === -1 || (index.paymentTerms === -1 && mapping.paymentTermsDays === undefined))
  ) {
    missing("dueDate", "the due date (or an issue date with payment terms)");
  }
  if (index.companyName === -1 && index.lastName === -1 && index.fullName === -1) {
    missing("fullName", "the debtor's name");
  }
  if (errors.length > 0) return { errors };
  return { columns: { index, headers, assignments, extras } };
}

export interface TabularMeta {
  headerLine: number;
  headers: string[];
  assignments: ColumnAssignment[];
  delimiter?: Delimiter;
  encoding?: string;
  sheet?: string;
}
