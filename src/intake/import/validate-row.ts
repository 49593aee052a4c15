// Business checks on a parsed row before it may become a claim: identifiers (platform/identifiers),
// amounts, currency, due date and prescription. Each fault is named (line, field, value, reason) so
// the creditor fixes the file in one pass. Runs a million times per large file: results that repeat
// (prescription per due date, time zone per postal code) are memoised per import.

import type { PostalAddress } from "../../cases/schema";
import { localDateOf } from "../../law/fr/business-days";
import { prescriptionDate } from "../../law/fr/prescription";
import { timeZoneForAddress } from "../../law/time-zone";
import {
  type PhoneLineType,
  parseEmail,
  parseFrenchPostalCode,
  parsePhone,
  parseSiren,
  parseSiret,
} from "../../platform/identifiers";
import type { IntakeRow } from "../parse/types";
import { foldForMatch, parseCurrency } from "../parse/values";

export type ImportErrorReason =
  | "invalid_siren"
  | "invalid_siret"
  | "siret_not_of_siren"
  | "invalid_email"
  | "invalid_phone"
  | "invalid_postal_code"
  | "invalid_currency"
  | "amount_not_positive"
  | "due_date_in_future"
  | "prescribed"
  | "seller_not_creditor";

export interface ImportError {
  line: number;
  field: string;
  value: string;
  reason: string;
}

export interface Phone {
  e164: string;
  type: PhoneLineType;
}

/** A row that passed every check, normalised for the batch writer. */
export interface ValidRow {
  line: number;
  number: string;
  issueDate: string;
  dueDate: string;
  principalCents: number;
  currency: string;
  /** "unknown" in the source is treated as a person: the shorter prescription and no B2B indemnity. */
  kind: "person" | "company";
  name: string;
  companyName?: string;
  firstName?: string;
  lastName?: string;
  siren?: string;
  siret?: string;
  email?: string;
  phones: Phone[];
  address?: PostalAddress;
  customerCode?: string;
  timeZone: string;
  lawRegion: string;
  outOfStatuteDate: string;
  extra: Record<string, string>;
  /** Merge keys, most specific first (see debtorMatchKeys). */
  keys: string[];
  /** How many leading keys may match an existing debtor (a SIREN row merges on ref/SIREN only). */
  matchable: number;
  evidence?: IntakeRow["evidence"];
}

export interface ValidationContext {
  now: Date;
  creditorSiren: string;
}

const LEGAL_FORMS = new Set([
  "sarl",
  "sas",
  "sasu",
  "sa",
  "eurl",
  "snc",
  "sci",
  "scp",
  "ste",
  "societe",
  "ets",
  "etablissements",
]);

/** Name as compared for merging: folded, legal forms dropped ("Durand S.A.R.L." = "DURAND SARL"). */
export function normaliseName(name: string): string {
  const words = foldForMatch(
    name.replace(/\b(S)\.(A)\.(R)\.(L)\.?/gi, "SARL").replace(/\b(S)\.(A)\.(S)\.?/gi, "SAS"),
  )
    .split(" ")
    .filter((w) => w !== "" && !LEGAL_FORMS.has(w));
  return words.join(" ");
}

// libphonenumber is exact but costs ~9 µs a number; metropolitan mobile and geographic numbers,
// the bulk of a French file, are checked against the same FR patterns (libphonenumber-js
// metadata, fixed line and mobile) directly. Overseas prefixes and anything else take the full path.
const FR_FIXED = /^(?:(?:26[013-9]|59[1-35-9])\d{6}|(?:[13]\d|2[0-57-9]|4[1-9]|5[0-8])\d{7})$/;
const FR_MOBILE = /^(?:6(?:[0-24-8]\d|3[0-8]|9[589])|7[3-9]\d)\d{6}$/;
const FR_NATIONAL = /^(?:\+33|0033|0)([1-9]\d{8})$/;
const OVERSEAS_LEAD = /^(?:59|69|26|63)/;

export function checkPhone(text: string): Phone | null {
  const compact = text.replace(/[\s\u00a0.\-()]/g, "");
  const m = FR_NATIONAL.exec(compact);
  if (m && !OVERSEAS_LEAD.test(m[1]!)) {
    const national = m[1]!;
    if (FR_MOBILE.test(national)) return { e164: `+33${national}`, type: "mobile" };
    if (FR_FIXED.test(national)) return { e164: `+33${national}`, type: "fixed" };
  }
  const full = parsePhone(text);
  return full.ok ? { e164: full.value.e164, type: full.value.type } : null;
}

export class RowValidator {
  private readonly prescription = new Map<string, string>();
  private readonly zones = new Map<string, { timeZone: string; region: string; today: string }>();

  constructor(private readonly ctx: ValidationContext) {}

