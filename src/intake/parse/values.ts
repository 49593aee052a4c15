// Cell value rules shared by every format. The hot functions return either the value or one of a
// few frozen problem objects, so that a million valid rows allocate nothing beyond the result.

import type { RowErrorReason } from "./types";

export interface ValueProblem {
  readonly reason: RowErrorReason;
  readonly message: string;
}

const problem = (reason: RowErrorReason, message: string): ValueProblem => Object.freeze({ reason, message });

export const MISSING = problem("missing_value", "is empty");
const NOT_A_NUMBER = problem("invalid_number", "is not an amount");
const BAD_GROUPING = problem("invalid_number", "has digit groups that are not of three digits");
const AMBIGUOUS = problem(
  "ambiguous_number",
  "could be read either with a thousands separator or with three decimals; write it with two decimals",
);
const TOO_PRECISE = problem("too_many_decimals", "has more than two decimals");
const TOO_LARGE = problem("amount_too_large", "has more than 13 integer digits");
const NOT_A_DATE = problem(
  "invalid_date",
  "is not a date (expected dd/mm/yyyy, yyyy-mm-dd or an Excel date)",
);
const NO_SUCH_DAY = problem("invalid_date", "is not a calendar date");
const OUT_OF_RANGE = problem("invalid_date", "is outside the years 1900 to 2199");
const NOT_A_CURRENCY = problem("invalid_currency", "is not an ISO 4217 currency code");

export function isProblem(v: unknown): v is ValueProblem {
  return typeof v === "object" && v !== null && "reason" in v && "message" in v && !(v instanceof Date);
}

export type DecimalSeparator = "," | ".";

// Integer digits beyond this would push cents past 2^53 once multiplied.
const MAX_INTEGER_DIGITS = 13;
const MAX_SEPARATORS = 32;
const SEP_DOT = 1;
const SEP_COMMA = 2;
const SEP_SPACE = 3;
// Scratch buffers reused across calls: the parser is synchronous, so sharing them is safe.
const sepKinds = new Uint8Array(MAX_SEPARATORS);
const runLengths = new Uint32Array(MAX_SEPARATORS + 1);

function isSpaceLike(c: number): boolean {
  // space, no-break space, narrow no-break space (French typography), thin space, apostrophes (Swiss)
  return c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 39 || c === 0x2019;
}

function isMinus(c: number): boolean {
  return c === 45 || c === 0x2212;
}

function isEurAt(s: string, i: number): boolean {
  return (
    i + 3 <= s.length &&
    (s.charCodeAt(i) | 32) === 101 &&
    (s.charCodeAt(i + 1) | 32) === 117 &&
    (s.charCodeAt(i + 2) | 32) === 114
  );
}

/**
 * Reads a French or plain amount into integer cents without floating point: "1 234,56",
 * "1234,56 €", "1.234,56", "1,234.56", "-12", "12.5", "(12,00)", "12,00-". A lone separator
 * followed by exactly three digits ("1,234") is refused as ambiguous unless `decimalHint` says
 * which separator is the decimal one.
 */
