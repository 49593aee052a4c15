// E-invoice intake: UN/CEFACT CII (the XML inside Factur-X) and UBL 2.1. One invoice per document
// gives one row. Fields are read by EN 16931 business term (BT-n).

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { first, type InvoiceFields, type Node, readCii, readUbl } from "./einvoice-fields";
import { decodeBuffer } from "./encoding";
import type { EvidenceDocument, IntakeItem, IntakeRow, RowWarning } from "./types";
import { rowError } from "./types";
import { addDays, isoFromParts, isProblem, parseCurrency, parseDate, parsePlainDecimalCents } from "./values";

export interface EInvoiceOptions {
  /** Used only when a BASIC-or-above invoice states no due date (BT-9 is optional there). */
  paymentTermsDays?: number;
  /** Record number reported in `line` (several documents in one upload). */
  record?: number;
  /** Kept on the row as the claim's evidence (the Factur-X PDF, or the XML itself). */
  evidence?: EvidenceDocument;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  // Identifiers such as "000123" and amounts must stay text.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

// Credit notes and corrective credits (UNTDID 1001) reduce a debt; they are not claims.
const CREDIT_TYPE_CODES = new Set([
  "81",
  "83",
  "261",
  "262",
  "296",
  "308",
  "381",
  "396",
  "420",
  "458",
  "532",
]);

type Parsed = { kind: "cii" | "ubl"; root: Node } | { error: IntakeItem };

function parseXml(input: string | Uint8Array, line: number): Parsed {
  const xml = typeof input === "string" ? input.replace(/^\uFEFF/, "") : decodeBuffer(input, "utf-8").text;
  // E-invoices never carry a DTD; refusing one rules out entity-expansion attacks.
  if (/<!DOCTYPE/i.test(xml)) {
    return {
      error: rowError(
        line,
        "document",
        "<!DOCTYPE",
        "invalid_xml",
        "The XML declares a DTD, which e-invoices never do",
      ),
    };
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return {
      error: rowError(
        valid.err.line,
        "document",
        "",
        "invalid_xml",
        `The XML is not well-formed: ${valid.err.msg}`,
      ),
    };
  }
  const doc = parser.parse(xml) as Node;
  if (doc.CrossIndustryInvoice) return { kind: "cii", root: first(doc.CrossIndustryInvoice) as Node };
  if (doc.Invoice) return { kind: "ubl", root: first(doc.Invoice) as Node };
  if (doc.CreditNote) {
    return {
      error: rowError(line, "document", "CreditNote", "credit_note", "A UBL credit note is not a claim"),
    };
  }
  const rootName = Object.keys(doc).find((k) => !k.startsWith("?")) ?? "(none)";
  const why =
    rootName === "CrossIndustryDocument"
      ? "ZUGFeRD 1.0 (CrossIndustryDocument) is not supported; send Factur-X / ZUGFeRD 2 (CII D16B)"
      : `root element ${rootName} is neither a CII CrossIndustryInvoice nor a UBL Invoice`;
  return {
    error: rowError(
      line,
      "document",
      rootName,
      "unsupported_document",
      `The XML is not an e-invoice: ${why}`,
    ),
  };
}

/** Parses one CII or UBL invoice into one row, or into the errors that prevent it. */
export function parseEInvoice(input: string | Uint8Array, options: EInvoiceOptions = {}): IntakeItem[] {
  const line = options.record ?? 1;
  let parsed: Parsed;
  try {
    parsed = parseXml(input, line);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return [rowError(line, "document", "", "invalid_xml", `The XML could not be read: ${why}`)];
  }
  if ("error" in parsed) return [parsed.error];
  const fields = parsed.kind === "cii" ? readCii(parsed.root) : readUbl(parsed.root);
  return toItems(fields, line, options);
}

function readXmlDate(
  raw: string,
  format: string,
): string | { reason: "invalid_date" | "missing_value"; message: string } {
  if (raw === "") return { reason: "missing_value", message: "is missing" };
  // CII format 102 is CCYYMMDD; 610 (month) and 616 (week) cannot give a day.
  if (format === "102" || /^\d{8}$/.test(raw)) {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
    if (!m) return { reason: "invalid_date", message: "is not a CCYYMMDD date (format 102)" };
    const d = isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
    return isProblem(d) ? { reason: "invalid_date", message: d.message } : d;
  }
  if (format !== "")
    return { reason: "invalid_date", message: `uses date format ${format}, which gives no day` };
  const d = parseDate(raw);
  return isProblem(d) ? { reason: "invalid_date", message: d.message } : d;
}

function toItems(f: InvoiceFields, line: number, options: EInvoiceOptions): IntakeItem[] {
  const errors: IntakeItem[] = [];
  const bt = (n: string, name: string): string => `${n} ${name}`;
  if (f.profile === "MINIMUM") {
    return [
      rowError(
        line,
        bt("BT-24", "profile"),
        "MINIMUM",
        "unsupported_profile",
        "Factur-X profile MINIMUM carries no due date (BT-9), no buyer address and no invoice lines; send BASIC or above",
      ),
    ];
  }
  if (CREDIT_TYPE_CODES.has(f.typeCode)) {
    return [rowError(line, bt("BT-3", "type"), f.typeCode, "credit_note", "A credit note is not a claim")];
  }
  if (f.number === "")
    errors.push(
      rowError(line, bt("BT-1", "invoice number"), "", "missing_value", "The invoice number is missing"),
    );
  const issue = readXmlDate(f.issueRaw, f.issueFormat);
  if (typeof issue !== "string")
    errors.push(
      rowError(line, bt("BT-2", "issue date"), f.issueRaw, issue.reason, `The issue date ${issue.message}`),
    );
  let due = readXmlDate(f.dueRaw, f.dueFormat);
  let derived = false;
  if (
    typeof due !== "string" &&
    due.reason === "missing_value" &&
    typeof issue === "string" &&
    options.paymentTermsDays !== undefined
  ) {
    due = addDays(issue, options.paymentTermsDays);
    derived = true;
  }
  if (typeof due !== "string") {
    const hint = f.profile ? ` (profile ${f.profile})` : "";
    const reason = due.reason === "missing_value" ? "no_due_date" : due.reason;
    errors.push(
      rowError(line, bt("BT-9", "due date"), f.dueRaw, reason, `The due date ${due.message}${hint}`),
    );
  } else if (typeof issue === "string" && due < issue) {
    errors.push(
      rowError(
        line,
        bt("BT-9", "due date"),
        due,
        "due_date_before_issue_date",
        `The due date is before the issue date ${issue}`,
      ),
    );
  }
  const currency = parseCurrency(f.currencyRaw);
  if (isProblem(currency))
    errors.push(
      rowError(
        line,
        bt("BT-5", "currency"),
        f.currencyRaw,
        currency.reason,
        `The currency ${currency.message}`,
      ),
    );
  const amount = parsePlainDecimalCents(f.amountDueRaw);
  if (isProblem(amount))
    errors.push(
      rowError(
        line,
        bt("BT-115", "amount due"),
        f.amountDueRaw,
        amount.reason,
        `The amount due ${amount.message}`,
      ),
    );
  else if (amount <= 0)
    errors.push(
      rowError(
        line,
        bt("BT-115", "amount due"),
        f.amountDueRaw,
        "amount_not_positive",
        "The amount due is zero or negative: nothing to collect",
      ),
    );
  if (f.buyer.name === "")
    errors.push(rowError(line, bt("BT-44", "buyer name"), "", "missing_value", "The buyer name is missing"));
  if (
    errors.length > 0 ||
    typeof issue !== "string" ||
    typeof due !== "string" ||
    isProblem(currency) ||
    isProblem(amount)
  ) {
    return errors;
  }

  const warnings: RowWarning[] = [];
  if (f.profile === "BASIC WL") {
    warnings.push({
      code: "profile_without_lines",
      message: "Factur-X BASIC WL has no invoice lines; the PDF is the only detail",
    });
  }
  if (derived)
    warnings.push({
      code: "due_date_derived",
      message: `due date computed as issue date + ${options.paymentTermsDays} days`,
    });
  const extra: Record<string, string> = { syntax: f.syntax };
  if (f.profile) extra.profile = f.profile;
  if (f.paymentTerms) extra.paymentTerms = f.paymentTerms;
  if (f.grandTotalRaw) extra.totalInclTax = f.grandTotalRaw;
  if (f.prepaidRaw) extra.prepaidAmount = f.prepaidRaw;
  if (f.buyerVatId) extra.buyerVatId = f.buyerVatId;
  const row: IntakeRow = {
    line,
    debtor: f.buyer,
    claim: {
      invoiceNumber: f.number,
      issueDate: issue,
      dueDate: due,
      dueDateDerived: derived,
      amountCents: amount,
      currency,
    },
    extra,
    seller: dropUndefined(f.seller),
  };
  if (options.evidence) row.evidence = options.evidence;
  if (warnings.length > 0) row.warnings = warnings;
  return [{ row }];
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
