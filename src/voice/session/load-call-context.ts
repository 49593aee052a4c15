import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { agency, cases, contactPoints, creditors, debtors, mandates } from "../../cases/schema";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { transferAgentAvailable } from "../agents/transfer-agents";
import type { PersonaKey } from "../personas/persona";
import { getPersona } from "../personas/persona-store";
import type { CallContext } from "../policy/types";

// Everything a call needs to know, read from the case in one go. Debt details go into the context
// but the policy speaks them only after the right-party check.

export interface CallTarget {
  ctx: CallContext;
  caseId: string;
  creditorId: string;
  timeZone: string;
  /** The phone to dial and its contact point; null when the debtor has no reachable phone. */
  phone: { contactPointId: string; e164: string } | null;
}

export interface CallOptions {
  persona: PersonaKey;
  attempt: number;
  now: Date;
  humanAvailable?: boolean;
  recording?: boolean;
  maxCallMs?: number;
  /** Dial this phone of the debtor's (E.164) when it is reachable; the first reachable one otherwise. */
  phone?: string;
}

export async function loadCallTarget(db: Db, caseId: string, o: CallOptions): Promise<CallTarget> {
  const [row] = await db
    .select({ c: cases, d: debtors, cr: creditors, m: mandates })
    .from(cases)
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .innerJoin(creditors, eq(creditors.id, cases.creditorId))
    .innerJoin(mandates, eq(mandates.id, cases.mandateId))
    .where(eq(cases.id, caseId));
  if (!row) throw notFound("Case");
  const [agencyRow] = await db.select().from(agency).where(eq(agency.id, 1));
  const phones = await db
    .select()
    .from(contactPoints)
    .where(and(eq(contactPoints.debtorId, row.d.id), eq(contactPoints.kind, "phone")));
  const reachablePhones = phones.filter(
    (p) => p.status !== "invalid" && !p.optOuts.some((o) => o.channel === "call"),
  );
  const reachable = reachablePhones.find((p) => p.value === o.phone) ?? reachablePhones[0];
  const locale = row.d.locale;
  const persona = await getPersona(db, o.persona, locale);
  const d = row.d;
  const title = locale === "fr" ? { person: "", company: "la société " } : { person: "", company: "" };
  const debtorName =
    d.kind === "company" ? `${title.company}${d.companyName ?? d.displayName}` : d.displayName;
  return {
    caseId,
    creditorId: row.c.creditorId,
    timeZone: d.timeZone,
    phone: reachable ? { contactPointId: reachable.id, e164: reachable.value } : null,
    ctx: {
      locale,
      persona,
      openingIndex: Math.max(0, o.attempt - 1),
      agencyName: agencyRow?.name ?? "Relance",
      agencyPhone: agencyRow?.phone ?? "",
      creditorName: row.cr.legalName,
      debtorName,
      balanceCents: row.c.balanceCents,
      currency: row.c.currency,
      // FR-05: the first letter's reference; the case reference stands in until the letter exists.
      firstLetterRef: row.c.firstLetterRef ?? row.c.reference,
      firstLetterDate: row.c.firstLetterAt
        ? DateTime.fromJSDate(row.c.firstLetterAt, { zone: d.timeZone }).toISODate()
        : null,
      today: DateTime.fromJSDate(o.now, { zone: d.timeZone }).toISODate() ?? o.now.toISOString().slice(0, 10),
      planLimits: row.m.planLimits,
      // The agency's setting: a recorded call says so in its opening (CNIL).
      recordingNotice: o.recording ?? agencyRow?.recordCalls ?? false,
      humanAvailable: o.humanAvailable ?? (await transferAgentAvailable(db, o.now)),
      maxCallMs: o.maxCallMs ?? 6 * 60_000,
    },
  };
}
