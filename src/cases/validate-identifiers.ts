import type { FieldIssue } from "../platform/errors";
import { parseEmail, parseIban, parsePhone, parseSiren, parseSiret } from "../platform/identifiers";
import type { DebtorInput } from "./create-case.schema";

// Turns the identifier checks of platform/identifiers into field issues for the case use cases, so a bad
// value is named (field, value, reason) and the valid ones are kept normalised.

const REASONS = {
  format: "is not well formed",
  checksum: "fails its check digit",
  country: "has an unknown country code",
} as const;

function check<T, R extends keyof typeof REASONS>(
  result: { ok: true; value: T } | { ok: false; reason: R },
  what: string,
  field: string,
  value: string,
  issues: FieldIssue[],
): T | undefined {
  if (result.ok) return result.value;
  issues.push({ field, message: `is not a valid ${what} (${REASONS[result.reason]})`, value });
  return undefined;
}

export interface DebtorIds {
  siren?: string;
  siret?: string;
  email?: string;
  phone?: { e164: string; type: "mobile" | "fixed" | "unknown" };
}

export function normaliseDebtorIdentifiers(d: DebtorInput, issues: FieldIssue[]): DebtorIds {
  const out: DebtorIds = {};
  if (d.siren) out.siren = check(parseSiren(d.siren), "SIREN", "debtor.siren", d.siren, issues);
  if (d.siret) out.siret = check(parseSiret(d.siret), "SIRET", "debtor.siret", d.siret, issues);
  if (out.siret && out.siren && !out.siret.startsWith(out.siren)) {
    issues.push({ field: "debtor.siret", message: "does not belong to the SIREN given", value: d.siret });
  }
  if (d.email) out.email = normaliseEmail(d.email, "debtor.email", issues);
  if (d.phone) out.phone = normalisePhone(d.phone, "debtor.phone", issues);
  return out;
}

export function normaliseEmail(value: string, field: string, issues: FieldIssue[]): string | undefined {
  // Collection mail goes to addresses as the debtor gave them; only the domain is case-insensitive.
  return check(parseEmail(value), "email address", field, value, issues);
}

export function normalisePhone(
  value: string,
  field: string,
  issues: FieldIssue[],
): { e164: string; type: "mobile" | "fixed" | "unknown" } | undefined {
  const parsed = check(parsePhone(value), "phone number", field, value, issues);
  return parsed ? { e164: parsed.e164, type: parsed.type } : undefined;
}

export function normaliseCreditorIdentifiers(
  c: { siren: string; siret?: string; remittanceIban?: string },
  issues: FieldIssue[],
): { siren: string; siret?: string; remittanceIban?: string } {
  const siren = check(parseSiren(c.siren), "SIREN", "siren", c.siren, issues) ?? c.siren;
  const siret = c.siret ? check(parseSiret(c.siret), "SIRET", "siret", c.siret, issues) : undefined;
  const iban = c.remittanceIban
    ? check(parseIban(c.remittanceIban), "IBAN", "remittanceIban", c.remittanceIban, issues)?.iban
    : undefined;
  return { siren, siret, remittanceIban: iban };
}
