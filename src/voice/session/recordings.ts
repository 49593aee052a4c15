import { and, eq, isNotNull, lt } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "../../platform/db/client";
import { voiceCalls } from "../schema";

// Call recordings: made only when the agency turned recording on (the agent then says so in its
// opening), referenced on the call (the audio stays with the carrier), and deleted once they are six
// months old — the longest the agency keeps them (docs/compliance.md). The purge runs in every engine
// pass; the carrier is asked to delete first, so a failure leaves the reference for the next pass.

export const RECORDING_RETENTION_MONTHS = 6;

export interface RecordingReport {
  callId: string;
  /** The carrier's call id: a recording is kept only for the call it belongs to. */
  providerRef: string;
  recordingRef: string;
  durationMs: number;
  at: Date;
}

export async function storeRecording(db: Db, r: RecordingReport): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/.test(r.callId)) return false;
  const updated = await db
    .update(voiceCalls)
    .set({ recordingRef: r.recordingRef, recordingDurationMs: r.durationMs, recordedAt: r.at })
    .where(and(eq(voiceCalls.id, r.callId), eq(voiceCalls.providerRef, r.providerRef)))
    .returning({ id: voiceCalls.id });
  return updated.length > 0;
}

/** Deletes recordings older than the retention; returns how many went. */
export async function purgeExpiredRecordings(
  db: Db,
  now: Date,
  /** False when the provider cannot be reached now (not configured): the reference stays for later. */
  deleteAtProvider: (recordingRef: string, provider: string) => Promise<boolean>,
  limit = 200,
): Promise<number> {
  const cutoff = DateTime.fromJSDate(now).minus({ months: RECORDING_RETENTION_MONTHS }).toJSDate();
  const expired = await db
    .select({ id: voiceCalls.id, ref: voiceCalls.recordingRef, provider: voiceCalls.provider })
    .from(voiceCalls)
    .where(and(isNotNull(voiceCalls.recordingRef), lt(voiceCalls.recordedAt, cutoff)))
    .limit(limit);
  let purged = 0;
  for (const row of expired) {
    if (!(await deleteAtProvider(row.ref!, row.provider))) continue;
    const done = await db
      .update(voiceCalls)
      .set({ recordingRef: null, recordingPurgedAt: now })
      .where(and(eq(voiceCalls.id, row.id), eq(voiceCalls.recordingRef, row.ref!)))
      .returning({ id: voiceCalls.id });
    purged += done.length;
  }
  return purged;
}
