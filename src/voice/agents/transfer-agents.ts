import { and, asc, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { agency } from "../../cases/schema";
import { appendEvent } from "../../cases/timeline";
import { AGENCY_ROLES } from "../../platform/auth/roles";
import { users } from "../../platform/auth/schema";
import type { Db, Executor } from "../../platform/db/client";
import { notFound, validationError } from "../../platform/errors";
import type { Locale } from "../../platform/i18n";
import { parsePhone } from "../../platform/identifiers";
import { voiceCalls } from "../schema";

// Who can take a call a voice agent hands over: agency staff, enabled, with a phone number, who said
// they are available for transfers and are not already on a transferred call. Only then does the policy
// offer a transfer; otherwise it books an appointment or a call-back. The presence flag is the agent's
// own switch in the back office; calls go round the free collectors, the one who waited longest first.

export interface TransferAgent {
  userId: string;
  /** E.164, as Twilio's `<Dial>` takes it. */
  e164: string;
}

/**
 * Longest a collector counts as busy after a transfer when the carrier never says the dialled leg ended
 * (a lost callback): long enough for a conversation, short enough not to sideline them for the day.
 */
export const TRANSFER_BUSY_MS = 30 * 60_000;

const eligible = (now: Date) =>
  and(
    eq(users.availableForTransfers, true),
    isNull(users.disabledAt),
    isNotNull(users.phone),
    inArray(users.role, [...AGENCY_ROLES]),
    or(isNull(users.transferBusyUntil), lte(users.transferBusyUntil, now)),
  );

/** Whether someone could take a transfer now: the policy offers one only then (else an appointment). */
export async function transferAgentAvailable(db: Executor, now: Date): Promise<boolean> {
  const rows = await db.select({ phone: users.phone }).from(users).where(eligible(now));
  return rows.some((r) => parsePhone(r.phone ?? "").ok);
}

/**
 * Hands the call to the available collector who waited longest since their last transfer (round robin),
 * skipping those on a transferred call; marks them busy and the call as theirs, in one transaction, so
 * two calls transferring at once never reach the same collector. Null when nobody is free.
 */
export async function claimTransferAgent(db: Db, callId: string, now: Date): Promise<TransferAgent | null> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: users.id, phone: users.phone })
      .from(users)
      .where(eligible(now))
      .orderBy(sql`${users.lastTransferAt} asc nulls first`, asc(users.id))
      .for("update", { skipLocked: true });
    for (const row of rows) {
      const phone = parsePhone(row.phone ?? "");
      if (!phone.ok) continue;
      await tx
        .update(users)
        .set({ lastTransferAt: now, transferBusyUntil: new Date(now.getTime() + TRANSFER_BUSY_MS) })
        .where(eq(users.id, row.id));
      await tx.update(voiceCalls).set({ transferredToUserId: row.id }).where(eq(voiceCalls.id, callId));
      return { userId: row.id, e164: phone.value.e164 };
    }
    return null;
  });
}

/** Carrier outcomes of the dialled leg (Twilio's DialCallStatus). */
export type DialOutcome = "completed" | "answered" | "busy" | "no-answer" | "failed" | "canceled";

/**
 * The dialled leg of a transfer ended: the collector is free again, and the case's timeline says whether
 * they took the call. Returns the call's case when the transfer was ours (null otherwise).
 */
export async function endTransfer(
  db: Db,
  call: { provider: string; providerRef: string },
  outcome: DialOutcome,
  durationS: number,
  now: Date,
): Promise<{ caseId: string; answered: boolean; locale: Locale } | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(voiceCalls)
      .where(and(eq(voiceCalls.provider, call.provider), eq(voiceCalls.providerRef, call.providerRef)));
    if (!row?.transferredToUserId) return null;
    await tx.update(users).set({ transferBusyUntil: null }).where(eq(users.id, row.transferredToUserId));
    const answered = outcome === "completed" || outcome === "answered";
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId: row.caseId,
      type: answered ? "voice.transfer_answered" : "voice.transfer_unanswered",
      at: now,
      actor: { type: "system", id: null },
      data: { callId: row.id, agentId: row.transferredToUserId, outcome, durationS },
      visibleToCreditor: false,
    });
    return { caseId: row.caseId, answered, locale: row.locale === "en" ? "en" : "fr" };
  });
}

/** An agent switches their own availability; being available needs a valid phone number to be dialled. */
export async function setTransferPresence(
  db: Db,
  userId: string,
  available: boolean,
): Promise<{ availableForTransfers: boolean }> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw notFound("User");
  if (available && !(user.phone && parsePhone(user.phone).ok)) {
    throw validationError([{ field: "phone", message: "a valid phone number is needed to take transfers" }]);
  }
  await db.update(users).set({ availableForTransfers: available }).where(eq(users.id, userId));
  return { availableForTransfers: available };
}

export interface VoiceSettings {
  /** Record calls (the agent then says so, CNIL); recordings are purged after 6 months. */
  recordCalls: boolean;
}

export async function getVoiceSettings(db: Db): Promise<VoiceSettings> {
  const [row] = await db.select({ recordCalls: agency.recordCalls }).from(agency).where(eq(agency.id, 1));
  return { recordCalls: row?.recordCalls ?? false };
}

export async function saveVoiceSettings(db: Db, settings: VoiceSettings): Promise<VoiceSettings> {
  const updated = await db
    .update(agency)
    .set({ recordCalls: settings.recordCalls })
    .where(eq(agency.id, 1))
    .returning({ recordCalls: agency.recordCalls });
  if (updated.length === 0)
    throw validationError([{ field: "agency", message: "save the agency's identity (name, address) first" }]);
  return { recordCalls: updated[0]!.recordCalls };
}
