// Money is integer minor units with a currency, never floats (STYLE.md point 8, DESIGN.md "Money").
// Every function here is pure; arithmetic that could leave the safe-integer range goes through
// BigInt so that no cent is ever lost to rounding.

/** An ISO 4217 code known to this runtime's Intl data. Obtain one with `currencyCode()`. */
export type CurrencyCode = string & { readonly __brand: "CurrencyCode" };

export interface Money {
  /** Integer number of minor units (cents for EUR, yen for JPY). */
  readonly amount: number;
  readonly currency: CurrencyCode;
}

/** Thrown when two amounts in different currencies meet: always a programming error. */
export class CurrencyMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`currency mismatch: expected ${expected}, got ${actual}`);
    this.name = "CurrencyMismatchError";
  }
}

export type MoneyParseFailure = "format" | "precision" | "range";

/** Thrown by `parseDecimal`; `reason` lets an intake report say what was wrong with the cell. */
export class MoneyParseError extends Error {
  constructor(
    readonly reason: MoneyParseFailure,
    readonly text: string,
    message: string,
  ) {
    super(message);
    this.name = "MoneyParseError";
  }
}

let knownCurrencies: ReadonlySet<string> | undefined;
const exponents = new Map<string, number>();

export function isCurrencyCode(text: string): text is CurrencyCode {
  knownCurrencies ??= new Set(Intl.supportedValuesOf("currency"));
  return knownCurrencies.has(text);
}

export function currencyCode(text: string): CurrencyCode {
  if (!isCurrencyCode(text)) throw new RangeError(`unknown ISO 4217 currency code: ${JSON.stringify(text)}`);
  return text;
}

export const EUR: CurrencyCode = currencyCode("EUR");

/**
 * Number of decimals of the currency's minor unit (EUR 2, JPY 0, BHD 3), as CLDR gives it through
 * Intl. CLDR differs from the ISO 4217 table for a few currencies (IQD is 0 in CLDR, 3 in ISO);
 * we follow CLDR so that parsing and formatting always agree.
 */
export function minorUnitExponent(currency: string): number {
  const code = currencyCode(currency);
  let exponent = exponents.get(code);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
      .maximumFractionDigits as number;
    exponents.set(code, exponent);
  }
  return exponent;
}

/** Builds an amount; throws on a float, NaN, Infinity or an integer beyond ±(2^53 − 1). */
export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`money amount must be a safe integer of minor units, got ${amount}`);
  }
  // `+ 0` turns -0 into 0, so that equal amounts are always the same value.
  return Object.freeze({ amount: amount + 0, currency: currencyCode(currency) });
}

export function zero(currency: string): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): CurrencyCode {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
  return a.currency;
}

export function add(a: Money, b: Money): Money {
  return money(a.amount + b.amount, sameCurrency(a, b));
}

export function subtract(a: Money, b: Money): Money {
  return money(a.amount - b.amount, sameCurrency(a, b));
}

export function negate(a: Money): Money {
  return money(-a.amount, a.currency);
}

/** Sums a list; the currency is required so that an empty list has a well-defined total. */
export function sum(items: Iterable<Money>, currency: string): Money {
  let total = zero(currency);
  for (const item of items) total = add(total, item);
  return total;
}

export function isZero(a: Money): boolean {
  return a.amount === 0;
}

export function isNegative(a: Money): boolean {
  return a.amount < 0;
}

