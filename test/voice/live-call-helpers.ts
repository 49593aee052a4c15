import type { Database } from "../../src/platform/db/client";
import type { LiveEvents } from "../../src/platform/live-events";
import { nluBrain } from "../../src/voice/brains/nlu-brain";
import { callCost } from "../../src/voice/session/call-cost";
import { CallSession } from "../../src/voice/session/call-session";
import { liveCallFeed } from "../../src/voice/session/live-call-feed";
import { openCallRecord, recordCallEnd } from "../../src/voice/session/record-call";
import { caseCallTools } from "../../src/voice/tools/case-call-tools";

/**
 * A call the test drives turn by turn, as a media stream would: the real session, policy, NLU and case
 * tools, watched by the live feed. `finish` records it like a transport does when the line drops.
 */
export async function startWatchedCall(
  database: Database,
  live: LiveEvents,
  o: { caseId: string; creditorId: string; now: () => Date; humanAvailable?: boolean },
) {
  const db = database.db;
  const start = o.now();
  const key = `live-test:${o.caseId}:${start.getTime()}`;
  const action = {
    outboxId: key,
    idempotencyKey: key,
    creditorId: o.creditorId,
    caseId: o.caseId,
    channel: "voice_call" as const,
    template: "call",
    persona: "firm",
    attempt: 1,
    payload: {},
  };
  const opened = await openCallRecord(db, action, undefined, {
    provider: "test-carrier",
    status: "in_progress",
    start,
  });
  if (!opened) throw new Error("the test case has no reachable phone");
  const { callId, target } = opened;
  // Presence of a free collector, as the policy and the transfer tool would learn it.
  target.ctx.humanAvailable = o.humanAvailable ?? false;
  const call = { callId, caseId: target.caseId, creditorId: target.creditorId };
  const feed = liveCallFeed({ db, live, call, persistTranscript: true });
  const tools = caseCallTools({
    db,
    ...call,
    contactPointId: target.phone.contactPointId,
    timeZone: target.timeZone,
    locale: target.ctx.locale,
    now: o.now,
    transferAgent: async () => (o.humanAvailable ? { userId: "agent-on-duty", e164: "+33100000000" } : null),
  });
  const session = new CallSession(
    target.ctx,
    nluBrain,
    tools,
    { now: o.now, timeZone: target.timeZone },
    feed,
  );
  feed.started();
  let atMs = 0;
  return {
    callId,
    session,
    start: () => session.start(),
    hear: (text: string) => {
      atMs += 3000;
      return session.hear(text, atMs);
    },
    async finish() {
      atMs += 1000;
      await session.notify({ type: "hangup", atMs });
      await recordCallEnd(db, {
        ...call,
        outcome: session.outcome ?? "no_agreement",
        reason: session.reason,
        flags: session.flags,
        transcript: session.transcript,
        cost: callCost({
          telephonySeconds: Math.ceil(atMs / 1000),
          sttSeconds: 0,
          ttsCharacters: session.usage.ttsCharacters,
          llmPromptTokens: 0,
          llmCompletionTokens: 0,
        }),
        answeredAt: start,
        endedAt: new Date(start.getTime() + atMs),
        durationMs: atMs,
        summary: "test call",
      });
      await feed.ended();
    },
  };
}
