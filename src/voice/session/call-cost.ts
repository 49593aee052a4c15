import type { CallCost } from "../schema";

// The cost of a call, in micro-units of the currency. Prices are configuration: the defaults are
// round placeholders of the order published providers charge (French mobile termination, streaming
// STT, a small LLM, neural TTS), not quotes; an agency sets its own.

export interface PriceTable {
  currency: string;
  telephonyPerMinuteMicros: number;
  sttPerMinuteMicros: number;
  ttsPerThousandCharsMicros: number;
  llmPerMillionPromptTokensMicros: number;
  llmPerMillionCompletionTokensMicros: number;
}

export const DEFAULT_PRICES: PriceTable = {
  currency: "EUR",
  telephonyPerMinuteMicros: 25_000,
  sttPerMinuteMicros: 7_000,
  ttsPerThousandCharsMicros: 15_000,
  llmPerMillionPromptTokensMicros: 150_000,
  llmPerMillionCompletionTokensMicros: 600_000,
};

export interface CallUsage {
  telephonySeconds: number;
  sttSeconds: number;
  ttsCharacters: number;
  llmPromptTokens: number;
  llmCompletionTokens: number;
}

export function callCost(usage: CallUsage, prices: PriceTable = DEFAULT_PRICES): CallCost {
  // Carriers bill started minutes; speech and tokens are billed as used.
  const telephonyMicros = Math.ceil(usage.telephonySeconds / 60) * prices.telephonyPerMinuteMicros;
  const sttMicros = Math.round((usage.sttSeconds / 60) * prices.sttPerMinuteMicros);
  const ttsMicros = Math.round((usage.ttsCharacters / 1000) * prices.ttsPerThousandCharsMicros);
  const llmMicros = Math.round(
    (usage.llmPromptTokens * prices.llmPerMillionPromptTokensMicros +
      usage.llmCompletionTokens * prices.llmPerMillionCompletionTokensMicros) /
      1_000_000,
  );
  return {
    currency: prices.currency,
    telephonyMicros,
    sttMicros,
    ttsMicros,
    llmMicros,
    totalMicros: telephonyMicros + sttMicros + ttsMicros + llmMicros,
    usage,
  };
}
