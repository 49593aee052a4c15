import { performance } from "node:perf_hooks";
import type { Locale } from "../../platform/i18n";
import { VoiceActivityDetector } from "../audio/vad";
import type { CallSession, SessionOutput } from "../session/call-session";
import {
  type AnySpeechToText,
  isStreaming,
  type LiveTranscriber,
  sentences,
  type TextToSpeech,
  type UtteranceSpan,
} from "../speech/speech";
import { inboundMessageSchema, type OutboundMessage, type StartMessage } from "./media-messages";

// One Twilio media stream: inbound μ-law frames → voice-activity detection → one utterance at a time
// to speech-to-text → the call session (policy, brain, tools) → text-to-speech, sentence by sentence →
// outbound media frames, each line followed by a mark. Marks tell us what the debtor has heard: while
// any is pending the agent is speaking, and a debtor who talks over an interruptible line gets a
// `clear` (audio buffered at Twilio would otherwise keep playing). Turns are processed one at a time.

export interface AdmittedCall {
  callId: string;
  session: CallSession;
  locale: Locale;
  /** Writes the call record; called once, when the stream stops. */
  finish(call: { durationMs: number; sttSeconds: number }): Promise<void>;
}

export interface TurnTiming {
  /** Wall-clock ms from the detector's end of speech to the first agent frame sent. */
  endOfSpeechToFirstAudioMs: number;
  /** Of which: waiting for the previous turn, recognition, the session (brain, policy, tools). */
  queueMs: number;
  sttMs: number;
  sessionMs: number;
}

export interface MediaStreamDeps {
  tts: TextToSpeech;
  /** Per utterance (cut by our VAD), or streaming (the provider's endpointing cuts the turns). */
  stt: AnySpeechToText;
  /** The signed token in `start` names one call we placed; null refuses the stream. */
  admit(start: StartMessage): Promise<AdmittedCall | null>;
  hangup(callSid: string): Promise<void>;
  /** Cold transfer: the call leaves the stream for a `<Dial>` to this number. */
  transfer(callSid: string, to: string): Promise<void>;
  send(message: OutboundMessage): void;
  close(): void;
  onTurn?(timing: TurnTiming): void;
  onError?(error: unknown): void;
}

const FRAME_BYTES = 160;
const PREROLL_FRAMES = 15;
/** After the agent finishes, this much silence counts as a "silence" event for the policy. */
const SILENCE_MS = 7000;
const TICK_MS = 5000;

const COUNTER = /^\d+$/;
/**
 * A `media` message exactly as Twilio writes it (its documented field order, no escapes): matched in
 * one pass for its timestamp and payload, several times cheaper than JSON.parse at fifty messages a
 * second per call. Anything else, including the same fields in another order, is parsed and checked.
 */
