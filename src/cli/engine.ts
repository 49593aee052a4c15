import { agencyReadiness } from "../cases/agency-settings";
import { loadContactPolicies } from "../cases/contact-rules";
import { writtenChannels } from "../channels/wiring";
import type { Channel, ChannelRegistry } from "../collection/channel";
import { lawGate, type Policies } from "../collection/law-gate";
import type { EngineDeps } from "../collection/worker";
import { DEFAULT_FR_POLICY, US_REG_F_POLICY } from "../law/contact-policy";
import { planReminders } from "../payments/commitment-reminders";
import { reviewCommitments } from "../payments/review-commitments";
import type { Config } from "../platform/config";
import type { Db } from "../platform/db/client";
import type { LiveEvents } from "../platform/live-events";
import { messagePortalLinks } from "../portal/links";
import type { Brain } from "../voice/brains/brain";
import { selectBrain } from "../voice/brains/select-brain";
import { sandboxVoiceChannel } from "../voice/sandbox/sandbox-voice-channel";
import { purgeExpiredRecordings } from "../voice/session/recordings";
import { hasRecogniser } from "../voice/speech/select-speech";
import { TWILIO_PROVIDER } from "../voice/twilio/live-call";
import { deleteRecording } from "../voice/twilio/twilio-api";
import { twilioVoiceChannel } from "../voice/twilio/twilio-voice-channel";
import { deliverWebhooks } from "../webhooks/deliver-webhooks";

// The engine's composition: the law kernel as gate, and the providers for each channel. Email, SMS and
// letters are rendered from their templates and go to the providers the configuration names, or to the
// embedded sandbox when none is configured; voice calls go through Twilio when it and a speech
// recogniser are configured, otherwise to the sandbox voice provider (simulated debtors, real policy
// and case tools).

/** The LLM when LLM_BASE_URL and LLM_MODEL are set, otherwise the built-in French understanding. */
export function voiceBrain(config?: Config): Brain {
  return selectBrain(config);
}

/**
 * Twilio needs its credentials, a caller number and a recogniser (DEEPGRAM_API_KEY, STT_BASE_URL, or
 * STT_SIMULATION_URL against a carrier double): no offline French STT exists.
 */
export function voiceChannel(db: Db, now: () => Date, config?: Config, live?: LiveEvents): Channel {
  const t = config?.providers.twilio;
  if (config && t?.accountSid && t.authToken && t.from && hasRecogniser(config)) {
    return twilioVoiceChannel(db, now, {
      account: { apiUrl: t.apiUrl, accountSid: t.accountSid, authToken: t.authToken },
      from: t.from,
      publicUrl: config.publicUrl,
      secret: config.secret,
    });
  }
  return sandboxVoiceChannel(db, now, { brain: voiceBrain(config), live });
}

/** Recordings live at the carrier that made them; the sandbox makes none. */
export function recordingDeleter(config: Config) {
  const t = config.providers.twilio;
  return async (recordingRef: string, provider: string): Promise<boolean> => {
    if (provider !== TWILIO_PROVIDER) return true;
    // Without credentials the recording cannot be deleted at Twilio: keep its reference for a later pass.
    if (!t.accountSid || !t.authToken) return false;
    const account = { apiUrl: t.apiUrl, accountSid: t.accountSid, authToken: t.authToken };
    await deleteRecording(account, recordingRef);
    return true;
  };
}

export function engineChannels(db: Db, now: () => Date, config: Config, live?: LiveEvents): ChannelRegistry {
  return {
    ...writtenChannels(db, now, config, messagePortalLinks(db, config.publicUrl, now)),
    ...(config.providers.voice === "off" ? {} : { voice_call: voiceChannel(db, now, config, live) }),
  };
}

/** `live`: the hub that announces calls to the back office (the worker's; none for replays). */
export function engineDeps(db: Db, now: () => Date, config: Config, live?: LiveEvents): EngineDeps {
  return {
    db,
    gate: lawGate(agencyPolicies(db)),
    channels: engineChannels(db, now, config, live),
    now,
    // R124-2: no real provider is used while the agency lacks insurance, trust account or declaration.
    dispatch: { readiness: (at) => agencyReadiness(db, at) },
    // Broken promises and missed instalments release their holds before the scheduler plans; reminders
    // of coming promises and instalments are written to the outbox; call
    // recordings past their retention are deleted.
    beforePass: async (at) => {
      await reviewCommitments(db, at);
      await planReminders(db, at);
      await purgeExpiredRecordings(db, at, recordingDeleter(config));
      await deliverWebhooks(db, at, { secret: config.secret });
    },
  };
}

/**
 * The agency's contact rules as set in the back office, re-read at most every 30 s of wall time. The
 * gate is synchronous, so a stale read starts a refresh and the rules in hand apply meanwhile; the
 * defaults apply until the first read lands.
 */
export function agencyPolicies(db: Db, ttlMs = 30_000): () => Policies {
  let policies: Policies = { FR: DEFAULT_FR_POLICY, US: US_REG_F_POLICY };
  let readAt = 0;
  let loading = false;
  const refresh = () => {
    if (loading) return;
    loading = true;
    loadContactPolicies(db)
      .then((p) => {
        policies = p;
      })
      .catch(() => {
        // Keep the rules in hand; the next call tries again.
      })
      .finally(() => {
        loading = false;
        readAt = performance.now();
      });
  };
  refresh();
  return () => {
    if (performance.now() - readAt > ttlMs) refresh();
    return policies;
  };
}