export function parseAmountCents(raw: string, decimalHint?: DecimalSeparator): number | ValueProblem {
  let start = 0;
  let end = raw.length;
  let negative = false;
  while (end > 0 && (isSpaceLike(raw.charCodeAt(end - 1)) || raw.charCodeAt(end - 1) <= 32)) end--;
  // Trim, currency markers and signs on both ends.
  for (;;) {
    while (start < end && (isSpaceLike(raw.charCodeAt(start)) || raw.charCodeAt(start) <= 32)) start++;
    if (start >= end) break;
    const c = raw.charCodeAt(start);
    if (c === 0x20ac) start++;
    else if (isEurAt(raw, start)) start += 3;
    else if (isMinus(c) || c === 43) {
      if (isMinus(c)) negative = !negative;
      start++;
    } else if (c === 40 && raw.charCodeAt(end - 1) === 41) {
      negative = !negative;
      start++;
      end--;
    } else break;
  }
  for (;;) {
    while (end > start && (isSpaceLike(raw.charCodeAt(end - 1)) || raw.charCodeAt(end - 1) <= 32)) end--;
    if (end <= start) break;
    const c = raw.charCodeAt(end - 1);
    if (c === 0x20ac) end--;
    else if (end - 3 >= start && isEurAt(raw, end - 3)) end -= 3;
    else if (isMinus(c)) {
      negative = !negative;
      end--;
    } else break;
  }
  if (start >= end) return raw.trim() === "" ? MISSING : NOT_A_NUMBER;

  let digits = 0;
  let value = 0;
  let seps = 0;
  let run = 0;
  let prevWasSep = true;
  for (let i = start; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
      run++;
      prevWasSep = false;
      continue;
    }
    let kind: number;
    if (c === 46) kind = SEP_DOT;
    else if (c === 44) kind = SEP_COMMA;
    else if (isSpaceLike(c)) kind = SEP_SPACE;
    else return NOT_A_NUMBER;
    if (prevWasSep) {
      // Two separators in a row: tolerated only for doubled spaces.
      if (kind === SEP_SPACE && seps > 0 && sepKinds[seps - 1] === SEP_SPACE) continue;
      return NOT_A_NUMBER;
    }
    if (seps >= MAX_SEPARATORS) return NOT_A_NUMBER;
    runLengths[seps] = run;
    sepKinds[seps++] = kind;
    run = 0;
    prevWasSep = true;
  }
  if (prevWasSep) return NOT_A_NUMBER;
  runLengths[seps] = run;

  // Decide which separator, if any, is the decimal one.
  let decimalIndex = -1;
  if (seps > 0) {
    const last = sepKinds[seps - 1]!;
    if (last !== SEP_SPACE) {
      let sameKindBefore = false;
      let otherPointBefore = false;
      let spaceBefore = false;
      for (let k = 0; k < seps - 1; k++) {
        const kk = sepKinds[k]!;
        if (kk === last) sameKindBefore = true;
        else if (kk === SEP_SPACE) spaceBefore = true;
        else otherPointBefore = true;
      }
      const lastChar: DecimalSeparator = last === SEP_DOT ? "." : ",";
      if (otherPointBefore) {
        if (sameKindBefore) return NOT_A_NUMBER;
        decimalIndex = seps - 1;
      } else if (sameKindBefore) {
        if (decimalHint === lastChar) return NOT_A_NUMBER;
        decimalIndex = -1;
      } else if (spaceBefore) {
        decimalIndex = seps - 1;
      } else if (decimalHint !== undefined) {
        decimalIndex = decimalHint === lastChar ? seps - 1 : -1;
      } else if (runLengths[seps] !== 3) {
        decimalIndex = seps - 1;
      } else {
        const first = runLengths[0]!;
        const leadingZero = raw.charCodeAt(start) === 48;
        if (first > 3 || leadingZero) decimalIndex = seps - 1;
        else return AMBIGUOUS;
      }
    }
  }

  // Every separator before the decimal one groups thousands, all of one kind.
  const groupEnd = decimalIndex === -1 ? seps : decimalIndex;
  if (groupEnd > 0) {
    const groupKind = sepKinds[0]!;
    const first = runLengths[0]!;
    if (first < 1 || first > 3) return BAD_GROUPING;
    for (let k = 0; k < groupEnd; k++) {
      if (sepKinds[k] !== groupKind) return NOT_A_NUMBER;
      if (runLengths[k + 1] !== 3) return BAD_GROUPING;
    }
  }

  let decimals = decimalIndex === -1 ? 0 : runLengths[seps]!;
  if (digits - decimals > MAX_INTEGER_DIGITS) return TOO_LARGE;
  // Beyond 15 digits the accumulated value is no longer exact.
  if (digits > 15) return TOO_PRECISE;
  let cents = value;
  while (decimals > 2) {
    if (cents % 10 !== 0) return TOO_PRECISE;
    cents = (cents - (cents % 10)) / 10;
    decimals--;
  }
  if (decimals === 0) cents *= 100;
  else if (decimals === 1) cents *= 10;
  return negative && cents !== 0 ? -cents : cents;
}

const PLAIN_DECIMAL = /^([+-]?)(\d{1,13})(?:[.,](\d+))?$/;

/**
 * Amounts in machine-written sources (FEC, e-invoice XML): no thousands grouping, so a single
 * "." or "," is always the decimal separator.
 */
export function parsePlainDecimalCents(raw: string): number | ValueProblem {
  const s = raw.trim();
  if (s === "") return MISSING;
  const m = PLAIN_DECIMAL.exec(s);
  if (!m) return s.replace(/\D/g, "").length > 13 ? TOO_LARGE : NOT_A_NUMBER;
  let frac = m[3] ?? "";
  if (frac.length > 2) {
    if (!/^0+$/.test(frac.slice(2))) return TOO_PRECISE;
    frac = frac.slice(0, 2);
  }
  const cents = Number(m[2]) * 100 + (frac === "" ? 0 : Number(frac.padEnd(2, "0")));
  return m[1] === "-" && cents !== 0 ? -cents : cents;
}

