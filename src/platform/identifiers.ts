// Identifiers that arrive from creditors' files, forms and debtors: each parser normalises what
// people actually type and says why a value is refused, so an import report can name the fault.
import {
  electronicFormatIBAN,
  friendlyFormatIBAN,
  isSEPACountry,
  ValidationErrorsIBAN,
  validateBIC,
  validateIBAN,
} from "ibantools";
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";

export type Checked<T, Reason extends string> = { ok: true; value: T } | { ok: false; reason: Reason };

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
const fail = <Reason extends string>(reason: Reason): { ok: false; reason: Reason } => ({
  ok: false,
  reason,
});

// ---------------------------------------------------------------------------------------------
// SIREN and SIRET (INSEE)

export type RegistryFailure = "format" | "checksum";

/** SIREN of La Poste: its establishments outnumber what the Luhn key can number, see `parseSiret`. */
export const LA_POSTE_SIREN = "356000000";

function stripSeparators(text: string): string {
  // People group these numbers with spaces, dots or dashes; non-breaking and narrow spaces come
  // in with values pasted from PDFs and spreadsheets.
  return text.replace(/[\s\u00a0\u202f.-]/g, "");
}

function luhnValid(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    total += d;
  }
  return total % 10 === 0;
}

function digitSum(digits: string): number {
  let total = 0;
  for (const c of digits) total += c.charCodeAt(0) - 48;
  return total;
}

/** A 9-digit company number with its Luhn key; spaces, dots and dashes are ignored. */
export function parseSiren(text: string): Checked<string, RegistryFailure> {
  const value = stripSeparators(text);
  if (!/^\d{9}$/.test(value)) return fail("format");
  return luhnValid(value) ? ok(value) : fail("checksum");
}

/**
 * A 14-digit establishment number (SIREN + 5-digit NIC), Luhn-checked. La Poste has more
 * establishments under its one SIREN than the Luhn key leaves room for, so INSEE also accepts
 * its SIRETs when the sum of the 14 digits is a multiple of 5 (its head office, 356 000 000
 * 00048, still passes Luhn and not the sum rule, hence either).
 */
export function parseSiret(text: string): Checked<string, RegistryFailure> {
  const value = stripSeparators(text);
  if (!/^\d{14}$/.test(value)) return fail("format");
  if (value.startsWith(LA_POSTE_SIREN)) {
    return luhnValid(value) || digitSum(value) % 5 === 0 ? ok(value) : fail("checksum");
  }
  return luhnValid(value) && luhnValid(value.slice(0, 9)) ? ok(value) : fail("checksum");
}

// ---------------------------------------------------------------------------------------------
// IBAN and BIC (ibantools)

export type IbanFailure = "format" | "country" | "checksum";

export interface Iban {
  /** Electronic form: no spaces, upper case ("FR7630006000011234567890189"). */
  readonly iban: string;
  readonly country: string;
  /** Whether a SEPA credit transfer (pain.001 remittance) can reach it. */
  readonly sepa: boolean;
}

/** Removes spaces and dashes and upper-cases, as printed on a RIB. */
export function normaliseIban(text: string): string {
  return electronicFormatIBAN(stripSeparators(text)) ?? "";
}

export function parseIban(text: string): Checked<Iban, IbanFailure> {
  const iban = normaliseIban(text);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) return fail("format");
  const result = validateIBAN(iban);
  if (result.valid) {
    const country = iban.slice(0, 2);
    return ok({ iban, country, sepa: isSEPACountry(country) });
  }
  // ibantools lists every fault it finds; an unknown country or a malformed account number says
  // more to the person who typed it than the check digits that follow from them.
  const codes = new Set(result.errorCodes);
  if (codes.has(ValidationErrorsIBAN.NoIBANCountry)) return fail("country");
  if (
    codes.has(ValidationErrorsIBAN.WrongBBANLength) ||
    codes.has(ValidationErrorsIBAN.WrongBBANFormat) ||
    codes.has(ValidationErrorsIBAN.ChecksumNotNumber)
  ) {
    return fail("format");
  }
  return fail("checksum");
}

/** Print form in groups of four: "FR76 3000 6000 0112 3456 7890 189". */
export function formatIban(iban: string): string {
  return friendlyFormatIBAN(normaliseIban(iban)) ?? iban;
}

export type BicFailure = "format" | "country";

/** An 8- or 11-character BIC (ISO 9362), upper-cased, spaces removed. */
export function parseBic(text: string): Checked<string, BicFailure> {
  const bic = stripSeparators(text).toUpperCase();
  // Institution codes are letters only, as ibantools and the banks' SEPA files expect, although
  // ISO 9362:2022 would allow digits there; such codes are not accepted until a bank needs them.
  if (!/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) return fail("format");
  return validateBIC(bic).valid ? ok(bic) : fail("country");
}

// ---------------------------------------------------------------------------------------------
// Phone numbers (libphonenumber-js, full metadata so that the line type is known)

export type PhoneLineType = "mobile" | "fixed" | "unknown";

export interface PhoneNumber {
  /** "+33612345678". */
  readonly e164: string;
  /** ISO 3166 region the number belongs to ("FR", "GP", "RE"…), when known. */
  readonly region: string | undefined;
  /** Only "mobile" numbers may receive SMS. */
  readonly type: PhoneLineType;
}

// In the French national plan, overseas departments keep their own country codes but are dialled
// from France with a 0 and the same ten digits. These prefixes (ARCEP plan) map to the region
// whose country code the number really uses.
const OVERSEAS_PREFIXES: Readonly<Record<string, CountryCode>> = {
  "590": "GP", // Guadeloupe, Saint-Barthélemy, Saint-Martin: fixed
  "690": "GP", // …mobile
  "691": "GP",
  "594": "GF", // French Guiana
  "694": "GF",
  "596": "MQ", // Martinique
  "696": "MQ",
  "697": "MQ",
  "262": "RE", // Réunion
  "263": "RE",
  "692": "RE",
  "693": "RE",
  "269": "YT", // Mayotte
  "639": "YT",
};

