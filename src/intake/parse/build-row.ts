// Turns one tabular record (CSV fields or XLSX cells) into an IntakeRow or into errors naming each
// bad field. Every problem of a record is reported at once so that a creditor fixes a file in one go.

import { type CanonicalField, type ColumnMapping, FIELD_LABELS, type ResolvedColumns } from "./columns";
import type { DebtorKind, IntakeDebtor, IntakeItem, IntakeRow, RowErrorReason, RowWarning } from "./types";
import { rowError } from "./types";
import {
  centsFromNumber,
  cleanText,
  type DecimalSeparator,
  dateFromExcelSerial,
  dateFromJsDate,
  dueDateFromTerms,
  isProblem,
  looksLikeCompany,
  MISSING,
  normaliseCountry,
  type PaymentTerms,
  parseAmountCents,
  parseCurrency,
  parseDate,
  parsePaymentTerms,
  stripSpaces,
  type ValueProblem,
} from "./values";

export type Cell = string | number | boolean | Date | null | undefined;

export interface RowContext {
  cols: ResolvedColumns;
  currency: string;
  terms?: PaymentTerms;
  debtorKind?: "person" | "company";
  country?: string;
  decimal?: DecimalSeparator;
}

export function rowContext(cols: ResolvedColumns, mapping: ColumnMapping, termsDays?: number): RowContext {
  const days = termsDays ?? mapping.paymentTermsDays;
  return {
    cols,
    currency: mapping.currency,
    terms: days === undefined ? undefined : { days, endOfMonth: false },
    debtorKind: mapping.debtorKind,
    country: mapping.country,
    decimal: mapping.decimalSeparator,
  };
}

function cellText(c: Cell): string {
  if (typeof c === "string") return cleanText(c);
  if (c === null || c === undefined) return "";
  if (c instanceof Date) {
    const d = dateFromJsDate(c);
    return isProblem(d) ? "" : d;
  }
  return String(c);
}

function rawText(c: Cell): string {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? "Invalid Date" : c.toISOString();
  // Trimmed so that a CRLF file's trailing "\r" never shows up in a report.
  return c === null || c === undefined ? "" : String(c).trim();
}

function cellDate(c: Cell): string | ValueProblem {
  if (typeof c === "number") return dateFromExcelSerial(c);
  if (c instanceof Date) return dateFromJsDate(c);
  return parseDate(cellText(c));
}

const PERSON_WORDS = /^(particulier|personne physique|b2c|person|individual|consumer|consommateur|private)$/i;
const COMPANY_WORDS =
  /^(professionnel|pro|entreprise|societe|société|personne morale|b2b|company|business|corporate)$/i;

/**
 * Builds rows for one file. A class rather than closures: a row builder runs a million times per
 * file, and per-row closures cost an allocation (and a name definition under tsx) each.
 */
export class RowBuilder {
  private cells: readonly Cell[] = [];
  private line = 0;
  private out: IntakeItem[] = [];
  private warnings: RowWarning[] | undefined;

  constructor(readonly ctx: RowContext) {}

  /** Appends the row, or one error per bad field, to `out`. */
  build(cells: readonly Cell[], line: number, out: IntakeItem[]): void {
    this.cells = cells;
    this.line = line;
    this.out = out;
    this.warnings = undefined;
    const firstError = out.length;
    const invoiceNumber = this.text("invoiceNumber");
    if (invoiceNumber === "") this.fail("invoiceNumber", "", "missing_value", "is empty");
    const amountCents = this.readAmount();
    const currency = this.readCurrency();
    const issue = this.readIssueDate();
    const due = this.readDueDate(issue);
    const debtor = this.readDebtor();
    if (out.length > firstError || debtor === null || amountCents === null || due === null) return;

    const row: IntakeRow = {
      line,
      debtor,
      claim: {
        invoiceNumber,
        issueDate: issue || undefined,
        dueDate: due.date,
        dueDateDerived: due.derived,
        amountCents,
        currency,
      },
      extra: this.readExtras(),
    };
    const claimRef = this.text("claimRef");
    if (claimRef !== "") row.claim.externalRef = claimRef;
    if (this.warnings) row.warnings = this.warnings;
    out.push({ row });
  }

