import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { agency, cases, contactPoints, creditors, debtors, mandates } from "../../cases/schema";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { transferAgentAvailable } from "../agents/transfer-agents";
import type { PersonaKey } from "../personas/persona";
import { storedOrDefault } from "../personas/persona-store";
import type { CallContext } from "../policy/types";
import { voicePersonas } from "../schema";

// Everything a call needs to know, read from the case in one go. Debt details go into the context
// but the policy speaks them only after the right-party check.

/** The agency row (single-agency deployments). */
const AGENCY_ID = 1;

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
  // One query for the case and all it joins (a call is placed and admitted many times a second on a
  // busy line), the phones, and whether a collector can take a transfer.
  const [row] = await db
    .select({
      c: {
        creditorId: cases.creditorId,
        balanceCents: cases.balanceCents,
        currency: cases.currency,
        reference: cases.reference,
        firstLetterRef: cases.firstLetterRef,
        firstLetterAt: cases.firstLetterAt,
      },
      d: {
        id: debtors.id,
        kind: debtors.kind,
        displayName: debtors.displayName,
        companyName: debtors.companyName,
        locale: debtors.locale,
        timeZone: debtors.timeZone,
      },
      creditorName: creditors.legalName,
      planLimits: mandates.planLimits,
      agency: { name: agency.name, phone: agency.phone, recordCalls: agency.recordCalls },
      persona: voicePersonas,
    })
    .from(cases)
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .innerJoin(creditors, eq(creditors.id, cases.creditorId))
    .innerJoin(mandates, eq(mandates.id, cases.mandateId))
    .leftJoin(agency, eq(agency.id, AGENCY_ID))
    .leftJoin(
      voicePersonas,
      and(
        eq(voicePersonas.agencyId, AGENCY_ID),
        eq(voicePersonas.key, o.persona),
        eq(voicePersonas.locale, debtors.locale),
      ),
    )
    .where(eq(cases.id, caseId));
  if (!row) throw notFound("Case");
  const agencyRow = row.agency;
  const phones = await db
    .select({
      id: contactPoints.id,
      value: contactPoints.value,
      status: contactPoints.status,
      optOuts: contactPoints.optOuts,
    })
    .from(contactPoints)
    .where(and(eq(contactPoints.debtorId, row.d.id), eq(contactPoints.kind, "phone")));
  const reachablePhones = phones.filter(
    (p) => p.status !== "invalid" && !p.optOuts.some((o) => o.channel === "call"),
  );
  const reachable = reachablePhones.find((p) => p.value === o.phone) ?? reachablePhones[0];
  const locale = row.d.locale;
  const persona = storedOrDefault(row.persona, o.persona, locale);
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
      creditorName: row.creditorName,
      debtorName,
      balanceCents: row.c.balanceCents,
      currency: row.c.currency,
      // FR-05: the first letter's reference; the case reference stands in until the letter exists.
      firstLetterRef: row.c.firstLetterRef ?? row.c.reference,
      firstLetterDate: row.c.firstLetterAt
        ? DateTime.fromJSDate(row.c.firstLetterAt, { zone: d.timeZone }).toISODate()
        : null,
      today: DateTime.fromJSDate(o.now, { zone: d.timeZone }).toISODate() ?? o.now.toISOString().slice(0, 10),
      planLimits: row.planLimits,
      // The agency's setting: a recorded call says so in its opening (CNIL).
      recordingNotice: o.recording ?? agencyRow?.recordCalls ?? false,
      humanAvailable: o.humanAvailable ?? (await transferAgentAvailable(db, o.now)),
      maxCallMs: o.maxCallMs ?? 6 * 60_000,
    },
  };
}