export function isPositive(a: Money): boolean {
  return a.amount > 0;
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export function equals(a: Money, b: Money): boolean {
  return compare(a, b) === 0;
}

export function min(first: Money, ...rest: Money[]): Money {
  return rest.reduce((lowest, m) => (compare(m, lowest) < 0 ? m : lowest), first);
}

export function max(first: Money, ...rest: Money[]): Money {
  return rest.reduce((highest, m) => (compare(m, highest) > 0 ? m : highest), first);
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Reads a plain decimal string ("1234.56", "-0.5", "+12") with string arithmetic only. A dot is
 * the only separator: locale-specific input (decimal comma, grouping spaces) is the intake's job.
 * Trailing zeros past the currency's precision are accepted ("1.500" EUR) since they change
 * nothing; any other extra decimal is rejected rather than silently rounded.
 */
export function parseDecimal(text: string, currency: string): Money {
  const exponent = minorUnitExponent(currency);
  const match = DECIMAL.exec(text.trim());
  if (!match)
    throw new MoneyParseError("format", text, `not a plain decimal number: ${JSON.stringify(text)}`);
  const [, sign = "", whole = "", fraction = ""] = match;
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > exponent) {
    throw new MoneyParseError(
      "precision",
      text,
      `${JSON.stringify(text)} has more than ${exponent} decimal(s), the precision of ${currency}`,
    );
  }
  const minor = BigInt(whole + significant.padEnd(exponent, "0")) * (sign === "-" ? -1n : 1n);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyParseError("range", text, `${JSON.stringify(text)} is too large to be held exactly`);
  }
  return money(Number(minor), currency);
}