  private fail(field: CanonicalField, value: string, reason: RowErrorReason, message: string): void {
    const header = this.ctx.cols.headers[this.ctx.cols.index[field]] ?? FIELD_LABELS[field];
    this.out.push(rowError(this.line, header, value, reason, `${header} ${message}`));
  }

  private text(field: CanonicalField): string {
    const i = this.ctx.cols.index[field];
    return i < 0 ? "" : cellText(this.cells[i]);
  }

  private cell(field: CanonicalField): Cell {
    const i = this.ctx.cols.index[field];
    return i < 0 ? undefined : this.cells[i];
  }

  private readCurrency(): string {
    const raw = this.text("currency");
    if (raw === "") return this.ctx.currency;
    const c = parseCurrency(raw);
    if (!isProblem(c)) return c;
    this.fail("currency", raw, c.reason, c.message);
    return this.ctx.currency;
  }

  /** The issue date, null when absent, false when unreadable (already reported). */
  private readIssueDate(): string | null | false {
    if (this.ctx.cols.index.issueDate < 0) return null;
    const c = this.cell("issueDate");
    const d = cellDate(c);
    if (typeof d === "string") return d;
    if (d.reason === "missing_value") return null;
    this.fail("issueDate", rawText(c), d.reason, d.message);
    return false;
  }

  private readDueDate(issue: string | null | false): { date: string; derived: boolean } | null {
    let result: { date: string; derived: boolean } | null = null;
    const dueCell = this.cell("dueDate");
    const due = this.ctx.cols.index.dueDate >= 0 ? cellDate(dueCell) : MISSING;
    if (typeof due === "string") result = { date: due, derived: false };
    else if (due.reason !== "missing_value") {
      this.fail("dueDate", rawText(dueCell), due.reason, due.message);
      return null;
    } else {
      let terms = this.ctx.terms;
      const termsText = this.text("paymentTerms");
      if (termsText !== "") {
        const t = parsePaymentTerms(termsText);
        if (isProblem(t)) {
          this.fail("paymentTerms", termsText, t.reason, t.message);
          return null;
        }
        terms = t;
      }
      if (issue === false) return null;
      if (issue === null || terms === undefined) {
        this.fail(
          "dueDate",
          "",
          "no_due_date",
          "is empty and cannot be derived (needs an issue date and payment terms)",
        );
        return null;
      }
      result = { date: dueDateFromTerms(issue, terms), derived: true };
    }
    if (issue && result.date < issue) {
      this.fail("dueDate", result.date, "due_date_before_issue_date", `is before the issue date ${issue}`);
      return null;
    }
    return result;
  }

  private cents(c: Cell): number | ValueProblem {
    if (typeof c === "string") return parseAmountCents(c, this.ctx.decimal);
    if (typeof c === "number") {
      const r = centsFromNumber(c);
      if (isProblem(r)) return r;
      if (r.rounded) {
        this.warnings ??= [];
        this.warnings.push({ code: "amount_rounded", message: `amount ${c} was rounded to the cent` });
      }
      return r.cents;
    }
    return parseAmountCents(cellText(c), this.ctx.decimal);
  }

  private readAmount(): number | null {
    const { index } = this.ctx.cols;
    const field: CanonicalField = index.amountDue >= 0 ? "amountDue" : "amountInclTax";
    const cell = this.cell(field);
    let cents = this.cents(cell);
    if (isProblem(cents)) {
      this.fail(field, rawText(cell), cents.reason, cents.message);
      return null;
    }
    // Without a remaining-amount column, the total less what was already paid is what is owed.
    if (field === "amountInclTax" && index.amountPaid >= 0) {
      const paidCell = this.cell("amountPaid");
      const paid = this.cents(paidCell);
      if (!isProblem(paid)) cents -= paid;
      else if (paid.reason !== "missing_value") {
        this.fail("amountPaid", rawText(paidCell), paid.reason, paid.message);
        return null;
      }
    }
    if (cents <= 0) {
      this.fail(
        field,
        rawText(cell),
        "amount_not_positive",
        "leaves nothing to collect (amount due must be above zero)",
      );
      return null;
    }
    return cents;
  }

