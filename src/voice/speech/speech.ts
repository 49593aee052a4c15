import type { Locale } from "../../platform/i18n";

// The media transport speaks to these two ports only. Audio is what the phone line carries: μ-law,
// 8 kHz, mono, no header. Providers convert at their edge.

export interface TextToSpeech {
  readonly name: string;
  /** One sentence or clause; the transport calls it sentence by sentence so speech starts early. */
  synthesize(text: string, locale: Locale): Promise<Uint8Array>;
}

/** Where an utterance sits on the line: the carrier's call id and the media timestamps it spans. */
export interface UtteranceSpan {
  callSid: string;
  startMs: number;
  endMs: number;
}

export interface SpeechToText {
  readonly name: string;
  /** One utterance as cut by the voice-activity detector; returns its transcript ("" when unsure). */
  transcribe(mulaw: Uint8Array, locale: Locale, span: UtteranceSpan): Promise<string>;
}

/** Live recognition: the line's audio streams to the provider, whose endpointing cuts the turns. */
export interface StreamingSpeechToText {
  readonly name: string;
  open(locale: Locale, listener: LiveTranscriptListener): LiveTranscriber;
}

export interface LiveTranscriber {
  /** One inbound frame, as the line carries it; frames sent before the socket opens are queued. */
  send(mulaw: Uint8Array): void;
  /** Flushes and closes; resolves once the provider has closed. */
  close(): Promise<void>;
}

export interface LiveTranscriptListener {
  /** The debtor finished a turn: its final transcript. */
  utterance(text: string): void;
  error(error: unknown): void;
}

export type AnySpeechToText = SpeechToText | StreamingSpeechToText;

export function isStreaming(stt: AnySpeechToText): stt is StreamingSpeechToText {
  return "open" in stt;
}

/** Splits a line into sentences so the first one can be spoken while the next is synthesised. */
export function sentences(text: string): string[] {
  const parts = text.match(/[^.!?…]+[.!?…]*\s*/g) ?? [text];
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}