/** The exact decimal form, with exactly the currency's number of decimals: "-0.50", "1234". */
export function toDecimalString(m: Money): string {
  const exponent = minorUnitExponent(m.currency);
  const digits = String(Math.abs(m.amount)).padStart(exponent + 1, "0");
  const sign = m.amount < 0 ? "-" : "";
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export type DisplayLocale = "fr" | "en";

// "en" is British English: the agency writes to debtors in Europe, and en-GB puts the euro sign
// first ("€1,234.56") as English readers expect while keeping day-first dates elsewhere in the UI.
const INTL_LOCALE: Record<DisplayLocale, string> = { fr: "fr-FR", en: "en-GB" };
const formatters = new Map<string, Intl.NumberFormat>();

/**
 * "1 234,56 €" in French (Intl's narrow no-break space U+202F between groups and U+00A0 before
 * the sign) and "€1,234.56" in English. The decimal string is handed to Intl, never a float, so
 * amounts of any size print exactly.
 */
export function format(m: Money, locale: DisplayLocale): string {
  const key = `${locale}:${m.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = minorUnitExponent(m.currency);
    formatter = new Intl.NumberFormat(INTL_LOCALE[locale], {
      style: "currency",
      currency: m.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  // The string overload (Intl.NumberFormat v3) keeps full precision where a number would not.
  return formatter.format(toDecimalString(m) as `${number}`);
}

/**
 * "half-up" rounds halves away from zero (commercial rounding, symmetric for credit notes);
 * "half-even" rounds halves to the even neighbour (banker's rounding, no drift over many lines).
 */
export type Rounding = "half-up" | "half-even";

function divideRounded(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const twiceRemainder = (n % d) * 2n;
  if (twiceRemainder > d || (twiceRemainder === d && (rounding === "half-up" || quotient % 2n === 1n))) {
    quotient += 1n;
  }
  return negative ? -quotient : quotient;
}

/**
 * `basisPoints` hundredths of a percent of `m`: 2000 is 20 % VAT, 1250 a 12.5 % commission.
 * The rounding is an explicit argument because the mandate, not this module, decides it.
 */
export function percentOf(m: Money, basisPoints: number, rounding: Rounding): Money {
  if (!Number.isSafeInteger(basisPoints))
    throw new RangeError(`basis points must be an integer, got ${basisPoints}`);
  const result = divideRounded(BigInt(m.amount) * BigInt(basisPoints), 10_000n, rounding);
  return money(Number(result), m.currency);
}

/**
 * Splits `total` in proportion to integer `weights` (for example each claim's balance in minor
 * units). Shares are floored, then the minor units left over go one each to the largest
 * remainders (ties to the earlier weight), so the shares always add up to `total` exactly.
 */
export function allocateProportionally(total: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0) throw new RangeError("allocateProportionally needs at least one weight");
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0)
      throw new RangeError(`weights must be non-negative integers, got ${w}`);
  }
  const big = weights.map(BigInt);
  const totalWeight = big.reduce((a, b) => a + b, 0n);
  if (totalWeight === 0n) throw new RangeError("allocateProportionally needs at least one positive weight");
  // Work on the magnitude and restore the sign, so a refund splits exactly like a payment.
  const magnitude = BigInt(Math.abs(total.amount));
  const shares = big.map((w) => (magnitude * w) / totalWeight);
  let leftover = Number(magnitude - shares.reduce((a, b) => a + b, 0n));
  const byRemainder = big
    .map((w, index) => ({ index, remainder: (magnitude * w) % totalWeight }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (leftover === 0) break;
    shares[index] = (shares[index] as bigint) + 1n;
    leftover -= 1;
  }
  const sign = total.amount < 0 ? -1 : 1;
  return shares.map((share) => money(sign * Number(share), total.currency));
}

/**
 * `n` equal instalments of a positive total. The remainder goes on the FIRST instalment: the
 * debtor pays the odd cents up front and every later instalment is identical, so a standing
 * order can be set for them.
 */
export function splitInstalments(total: Money, n: number): Money[] {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`instalment count must be a positive integer, got ${n}`);
  if (total.amount < n) {
    throw new RangeError(
      `cannot split ${total.amount} minor units into ${n} instalments of at least one unit`,
    );
  }
  const base = Math.floor(total.amount / n);
  const first = total.amount - base * (n - 1);
  return Array.from({ length: n }, (_, i) => money(i === 0 ? first : base, total.currency));
}

// ---------------------------------------------------------------------------------------------
// Payment allocation (FR-19, C. civ. 1342-10 and 1343-1, DESIGN.md "Money")

/**
 * The parts of a claim, in the order a payment settles them: interest and the accessories
 * before principal (FR-19). FR-19 only ranks interest before principal; among the accessories,
 * the sums that accrue with time (legal interest, then B2B late penalties, which are interest
 * under L441-10) go before the fixed 40 € indemnity (FR-14). All three are the creditor's own
 * claims; agency fees never appear here (FR-07).
 */
export const CLAIM_COMPONENTS = ["interest", "penalties", "indemnity", "principal"] as const;
export type ClaimComponent = (typeof CLAIM_COMPONENTS)[number];

export interface ClaimBalance {
  readonly claimId: string;
  /** ISO calendar date, "YYYY-MM-DD". */
  readonly dueDate: string;
  /** ISO calendar date, "YYYY-MM-DD"; breaks ties between claims due the same day. */
  readonly issueDate: string;
  /** What is still owed per component; a missing component owes nothing. */
  readonly owed: Readonly<Partial<Record<ClaimComponent, Money>>>;
}

export interface AllocatePaymentOptions {
  /**
   * Claims the debtor named when paying (C. civ. 1342-10 para. 1), settled first and in the
   * order given; the others follow in the legal order.
   */
  readonly designatedClaimIds?: readonly string[];
}

export interface AllocationLine {
  readonly claimId: string;
  readonly component: ClaimComponent;
  readonly amount: Money;
}

export interface ClaimAllocation {
  readonly claimId: string;
  /** Applied to each component by this payment (zero where nothing was applied). */
  readonly applied: Readonly<Record<ClaimComponent, Money>>;
  /** Still owed per component once this payment is applied. */
  readonly remaining: Readonly<Record<ClaimComponent, Money>>;
  readonly total: Money;
  readonly settled: boolean;
}

export interface PaymentAllocation {
  /** One entry per claim, in the order the claims were settled. */
  readonly claims: readonly ClaimAllocation[];
  /** Non-zero amounts only, in the order they were applied: one ledger line each. */
  readonly lines: readonly AllocationLine[];
  readonly allocated: Money;
  /** What is left once every claim is settled; never negative. */
  readonly overpayment: Money;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkBuckets(payment: Money, buckets: readonly ClaimBalance[], designated: readonly string[]): void {
  if (payment.amount < 0) throw new RangeError("a payment to allocate cannot be negative");
  const ids = new Set<string>();
  for (const b of buckets) {
    if (ids.has(b.claimId)) throw new RangeError(`claim ${b.claimId} appears twice`);
    ids.add(b.claimId);
    if (!ISO_DATE.test(b.dueDate) || !ISO_DATE.test(b.issueDate)) {
      throw new RangeError(`claim ${b.claimId}: dates must be ISO "YYYY-MM-DD"`);
    }
    for (const component of CLAIM_COMPONENTS) {
      const owed = b.owed[component];
      if (!owed) continue;
      sameCurrency(payment, owed);
      if (owed.amount < 0) throw new RangeError(`claim ${b.claimId}: ${component} owed cannot be negative`);
    }
  }
  if (new Set(designated).size !== designated.length)
    throw new RangeError("a designated claim is named twice");
  for (const id of designated) {
    if (!ids.has(id)) throw new RangeError(`designated claim ${id} is not among the claims to allocate`);
  }
}

/**
 * Designated claims first, in the debtor's order; then the oldest due date, then the oldest
 * issue date, then the caller's order. C. civ. 1342-10 would put first the debt the debtor had
 * most interest in paying; the product settles that as "oldest first" (DESIGN.md "Money").
 */
function settlementOrder(buckets: readonly ClaimBalance[], designated: readonly string[]): ClaimBalance[] {
  const rank = new Map(designated.map((id, i) => [id, i]));
  return buckets
    .map((bucket, index) => ({ bucket, index }))
    .sort((a, b) => {
      const ra = rank.get(a.bucket.claimId) ?? Number.POSITIVE_INFINITY;
      const rb = rank.get(b.bucket.claimId) ?? Number.POSITIVE_INFINITY;
      if (ra !== rb) return ra < rb ? -1 : 1;
      if (a.bucket.dueDate !== b.bucket.dueDate) return a.bucket.dueDate < b.bucket.dueDate ? -1 : 1;
      if (a.bucket.issueDate !== b.bucket.issueDate) return a.bucket.issueDate < b.bucket.issueDate ? -1 : 1;
      return a.index - b.index;
    })
    .map(({ bucket }) => bucket);
}

/**
 * Applies a payment to a debtor's claims by the legal order: claim by claim in `settlementOrder`,
 * and within a claim interest, penalties, the indemnity, then principal (FR-19). A designation
 * picks claims, not components: interest still comes first inside a designated claim (C. civ.
 * 1343-1). The caller leaves out claims that must not receive money (a disputed one, for
 * example). Whatever exceeds the total owed is returned as `overpayment`, so allocated +
 * overpayment always equals the payment.
 */
export function allocatePayment(
  payment: Money,
  buckets: readonly ClaimBalance[],
  options: AllocatePaymentOptions = {},
): PaymentAllocation {
  const designated = options.designatedClaimIds ?? [];
  checkBuckets(payment, buckets, designated);
  const currency = payment.currency;
  let left = payment.amount;
  const claims: ClaimAllocation[] = [];
  const lines: AllocationLine[] = [];
  for (const bucket of settlementOrder(buckets, designated)) {
    const applied = {} as Record<ClaimComponent, Money>;
    const remaining = {} as Record<ClaimComponent, Money>;
    let total = 0;
    for (const component of CLAIM_COMPONENTS) {
      const owed = bucket.owed[component]?.amount ?? 0;
      const amount = Math.min(owed, left);
      left -= amount;
      total += amount;
      applied[component] = money(amount, currency);
      remaining[component] = money(owed - amount, currency);
      if (amount > 0) lines.push({ claimId: bucket.claimId, component, amount: applied[component] });
    }
    const settled = CLAIM_COMPONENTS.every((c) => remaining[c].amount === 0);
    claims.push({ claimId: bucket.claimId, applied, remaining, total: money(total, currency), settled });
  }
  return {
    claims,
    lines,
    allocated: money(payment.amount - left, currency),
    overpayment: money(left, currency),
  };
}
