import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/intake/parse/csv";
import { parseEInvoice } from "../../src/intake/parse/einvoice";
import { parseFacturX } from "../../src/intake/parse/facturx";
import { parseFec } from "../../src/intake/parse/fec";
import type { IntakeItem, RowError } from "../../src/intake/parse/types";
import { cleanText } from "../../src/intake/parse/values";
import { ciiInvoice, ublInvoice } from "./fixtures/einvoices";
import { collect, encode, source, split } from "./helpers";

const REASONS = new Set([
  "missing_value",
  "missing_column",
  "invalid_number",
  "ambiguous_number",
  "too_many_decimals",
  "amount_too_large",
  "amount_not_positive",
  "invalid_date",
  "due_date_before_issue_date",
  "no_due_date",
  "invalid_currency",
  "wrong_field_count",
  "malformed_quotes",
  "record_too_long",
  "empty_file",
  "unreadable_file",
  "sheet_not_found",
  "invalid_xml",
  "unsupported_document",
  "unsupported_profile",
  "credit_note",
  "no_embedded_invoice",
]);

function expectWellFormedError(e: RowError): void {
  expect(Number.isInteger(e.line) && e.line >= 0).toBe(true);
  expect(typeof e.field === "string" && e.field.length > 0).toBe(true);
  expect(typeof e.value).toBe("string");
  expect(REASONS.has(e.reason)).toBe(true);
  expect(e.message.length).toBeGreaterThan(0);
}

// --- CSV -------------------------------------------------------------------------------------------

const NAME_CHARS = fc.constantFrom(..."abcdéèàçôœÉ ABCXYZ-'&;,|\t\"\n0123456789".split(""));
const name = fc
  .array(NAME_CHARS, { minLength: 1, maxLength: 20 })
  .map((a) => a.join(""))
  .filter((s) => cleanText(s) !== "");
const invoice = fc.stringMatching(/^[A-Z]{1,3}-?[0-9]{1,6}$/);
const date = fc.date({
  min: new Date("2000-01-01T00:00:00Z"),
  max: new Date("2060-12-31T00:00:00Z"),
  noInvalidDate: true,
});

function formatCents(cents: number, style: number): string {
  const units = Math.floor(cents / 100);
  const dec = String(cents % 100).padStart(2, "0");
  const grouped = units.toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  switch (style) {
    case 0:
      return `${grouped},${dec}`;
    case 1:
      return `${units},${dec} €`;
    case 2:
      return `${units.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".")},${dec}`;
    default:
      return `${units}.${dec}`;
  }
}

function formatDate(d: Date, style: number): string {
  const dd = String(d.getUTCDate()).padStart(2, "0");
  const mm = String(d.getUTCMonth() + 1).padStart(2, "0");
  const y = d.getUTCFullYear();
  return style === 0 ? `${dd}/${mm}/${y}` : style === 1 ? `${y}-${mm}-${dd}` : `${dd}.${mm}.${y}`;
}

const isoOf = (d: Date): string => d.toISOString().slice(0, 10);

type Bad = null | { field: "Montant TTC" | "Date d'échéance" | "N° facture"; value: string; reason: string };
const bad: fc.Arbitrary<Bad> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  fc.constantFrom<Bad>(
    { field: "Montant TTC", value: "abc", reason: "invalid_number" },
    { field: "Montant TTC", value: "1,234", reason: "ambiguous_number" },
    { field: "Montant TTC", value: "0", reason: "amount_not_positive" },
    { field: "Date d'échéance", value: "31/02/2025", reason: "invalid_date" },
    { field: "Date d'échéance", value: "hier", reason: "invalid_date" },
    { field: "N° facture", value: "", reason: "missing_value" },
  ),
);

const record = fc.record({
  invoice,
  name,
  cents: fc.integer({ min: 1, max: 999_999_999 }),
  amountStyle: fc.integer({ min: 0, max: 3 }),
  due: date,
  dateStyle: fc.integer({ min: 0, max: 2 }),
  bad,
});

