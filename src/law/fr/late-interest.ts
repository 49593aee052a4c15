// Late interest on a claim, computed in integer cents (DESIGN.md "Money"), from rate tables dated by the
// domain docs (law-fr.md §8–9). Pure: the as-of day comes in as an argument.
//
// - B2B late penalties (C. com. L441-10, FR-13): from the day after the due date, no reminder needed,
//   at the ECB main refinancing rate in force on 1 January (first half-year) or 1 July (second) plus
//   10 points; a contractual rate may not be below three times the legal rate.
// - Legal interest (C. civ. 1231-6, FR-17): at the legal rate of each half-year, from the formal notice.
//   The "all other cases" rate applies unless the creditor is a private person (FR-15).
//
// Day count: exact calendar days over 365 (the annual rate pro rata temporis). A day counts when it is
// after the start date and no later than the as-of day, on the principal still unpaid at its start; a
// payment reduces the principal from the day after it is made. A half-year whose rate the table does
// not know earns nothing (never claim what cannot be justified); `unknownRateDays` says how many.

export interface DatedRate {
  /** ISO date from which the rate is in force. */
  from: string;
  bp: number;
}

export interface HalfYearRate {
  /** "2026-H1" or "2026-H2". */
  halfYear: string;
  bp: number;
}

export interface RateTables {
  /** ECB main refinancing operations rate, by date in force. */
  ecbMro: DatedRate[];
  /** Legal interest rate when the creditor is not a private person. */
  legalOther: HalfYearRate[];
  /** Legal interest rate when the creditor is a private person not acting for professional needs. */
  legalPrivate: HalfYearRate[];
}

/** The values law-fr.md gives (the 11/06/2025 MRO is marked unverified there). */
export const FR_RATE_TABLES: RateTables = {
  ecbMro: [
    { from: "2025-04-23", bp: 240 },
    { from: "2025-06-11", bp: 215 },
  ],
  legalOther: [
    { halfYear: "2025-H1", bp: 371 },
    { halfYear: "2025-H2", bp: 276 },
    { halfYear: "2026-H1", bp: 262 },
  ],
  legalPrivate: [
    { halfYear: "2025-H1", bp: 721 },
    { halfYear: "2025-H2", bp: 665 },
    { halfYear: "2026-H1", bp: 667 },
  ],
};

/** L441-10: ten points above the reference rate. */
export const PENALTY_MARGIN_BP = 1000;

export function halfYearOf(isoDate: string): string {
  return `${isoDate.slice(0, 4)}-H${Number(isoDate.slice(5, 7)) <= 6 ? 1 : 2}`;
}

function halfYearStart(halfYear: string): string {
  return `${halfYear.slice(0, 4)}-${halfYear.endsWith("H1") ? "01" : "07"}-01`;
}

/** The MRO in force on a day: the latest entry from that day or before; null before the table starts. */
export function mroOn(isoDate: string, tables: RateTables = FR_RATE_TABLES): number | null {
  let rate: number | null = null;
  for (const r of [...tables.ecbMro].sort((a, b) => a.from.localeCompare(b.from))) {
    if (r.from <= isoDate) rate = r.bp;
  }
  return rate;
}

/** FR-13: the statutory penalty rate for the half-year holding `isoDate`. */
export function penaltyRateBp(isoDate: string, tables: RateTables = FR_RATE_TABLES): number | null {
  const mro = mroOn(halfYearStart(halfYearOf(isoDate)), tables);
  return mro === null ? null : mro + PENALTY_MARGIN_BP;
}

/** FR-15: the legal rate for the half-year holding `isoDate`, by the creditor's status. */
export function legalRateBp(
  isoDate: string,
  creditor: "private" | "other" = "other",
  tables: RateTables = FR_RATE_TABLES,
): number | null {
  const table = creditor === "private" ? tables.legalPrivate : tables.legalOther;
  return table.find((r) => r.halfYear === halfYearOf(isoDate))?.bp ?? null;
}

export interface AccrualInput {
  principalCents: number;
  /** Interest runs from the day after this date (the due date, or the formal notice's date). */
  startDate: string;
  /** The last day counted (today in the debtor's calendar). */
  asOf: string;
  /** Principal paid, by day (a reversal of a payment is a negative amount). */
  repayments: { date: string; cents: number }[];
  rateBp: (isoDate: string) => number | null;
}

export interface Accrual {
  cents: number;
  days: number;
  unknownRateDays: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Σ over counted days of unpaid principal × annual rate / 365, summed exactly in BigInt and rounded half
 * up to the cent once at the end, so no cent is lost or invented day by day.
 */
export function accrueInterest(input: AccrualInput): Accrual {
  const first = dayNumber(input.startDate) + 1;
  const last = dayNumber(input.asOf);
  const byDay = new Map<number, number>();
  for (const r of input.repayments) {
    // A repayment made on day P stops interest from P + 1.
    const d = dayNumber(r.date) + 1;
    byDay.set(d, (byDay.get(d) ?? 0) + r.cents);
  }
  let principal = input.principalCents;
  for (const [d, cents] of byDay) if (d <= first) principal -= cents;
  let numerator = 0n;
  let days = 0;
  let unknownRateDays = 0;
  for (let d = first; d <= last; d++) {
    if (d > first) principal -= byDay.get(d) ?? 0;
    if (principal <= 0) continue;
    const rate = input.rateBp(isoOf(d));
    if (rate === null) {
      unknownRateDays++;
      continue;
    }
    days++;
    numerator += BigInt(principal) * BigInt(rate);
  }
  const denominator = 10_000n * 365n;
  return { cents: Number((numerator * 2n + denominator) / (2n * denominator)), days, unknownRateDays };
}
