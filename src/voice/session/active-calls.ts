import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { cases, creditors, debtors } from "../../cases/schema";
import type { Db } from "../../platform/db/client";
import type { PersonaKey } from "../personas/persona";
import { getPersona } from "../personas/persona-store";
import { type TranscriptEntry, voiceCalls } from "../schema";

// The calls in progress for the back office's live screen, from every process (see live-call-feed.ts).
// The debtor is named by first name only (a company by its name): enough to greet, no more.

/** A call older than this without an outcome was cut by a crash; the live screen ignores it. */
const STALE_MS = 2 * 60 * 60_000;

export interface ActiveCall {
  callId: string;
  caseId: string;
  caseReference: string;
  creditorName: string;
  persona: { key: string; name: string };
  debtorFirstName: string | null;
  provider: string;
  startedAt: string;
  answeredAt: string | null;
  transcript: TranscriptEntry[];
}

export async function listActiveCalls(db: Db, now: Date): Promise<ActiveCall[]> {
  const rows = await db
    .select({
      call: voiceCalls,
      reference: cases.reference,
      creditorName: creditors.legalName,
      debtor: debtors,
    })
    .from(voiceCalls)
    .innerJoin(cases, eq(cases.id, voiceCalls.caseId))
    .innerJoin(creditors, eq(creditors.id, voiceCalls.creditorId))
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(
      and(
        eq(voiceCalls.status, "in_progress"),
        isNull(voiceCalls.outcome),
        gt(voiceCalls.startedAt, new Date(now.getTime() - STALE_MS)),
      ),
    )
    .orderBy(asc(voiceCalls.startedAt))
    .limit(500);
  const names = new Map<string, string>();
  for (const { call } of rows) {
    const key = `${call.personaKey}:${call.locale}`;
    if (!names.has(key))
      names.set(key, (await getPersona(db, call.personaKey as PersonaKey, call.locale as "fr")).name);
  }
  return rows.map(({ call, reference, creditorName, debtor }) => ({
    callId: call.id,
    caseId: call.caseId,
    caseReference: reference,
    creditorName,
    persona: {
      key: call.personaKey,
      name: names.get(`${call.personaKey}:${call.locale}`) ?? call.personaKey,
    },
    debtorFirstName:
      debtor.kind === "company" ? (debtor.companyName ?? debtor.displayName) : debtor.firstName,
    provider: call.provider,
    startedAt: call.startedAt.toISOString(),
    answeredAt: call.answeredAt?.toISOString() ?? null,
    transcript: call.transcript,
  }));
}
