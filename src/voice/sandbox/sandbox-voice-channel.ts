import { eq } from "drizzle-orm";
import type { Channel, OutboundAction, ProviderStatus, SendResult } from "../../collection/channel";
import type { StepOutcome } from "../../collection/scenario";
import type { Db } from "../../platform/db/client";
import type { LiveEvents } from "../../platform/live-events";
import { claimTransferAgent, endTransfer } from "../agents/transfer-agents";
import type { Brain } from "../brains/brain";
import { nluBrain } from "../brains/nlu-brain";
import type { CallOutcome } from "../policy/types";
import { voiceCalls } from "../schema";
import { callCost } from "../session/call-cost";
import { CallSession } from "../session/call-session";
import { liveCallFeed } from "../session/live-call-feed";
import { openCallRecord, recordCallEnd } from "../session/record-call";
import { caseCallTools } from "../tools/case-call-tools";
import { DEBTOR_SCRIPTS, type DebtorProfile, pickProfile } from "./debtor-profiles";

// The embedded voice provider: no carrier, no audio. A simulated debtor answers (or not) from a
// script, the real policy, brain and case tools run, and the call is recorded with an estimated
// duration and cost. It lets `relance run` and demos move through call steps. It is a simulation
// and says so: the call row's provider is "sandbox-voice".

const PROVIDER = "sandbox-voice";
/** Speaking rates for the simulated clock: about 15 characters a second for the agent. */
const AGENT_MS_PER_CHAR = 65;
const DEBTOR_MS_PER_WORD = 350;
const RING_MS = 12_000;

export interface SandboxVoiceOptions {
  brain?: Brain;
  /** Forces one profile (tests); otherwise picked from the case and attempt, or payload.debtorProfile. */
  profile?: DebtorProfile;
  /** Announces calls and transfer requests to the back office (simulated calls last no real time). */
  live?: LiveEvents;
}

export function sandboxVoiceChannel(db: Db, now: () => Date, options: SandboxVoiceOptions = {}): Channel {
  const brain = options.brain ?? nluBrain;
  return {
    provider: PROVIDER,
    concurrency: 8,
    async send(action: OutboundAction): Promise<SendResult> {
      const [existing] = await db
        .select()
        .from(voiceCalls)
        .where(eq(voiceCalls.idempotencyKey, action.idempotencyKey));
      if (existing?.outcome) return sent(existing.id, existing.outcome as CallOutcome);
      const start = now();
      const opened = await openCallRecord(db, action, existing, {
        provider: PROVIDER,
        status: "in_progress",
        start,
        providerRefIsId: true,
      });
      if (!opened)
        return { status: "failed", provider: PROVIDER, error: "no reachable phone", retryable: false };
      const { callId, target } = opened;
      const payloadProfile = action.payload.debtorProfile as DebtorProfile | undefined;
      const profile = options.profile ?? payloadProfile ?? pickProfile(`${action.caseId}:${action.attempt}`);
      let at = 0;
      const clock = { now: () => new Date(start.getTime() + RING_MS + at), timeZone: target.timeZone };
      const tools = caseCallTools({
        db,
        caseId: target.caseId,
        creditorId: target.creditorId,
        contactPointId: target.phone.contactPointId,
        callId,
        timeZone: target.timeZone,
        locale: target.ctx.locale,
        transferAgent: () => claimTransferAgent(db, callId, clock.now()),
        now: clock.now,
      });
      const feed = options.live
        ? liveCallFeed({
            db,
            live: options.live,
            call: { callId, caseId: target.caseId, creditorId: target.creditorId },
            persistTranscript: false,
          })
        : undefined;
      const session = new CallSession(target.ctx, brain, tools, clock, feed);
      feed?.started();
      const speak = (out: { say: { text: string }[] }) => {
        for (const u of out.say) at += u.text.length * AGENT_MS_PER_CHAR;
      };
      let answered = profile !== "no_answer";
      if (profile === "no_answer") {
        answered = false;
      } else if (profile === "voicemail") {
        at += 6000;
        speak(await session.notify({ type: "voicemail", atMs: at }));
      } else {
        speak(await session.start());
        for (const turn of DEBTOR_SCRIPTS[profile]) {
          if (session.ended) break;
          if (typeof turn !== "string") {
            at = Math.max(at, turn.hangupAfterMs);
            await session.notify({ type: "hangup", atMs: at });
            break;
          }
          at += 600 + turn.split(/\s+/).length * DEBTOR_MS_PER_WORD;
          speak(await session.hear(turn, at));
        }
        if (!session.ended) await session.notify({ type: "hangup", atMs: at });
      }
      const outcome: CallOutcome = answered ? (session.outcome ?? "no_agreement") : "no_answer";
      // The simulated collector takes the transferred call and is free again when it ends.
      if (outcome === "transferred")
        await endTransfer(db, { provider: PROVIDER, providerRef: callId }, "completed", 0, clock.now());
      const seconds = answered ? Math.ceil(at / 1000) : 0;
      const listened = session.transcript.filter((t) => t.speaker === "debtor").length;
      await recordCallEnd(db, {
        callId,
        caseId: target.caseId,
        creditorId: target.creditorId,
        outcome,
        reason: session.reason,
        flags: session.flags,
        transcript: session.transcript,
        cost: callCost({
          telephonySeconds: seconds,
          sttSeconds: answered ? seconds : 0,
          ttsCharacters: session.usage.ttsCharacters,
          llmPromptTokens: session.usage.llmPromptTokens,
          llmCompletionTokens: session.usage.llmCompletionTokens,
        }),
        answeredAt: answered ? new Date(start.getTime() + RING_MS) : null,
        endedAt: new Date(start.getTime() + RING_MS + at),
        durationMs: answered ? at : 0,
        summary: `${profile}: ${outcome} after ${listened} debtor turn(s) (simulated)`,
      });
      await feed?.ended();
      return sent(callId, outcome);
    },
    async status(idempotencyKey: string): Promise<ProviderStatus> {
      const [row] = await db.select().from(voiceCalls).where(eq(voiceCalls.idempotencyKey, idempotencyKey));
      if (!row?.outcome) return { status: "not_found" };
      return {
        status: "delivered",
        providerRef: row.id,
        outcome: stepOutcome(row.outcome as CallOutcome),
        sentAt: row.startedAt,
      };
    },
  };
}

function sent(callId: string, outcome: CallOutcome): SendResult {
  return { status: "sent", provider: PROVIDER, providerRef: callId, outcome: stepOutcome(outcome) };
}

/** What the scenario needs to know: answered, not answered (retry), or a machine (retry). */
export function stepOutcome(outcome: CallOutcome): StepOutcome {
  switch (outcome) {
    case "no_answer":
    case "failed":
      return "no_answer";
    case "voicemail":
      return "voicemail";
    case "paid":
    case "paid_link_sent":
    case "promise":
    case "plan":
    case "appointment":
    case "transferred":
    case "dispute":
    case "already_paid":
    case "call_back":
    case "hung_up":
    case "wrong_number":
    case "third_party":
    case "opt_out":
    case "no_agreement":
      return "answered";
    default: {
      const never: never = outcome;
      throw new Error(`unknown outcome ${never}`);
    }
  }
}