  private readDebtor(): IntakeDebtor | null {
    const companyName = this.text("companyName");
    const lastName = this.text("lastName");
    const firstName = this.text("firstName");
    const fullName = this.text("fullName");
    const personName = firstName && lastName ? `${firstName} ${lastName}` : lastName;
    const name = companyName || personName || fullName;
    if (name === "") {
      const { index } = this.ctx.cols;
      const field = index.companyName >= 0 ? "companyName" : index.lastName >= 0 ? "lastName" : "fullName";
      this.fail(field, "", "missing_value", "is empty (the debtor needs a name)");
      return null;
    }
    const debtor: IntakeDebtor = {
      kind: this.debtorKind(companyName, lastName, fullName),
      name,
      addressLines: [],
    };
    if (companyName) debtor.companyName = companyName;
    else if (debtor.kind === "company" && fullName) debtor.companyName = fullName;
    if (lastName) debtor.lastName = lastName;
    if (firstName) debtor.firstName = firstName;
    this.readIdentifiers(debtor);
    this.readContact(debtor);
    return debtor;
  }

  private debtorKind(companyName: string, lastName: string, fullName: string): DebtorKind {
    const kindText = this.text("debtorKind");
    if (kindText !== "") {
      if (PERSON_WORDS.test(kindText)) return "person";
      if (COMPANY_WORDS.test(kindText)) return "company";
    }
    if (this.ctx.debtorKind) return this.ctx.debtorKind;
    if (companyName) return "company";
    if (lastName) return "person";
    return looksLikeCompany(fullName) ? "company" : "unknown";
  }

  private readIdentifiers(debtor: IntakeDebtor): void {
    const siret = stripSpaces(this.text("siret"));
    if (siret) debtor.siret = siret;
    const siren = stripSpaces(this.text("siren"));
    // A SIRET is the SIREN followed by a 5-digit establishment number.
    if (siren) debtor.siren = siren;
    else if (/^\d{14}$/.test(siret)) debtor.siren = siret.slice(0, 9);
    const ref = this.text("customerCode");
    if (ref) debtor.externalRef = ref;
  }

  private readContact(debtor: IntakeDebtor): void {
    const email = this.text("email");
    if (email) debtor.email = email;
    const phone = phoneText(this.cell("phone"), this.ctx);
    if (phone) debtor.phone = phone;
    const mobile = phoneText(this.cell("mobile"), this.ctx);
    if (mobile) debtor.mobile = mobile;
    const a1 = this.text("address1");
    if (a1) debtor.addressLines.push(a1);
    const a2 = this.text("address2");
    if (a2) debtor.addressLines.push(a2);
    const a3 = this.text("address3");
    if (a3) debtor.addressLines.push(a3);
    let postalCode = this.text("postalCode");
    // A spreadsheet number cell drops the leading zero of postcodes such as 06000 (Nice).
    if (typeof this.cell("postalCode") === "number" && /^\d{4}$/.test(postalCode))
      postalCode = `0${postalCode}`;
    if (postalCode) debtor.postalCode = postalCode;
    const city = this.text("city");
    if (city) debtor.city = city;
    const country = this.text("country");
    if (country) debtor.country = normaliseCountry(country);
    else if (this.ctx.country) debtor.country = this.ctx.country;
  }

  private readExtras(): Record<string, string> {
    const extra: Record<string, string> = {};
    const extras = this.ctx.cols.extras;
    for (let k = 0; k < extras.length; k++) {
      const { index, name } = extras[k]!;
      // Kept as written (inner newlines included): extra fields are shown, not interpreted.
      const c = this.cells[index];
      const v = typeof c === "string" ? c.trim() : cellText(c);
      if (v !== "") extra[name] = v;
    }
    return extra;
  }
}

function phoneText(c: Cell, ctx: RowContext): string {
  if (c === undefined || c === null) return "";
  if (typeof c === "number" && Number.isInteger(c)) {
    const digits = String(c);
    // A number cell loses the trunk prefix of French numbers (0612345678 → 612345678).
    return digits.length === 9 && (ctx.country ?? "FR") === "FR" ? `0${digits}` : digits;
  }
  return stripSpaces(cellText(c));
}