/**
 * A numeric spreadsheet cell is already a binary float: round it half away from zero to the cent,
 * as Excel shows it with a two-decimal format. `rounded` tells whether more than float noise was lost.
 */
export function centsFromNumber(n: number): { cents: number; rounded: boolean } | ValueProblem {
  if (!Number.isFinite(n)) return NOT_A_NUMBER;
  if (Math.abs(n) >= 1e13) return TOO_LARGE;
  const scaled = Number((n * 100).toPrecision(15));
  const cents = Math.sign(scaled) * Math.round(Math.abs(scaled));
  return { cents: cents === 0 ? 0 : cents, rounded: Math.abs(scaled - cents) > 1e-6 };
}

// --- dates ---------------------------------------------------------------------------------------

const DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const YMD =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL = /^(\d{1,6})(?:[.,]\d+)?$/;

/**
 * Two-digit years pivot at 70, as POSIX strptime %y does: 00–69 → 2000–2069, 70–99 → 1970–1999.
 * Invoices older than 1970 or due after 2069 do not occur in collection.
 */
export const TWO_DIGIT_YEAR_PIVOT = 70;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

export function isoFromParts(y: number, m: number, d: number): string | ValueProblem {
  if (y < 1900 || y > 2199) return OUT_OF_RANGE;
  if (m < 1 || m > 12 || d < 1) return NO_SUCH_DAY;
  const max = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
  if (d > max) return NO_SUCH_DAY;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

const DAY_MS = 86_400_000;
// Excel's 1900 date system counts 1900-02-29, which never existed (a Lotus 1-2-3 bug kept for
// compatibility): serials after 60 are offset by one day from the true count since 1899-12-31.
const EXCEL_EPOCH_AFTER_BUG = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_BEFORE_BUG = Date.UTC(1899, 11, 31);

export function dateFromExcelSerial(serial: number): string | ValueProblem {
  if (!Number.isFinite(serial) || serial < 1) return NOT_A_DATE;
  const whole = Math.floor(serial);
  if (whole === 60) return NO_SUCH_DAY;
  const ms = (whole < 60 ? EXCEL_EPOCH_BEFORE_BUG : EXCEL_EPOCH_AFTER_BUG) + whole * DAY_MS;
  const d = new Date(ms);
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Spreadsheet readers hand dates as UTC midnights; the calendar day is read in UTC for that reason. */
export function dateFromJsDate(d: Date): string | ValueProblem {
  if (Number.isNaN(d.getTime())) return NOT_A_DATE;
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** dd/mm/yyyy, dd/mm/yy, dd.mm.yyyy, dd-mm-yyyy, yyyy-mm-dd (with an optional time), yyyymmdd, Excel serials. */
export function parseDate(raw: string): string | ValueProblem {
  const s = raw.trim();
  if (s === "") return MISSING;
  // Fast path for the dominant French form.
  if (s.length === 10 && s.charCodeAt(2) === 47 && s.charCodeAt(5) === 47) {
    const d = twoDigits(s, 0);
    const m = twoDigits(s, 3);
    const y = fourDigits(s, 6);
    if (d >= 0 && m >= 0 && y >= 0) return isoFromParts(y, m, d);
  }
  let m = DMY.exec(s);
  if (m) {
    let y = Number(m[4]);
    if (m[4]!.length === 2) y += y < TWO_DIGIT_YEAR_PIVOT ? 2000 : 1900;
    return isoFromParts(y, Number(m[3]), Number(m[1]));
  }
  m = YMD.exec(s);
  if (m) return isoFromParts(Number(m[1]), Number(m[3]), Number(m[4]));
  m = COMPACT.exec(s);
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = SERIAL.exec(s);
  if (m) return dateFromExcelSerial(Number(m[1]));
  return NOT_A_DATE;
}

function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function fourDigits(s: string, i: number): number {
  const a = twoDigits(s, i);
  const b = twoDigits(s, i + 2);
  return a >= 0 && b >= 0 ? a * 100 + b : -1;
}

/** Adds calendar days to a YYYY-MM-DD date (payment terms are counted in calendar days). */
export function addDays(iso: string, days: number): string {
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  const d = new Date(t + days * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

// --- currency --------------------------------------------------------------------------------------

const ISO_CURRENCIES = new Set<string>(Intl.supportedValuesOf("currency"));
const CURRENCY_SYMBOLS: Record<string, string> = {
  "€": "EUR",
  EURO: "EUR",
  EUROS: "EUR",
  "£": "GBP",
  US$: "USD",
  $US: "USD",
  FS: "CHF",
  "FR.": "CHF",
  "¥": "JPY",
};

export function parseCurrency(raw: string): string | ValueProblem {
  const s = raw.trim().toUpperCase();
  if (s === "") return MISSING;
  if (s === "EUR") return s;
  const mapped = CURRENCY_SYMBOLS[s];
  if (mapped) return mapped;
  return /^[A-Z]{3}$/.test(s) && ISO_CURRENCIES.has(s) ? s : NOT_A_CURRENCY;
}

// --- text ------------------------------------------------------------------------------------------

const NEEDS_COLLAPSE = /[\s\u00a0\u202f]{2,}|[\t\r\n\u00a0\u202f\u2009]/;
const WHITESPACE_RUN = /[\s\u00a0\u202f\u2009]+/g;

/** Trims and collapses internal whitespace (embedded newlines included) to single spaces. */
export function cleanText(raw: string): string {
  const s = raw.trim();
  return NEEDS_COLLAPSE.test(s) ? s.replace(WHITESPACE_RUN, " ") : s;
}

const ANY_SPACE = /[\s\u00a0\u202f\u2009]+/g;

/** For identifiers and phone numbers: formatting spaces carry no meaning. */
export function stripSpaces(raw: string): string {
  return raw.replace(ANY_SPACE, "");
}

const COUNTRY_NAMES: Record<string, string> = {
  FRANCE: "FR",
  FRA: "FR",
  "FRANCE METROPOLITAINE": "FR",
  BELGIQUE: "BE",
  BELGIUM: "BE",
  SUISSE: "CH",
  SWITZERLAND: "CH",
  LUXEMBOURG: "LU",
  MONACO: "MC",
  ALLEMAGNE: "DE",
  GERMANY: "DE",
  ESPAGNE: "ES",
  SPAIN: "ES",
  ITALIE: "IT",
  ITALY: "IT",
  "ROYAUME UNI": "GB",
  "UNITED KINGDOM": "GB",
  "PAYS BAS": "NL",
  NETHERLANDS: "NL",
  PORTUGAL: "PT",
  "ETATS UNIS": "US",
  "UNITED STATES": "US",
  USA: "US",
};

export function normaliseCountry(raw: string): string {
  const s = cleanText(raw);
  if (/^[A-Za-z]{2}$/.test(s)) return s.toUpperCase();
  const key = foldForMatch(s).toUpperCase();
  return COUNTRY_NAMES[key] ?? s;
}

/** Lower-case ASCII with accents removed and punctuation turned into single spaces. */
export function foldForMatch(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const LEGAL_FORM =
  /(?:^|[^A-Z])(SARL|SAS|SASU|SA|EURL|SNC|SCI|SCP|SCM|SCEA|EARL|GAEC|GIE|SEM|SCOP|SELARL|SELAS|SELURL|SOCIETE|STE|ETS|ETABLISSEMENTS|ASSOCIATION|CABINET|GROUPE|HOLDING|GMBH|LTD|LLC|INC|SPRL|SRL|BV|NV|AG)(?:$|[^A-Z])/;

/** A legal form in the name marks a company; its absence proves nothing. */
export function looksLikeCompany(name: string): boolean {
  return LEGAL_FORM.test(foldForMatch(name).toUpperCase());
}

// --- payment terms ---------------------------------------------------------------------------------

export interface PaymentTerms {
  days: number;
  /** "45 jours fin de mois": the date moves to the end of the month reached after the days. */
  endOfMonth: boolean;
}

const TERMS_DAYS = /(\d{1,3})/;
const TERMS_EOM = /fin de mois|\bfdm\b|end of month|\beom\b/;
const TERMS_ON_RECEIPT = /^(comptant|a reception|reception|immediat|on receipt|due on receipt|cash)$/;
const NOT_TERMS = problem(
  "invalid_number",
  "is not a payment term in days (e.g. 30, 30 jours, 45 jours fin de mois)",
);

export function parsePaymentTerms(raw: string): PaymentTerms | ValueProblem {
  const s = foldForMatch(raw);
  if (s === "") return MISSING;
  if (TERMS_ON_RECEIPT.test(s)) return { days: 0, endOfMonth: false };
  const m = TERMS_DAYS.exec(s);
  if (!m) return NOT_TERMS;
  const days = Number(m[1]);
  if (days > 365) return NOT_TERMS;
  return { days, endOfMonth: TERMS_EOM.test(s) };
}

export function dueDateFromTerms(issueDate: string, terms: PaymentTerms): string {
  const d = addDays(issueDate, terms.days);
  if (!terms.endOfMonth) return d;
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const last = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
  return `${d.slice(0, 8)}${pad2(last)}`;
}
