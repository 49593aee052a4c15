// FEC intake (LPF L47 A, A47 A-1): every ledger entry of a fiscal year; we keep the customer
// account lines and rebuild the open invoices per customer. The whole file streams through, only
// receivable lines are held, and rows come out once the last line is read (a payment may follow its
// invoice by months).

import { openText, type TextEncodingName } from "./encoding";
import { type FecLine, openInvoices } from "./fec-open-items";
import { textLines } from "./text-lines";
import { type ByteSource, flattenBatches, type IntakeItem, rowError } from "./types";
import { foldForMatch, isProblem, parseDate, parsePlainDecimalCents } from "./values";

export interface FecOptions {
  /** The creditor's payment terms, to derive due dates (the FEC has none). */
  paymentTermsDays?: number;
  /** Aging at a past date (YYYY-MM-DD): entries after it are ignored, lines lettered after it stay open. */
  cutoffDate?: string;
  /** Receivable accounts to read; 416 (doubtful receivables) is a common addition. */
  accountPrefixes?: readonly string[];
  /** Book currency of the Debit/Credit columns. */
  currency?: string;
  encoding?: TextEncodingName;
  onMeta?: (meta: FecMeta) => void;
}

export interface FecMeta {
  encoding: string;
  delimiter: "\t" | "|" | ";" | ",";
  headers: string[];
  amountVariant: "debit_credit" | "montant_sens";
}

const REQUIRED = ["CompteNum", "EcritureDate"] as const;
// Header names compared folded: vendors vary the case ("CompteNum", "COMPTENUM", "Comptenum").
const KNOWN = [
  "JournalCode",
  "JournalLib",
  "EcritureNum",
  "EcritureDate",
  "CompteNum",
  "CompteLib",
  "CompAuxNum",
  "CompAuxLib",
  "PieceRef",
  "PieceDate",
  "EcritureLib",
  "Debit",
  "Credit",
  "EcritureLet",
  "DateLet",
  "ValidDate",
  "Montantdevise",
  "Idevise",
  "Montant",
  "Sens",
  "EcheanceDate",
  "DateEcheance",
] as const;
type Known = (typeof KNOWN)[number];

