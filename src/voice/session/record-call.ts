import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { appendEvent } from "../../cases/timeline";
import type { OutboundAction } from "../../collection/channel";
import type { Db } from "../../platform/db/client";
import type { PersonaKey } from "../personas/persona";
import type { CallOutcome, NonPaymentReason } from "../policy/types";
import { type CallCost, type TranscriptEntry, voiceCalls } from "../schema";
import { type CallTarget, loadCallTarget } from "./load-call-context";

// After the call: the record (outcome, reason, transcript, cost) and its timeline event commit
// together. Holds and contact-point changes were written by the tools as they happened.

export type CallRecord = typeof voiceCalls.$inferSelect;

/**
 * Before the call: who is called and the call's record, written once per idempotency key (a retried
 * send finds its record again). `null` when the debtor has no reachable phone.
 */
export async function openCallRecord(
  db: Db,
  action: OutboundAction,
  existing: CallRecord | undefined,
  record: { provider: string; status: "in_progress" | "queued"; start: Date; providerRefIsId?: boolean },
): Promise<{
  callId: string;
  target: CallTarget & { phone: NonNullable<CallTarget["phone"]> };
} | null> {
  const persona = (action.persona ?? "courteous") as PersonaKey;
  const target = await loadCallTarget(db, action.caseId, {
    persona,
    attempt: action.attempt,
    now: record.start,
    phone: typeof action.payload.to === "string" ? action.payload.to : undefined,
  });
  if (!target.phone) return null;
  const callId = existing?.id ?? randomUUID();
  if (!existing) {
    await db.insert(voiceCalls).values({
      id: callId,
      creditorId: target.creditorId,
      caseId: target.caseId,
      idempotencyKey: action.idempotencyKey,
      personaKey: persona,
      locale: target.ctx.locale,
      provider: record.provider,
      ...(record.providerRefIsId ? { providerRef: callId } : {}),
      status: record.status,
      startedAt: record.start,
    });
  }
  return { callId, target: target as CallTarget & { phone: NonNullable<CallTarget["phone"]> } };
}

export interface FinishedCall {
  callId: string;
  caseId: string;
  creditorId: string;
  outcome: CallOutcome;
  reason: NonPaymentReason | null;
  flags: readonly string[];
  transcript: TranscriptEntry[];
  cost: CallCost;
  answeredAt: Date | null;
  endedAt: Date;
  durationMs: number;
  summary: string;
}

export async function recordCallEnd(db: Db, call: FinishedCall): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(voiceCalls)
      .set({
        status: call.outcome === "failed" ? "failed" : "completed",
        outcome: call.outcome,
        nonPaymentReason: call.reason,
        summary: call.summary,
        flags: [...call.flags],
        transcript: call.transcript,
        cost: call.cost,
        answeredAt: call.answeredAt,
        endedAt: call.endedAt,
        durationMs: call.durationMs,
      })
      .where(eq(voiceCalls.id, call.callId));
    await appendEvent(tx, {
      creditorId: call.creditorId,
      caseId: call.caseId,
      type: "voice.call_completed",
      at: call.endedAt,
      actor: { type: "voice_agent", id: call.callId },
      data: {
        callId: call.callId,
        outcome: call.outcome,
        reason: call.reason,
        durationMs: call.durationMs,
        costMicros: call.cost.totalMicros,
        summary: call.summary,
      },
    });
  });
}