function overseasRegion(nationalNumber: string): CountryCode | undefined {
  return nationalNumber.length === 9 ? OVERSEAS_PREFIXES[nationalNumber.slice(0, 3)] : undefined;
}

/**
 * Reads "06 12 34 56 78", "+33 6 12 34 56 78", "0033 6…" or an overseas number ("0690 12 34 56"
 * becomes +590 690 12 34 56). A number written with +33 and an overseas prefix is the same
 * common mistake and is mapped the same way.
 */
export function parsePhone(text: string, defaultRegion: CountryCode = "FR"): Checked<PhoneNumber, "format"> {
  let parsed = parsePhoneNumberFromString(text.trim(), defaultRegion);
  if (!parsed) return fail("format");
  const overseas = parsed.countryCallingCode === "33" ? overseasRegion(parsed.nationalNumber) : undefined;
  if (overseas) parsed = parsePhoneNumberFromString(`0${parsed.nationalNumber}`, overseas);
  if (!parsed?.isValid()) return fail("format");
  const kind = parsed.getType();
  const type: PhoneLineType = kind === "MOBILE" ? "mobile" : kind === "FIXED_LINE" ? "fixed" : "unknown";
  return ok({ e164: parsed.number, region: parsed.country, type });
}

// ---------------------------------------------------------------------------------------------
// Email addresses

// Dot-atom characters of RFC 5322, plus any letter, digit or mark for internationalised
// addresses (RFC 6531); spaces of every kind stay out.
const ATOM = "[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`, "u");
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * A pragmatic check for addresses people really use: a dot-atom local part (no quoted forms),
 * and a domain of at least two labels ending in an alphabetic top-level domain. Only delivery
 * proves an address; this catches typos. The domain is lower-cased (it is case-insensitive);
 * the local part is kept as typed, since a mail server may treat its case as significant.
 */
export function parseEmail(text: string): Checked<string, "format"> {
  const value = text.trim();
  const at = value.lastIndexOf("@");
  if (at < 1 || value.length > 254) return fail("format");
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL_PART.test(local)) return fail("format");
  const labels = domain.split(".");
  const tld = labels[labels.length - 1] ?? "";
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return fail("format");
  if (!/^(\p{L}{2,}|xn--[a-z0-9-]+)$/u.test(tld)) return fail("format");
  return ok(`${local}@${domain}`);
}

// ---------------------------------------------------------------------------------------------
// French postal codes

export interface FrenchPostalCode {
  readonly code: string;
  /**
   * Department or overseas territory: "75", "2A", "2B", "971"… Corsica's codes all start with
   * 20: 200xx–201xx are Corse-du-Sud (2A), 202xx and above Haute-Corse (2B).
   */
  readonly department: string;
}

// 971–976: overseas departments and Saint-Pierre-et-Miquelon; 984–988: TAAF, Wallis-et-Futuna,
// French Polynesia, New Caledonia. 980 is Monaco, a foreign country, so it is refused.
const OVERSEAS_POSTAL = new Set(["971", "972", "973", "974", "975", "976", "984", "986", "987", "988"]);

export function parseFrenchPostalCode(text: string): Checked<FrenchPostalCode, "format" | "department"> {
  const code = text.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (!/^\d{5}$/.test(code)) return fail("format");
  const two = Number(code.slice(0, 2));
  if (two === 20) return ok({ code, department: Number(code.slice(2, 3)) < 2 ? "2A" : "2B" });
  if (two >= 1 && two <= 95) return ok({ code, department: code.slice(0, 2) });
  const three = code.slice(0, 3);
  return OVERSEAS_POSTAL.has(three) ? ok({ code, department: three }) : fail("department");
}

// ---------------------------------------------------------------------------------------------
// ISO 11649 structured creditor reference ("RF" reference) for bank transfers

function mod97(alphanumeric: string): number {
  // Letters count as two digits (A = 10 … Z = 35); folding digit by digit keeps numbers small.
  let remainder = 0;
  for (const c of alphanumeric) {
    const n = Number.parseInt(c, 36);
    remainder = n > 9 ? (remainder * 100 + n) % 97 : (remainder * 10 + n) % 97;
  }
  return remainder;
}

function normaliseReference(text: string): string {
  return text.replace(/[\s\u00a0\u202f-]/g, "").toUpperCase();
}

/**
 * The RF reference for `base` (1 to 21 letters or digits, for example a case reference without
 * its dashes), in electronic form "RF18539007547034". Throws on a base that cannot be encoded:
 * bases are built by the platform, never typed by a person.
 */
export function makeRfReference(base: string): string {
  const body = normaliseReference(base);
  if (!/^[A-Z0-9]{1,21}$/.test(body)) {
    throw new RangeError(`an RF reference base is 1 to 21 letters or digits, got ${JSON.stringify(base)}`);
  }
  const check = 98 - mod97(`${body}RF00`);
  return `RF${String(check).padStart(2, "0")}${body}`;
}

/** Checks an RF reference as typed or printed ("RF18 5390 0754 7034" or electronic form). */
export function isValidRfReference(text: string): boolean {
  const value = normaliseReference(text);
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(value)) return false;
  return mod97(value.slice(4) + value.slice(0, 4)) === 1;
}

/** Print form in groups of four, as ISO 11649 recommends for paper. */
export function formatRfReference(reference: string): string {
  return normaliseReference(reference).replace(/(.{4})(?=.)/g, "$1 ");
}