const TWILIO_MEDIA =
  /^\{"event":"media","sequenceNumber":"\d+","media":\{"track":"[^"\\]*","chunk":"\d+","timestamp":"(\d+)","payload":"([^"\\]*)"\},"streamSid":"[^"\\]*"\}$/;

/** A well-formed `media` message's payload and timestamp (what the schema checks), otherwise null. */
function mediaFrame(json: unknown): { payload: string; timestamp: string } | null {
  const m = json as { event?: unknown; streamSid?: unknown; media?: Record<string, unknown> } | null;
  if (m?.event !== "media" || typeof m.streamSid !== "string" || typeof m.media !== "object" || !m.media)
    return null;
  const { payload, timestamp, track, chunk } = m.media;
  const sequence = (m as { sequenceNumber?: unknown }).sequenceNumber;
  if (typeof payload !== "string" || typeof timestamp !== "string" || !COUNTER.test(timestamp)) return null;
  if (track !== undefined && typeof track !== "string") return null;
  if (chunk !== undefined && !(typeof chunk === "string" && COUNTER.test(chunk))) return null;
  if (sequence !== undefined && !(typeof sequence === "string" && COUNTER.test(sequence))) return null;
  return { payload, timestamp };
}

export class MediaStream {
  private streamSid = "";
  callSid = "";
  private call: AdmittedCall | null = null;
  private refused = false;
  private readonly vad = new VoiceActivityDetector();
  private preroll: Uint8Array[] = [];
  private utterance: Uint8Array[] | null = null;
  /** Media time of the utterance's first frame (pre-roll included). */
  private utteranceStartMs = 0;
  private queue: Promise<void> = Promise.resolve();
  private pendingMarks = new Set<string>();
  private markSeq = 0;
  private interruptible = false;
  /** Bumped on barge-in: speech being synthesised for an older generation is dropped. */
  private generation = 0;
  private mediaMs = 0;
  private idleSinceMs: number | null = null;
  private sttSeconds = 0;
  private hangupRequested = false;
  /** Set with the hang-up when the session hands the debtor to a collector. */
  private transferTo: string | null = null;
  private live: LiveTranscriber | null = null;
  private finished = false;

  constructor(private readonly deps: MediaStreamDeps) {}

  /**
   * One WebSocket text frame from Twilio. A `media` message is handled before this returns (undefined);
   * the others return a promise, and messages after it must wait for it (a `stop` must not overtake
   * the media before it, nor media the `start` that admits the call).
   */
  receive(raw: string): Promise<void> | undefined {
    if (this.refused || this.finished) return;
    const wire = TWILIO_MEDIA.exec(raw);
    if (wire) {
      if (this.call) this.frame(Buffer.from(wire[2]!, "base64"), Number(wire[1]));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return;
    }
    // Fifty media messages a second per call: checked by hand, the schema covers the rest.
    const media = mediaFrame(json);
    if (media) {
      if (this.call) this.frame(Buffer.from(media.payload, "base64"), Number(media.timestamp));
      return;
    }
    return this.control(json);
  }

  private async control(json: unknown): Promise<void> {
    const parsed = inboundMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const m = parsed.data;
    switch (m.event) {
      case "connected":
        return;
      case "dtmf": {
        if (!this.call) return;
        const at = this.mediaMs;
        const digit = m.dtmf.digit;
        this.enqueue(async () => this.speak(await this.session().press(digit, at), null));
        return;
      }
      case "start":
        return this.start(m);
      case "media":
        if (!this.call) return;
        this.frame(Buffer.from(m.media.payload, "base64"), Number(m.media.timestamp));
        return;
      case "mark":
        this.marked(m.mark.name);
        return;
      case "stop":
        await this.queue;
        return this.finish();
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Answering-machine detection heard the end of a greeting: leave the persona's message, hang up. */
  voicemail(): void {
    if (!this.call || this.finished) return;
    if (this.pendingMarks.size > 0) this.bargeIn();
    const at = this.mediaMs;
    this.enqueue(async () => this.speak(await this.session().notify({ type: "voicemail", atMs: at }), null));
  }

  /** The socket closed without a `stop` (network loss): the call ends all the same. */
  async closed(): Promise<void> {
    await this.queue;
    await this.finish();
  }

  private async start(m: StartMessage): Promise<void> {
    if (this.call) return;
    const call = await this.deps.admit(m).catch((error) => {
      this.deps.onError?.(error);
      return null;
    });
    if (!call) {
      this.refused = true;
      this.deps.close();
      return;
    }
    this.call = call;
    this.streamSid = m.start.streamSid;
    this.callSid = m.start.callSid;
    const stt = this.deps.stt;
    if (isStreaming(stt)) {
      const endedAt = () => performance.now();
      this.live = stt.open(call.locale, {
        utterance: (text) => {
          const at = this.mediaMs;
          const heardAt = endedAt();
          this.enqueue(() => this.respond(text, at, heardAt, heardAt, heardAt));
        },
        error: (error) => this.deps.onError?.(error),
      });
    }
    this.enqueue(async () => this.speak(await call.session.start(), null));
  }

  private frame(frame: Uint8Array, atMs: number): void {
    this.mediaMs = atMs + frame.length / 8;
    const event = this.vad.push(frame, atMs);
    if (event?.type === "speech_start") {
      this.utterance = [...this.preroll];
      this.utteranceStartMs = atMs - this.preroll.reduce((ms, f) => ms + f.length / 8, 0);
      this.idleSinceMs = null;
      if (event.bargeIn && this.interruptible && this.pendingMarks.size > 0) this.bargeIn();
    }
    if (this.utterance) this.utterance.push(frame);
    else {
      this.preroll.push(frame);
      if (this.preroll.length > PREROLL_FRAMES) this.preroll.shift();
    }
    this.live?.send(frame);
    if (event?.type === "speech_end" && this.utterance && this.live) {
      // The provider's endpointing names the turn; until its transcript comes, silence counts.
      this.utterance = null;
      this.preroll = [];
      if (this.pendingMarks.size === 0) this.idleSinceMs = this.mediaMs;
    } else if (event?.type === "speech_end" && this.utterance) {
      const audio = Buffer.concat(this.utterance);
      const span = { callSid: this.callSid, startMs: this.utteranceStartMs, endMs: this.mediaMs };
      this.utterance = null;
      this.preroll = [];
      const endedAt = performance.now();
      this.enqueue(() => this.turn(audio, span, event.atMs, endedAt));
    }
    // The policy ends calls that reach the maximum length; it learns the time from these ticks.
    if (Math.floor(this.mediaMs / TICK_MS) > Math.floor(atMs / TICK_MS) && !this.utterance) {
      const at = this.mediaMs;
      this.enqueue(async () => this.speak(await this.session().notify({ type: "tick", atMs: at }), null));
    }
    if (this.idleSinceMs !== null && this.mediaMs - this.idleSinceMs >= SILENCE_MS && !this.utterance) {
      this.idleSinceMs = null;
      const at = this.mediaMs;
      this.enqueue(async () => this.speak(await this.session().notify({ type: "silence", atMs: at }), null));
    }
  }

  private async turn(audio: Uint8Array, span: UtteranceSpan, atMs: number, endedAt: number): Promise<void> {
    this.sttSeconds += audio.length / 8000;
    const began = performance.now();
    const stt = this.deps.stt;
    if (isStreaming(stt)) return;
    const text = await stt.transcribe(audio, this.call!.locale, span);
    const heard = performance.now();
    if (!text) {
      this.idleSinceMs = this.pendingMarks.size === 0 ? this.mediaMs : null;
      return;
    }
    await this.respond(text, atMs, endedAt, began, heard);
  }

  private async respond(text: string, atMs: number, endedAt: number, began: number, heard: number) {
    const out = await this.session().hear(text, atMs);
    const timing = {
      endedAt,
      queueMs: began - endedAt,
      sttMs: heard - began,
      sessionMs: performance.now() - heard,
    };
    await this.speak(out, timing);
  }

  /** Marks, media order preserved: a line's mark follows its last frame. */
  private async speak(
    out: SessionOutput,
    timing: (Omit<TurnTiming, "endOfSpeechToFirstAudioMs"> & { endedAt: number }) | null,
  ): Promise<void> {
    const generation = this.generation;
    let first = true;
    for (const line of out.say) {
      for (const sentence of sentences(line.text)) {
        const audio = await this.deps.tts.synthesize(sentence, this.call!.locale);
        if (generation !== this.generation || this.finished) return;
        this.interruptible = line.interruptible;
        this.vad.setAgentSpeaking(true);
        this.idleSinceMs = null;
        for (let at = 0; at < audio.length; at += FRAME_BYTES) {
          const payload = Buffer.from(audio.subarray(at, at + FRAME_BYTES)).toString("base64");
          this.deps.send({ event: "media", streamSid: this.streamSid, media: { payload } });
          if (first && timing) {
            const { endedAt, ...parts } = timing;
            this.deps.onTurn?.({ endOfSpeechToFirstAudioMs: performance.now() - endedAt, ...parts });
          }
          first = false;
        }
        const name = `utt-${++this.markSeq}`;
        this.pendingMarks.add(name);
        this.deps.send({ event: "mark", streamSid: this.streamSid, mark: { name } });
      }
    }
    if (out.hangup) {
      this.hangupRequested = true;
      this.transferTo = out.transferTo ?? null;
      if (this.pendingMarks.size === 0) await this.hangup();
    }
  }

  private marked(name: string): void {
    if (!this.pendingMarks.delete(name) || this.pendingMarks.size > 0) return;
    this.vad.setAgentSpeaking(false);
    this.interruptible = false;
    this.idleSinceMs = this.mediaMs;
    // The last line has been heard (or flushed): the goodbye is over, end the call.
    if (this.hangupRequested) void this.hangup();
  }

  private bargeIn(): void {
    this.generation++;
    this.interruptible = false;
    this.deps.send({ event: "clear", streamSid: this.streamSid });
  }

  private hangupStarted = false;
  private async hangup(): Promise<void> {
    if (this.hangupStarted) return;
    this.hangupStarted = true;
    const done = this.transferTo
      ? this.deps.transfer(this.callSid, this.transferTo)
      : this.deps.hangup(this.callSid);
    await done.catch((error) => this.deps.onError?.(error));
  }

  private session(): CallSession {
    return this.call!.session;
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error) => this.deps.onError?.(error));
  }

  private async finish(): Promise<void> {
    if (this.finished || !this.call) return;
    this.finished = true;
    const session = this.call.session;
    if (!session.ended) await session.notify({ type: "hangup", atMs: this.mediaMs });
    await this.live?.close().catch((error) => this.deps.onError?.(error));
    // A streaming recogniser hears (and bills) the whole call, not only the utterances.
    const sttSeconds = this.live ? this.mediaMs / 1000 : this.sttSeconds;
    await this.call
      .finish({ durationMs: Math.round(this.mediaMs), sttSeconds })
      .catch((error) => this.deps.onError?.(error));
    this.deps.close();
  }
}
