import WebSocket from "ws";
import { z } from "zod";
import type { Locale } from "../../platform/i18n";
import type { LiveTranscriber, LiveTranscriptListener, StreamingSpeechToText } from "./speech";

// Deepgram live streaming recognition (https://developers.deepgram.com/reference/speech-to-text/listen-streaming):
// one WebSocket per call to /v1/listen, the line's raw μ-law 8 kHz frames as binary messages, JSON
// `Results` back (interim, then `is_final`; `speech_final` when Deepgram's endpointing heard the pause)
// and `UtteranceEnd` when words stop without a clean pause (noisy lines). A turn is every final piece
// since the last turn. `KeepAlive` while no audio flows (Deepgram closes an idle socket after 10 s),
// `CloseStream` at the end so the last audio is billed and answered before the socket closes.

export interface DeepgramConfig {
  /** `wss://api.deepgram.com` (http(s) is accepted and turned into ws(s)). */
  apiUrl: string;
  apiKey: string;
  model?: string;
  /** Silence that ends a turn for Deepgram's endpointing, in ms. */
  endpointingMs?: number;
  /** Gap after the last final word that ends a turn when endpointing does not fire (≥ 1000). */
  utteranceEndMs?: number;
  keepAliveMs?: number;
}

const resultsSchema = z.object({
  type: z.literal("Results"),
  is_final: z.boolean().optional(),
  speech_final: z.boolean().optional(),
  channel: z.object({ alternatives: z.array(z.object({ transcript: z.string() })) }),
});
const messageSchema = z.union([
  resultsSchema,
  z.object({ type: z.enum(["UtteranceEnd", "Metadata", "SpeechStarted"]) }),
]);

export function deepgramListenUrl(c: DeepgramConfig, locale: Locale): string {
  const base = c.apiUrl.replace(/\/$/, "").replace(/^http/, "ws");
  const query = new URLSearchParams({
    model: c.model ?? "nova-3",
    language: locale,
    encoding: "mulaw",
    sample_rate: "8000",
    channels: "1",
    interim_results: "true",
    punctuate: "true",
    endpointing: String(c.endpointingMs ?? 300),
    utterance_end_ms: String(Math.max(1000, c.utteranceEndMs ?? 1000)),
  });
  return `${base}/v1/listen?${query}`;
}

export function deepgramStt(c: DeepgramConfig): StreamingSpeechToText {
  return {
    name: `deepgram:${c.model ?? "nova-3"}`,
    open: (locale, listener) => new DeepgramStream(c, locale, listener),
  };
}

class DeepgramStream implements LiveTranscriber {
  private readonly ws: WebSocket;
  private pending: Buffer[] = [];
  private finals: string[] = [];
  private lastSentAt = performance.now();
  private readonly keepAlive: NodeJS.Timeout;
  private readonly closed: Promise<void>;

  constructor(
    c: DeepgramConfig,
    locale: Locale,
    private readonly listener: LiveTranscriptListener,
  ) {
    this.ws = new WebSocket(deepgramListenUrl(c, locale), {
      headers: { authorization: `Token ${c.apiKey}` },
    });
    this.closed = new Promise((resolve) => this.ws.once("close", () => resolve()));
    this.ws.once("open", () => {
      for (const frame of this.pending) this.ws.send(frame);
      this.pending = [];
    });
    this.ws.on("message", (data, isBinary) => {
      if (!isBinary) this.received(data.toString());
    });
    // A refused handshake (401 with a dg-error header) or a dropped socket: the call goes on deaf and
    // the policy's silence handling ends it politely.
    this.ws.on("error", (error) => listener.error(error));
    const every = c.keepAliveMs ?? 4000;
    this.keepAlive = setInterval(() => {
      if (this.ws.readyState === WebSocket.OPEN && performance.now() - this.lastSentAt >= every) {
        this.ws.send(JSON.stringify({ type: "KeepAlive" }));
        this.lastSentAt = performance.now();
      }
    }, every);
    this.keepAlive.unref();
  }

  send(mulaw: Uint8Array): void {
    const frame = Buffer.from(mulaw.buffer, mulaw.byteOffset, mulaw.byteLength);
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(frame);
      this.lastSentAt = performance.now();
    } else if (this.ws.readyState === WebSocket.CONNECTING) this.pending.push(frame);
  }

  async close(): Promise<void> {
    clearInterval(this.keepAlive);
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: "CloseStream" }));
      // Deepgram answers the last audio and its Metadata, then closes; do not wait forever.
      const timer = setTimeout(() => this.ws.terminate(), 2000);
      await this.closed;
      clearTimeout(timer);
    } else if (this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.terminate();
    }
  }

  private received(raw: string): void {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return;
    }
    const parsed = messageSchema.safeParse(json);
    if (!parsed.success) return;
    const m = parsed.data;
    if (m.type === "Results" && "channel" in m) {
      const text = m.channel.alternatives[0]?.transcript.trim() ?? "";
      if (m.is_final && text) this.finals.push(text);
      if (m.speech_final) this.endOfTurn();
    } else if (m.type === "UtteranceEnd") this.endOfTurn();
  }

  private endOfTurn(): void {
    if (this.finals.length === 0) return;
    const text = this.finals.join(" ");
    this.finals = [];
    this.listener.utterance(text);
  }
}