  /** The valid row, or the errors that keep it out (appended to `errors`). */
  validate(row: IntakeRow, errors: ImportError[]): ValidRow | null {
    const before = errors.length;
    const { line, debtor: d, claim: c } = row;
    const fail = (field: string, value: string, reason: ImportErrorReason) =>
      errors.push({ line, field, value, reason });

    let siren: string | undefined;
    let siret: string | undefined;
    if (d.siren) {
      const r = parseSiren(d.siren);
      if (r.ok) siren = r.value;
      else fail("siren", d.siren, "invalid_siren");
    }
    if (d.siret) {
      const r = parseSiret(d.siret);
      if (r.ok) siret = r.value;
      else fail("siret", d.siret, "invalid_siret");
      if (r.ok && siren && !r.value.startsWith(siren)) fail("siret", d.siret, "siret_not_of_siren");
    }
    let email: string | undefined;
    if (d.email) {
      const r = parseEmail(d.email);
      if (r.ok) email = r.value;
      else fail("email", d.email, "invalid_email");
    }
    const phones: Phone[] = [];
    for (const [field, raw] of [
      ["phone", d.phone],
      ["mobile", d.mobile],
    ] as const) {
      if (!raw) continue;
      const p = checkPhone(raw);
      if (p) {
        if (!phones.some((x) => x.e164 === p.e164)) phones.push(p);
      } else fail(field, raw, "invalid_phone");
    }
    const country = d.country && /^[A-Z]{2}$/.test(d.country) ? d.country : "FR";
    if (d.postalCode && country === "FR" && !parseFrenchPostalCode(d.postalCode).ok) {
      fail("postal_code", d.postalCode, "invalid_postal_code");
    }
    const currency = parseCurrency(c.currency);
    if (typeof currency !== "string") fail("currency", c.currency, "invalid_currency");
    if (!(c.amountCents > 0)) fail("amount", String(c.amountCents / 100), "amount_not_positive");
    if (row.seller?.siren && row.seller.siren !== this.ctx.creditorSiren) {
      fail("seller_siren", row.seller.siren, "seller_not_creditor");
    }

    const zone = this.zone(country, d.postalCode);
    if (c.dueDate > zone.today) fail("due_date", c.dueDate, "due_date_in_future");
    const kind = d.kind === "company" ? "company" : "person";
    const outOfStatuteDate = this.prescribedOn(kind, c.dueDate);
    // FR-20/21: 2 years against a consumer, 5 between businesses; a barred claim may not be chased.
    if (zone.today >= outOfStatuteDate) fail("due_date", c.dueDate, "prescribed");
    if (errors.length > before) return null;

    const address =
      d.addressLines.length > 0 && d.postalCode && d.city
        ? {
            line1: d.addressLines[0]!,
            ...(d.addressLines.length > 1 ? { line2: d.addressLines.slice(1).join(", ") } : {}),
            postalCode: d.postalCode,
            city: d.city,
            country,
          }
        : undefined;
    const extra = c.dueDateDerived ? { ...row.extra, dueDateDerived: "true" } : row.extra;
    const valid: ValidRow = {
      line,
      number: c.invoiceNumber,
      issueDate: c.issueDate ?? c.dueDate,
      dueDate: c.dueDate,
      principalCents: c.amountCents,
      currency: currency as string,
      kind,
      name: d.name,
      companyName: d.companyName ?? (kind === "company" ? d.name : undefined),
      firstName: d.firstName,
      lastName: d.lastName ?? (kind === "person" && !d.firstName ? d.name : undefined),
      siren: siren ?? siret?.slice(0, 9),
      siret,
      email,
      phones,
      address,
      customerCode: d.externalRef,
      timeZone: zone.timeZone,
      lawRegion: zone.region,
      outOfStatuteDate,
      extra,
      keys: [],
      matchable: 0,
      evidence: row.evidence,
    };
    setKeys(valid, d.postalCode);
    return valid;
  }

  private prescribedOn(kind: "person" | "company", dueDate: string): string {
    const key = `${kind}${dueDate}`;
    let date = this.prescription.get(key);
    if (date === undefined) {
      date = prescriptionDate({ basis: kind === "person" ? "consumer" : "business", dueDate });
      this.prescription.set(key, date);
    }
    return date;
  }

  private zone(country: string, postalCode: string | undefined) {
    const key = `${country}${postalCode ?? ""}`;
    let z = this.zones.get(key);
    if (z === undefined) {
      const r = timeZoneForAddress({ country, postalCode });
      z = { timeZone: r.timeZone, region: r.region, today: localDateOf(this.ctx.now, r.timeZone) };
      // Bounded: postal codes are a few tens of thousands, but a hostile file could vary them forever.
      if (this.zones.size < 100_000) this.zones.set(key, z);
    }
    return z;
  }
}

function setKeys(row: ValidRow, postalCode: string | undefined): void {
  const keys: string[] = [];
  if (row.customerCode) keys.push(`ref:${row.customerCode}`);
  if (row.siren) keys.push(`siren:${row.siren}`);
  const strong = keys.length;
  const name = normaliseName(row.name);
  if (name !== "") {
    if (postalCode) keys.push(`np:${name}|${postalCode.replace(/\s/g, "")}`);
    if (row.email) keys.push(`ne:${name}|${row.email.toLowerCase()}`);
    for (const p of row.phones) keys.push(`nt:${name}|${p.e164}`);
  }
  row.keys = keys;
  // With a customer code or a SIREN, a name coincidence must not merge two distinct debtors.
  row.matchable = strong > 0 ? strong : keys.length;
}
