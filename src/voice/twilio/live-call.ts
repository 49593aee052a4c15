import { and, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import type { LiveEvents } from "../../platform/live-events";
import type { Logger } from "../../platform/logger";
import { claimTransferAgent } from "../agents/transfer-agents";
import type { Brain } from "../brains/brain";
import type { PersonaKey } from "../personas/persona";
import { voiceCalls } from "../schema";
import { callCost } from "../session/call-cost";
import { CallSession } from "../session/call-session";
import { liveCallFeed } from "../session/live-call-feed";
import { loadCallTarget } from "../session/load-call-context";
import { recordCallEnd } from "../session/record-call";
import { caseCallTools } from "../tools/case-call-tools";
import { verifyCallToken } from "./call-token";
import type { StartMessage } from "./media-messages";
import type { AdmittedCall } from "./media-stream";

// A media stream becomes a live call only when its `start` carries our signed token for a call we
// placed through Twilio that has not ended, and the call SID matches the one Twilio gave us. The
// session then runs the real policy, brain and case tools; the record is written when the stream stops.

export const TWILIO_PROVIDER = "twilio";

export interface LiveCallDeps {
  db: Db;
  secret: string;
  brain: Brain;
  now: () => Date;
  /** The live-event hub: the back office follows the call and its transcript as it runs. */
  live?: LiveEvents;
  logger?: Logger;
}

export async function admitTwilioCall(d: LiveCallDeps, m: StartMessage): Promise<AdmittedCall | null> {
  const callId = verifyCallToken(d.secret, m.start.customParameters.token);
  if (!callId || !/^[0-9a-f-]{36}$/.test(callId)) return null;
  const answeredAt = d.now();
  // Guarded claim, in one statement: a call we placed through Twilio, still queued, whose SID (once
  // Twilio gave it) is this stream's. A replayed `start` for the same call finds it no longer queued.
  const [row] = await d.db
    .update(voiceCalls)
    .set({ status: "in_progress", answeredAt, providerRef: m.start.callSid })
    .where(
      and(
        eq(voiceCalls.id, callId),
        eq(voiceCalls.provider, TWILIO_PROVIDER),
        eq(voiceCalls.status, "queued"),
        isNull(voiceCalls.outcome),
        or(isNull(voiceCalls.providerRef), eq(voiceCalls.providerRef, m.start.callSid)),
      ),
    )
    .returning({ caseId: voiceCalls.caseId, personaKey: voiceCalls.personaKey });
  if (!row) return null;
  const attempt = Number(m.start.customParameters.attempt ?? "1") || 1;
  const target = await loadCallTarget(d.db, row.caseId, {
    persona: row.personaKey as PersonaKey,
    attempt,
    now: answeredAt,
  });
  const clock = { now: d.now, timeZone: target.timeZone };
  const tools = caseCallTools({
    db: d.db,
    caseId: target.caseId,
    creditorId: target.creditorId,
    contactPointId: target.phone?.contactPointId ?? null,
    callId,
    timeZone: target.timeZone,
    locale: target.ctx.locale,
    transferAgent: () => claimTransferAgent(d.db, callId, d.now()),
    now: d.now,
  });
  const feed = d.live
    ? liveCallFeed({
        db: d.db,
        live: d.live,
        logger: d.logger,
        call: { callId, caseId: target.caseId, creditorId: target.creditorId },
        persistTranscript: true,
      })
    : undefined;
  const session = new CallSession(target.ctx, d.brain, tools, clock, feed);
  feed?.started();
  return {
    callId,
    session,
    locale: target.ctx.locale,
    async finish({ durationMs, sttSeconds }) {
      const outcome = session.outcome ?? "no_agreement";
      const debtorTurns = session.transcript.filter((t) => t.speaker === "debtor").length;
      await recordCallEnd(d.db, {
        callId,
        caseId: target.caseId,
        creditorId: target.creditorId,
        outcome,
        reason: session.reason,
        flags: session.flags,
        transcript: session.transcript,
        cost: callCost({
          telephonySeconds: Math.ceil(durationMs / 1000),
          sttSeconds: Math.ceil(sttSeconds),
          ttsCharacters: session.usage.ttsCharacters,
          llmPromptTokens: session.usage.llmPromptTokens,
          llmCompletionTokens: session.usage.llmCompletionTokens,
        }),
        answeredAt,
        endedAt: new Date(answeredAt.getTime() + durationMs),
        durationMs,
        summary: `${outcome} after ${debtorTurns} debtor turn(s) (${d.brain.name})`,
      });
      await feed?.ended();
    },
  };
}

/** Twilio's final status for a call that never streamed: busy, no answer, failed, cancelled. */
export async function recordUnansweredCall(
  db: Db,
  callId: string,
  callSid: string,
  callStatus: string,
  at: Date,
): Promise<boolean> {
  const terminal: Record<string, "no_answer" | "failed"> = {
    busy: "no_answer",
    "no-answer": "no_answer",
    canceled: "no_answer",
    completed: "no_answer",
    failed: "failed",
  };
  const outcome = terminal[callStatus];
  if (!outcome) return false;
  if (!/^[0-9a-f-]{36}$/.test(callId)) return false;
  const [row] = await db.select().from(voiceCalls).where(eq(voiceCalls.id, callId));
  if (row?.provider !== TWILIO_PROVIDER || (row.providerRef && row.providerRef !== callSid)) return false;
  // A call that streamed is recorded by its stream; only calls still queued are closed here, once.
  const claimed = await db
    .update(voiceCalls)
    .set({ status: "in_progress", providerRef: callSid })
    .where(and(eq(voiceCalls.id, callId), eq(voiceCalls.status, "queued"), isNull(voiceCalls.outcome)))
    .returning({ id: voiceCalls.id });
  if (claimed.length === 0) return false;
  await recordCallEnd(db, {
    callId: row.id,
    caseId: row.caseId,
    creditorId: row.creditorId,
    outcome,
    reason: null,
    flags: [],
    transcript: [],
    cost: callCost({
      telephonySeconds: 0,
      sttSeconds: 0,
      ttsCharacters: 0,
      llmPromptTokens: 0,
      llmCompletionTokens: 0,
    }),
    answeredAt: null,
    endedAt: at,
    durationMs: 0,
    summary: `Twilio call ${callStatus}`,
  });
  return true;
}
