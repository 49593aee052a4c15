import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { agency } from "../../cases/schema";
import { AGENCY_ROLES } from "../../platform/auth/roles";
import { users } from "../../platform/auth/schema";
import type { Db } from "../../platform/db/client";
import { notFound, validationError } from "../../platform/errors";
import { parsePhone } from "../../platform/identifiers";

// Who can take a call a voice agent hands over: agency staff, enabled, with a phone number, who said
// they are available for transfers. Only then does the policy offer a transfer; otherwise it books an
// appointment or a call-back. The presence flag is the agent's own switch in the back office.

export interface TransferAgent {
  userId: string;
  /** E.164, as Twilio's `<Dial>` takes it. */
  e164: string;
}

/** The first available agent whose phone number is valid; null when nobody can take a call now. */
export async function findTransferAgent(db: Db): Promise<TransferAgent | null> {
  const rows = await db
    .select({ id: users.id, phone: users.phone })
    .from(users)
    .where(
      and(
        eq(users.availableForTransfers, true),
        isNull(users.disabledAt),
        isNotNull(users.phone),
        inArray(users.role, [...AGENCY_ROLES]),
      ),
    )
    .orderBy(asc(users.lastLoginAt), asc(users.id));
  for (const row of rows) {
    const phone = parsePhone(row.phone ?? "");
    if (phone.ok) return { userId: row.id, e164: phone.value.e164 };
  }
  return null;
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
