import { sandboxChannel } from "../channels/sandbox-channel";
import type { ChannelRegistry } from "../collection/channel";
import { lawGate } from "../collection/law-gate";
import type { EngineDeps } from "../collection/worker";
import type { Config } from "../platform/config";
import type { Db } from "../platform/db/client";
import type { Brain } from "../voice/brains/brain";
import { llmBrain } from "../voice/brains/llm-brain";
import { nluBrain } from "../voice/brains/nlu-brain";
import { sandboxVoiceChannel } from "../voice/sandbox/sandbox-voice-channel";

// The engine's composition: the law kernel as gate, and the providers for each channel. Email, SMS and
// letters go to the embedded sandbox until their real adapters are configured; voice calls go to the
// sandbox voice provider (simulated debtors, real policy and case tools).

/** The LLM when LLM_BASE_URL and LLM_MODEL are set, otherwise the built-in French understanding. */
export function voiceBrain(config?: Config): Brain {
  const llm = config?.providers.llm;
  if (llm?.baseUrl && llm.model)
    return llmBrain({ baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: llm.model });
  return nluBrain;
}

export function sandboxChannels(db: Db, now: () => Date, config?: Config): ChannelRegistry {
  return {
    email: sandboxChannel(db, "sandbox-email", now),
    sms: sandboxChannel(db, "sandbox-sms", now),
    letter: sandboxChannel(db, "sandbox-post", now),
    registered_letter: sandboxChannel(db, "sandbox-post", now),
    voice_call: sandboxVoiceChannel(db, now, { brain: voiceBrain(config) }),
  };
}

export function engineDeps(db: Db, now: () => Date, config?: Config): EngineDeps {
  return { db, gate: lawGate(), channels: sandboxChannels(db, now, config), now };
}
