import type { Locale } from "../../platform/i18n";
import type { SpeechToText, TextToSpeech } from "./speech";
import { mulawToWav, wavToMulaw } from "./wav";

// OpenAI-compatible speech endpoints (OpenAI, and servers that copy the API such as vLLM, LocalAI or
// speaches). The base URL ends in /v1, like the LLM's.

export interface OpenAiSpeechConfig {
  baseUrl: string;
  apiKey?: string;
  model: string;
  voice?: string;
  timeoutMs?: number;
}

function endpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/$/, "")}${path}`;
}

function auth(apiKey?: string): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

/** `POST /audio/speech`, asking for WAV so any sample rate the host produces can be converted. */
export function openAiTts(c: OpenAiSpeechConfig): TextToSpeech {
  return {
    name: `openai-tts:${c.model}`,
    async synthesize(text) {
      const response = await fetch(endpoint(c.baseUrl, "/audio/speech"), {
        method: "POST",
        headers: { "content-type": "application/json", ...auth(c.apiKey) },
        body: JSON.stringify({
          model: c.model,
          input: text,
          voice: c.voice ?? "alloy",
          response_format: "wav",
        }),
        signal: AbortSignal.timeout(c.timeoutMs ?? 10_000),
      });
      if (!response.ok) throw new Error(`speech synthesis answered ${response.status}`);
      return wavToMulaw(new Uint8Array(await response.arrayBuffer()));
    },
  };
}

/** `POST /audio/transcriptions` (multipart: the utterance as a WAV file, the model and the language). */
export function openAiStt(c: OpenAiSpeechConfig): SpeechToText {
  return {
    name: `openai-stt:${c.model}`,
    async transcribe(mulaw, locale: Locale) {
      const form = new FormData();
      form.append("file", new Blob([mulawToWav(mulaw)], { type: "audio/wav" }), "utterance.wav");
      form.append("model", c.model);
      form.append("language", locale);
      form.append("response_format", "json");
      const response = await fetch(endpoint(c.baseUrl, "/audio/transcriptions"), {
        method: "POST",
        headers: auth(c.apiKey),
        body: form,
        signal: AbortSignal.timeout(c.timeoutMs ?? 10_000),
      });
      if (!response.ok) throw new Error(`transcription answered ${response.status}`);
      const body = (await response.json()) as { text?: unknown };
      return typeof body.text === "string" ? body.text.trim() : "";
    },
  };
}
