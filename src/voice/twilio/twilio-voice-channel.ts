import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import type { Channel, OutboundAction, ProviderStatus, SendResult } from "../../collection/channel";
import type { Db } from "../../platform/db/client";
import type { CallOutcome } from "../policy/types";
import { stepOutcome } from "../sandbox/sandbox-voice-channel";
import { voiceCalls } from "../schema";
import { openCallRecord } from "../session/record-call";
import { signCallToken } from "./call-token";
import { TWILIO_PROVIDER } from "./live-call";
import { createCall, escapeXml, type TwilioAccount, TwilioApiError } from "./twilio-api";

// The engine's voice_call channel over Twilio: one REST call creates the outbound call with inline
// TwiML that connects a bidirectional media stream to Relance; the stream (voice/http/twilio-routes.ts)
// runs the conversation and writes the call record. `send` waits for that record, so the scenario
// learns answered / no answer / voicemail like it does from the sandbox; a call still running when the
// wait ends is reported as sent and its outcome reaches the case through its own events.

export const TWILIO_STREAM_PATH = "/voice/twilio/stream";
export const TWILIO_STATUS_PATH = "/webhooks/twilio/voice/status";
/** Where Twilio posts the end of a transfer's dialled leg (`<Dial action>`), answered or not. */
export const TWILIO_TRANSFER_PATH = "/webhooks/twilio/voice/transfer";

export interface TwilioVoiceOptions {
  account: TwilioAccount;
  from: string;
  publicUrl: string;
  secret: string;
  /** Kept under the outbox lease (5 min) so a long call is not mistaken for a crashed send. */
  waitMs?: number;
  pollMs?: number;
  /** Asynchronous answering-machine detection (on by default): a voicemail gets the persona's message. */
  machineDetection?: boolean;
}

export function streamUrl(publicUrl: string): string {
  return `${publicUrl.replace(/^http/, "ws")}${TWILIO_STREAM_PATH}`;
}

/** `<Connect><Stream>` takes no query string: the call is named by signed <Parameter>s. */
export function streamTwiml(publicUrl: string, token: string, attempt: number): string {
  const p = (name: string, value: string) => `<Parameter name="${name}" value="${escapeXml(value)}"/>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="${escapeXml(streamUrl(publicUrl))}">` +
    `${p("token", token)}${p("attempt", String(attempt))}</Stream></Connect></Response>`
  );
}

export function twilioVoiceChannel(db: Db, now: () => Date, o: TwilioVoiceOptions): Channel {
  const statusUrl = `${o.publicUrl}${TWILIO_STATUS_PATH}`;
  const waitForOutcome = async (callId: string): Promise<CallOutcome | null> => {
    const deadline = performance.now() + (o.waitMs ?? 270_000);
    while (performance.now() < deadline) {
      // The outcome only: the row carries the transcript, written line by line while the call runs.
      const [row] = await db
        .select({ outcome: voiceCalls.outcome })
        .from(voiceCalls)
        .where(eq(voiceCalls.id, callId));
      if (row?.outcome) return row.outcome as CallOutcome;
      await sleep(o.pollMs ?? 250);
    }
    return null;
  };
  const sent = (callId: string, outcome: CallOutcome | null): SendResult => ({
    status: "sent",
    provider: TWILIO_PROVIDER,
    providerRef: callId,
    ...(outcome ? { outcome: stepOutcome(outcome) } : {}),
  });
  return {
    provider: TWILIO_PROVIDER,
    concurrency: 8,
    async send(action: OutboundAction): Promise<SendResult> {
      const [existing] = await db
        .select()
        .from(voiceCalls)
        .where(eq(voiceCalls.idempotencyKey, action.idempotencyKey));
      if (existing?.outcome) return sent(existing.id, existing.outcome as CallOutcome);
      // Twilio has no idempotency key: a call that was placed is waited for, never placed twice.
      if (existing?.providerRef) return sent(existing.id, await waitForOutcome(existing.id));
      const start = now();
      const opened = await openCallRecord(db, action, existing, {
        provider: TWILIO_PROVIDER,
        status: "queued",
        start,
      });
      if (!opened)
        return { status: "failed", provider: TWILIO_PROVIDER, error: "no reachable phone", retryable: false };
      const { callId, target } = opened;
      const form = new URLSearchParams([
        ["To", target.phone.e164],
        ["From", o.from],
        ["Twiml", streamTwiml(o.publicUrl, signCallToken(o.secret, callId), action.attempt)],
        // The call id rides in the query (covered by Twilio's signature): a quick "busy" or "failed"
        // can arrive before this process has stored the call SID.
        ["StatusCallback", `${statusUrl}?call=${callId}`],
        ["StatusCallbackMethod", "POST"],
        ["StatusCallbackEvent", "initiated"],
        ["StatusCallbackEvent", "ringing"],
        ["StatusCallbackEvent", "answered"],
        ["StatusCallbackEvent", "completed"],
        ["Timeout", "30"],
      ]);
      if (o.machineDetection !== false) {
        form.append("MachineDetection", "DetectMessageEnd");
        form.append("AsyncAmd", "true");
        form.append("AsyncAmdStatusCallback", `${statusUrl}?call=${callId}`);
        form.append("AsyncAmdStatusCallbackMethod", "POST");
      }
      if (target.ctx.recordingNotice) {
        // Both sides on their own channel; the audio stays at Twilio, its reference comes back here.
        form.append("Record", "true");
        form.append("RecordingChannels", "dual");
        form.append("RecordingStatusCallback", `${statusUrl}?call=${callId}`);
        form.append("RecordingStatusCallbackMethod", "POST");
        form.append("RecordingStatusCallbackEvent", "completed");
      }
      let sid: string;
      try {
        sid = await createCall(o.account, form);
      } catch (error) {
        // Nothing was dialled: forget the row so a retry places the call afresh.
        await db.delete(voiceCalls).where(eq(voiceCalls.id, callId));
        const status = error instanceof TwilioApiError ? error.status : 0;
        const retryable = status === 0 || status === 429 || status >= 500;
        return { status: "failed", provider: TWILIO_PROVIDER, error: (error as Error).message, retryable };
      }
      // The stream may already have claimed the row with the same SID; writing it again is harmless.
      await db.update(voiceCalls).set({ providerRef: sid }).where(eq(voiceCalls.id, callId));
      return sent(callId, await waitForOutcome(callId));
    },
    async status(idempotencyKey: string): Promise<ProviderStatus> {
      const [row] = await db.select().from(voiceCalls).where(eq(voiceCalls.idempotencyKey, idempotencyKey));
      if (!row?.providerRef) return { status: "not_found" };
      if (!row.outcome) return { status: "sent", providerRef: row.id, sentAt: row.startedAt };
      return {
        status: "delivered",
        providerRef: row.id,
        outcome: stepOutcome(row.outcome as CallOutcome),
        sentAt: row.startedAt,
      };
    },
  };
}
