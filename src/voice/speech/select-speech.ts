import type { Config } from "../../platform/config";
import { espeakTts } from "./espeak-tts";
import { openAiStt, openAiTts } from "./openai-speech";
import type { SpeechToText, TextToSpeech } from "./speech";

/** TTS_BASE_URL and TTS_MODEL select the OpenAI-compatible synthesis; espeak-ng otherwise. */
export function selectTts(config: Config): TextToSpeech {
  const t = config.providers.tts;
  if (t.baseUrl && t.model)
    return openAiTts({ baseUrl: t.baseUrl, apiKey: t.apiKey, model: t.model, voice: t.voice });
  return espeakTts();
}

/** No offline French recogniser exists (docs/architecture.md): without STT_BASE_URL there is none. */
export function selectStt(config: Config): SpeechToText | null {
  const s = config.providers.stt;
  if (!s.baseUrl) return null;
  return openAiStt({ baseUrl: s.baseUrl, apiKey: s.apiKey, model: s.model ?? "whisper-1" });
}
