import type { Config } from "../../platform/config";
import { deepgramStt } from "./deepgram-stt";
import { espeakTts } from "./espeak-tts";
import { openAiStt, openAiTts } from "./openai-speech";
import { simulatedStt } from "./simulated-stt";
import type { AnySpeechToText, TextToSpeech } from "./speech";

/** TTS_BASE_URL and TTS_MODEL select the OpenAI-compatible synthesis; espeak-ng otherwise. */
export function selectTts(config: Config): TextToSpeech {
  const t = config.providers.tts;
  if (t.baseUrl && t.model)
    return openAiTts({ baseUrl: t.baseUrl, apiKey: t.apiKey, model: t.model, voice: t.voice });
  return espeakTts();
}

/**
 * DEEPGRAM_API_KEY selects Deepgram's live streaming recognition, else STT_BASE_URL the OpenAI-compatible
 * transcription of each utterance, else STT_SIMULATION_URL the simulation recogniser (a carrier double's
 * transcript feed, for offline runs). No offline French recogniser exists (docs/architecture.md):
 * without any of them there is none.
 */
export function selectStt(config: Config): AnySpeechToText | null {
  const dg = config.providers.deepgram;
  if (dg.apiKey) return deepgramStt({ apiUrl: dg.apiUrl, apiKey: dg.apiKey, model: dg.model });
  const s = config.providers.stt;
  if (s.baseUrl) return openAiStt({ baseUrl: s.baseUrl, apiKey: s.apiKey, model: s.model ?? "whisper-1" });
  if (s.simulationUrl) return simulatedStt({ url: s.simulationUrl });
  return null;
}

/** Whether a recogniser is configured, without opening it (the simulation's opens its feed). */
export function hasRecogniser(config: Config): boolean {
  const s = config.providers.stt;
  return Boolean(config.providers.deepgram.apiKey || s.baseUrl || s.simulationUrl);
}