function detectFecDelimiter(header: string): FecMeta["delimiter"] {
  const candidates = ["\t", "|", ";", ","] as const;
  let best: FecMeta["delimiter"] = "\t";
  let bestCount = 0;
  for (const d of candidates) {
    const n = header.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

export async function* parseFecBatches(
  source: ByteSource,
  options: FecOptions = {},
): AsyncGenerator<IntakeItem[]> {
  const text = await openText(source, options.encoding);
  const prefixes = options.accountPrefixes ?? ["411"];
  const cutoff = options.cutoffDate;
  let col: Record<Known, number> | null = null;
  let width = 0;
  let delimiter: FecMeta["delimiter"] = "\t";
  let lineNo = 0;
  const kept: FecLine[] = [];
  const badCustomers = new Map<string, { line: number; field: string }>();

  for await (const lines of textLines(text.chunks)) {
    const out: IntakeItem[] = [];
    for (const raw of lines) {
      lineNo++;
      if (raw.trim() === "") continue;
      if (col === null) {
        delimiter = detectFecDelimiter(raw);
        const headers = raw.split(delimiter).map((h) => h.trim());
        const resolved = resolveFecHeader(headers, lineNo);
        if ("error" in resolved) {
          yield [resolved];
          return;
        }
        col = resolved.col;
        width = headers.length;
        options.onMeta?.({
          encoding: text.switchedTo ?? text.encoding,
          delimiter,
          headers,
          amountVariant: col.Debit >= 0 ? "debit_credit" : "montant_sens",
        });
        continue;
      }
      let fields = raw.split(delimiter);
      const account = (fields[col.CompteNum] ?? "").trim();
      if (!prefixes.some((p) => account.startsWith(p))) continue;
      let separatorInText = false;
      if (fields.length > width) {
        // A "|" inside EcritureLib breaks "|" files (a known vendor quirk): glue the label back.
        const lib = col.EcritureLib;
        if (lib < 0) {
          out.push(wrongCount(lineNo, raw, fields.length, width));
          continue;
        }
        const extra = fields.length - width;
        fields = [
          ...fields.slice(0, lib),
          fields.slice(lib, lib + extra + 1).join(delimiter),
          ...fields.slice(lib + extra + 1),
        ];
        separatorInText = true;
      } else if (fields.length < width && fields.length <= lastRequiredIndex(col)) {
        out.push(wrongCount(lineNo, raw, fields.length, width));
        continue;
      }
      const parsed = readLine(fields, col, lineNo, cutoff, separatorInText);
      if ("error" in parsed) {
        out.push(parsed);
        const customer = customerKey(fields, col);
        if (!badCustomers.has(customer))
          badCustomers.set(customer, { line: lineNo, field: parsed.error.field });
        continue;
      }
      if (parsed.line !== null) kept.push(parsed.line);
    }
    if (out.length > 0) yield out;
  }

  if (col === null) {
    yield [rowError(0, "file", "", "empty_file", "The FEC file is empty")];
    return;
  }
  yield openInvoices(kept, badCustomers, {
    paymentTermsDays: options.paymentTermsDays,
    currency: options.currency ?? "EUR",
  });
}

export function parseFec(source: ByteSource, options: FecOptions = {}): AsyncGenerator<IntakeItem> {
  return flattenBatches(parseFecBatches(source, options));
}

function resolveFecHeader(
  headers: string[],
  line: number,
): { col: Record<Known, number> } | { error: ReturnType<typeof rowError>["error"] } {
  const byKey = new Map(headers.map((h, i) => [foldForMatch(h).replace(/ /g, ""), i]));
  const col = Object.fromEntries(KNOWN.map((k) => [k, byKey.get(k.toLowerCase()) ?? -1])) as Record<
    Known,
    number
  >;
  if (col.EcheanceDate < 0) col.EcheanceDate = col.DateEcheance;
  const missing: string[] = REQUIRED.filter((k) => col[k] < 0);
  if (col.PieceRef < 0 && col.EcritureNum < 0) missing.push("PieceRef");
  const hasDebitCredit = col.Debit >= 0 && col.Credit >= 0;
  const hasMontantSens = col.Montant >= 0 && col.Sens >= 0;
  if (!hasDebitCredit && !hasMontantSens) missing.push("Debit and Credit (or Montant and Sens)");
  if (missing.length === 0) return { col };
  const seen = headers.join(", ");
  return rowError(
    line,
    missing[0]!,
    seen,
    "missing_column",
    `The FEC header lacks ${missing.join(", ")}; headers seen: ${seen}`,
  );
}

function lastRequiredIndex(col: Record<Known, number>): number {
  return Math.max(
    col.CompteNum,
    col.EcritureDate,
    col.PieceRef,
    col.Debit,
    col.Credit,
    col.Montant,
    col.Sens,
  );
}

function wrongCount(line: number, raw: string, got: number, want: number): IntakeItem {
  return rowError(
    line,
    "record",
    raw,
    "wrong_field_count",
    `the line has ${got} fields where the header has ${want}`,
  );
}

function field(fields: string[], i: number): string {
  return i < 0 ? "" : (fields[i] ?? "").trim();
}

function customerKey(fields: string[], col: Record<Known, number>): string {
  return field(fields, col.CompAuxNum) || field(fields, col.CompteNum);
}

function readLine(
  fields: string[],
  col: Record<Known, number>,
  line: number,
  cutoff: string | undefined,
  separatorInText: boolean,
): { line: FecLine | null } | { error: ReturnType<typeof rowError>["error"] } {
  const entryDateRaw = field(fields, col.EcritureDate);
  const entryDate = parseDate(entryDateRaw);
  if (isProblem(entryDate))
    return rowError(
      line,
      "EcritureDate",
      entryDateRaw,
      entryDate.reason,
      `EcritureDate ${entryDate.message}`,
    );
  if (cutoff !== undefined && entryDate > cutoff) return { line: null };

  let amount: number;
  if (col.Debit >= 0) {
    const d = amountField(fields, col.Debit, "Debit", line);
    if (typeof d !== "number") return d;
    const c = amountField(fields, col.Credit, "Credit", line);
    if (typeof c !== "number") return c;
    amount = d - c;
  } else {
    const m = amountField(fields, col.Montant, "Montant", line);
    if (typeof m !== "number") return m;
    const sensRaw = field(fields, col.Sens);
    const sens = foldForMatch(sensRaw);
    if (sens === "d" || sens === "debit" || sensRaw === "+1" || sensRaw === "1") amount = m;
    else if (sens === "c" || sens === "credit" || sensRaw === "-1") amount = -m;
    else return rowError(line, "Sens", sensRaw, "invalid_number", "Sens must be D or C (or +1 / -1)");
  }

  let dueDate: string | undefined;
  const dueRaw = field(fields, col.EcheanceDate);
  if (dueRaw !== "") {
    const d = parseDate(dueRaw);
    if (isProblem(d)) return rowError(line, "EcheanceDate", dueRaw, d.reason, `EcheanceDate ${d.message}`);
    dueDate = d;
  }
  const pieceDateRaw = field(fields, col.PieceDate);
  let pieceDate = entryDate;
  if (pieceDateRaw !== "") {
    const d = parseDate(pieceDateRaw);
    if (isProblem(d)) return rowError(line, "PieceDate", pieceDateRaw, d.reason, `PieceDate ${d.message}`);
    pieceDate = d;
  }

  let letter = field(fields, col.EcritureLet);
  if (letter !== "" && cutoff !== undefined) {
    // Matched after the cut-off: at the cut-off the line was still open.
    const dl = parseDate(field(fields, col.DateLet));
    if (typeof dl === "string" && dl > cutoff) letter = "";
  }

  const accountNum = field(fields, col.CompteNum);
  const auxNum = field(fields, col.CompAuxNum);
  return {
    line: {
      line,
      customer: auxNum || accountNum,
      customerName: field(fields, col.CompAuxLib) || field(fields, col.CompteLib) || auxNum || accountNum,
      piece: field(fields, col.PieceRef) || field(fields, col.EcritureNum),
      pieceDate,
      dueDate,
      amount,
      letter,
      journal: field(fields, col.JournalCode),
      label: field(fields, col.EcritureLib),
      entryNum: field(fields, col.EcritureNum),
      foreignAmount: field(fields, col.Montantdevise),
      foreignCurrency: field(fields, col.Idevise),
      separatorInText,
    },
  };
}

function amountField(
  fields: string[],
  i: number,
  name: string,
  line: number,
): number | ReturnType<typeof rowError> {
  const raw = field(fields, i);
  if (raw === "") return 0;
  const v = parsePlainDecimalCents(raw);
  if (isProblem(v)) return rowError(line, name, raw, v.reason, `${name} ${v.message}`);
  return v;
}
