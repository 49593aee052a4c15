import { eq } from "drizzle-orm";
import { appendEvent } from "../../cases/timeline";
import type { Db } from "../../platform/db/client";
import type { CallOutcome, NonPaymentReason } from "../policy/types";
import { type CallCost, type TranscriptEntry, voiceCalls } from "../schema";

// After the call: the record (outcome, reason, transcript, cost) and its timeline event commit
// together. Holds and contact-point changes were written by the tools as they happened.

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