function csvField(v: string, delimiter: string, alwaysQuote: boolean): string {
  const needs =
    v.includes(delimiter) || v.includes('"') || v.includes("\n") || v.includes("\r") || v !== v.trim();
  return needs || alwaysQuote ? `"${v.replace(/"/g, '""')}"` : v;
}

describe("CSV fuzzing", () => {
  it("keeps every valid record and names every bad one, whatever the delimiter, encoding and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 1, maxLength: 25 }),
        fc.constantFrom(";", ",", "\t", "|"),
        fc.constantFrom("utf-8", "utf-8-bom", "windows-1252"),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.integer({ min: 1, max: 300 }),
        async (records, delimiter, encoding, newline, alwaysQuote, chunk) => {
          const header = ["N° facture", "Raison sociale", "Montant TTC", "Date d'échéance"];
          const lines = [header.map((h) => csvField(h, delimiter, alwaysQuote)).join(delimiter)];
          const expected: { line: number; r: (typeof records)[number] }[] = [];
          let line = 2;
          for (const r of records) {
            const cells = [
              r.bad?.field === "N° facture" ? r.bad.value : r.invoice,
              r.name,
              r.bad?.field === "Montant TTC" ? r.bad.value : formatCents(r.cents, r.amountStyle),
              r.bad?.field === "Date d'échéance" ? r.bad.value : formatDate(r.due, r.dateStyle),
            ];
            lines.push(cells.map((c) => csvField(c, delimiter, alwaysQuote)).join(delimiter));
            expected.push({ line, r });
            line += 1 + (r.name.match(/\n/g)?.length ?? 0);
          }
          // Windows-1252 has no narrow no-break space; Excel writes the plain no-break space there.
          const joined = lines.join(newline) + newline;
          const text = encoding === "windows-1252" ? joined.replaceAll("\u202f", "\u00a0") : joined;
          const bytes =
            encoding === "windows-1252"
              ? encode(text, "windows-1252")
              : Buffer.from(encoding === "utf-8-bom" ? `\uFEFF${text}` : text, "utf8");
          const { rows, errors } = await collect(parseCsv(source(bytes, chunk)));

          for (const e of errors) expectWellFormedError(e);
          const good = expected.filter((x) => x.r.bad === null);
          expect(rows.map((row) => row.line)).toEqual(good.map((x) => x.line));
          rows.forEach((row, i) => {
            const r = good[i]!.r;
            expect(row.claim.invoiceNumber).toBe(r.invoice);
            expect(row.claim.amountCents).toBe(r.cents);
            expect(row.claim.dueDate).toBe(isoOf(r.due));
            expect(row.debtor.name).toBe(cleanText(r.name));
          });
          const badOnes = expected.filter((x) => x.r.bad !== null);
          expect(errors.map((e) => [e.line, e.field, e.value, e.reason])).toEqual(
            badOnes.map((x) => [x.line, x.r.bad!.field, x.r.bad!.value, x.r.bad!.reason]),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("never throws on arbitrary bytes and reports only well-formed errors", async () => {
    const header = "N° facture;Client;Montant;Echéance\n";
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        async (junk, withHeader, chunk) => {
          const bytes = withHeader ? Buffer.concat([Buffer.from(header), junk]) : Buffer.from(junk);
          const { rows, errors } = await collect(parseCsv(source(bytes, chunk)));
          for (const e of errors) expectWellFormedError(e);
          for (const r of rows) {
            expect(r.claim.amountCents).toBeGreaterThan(0);
            expect(r.claim.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(r.debtor.name.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

// --- FEC -------------------------------------------------------------------------------------------

const FEC_HEADER =
  "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise";

const movement = fc.record({
  customer: fc.integer({ min: 1, max: 4 }),
  piece: fc.integer({ min: 1, max: 6 }),
  cents: fc.integer({ min: 1, max: 5_000_000 }),
  credit: fc.boolean(),
  day: fc.integer({ min: 1, max: 28 }),
  corrupt: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, fc.constant(true)),
});

const fecAmount = (cents: number): string =>
  `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`;

describe("FEC fuzzing", () => {
  it("returns each customer's open balance, or withholds it and names the unreadable line", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(movement, { maxLength: 40 }),
        fc.constantFrom("|", "\t"),
        async (moves, sep) => {
          const lines = [FEC_HEADER.replaceAll("|", sep)];
          const balance = new Map<string, number>();
          const badLine = new Map<string, number>();
          moves.forEach((m, i) => {
            const aux = `C${m.customer}`;
            const amount = m.corrupt ? "12,3,4" : fecAmount(m.cents);
            const fields = [
              m.credit ? "BQ" : "VT",
              "J",
              String(i + 1),
              `202501${String(m.day).padStart(2, "0")}`,
              "411000",
              "Clients",
              aux,
              `CLIENT ${m.customer}`,
              `P${m.piece}`,
              `202501${String(m.day).padStart(2, "0")}`,
              "lib",
              m.credit ? "0,00" : amount,
              m.credit ? amount : "0,00",
              "",
              "",
              "20250131",
              "",
              "",
            ];
            lines.push(fields.join(sep));
            if (m.corrupt) {
              if (!badLine.has(aux)) badLine.set(aux, i + 2);
            } else balance.set(aux, (balance.get(aux) ?? 0) + (m.credit ? -m.cents : m.cents));
          });
          const { rows, errors } = await collect(
            parseFec(source(lines.join("\n")), { paymentTermsDays: 30 }),
          );
          for (const e of errors) expectWellFormedError(e);
          for (const [aux, line] of badLine) {
            expect(errors).toContainEqual(
              expect.objectContaining({
                line,
                field: expect.stringMatching(/Debit|Credit/),
                value: "12,3,4",
              }),
            );
            expect(rows.filter((r) => r.debtor.externalRef === aux)).toEqual([]);
          }
          for (const [aux, total] of balance) {
            if (badLine.has(aux)) continue;
            const sum = rows
              .filter((r) => r.debtor.externalRef === aux)
              .reduce((s, r) => s + r.claim.amountCents, 0);
            expect(sum).toBe(Math.max(0, total));
          }
          for (const r of rows) expect(r.claim.amountCents).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// --- XML -------------------------------------------------------------------------------------------

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.string({ maxLength: 8 }) }),
  fc.record({
    kind: fc.constant("swap" as const),
    at: fc.nat(),
    text: fc.constantFrom("<", ">", "&", "/", '"', "0", "-", " "),
  }),
);

function mutate(xml: string, ms: { kind: string; at: number; len?: number; text?: string }[]): string {
  let s = xml;
  for (const m of ms) {
    const at = m.at % (s.length + 1);
    if (m.kind === "cut") s = s.slice(0, at) + s.slice(at + (m.len ?? 1));
    else if (m.kind === "insert") s = s.slice(0, at) + (m.text ?? "") + s.slice(at);
    else s = s.slice(0, at) + (m.text ?? "") + s.slice(at + 1);
  }
  return s;
}

function checkItems(items: IntakeItem[]): void {
  expect(items.length).toBeGreaterThan(0);
  const { rows, errors } = split(items);
  for (const e of errors) expectWellFormedError(e);
  for (const r of rows) {
    expect(r.claim.amountCents).toBeGreaterThan(0);
    expect(r.claim.dueDate >= (r.claim.issueDate ?? "")).toBe(true);
  }
}

describe("e-invoice fuzzing", () => {
  it("never throws on mutated CII and UBL documents and names what is wrong", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(ciiInvoice(), ublInvoice()),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (xml, ms) => {
          checkItems(parseEInvoice(mutate(xml, ms)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("never throws on arbitrary bytes given as a Factur-X PDF", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), bytes]);
        checkItems(await parseFacturX(pdf));
      }),
      { numRuns: 100 },
    );
  });
});
