import { and, eq } from "drizzle-orm";
import { markContactPointInvalid, optOutContactPoint } from "../../cases/contact-feedback";
import { contactPoints } from "../../cases/schema";
import { recordActionOutcome } from "../../collection/record-action-outcome";
import type { Db } from "../../platform/db/client";
import { channelMessages } from "../schema";
import { twilioStatus } from "./twilio";

// What comes back from the SMS provider: delivery reports for our messages, and the debtor's replies.

// Twilio error 30005: unknown destination handset; 30006: landline or unreachable carrier.
const NUMBER_GONE = new Set(["30005", "30006"]);

export async function recordSmsStatus(
  db: Db,
  messageId: string,
  report: { messageSid: string; status: string; errorCode?: string },
  at: Date,
): Promise<boolean> {
  const status = twilioStatus(report.status);
  if (status === "sent") return true;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(channelMessages)
      .where(and(eq(channelMessages.id, messageId), eq(channelMessages.providerRef, report.messageSid)));
    if (!row) return false;
    const outcome = status === "delivered" ? "delivered" : "not_delivered";
    await tx
      .update(channelMessages)
      .set({ status, outcome, error: report.errorCode ? `twilio ${report.errorCode}` : null, updatedAt: at })
      .where(eq(channelMessages.id, row.id));
    if (
      outcome === "not_delivered" &&
      row.contactPointId &&
      report.errorCode &&
      NUMBER_GONE.has(report.errorCode)
    ) {
      await markContactPointInvalid(
        tx,
        row.contactPointId,
        `sms undeliverable (twilio ${report.errorCode})`,
        { type: "provider", id: row.provider },
        at,
      );
    }
    await recordActionOutcome(tx, {
      idempotencyKey: row.idempotencyKey,
      outcome,
      at,
      event: `sms.${outcome}`,
      data: report.errorCode ? { errorCode: report.errorCode } : {},
    });
    return true;
  });
}

/** Words a debtor sends to stop SMS: the carriers' English set and the French "STOP", "ARRET". */
const STOP_WORDS = new Set([
  "STOP",
  "STOPALL",
  "ARRET",
  "ARRETER",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "STOP SMS",
]);

export function isStopRequest(body: string): boolean {
  const word = body
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z ]/g, "")
    .trim()
    .replace(/\s+/g, " ");
  return STOP_WORDS.has(word);
}

/** An inbound SMS: a STOP opts every contact point with that number out of SMS. Returns how many changed. */
export async function recordInboundSms(db: Db, from: string, body: string, at: Date): Promise<number> {
  if (!isStopRequest(body)) return 0;
  return db.transaction(async (tx) => {
    const points = await tx
      .select({ id: contactPoints.id })
      .from(contactPoints)
      .where(and(eq(contactPoints.kind, "phone"), eq(contactPoints.value, from)));
    let changed = 0;
    for (const p of points) {
      if (await optOutContactPoint(tx, p.id, "sms", "sms_stop", { type: "debtor", id: null }, at)) changed++;
    }
    return changed;
  });
}
