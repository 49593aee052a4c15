import WebSocket from "ws";
import { z } from "zod";
import type { SpeechToText, UtteranceSpan } from "./speech";

// The simulation recogniser, for offline runs against a carrier double (no offline French recogniser
// exists: docs/architecture.md). The simulated debtor hands the carrier double its audio and its
// transcript; the double plays the audio into the media stream and publishes the transcript on a
// feed, a WebSocket at STT_SIMULATION_URL, one message per utterance:
//   {"type":"utterance","callSid":"CA…","startMs":1240,"endMs":1940,"text":"oui c'est moi"}
// where startMs and endMs are the media timestamps of the utterance's first frame and of the end of its
// last one. Relance's own voice-activity detection still cuts the turns; for each cut, the recogniser
// answers with the transcripts whose audio overlaps it. One socket per process, opened at start,
// whatever the number of calls, so a turn costs a map lookup instead of an upload: the "provider
// answering instantly". The feed replays its recent messages to a socket that (re)connects, so a
// reconnection loses nothing; a transcript already heard is not heard twice.

export interface SimulatedSttConfig {
  /** ws(s):// (or http(s)://) URL of the carrier double's transcript feed. */
  url: string;
  /** How long a cut waits for a transcript still on its way before counting as unintelligible. */
  waitMs?: number;
}

const utteranceSchema = z.object({
  type: z.literal("utterance"),
  callSid: z.string().min(1).max(64),
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative(),
  text: z.string().max(2000),
});
type Heard = z.infer<typeof utteranceSchema>;

/** Calls whose transcripts nobody asked for (a call that ended) are forgotten after this long. */
const FORGET_MS = 10 * 60_000;
const RECONNECT_MS = 500;

export function simulatedStt(c: SimulatedSttConfig): SpeechToText & { close(): void } {
  const feed = new TranscriptFeed(c.url.replace(/^http/, "ws"));
  feed.connect();
  const waitMs = c.waitMs ?? 1000;
  return {
    name: "simulation",
    async transcribe(_mulaw, _locale, span) {
      const now = feed.take(span);
      if (now !== null) return now;
      return feed.wait(span, waitMs);
    },
    close: () => feed.close(),
  };
}

class TranscriptFeed {
  private socket: WebSocket | null = null;
  private closed = false;
  /** Per call: transcripts not heard yet, and the media time up to which everything has been. */
  private readonly calls = new Map<string, { heard: Heard[]; heardUpTo: number; touched: number }>();
  private readonly waiting = new Set<{ span: UtteranceSpan; done: (text: string | null) => void }>();

  constructor(private readonly url: string) {}

  /** Opens the socket, and again after it drops. */
  connect(): void {
    if (this.socket || this.closed) return;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.on("message", (data, isBinary) => {
      if (!isBinary) this.received(data.toString());
    });
    // An error is followed by close; the next turn (or the timer) reconnects.
    socket.on("error", () => {});
    socket.on("close", () => {
      this.socket = null;
      if (!this.closed) setTimeout(() => this.connect(), RECONNECT_MS).unref();
    });
  }

  /** The transcripts overlapping the cut, taken off the feed, or null when none has arrived. */
  take(span: UtteranceSpan): string | null {
    const call = this.calls.get(span.callSid);
    if (!call) return null;
    const hit = call.heard.filter((h) => h.startMs < span.endMs && h.endMs > span.startMs);
    if (hit.length === 0) return null;
    // What overlaps is heard now; what ended before this cut never will be (noise the VAD skipped).
    call.heard = call.heard.filter((h) => h.startMs >= span.endMs);
    call.heardUpTo = Math.max(call.heardUpTo, span.endMs);
    return hit.map((h) => h.text).join(" ");
  }

  wait(span: UtteranceSpan, ms: number): Promise<string> {
    return new Promise((resolve) => {
      const entry = {
        span,
        done: (text: string | null) => {
          clearTimeout(timer);
          this.waiting.delete(entry);
          resolve(text ?? "");
        },
      };
      const timer = setTimeout(() => entry.done(null), ms);
      this.waiting.add(entry);
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
    for (const w of this.waiting) w.done(null);
  }

  private received(raw: string): void {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return;
    }
    const parsed = utteranceSchema.safeParse(json);
    if (!parsed.success) return;
    const heard = parsed.data;
    const now = Date.now();
    const call = this.calls.get(heard.callSid) ?? { heard: [], heardUpTo: 0, touched: now };
    // A replay after reconnecting repeats what was already heard.
    if (heard.startMs < call.heardUpTo || call.heard.some((h) => h.startMs === heard.startMs)) return;
    call.heard.push(heard);
    call.touched = now;
    this.calls.set(heard.callSid, call);
    if (this.calls.size > 1000) {
      for (const [sid, c] of this.calls) if (now - c.touched > FORGET_MS) this.calls.delete(sid);
    }
    for (const w of this.waiting) {
      if (w.span.callSid !== heard.callSid) continue;
      const text = this.take(w.span);
      if (text !== null) w.done(text);
    }
  }
}
