import { sandboxChannel } from "../channels/sandbox-channel";
import type { ChannelRegistry } from "../collection/channel";
import { lawGate } from "../collection/law-gate";
import type { EngineDeps } from "../collection/worker";
import type { Db } from "../platform/db/client";
import { sandboxVoiceChannel } from "../voice/sandbox/sandbox-voice-channel";

// The engine's composition: the law kernel as gate, and the providers for each channel. Email, SMS and
// letters go to the embedded sandbox until their real adapters are configured; voice calls go to the
// sandbox voice provider (simulated debtors, real policy and case tools).

export function sandboxChannels(db: Db, now: () => Date): ChannelRegistry {
  return {
    email: sandboxChannel(db, "sandbox-email", now),
    sms: sandboxChannel(db, "sandbox-sms", now),
    letter: sandboxChannel(db, "sandbox-post", now),
    registered_letter: sandboxChannel(db, "sandbox-post", now),
    voice_call: sandboxVoiceChannel(db, now),
  };
}

export function engineDeps(db: Db, now: () => Date): EngineDeps {
  return { db, gate: lawGate(), channels: sandboxChannels(db, now), now };
}
