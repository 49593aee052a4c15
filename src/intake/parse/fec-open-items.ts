// Open invoices from the receivable lines of a FEC, customer by customer. Pure: lines in, items out.
//
// A lettering group that balances is settled and dropped. What remains (unlettered lines and
// partially lettered groups) is netted: a credit first reduces the invoice with the same piece
// reference, then the invoices sharing its lettering code, then the oldest open invoice
// (C. civ. 1342-10: absent other indication, a payment settles the oldest debt first).

import { type IntakeItem, type IntakeRow, type RowWarning, rowError } from "./types";
import { addDays, looksLikeCompany } from "./values";

export interface FecLine {
  line: number;
  customer: string;
  customerName: string;
  piece: string;
  pieceDate: string;
  dueDate?: string;
  /** Debit minus credit, in cents. */
  amount: number;
  /** Lettering code, empty when the line counts as unmatched. */
  letter: string;
  journal: string;
  label: string;
  entryNum: string;
  foreignAmount: string;
  foreignCurrency: string;
  separatorInText: boolean;
}

interface OpenInvoice {
  first: FecLine;
  amount: number;
  letters: Set<string>;
  dueDate?: string;
  warnings: RowWarning[];
  separatorInText: boolean;
}

export interface OpenItemOptions {
  paymentTermsDays?: number;
  currency: string;
}

export function openInvoices(
  lines: readonly FecLine[],
  badCustomers: ReadonlyMap<string, { line: number; field: string }>,
  options: OpenItemOptions,
): IntakeItem[] {
  const byCustomer = new Map<string, FecLine[]>();
  for (const l of lines) {
    let list = byCustomer.get(l.customer);
    if (!list) {
      list = [];
      byCustomer.set(l.customer, list);
    }
    list.push(l);
  }
  const out: IntakeItem[] = [];
  for (const [customer, list] of byCustomer) {
    const invoices = netCustomer(list);
    const bad = badCustomers.get(customer);
    if (bad) {
      // An unreadable line could be a payment: emitting the others could claim more than is owed.
      for (const inv of invoices) {
        out.push(
          rowError(
            inv.first.line,
            "CompAuxNum",
            customer,
            "missing_value",
            `invoice ${inv.first.piece} of customer ${customer} skipped: line ${bad.line} (${bad.field}) is unreadable, so the open balance is unknown`,
          ),
        );
      }
      continue;
    }
    for (const inv of invoices) out.push(toItem(inv, options));
  }
  out.sort((a, b) => lineOf(a) - lineOf(b));
  return out;
}

function lineOf(item: IntakeItem): number {
  return "row" in item ? item.row.line : item.error.line;
}

function netCustomer(lines: FecLine[]): OpenInvoice[] {
  const groups = new Map<string, number>();
  for (const l of lines) if (l.letter !== "") groups.set(l.letter, (groups.get(l.letter) ?? 0) + l.amount);
  const open = lines.filter((l) => l.letter === "" || groups.get(l.letter) !== 0);

  const invoices = new Map<string, OpenInvoice>();
  const credits: { line: FecLine; left: number }[] = [];
  for (const l of open) {
    if (l.amount > 0) {
      let inv = invoices.get(l.piece);
      if (!inv) {
        inv = { first: l, amount: 0, letters: new Set(), warnings: [], separatorInText: false };
        invoices.set(l.piece, inv);
      }
      inv.amount += l.amount;
      if (l.letter !== "") inv.letters.add(l.letter);
      if (l.dueDate !== undefined && inv.dueDate === undefined) inv.dueDate = l.dueDate;
      if (l.separatorInText) inv.separatorInText = true;
    } else if (l.amount < 0) credits.push({ line: l, left: -l.amount });
  }
  const oldestFirst = [...invoices.values()].sort(
    (a, b) =>
      (a.dueDate ?? a.first.pieceDate).localeCompare(b.dueDate ?? b.first.pieceDate) ||
      a.first.line - b.first.line,
  );
  const apply = (c: { left: number }, inv: OpenInvoice): number => {
    const take = Math.min(c.left, inv.amount);
    c.left -= take;
    inv.amount -= take;
    return take;
  };
  for (const c of credits) {
    const inv = invoices.get(c.line.piece);
    if (inv && inv.amount > 0) apply(c, inv);
  }
  for (const c of credits) {
    if (c.left === 0 || c.line.letter === "") continue;
    for (const inv of oldestFirst)
      if (inv.amount > 0 && c.left > 0 && inv.letters.has(c.line.letter)) apply(c, inv);
  }
  for (const c of credits) {
    for (const inv of oldestFirst) {
      if (c.left === 0) break;
      if (inv.amount > 0 && apply(c, inv) > 0) {
        inv.warnings.push({
          code: "unallocated_credit_applied",
          message: `credit of line ${c.line.line} (${c.line.piece}) was applied to this invoice, the oldest still open`,
        });
      }
    }
  }
  return oldestFirst.filter((inv) => inv.amount > 0);
}

function toItem(inv: OpenInvoice, options: OpenItemOptions): IntakeItem {
  const l = inv.first;
  let dueDate = inv.dueDate;
  let derived = false;
  if (dueDate === undefined) {
    if (options.paymentTermsDays === undefined) {
      return rowError(
        l.line,
        "EcheanceDate",
        "",
        "no_due_date",
        `invoice ${l.piece}: the FEC gives no due date and no payment terms were provided to derive it`,
      );
    }
    dueDate = addDays(l.pieceDate, options.paymentTermsDays);
    derived = true;
  }
  const extra: Record<string, string> = { JournalCode: l.journal, EcritureNum: l.entryNum };
  if (l.label) extra.EcritureLib = l.label;
  if (l.foreignCurrency) extra.Idevise = l.foreignCurrency;
  if (l.foreignAmount) extra.Montantdevise = l.foreignAmount;
  const warnings = [...inv.warnings];
  if (derived) {
    warnings.push({
      code: "due_date_derived",
      message: `due date computed as invoice date + ${options.paymentTermsDays} days`,
    });
  }
  if (inv.separatorInText) {
    warnings.push({
      code: "field_separator_in_text",
      message: "the entry label contained the field separator; the label was rejoined",
    });
  }
  const row: IntakeRow = {
    line: l.line,
    debtor: {
      kind: looksLikeCompany(l.customerName) ? "company" : "unknown",
      name: l.customerName,
      addressLines: [],
      externalRef: l.customer,
    },
    claim: {
      invoiceNumber: l.piece,
      issueDate: l.pieceDate,
      dueDate,
      dueDateDerived: derived,
      amountCents: inv.amount,
      currency: options.currency,
    },
    extra,
  };
  if (row.debtor.kind === "company") row.debtor.companyName = l.customerName;
  if (warnings.length > 0) row.warnings = warnings;
  return { row };
}
