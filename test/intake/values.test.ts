import { describe, expect, it } from "vitest";
import {
  addDays,
  centsFromNumber,
  dateFromExcelSerial,
  dateFromJsDate,
  dueDateFromTerms,
  isProblem,
  parseAmountCents,
  parseCurrency,
  parseDate,
  parsePaymentTerms,
  parsePlainDecimalCents,
} from "../../src/intake/parse/values";

const reason = (v: unknown): string | undefined => (isProblem(v) ? v.reason : undefined);

describe("amounts", () => {
  it.each([
    ["1 234,56", 123456],
    ["1\u202f234,56", 123456],
    ["1\u00a0234,56 €", 123456],
    ["1234,56 €", 123456],
    ["1234,56€", 123456],
    ["€1,234.56", 123456],
    ["1.234,56", 123456],
    ["1,234.56", 123456],
    ["1.234.567,89", 123456789],
    ["1 234 567", 123456700],
    ["-12", -1200],
    ["12.5", 1250],
    ["12,5", 1250],
    ["0,99", 99],
    ["EUR 45", 4500],
    ["45 EUR", 4500],
    ["(12,00)", -1200],
    ["12,00-", -1200],
    ["+7", 700],
    ["1234,5000", 123450],
    ["0,120", 12],
    ["  300  ", 30000],
    ["0", 0],
  ])("reads %j as %i cents", (raw, cents) => {
    expect(parseAmountCents(raw)).toBe(cents);
  });

  it.each([
    ["1,234", "ambiguous_number"],
    ["1.500", "ambiguous_number"],
    ["12,345", "ambiguous_number"],
    ["1234,567", "too_many_decimals"],
    ["0,125", "too_many_decimals"],
    ["12 34", "invalid_number"],
    ["1.23.4", "invalid_number"],
    ["1.234.56", "invalid_number"],
    ["1,234,56.7", "invalid_number"],
    ["abc", "invalid_number"],
    ["1.2E+05", "invalid_number"],
    ["12,", "invalid_number"],
    [",5", "invalid_number"],
    ["€", "invalid_number"],
    ["", "missing_value"],
    ["   ", "missing_value"],
    ["12345678901234", "amount_too_large"],
  ])("refuses %j with reason %s", (raw, why) => {
    expect(reason(parseAmountCents(raw))).toBe(why);
  });

  it("resolves a three-decimal lookalike with the file's decimal separator", () => {
    expect(parseAmountCents("1,234", ".")).toBe(123400);
    expect(parseAmountCents("1.234", ",")).toBe(123400);
    expect(reason(parseAmountCents("1,234", ","))).toBe("too_many_decimals");
  });

  it("reads machine amounts with a single decimal separator", () => {
    expect(parsePlainDecimalCents("10000,00")).toBe(1000000);
    expect(parsePlainDecimalCents("1200.5")).toBe(120050);
    expect(parsePlainDecimalCents("-500")).toBe(-50000);
    expect(parsePlainDecimalCents("12.3400")).toBe(1234);
    expect(reason(parsePlainDecimalCents("12.345"))).toBe("too_many_decimals");
    expect(reason(parsePlainDecimalCents("1 200,00"))).toBe("invalid_number");
  });

  it("rounds spreadsheet floats to the cent and says when more than noise was lost", () => {
    expect(centsFromNumber(0.1 + 0.2)).toEqual({ cents: 30, rounded: false });
    expect(centsFromNumber(1234.56)).toEqual({ cents: 123456, rounded: false });
    expect(centsFromNumber(123.456)).toEqual({ cents: 12346, rounded: true });
    expect(centsFromNumber(-2.675)).toMatchObject({ cents: -268 });
  });
});

describe("dates", () => {
  it.each([
    ["15/03/2025", "2025-03-15"],
    ["5/3/2025", "2025-03-05"],
    ["15/03/25", "2025-03-15"],
    ["31/12/69", "2069-12-31"],
    ["01/01/70", "1970-01-01"],
    ["15.03.2025", "2025-03-15"],
    ["15-03-2025", "2025-03-15"],
    ["2025-03-15", "2025-03-15"],
    ["2025-03-15T10:00:00Z", "2025-03-15"],
    ["15/03/2025 00:00", "2025-03-15"],
    ["20250315", "2025-03-15"],
    ["45731", "2025-03-15"],
    ["29/02/2024", "2024-02-29"],
  ])("reads %j as %s", (raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });

  it.each([
    "29/02/2025",
    "32/01/2025",
    "15/13/2025",
    "2025-00-10",
    "tomorrow",
    "15/03",
    "150325",
    "01/01/1850",
  ])("refuses %j", (raw) => {
    expect(reason(parseDate(raw))).toBe("invalid_date");
  });

  it("follows Excel's 1900 date system, phantom 29 February 1900 included", () => {
    expect(dateFromExcelSerial(1)).toBe("1900-01-01");
    expect(dateFromExcelSerial(59)).toBe("1900-02-28");
    expect(reason(dateFromExcelSerial(60))).toBe("invalid_date");
    expect(dateFromExcelSerial(61)).toBe("1900-03-01");
    expect(dateFromExcelSerial(45658.75)).toBe("2025-01-01");
  });

  it("reads spreadsheet Date objects by their UTC calendar day", () => {
    expect(dateFromJsDate(new Date(Date.UTC(2025, 2, 15)))).toBe("2025-03-15");
  });

  it("adds payment terms, end of month included", () => {
    expect(addDays("2025-01-31", 30)).toBe("2025-03-02");
    expect(dueDateFromTerms("2025-01-10", { days: 45, endOfMonth: true })).toBe("2025-02-28");
    expect(parsePaymentTerms("45 jours fin de mois")).toEqual({ days: 45, endOfMonth: true });
    expect(parsePaymentTerms("Net 30")).toEqual({ days: 30, endOfMonth: false });
    expect(parsePaymentTerms("À réception")).toEqual({ days: 0, endOfMonth: false });
    expect(reason(parsePaymentTerms("quand il veut"))).toBe("invalid_number");
  });
});

describe("currencies", () => {
  it("normalises symbols and ISO codes and refuses unknown codes", () => {
    expect(parseCurrency("€")).toBe("EUR");
    expect(parseCurrency(" eur ")).toBe("EUR");
    expect(parseCurrency("chf")).toBe("CHF");
    expect(parseCurrency("£")).toBe("GBP");
    expect(reason(parseCurrency("EUROPE"))).toBe("invalid_currency");
    expect(reason(parseCurrency("XYZ"))).toBe("invalid_currency");
  });
});
