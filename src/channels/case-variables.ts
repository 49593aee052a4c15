import { asc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { B2B_INDEMNITY_CENTS } from "../cases/create-case";
import { agency, cases, claims, creditors, debtors, type PostalAddress } from "../cases/schema";
import { loadCaseClaims } from "../payments/case-balance";
import type { Executor } from "../platform/db/client";
import { AppError, notFound } from "../platform/errors";
import type { TemplateLang, TemplateVars } from "./templates/types";

// Loads what templates are rendered with for one case, at one moment, in the debtor's zone.

export function addressLines(a: PostalAddress | null | undefined): string[] {
  if (!a) return [];
  const lines = [a.line1, a.line2, `${a.postalCode} ${a.city}`].filter((l): l is string => !!l?.trim());
  if (a.country && a.country !== "FR") lines.push(a.country);
  return lines;
}

export interface CaseVariables {
  vars: TemplateVars;
  creditorId: string;
  debtorId: string;
  timeZone: string;
}

export async function loadCaseVariables(
  db: Executor,
  caseId: string,
  options: { now: Date; portalUrl: string; lang?: TemplateLang },
): Promise<CaseVariables> {
  const [row] = await db
    .select({ c: cases, d: debtors, cr: creditors })
    .from(cases)
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .innerJoin(creditors, eq(creditors.id, cases.creditorId))
    .where(eq(cases.id, caseId));
  if (!row) throw notFound("Case");
  const [ag] = await db.select().from(agency).where(eq(agency.id, 1));
  if (!ag) throw new AppError("unprocessable", "The agency settings are not set: no message can be written");
  const claimRows = await db
    .select()
    .from(claims)
    .where(eq(claims.caseId, caseId))
    .orderBy(asc(claims.dueDate));
  const { buckets, paid } = await loadCaseClaims(db, caseId, row.c.currency, options.now);
  const zone = row.d.timeZone;
  const localDate = (at: Date) => DateTime.fromJSDate(at, { zone }).toISODate()!;
  const vars: TemplateVars = {
    lang: options.lang ?? row.d.locale,
    today: localDate(options.now),
    agency: {
      name: ag.name,
      addressLines: addressLines(ag.address),
      siren: ag.siren,
      phone: ag.phone,
      email: ag.email,
      trustIban: ag.trustIban,
    },
    creditor: { name: row.cr.legalName, addressLines: addressLines(row.cr.address) },
    debtor: { name: row.d.displayName, kind: row.d.kind, addressLines: addressLines(row.d.address) },
    caseReference: row.c.reference,
    currency: row.c.currency,
    claims: claimRows.map((c, i) => {
      // Interest and penalties accrued to today when the mandate claims them (case-balance.ts);
      // otherwise a creditor-supplied amount (extra.interestCents), or no line at all.
      const owed = buckets[i]?.owed;
      const p = paid.get(c.id);
      const accrued =
        (owed?.interest?.amount ?? 0) +
        (owed?.penalties?.amount ?? 0) +
        (p?.interest ?? 0) +
        (p?.penalties ?? 0);
      return {
        number: c.number,
        issueDate: c.issueDate,
        dueDate: c.dueDate,
        principalCents: c.principalCents,
        interestCents: accrued || Number.parseInt(c.extra.interestCents ?? "0", 10) || 0,
        indemnityCents: c.b2bIndemnity ? B2B_INDEMNITY_CENTS : 0,
        paidCents: c.paidCents,
      };
    }),
    portalUrl: options.portalUrl,
    firstLetter:
      row.c.firstLetterRef && row.c.firstLetterAt
        ? { reference: row.c.firstLetterRef, date: localDate(row.c.firstLetterAt) }
        : null,
  };
  return { vars, creditorId: row.c.creditorId, debtorId: row.c.debtorId, timeZone: zone };
}
