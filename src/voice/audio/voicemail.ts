// Our own answering-machine heuristics, run beside the carrier's AMD: a greeting far longer than
// a person's "allô ?" means a machine, and a sustained pure tone means the recording has started.
// The voicemail message itself must carry no debt detail; that is the dialogue policy's concern.

import { MULAW_DECODE_TABLE } from "./mulaw";
import { type VadOptions, VoiceActivityDetector } from "./vad";

const SAMPLE_RATE = 8000;

export interface BeepOptions {
  /** Candidate tone frequencies. 25 Hz apart so a tone is never more than a quarter bin away. */
  frequenciesHz: readonly number[];
  /** Share of the frame's energy that must sit at one frequency (1 for a pure on-bin sine). */
  minPurity: number;
  /** Tones quieter than this are ignored (dBFS). */
  minLevelDb: number;
  minToneMs: number;
  /** Longer tones are not beeps (ringback, fax, a stuck line). */
  maxToneMs: number;
  /** Frequency drift allowed between consecutive frames of one tone. */
  maxDriftHz: number;
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let f = from; f <= to; f += step) out.push(f);
  return out;
}

// 600–2000 Hz covers the usual voicemail beeps (most near 1 kHz) while leaving out the French
// 440 Hz ringback and busy tones, which would otherwise look like long beeps.
export const DEFAULT_BEEP_OPTIONS: BeepOptions = {
  frequenciesHz: range(600, 2000, 25),
  minPurity: 0.6,
  minLevelDb: -45,
  minToneMs: 160,
  maxToneMs: 2500,
  maxDriftHz: 50,
};

export interface Beep {
  startMs: number;
  /** When the tone stopped: a voicemail message can start from here. */
  endMs: number;
  durationMs: number;
  frequencyHz: number;
}

/**
 * Finds sustained single tones with the Goertzel algorithm, one filter per candidate frequency.
 * A beep is reported when it ends, since that is when the machine starts recording.
 */
export class BeepDetector {
  readonly options: BeepOptions;
  private readonly coefficients: Float64Array;
  private samples = new Float64Array(160);
  private toneStartMs = -1;
  private toneEndMs = 0;
  private toneFrequency = 0;

  constructor(options: Partial<BeepOptions> = {}) {
    this.options = { ...DEFAULT_BEEP_OPTIONS, ...options };
    this.coefficients = Float64Array.from(
      this.options.frequenciesHz,
      (f) => Math.cos((2 * Math.PI * f) / SAMPLE_RATE) * 2,
    );
  }

  reset(): void {
    this.toneStartMs = -1;
  }

  push(frame: Uint8Array, atMs: number): Beep | null {
    const frequency = this.dominantTone(frame);
    const frameEnd = atMs + frame.length / 8;
    if (frequency > 0) {
      if (this.toneStartMs >= 0 && Math.abs(frequency - this.toneFrequency) <= this.options.maxDriftHz) {
        this.toneEndMs = frameEnd;
        return null;
      }
      const ended = this.finishTone();
      this.toneStartMs = atMs;
      this.toneEndMs = frameEnd;
      this.toneFrequency = frequency;
      return ended;
    }
    return this.finishTone();
  }

  private finishTone(): Beep | null {
    if (this.toneStartMs < 0) return null;
    const durationMs = this.toneEndMs - this.toneStartMs;
    const beep: Beep = {
      startMs: this.toneStartMs,
      endMs: this.toneEndMs,
      durationMs,
      frequencyHz: this.toneFrequency,
    };
    this.toneStartMs = -1;
    const { minToneMs, maxToneMs } = this.options;
    return durationMs >= minToneMs && durationMs <= maxToneMs ? beep : null;
  }

  /** The frequency holding most of this frame's energy, or 0 when no candidate is pure enough. */
  private dominantTone(frame: Uint8Array): number {
    const n = frame.length;
    if (n === 0) return 0;
    if (this.samples.length < n) this.samples = new Float64Array(n);
    const x = this.samples;
    let energy = 0;
    for (let i = 0; i < n; i++) {
      const v = MULAW_DECODE_TABLE[frame[i]!]!;
      x[i] = v;
      energy += v * v;
    }
    const meanSquare = energy / n;
    if (meanSquare <= 0 || 10 * Math.log10(meanSquare / (32768 * 32768)) < this.options.minLevelDb) return 0;
    let best = 0;
    let bestPower = 0;
    for (let k = 0; k < this.coefficients.length; k++) {
      const c = this.coefficients[k]!;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const s0 = x[i]! + c * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      const power = s1 * s1 + s2 * s2 - c * s1 * s2;
      if (power > bestPower) {
        bestPower = power;
        best = k;
      }
    }
    // A full-scale on-bin sine gives |X|² = (N·A/2)² and a mean square of A²/2: purity 1.
    const purity = (2 * bestPower) / (n * n * meanSquare);
    return purity >= this.options.minPurity ? this.options.frequenciesHz[best]! : 0;
  }
}

/** Scans recorded frames (20 ms each unless `frameMs` says otherwise) for the first beep. */
export function detectBeep(
  frames: Iterable<Uint8Array>,
  options: Partial<BeepOptions> & { frameMs?: number } = {},
): Beep | null {
  const detector = new BeepDetector(options);
  let at = 0;
  for (const frame of frames) {
    const beep = detector.push(frame, at);
    if (beep) return beep;
    at += options.frameMs ?? frame.length / 8;
  }
  // A beep running to the end of the recording still counts once it is long enough.
  return detector.push(new Uint8Array(0), at);
}

export type VoicemailVerdict =
  | { kind: "human"; atMs: number; greetingMs: number }
  | { kind: "machine"; atMs: number; greetingMs: number }
  | { kind: "beep"; atMs: number; beep: Beep };

export interface VoicemailOptions {
  /** Speech this long without a pause is a recorded greeting, not a person answering. */
  longGreetingMs: number;
  /** A first turn this short, followed by a pause, is a person waiting for us to talk. */
  humanMaxGreetingMs: number;
  vad: Partial<VadOptions>;
  beep: Partial<BeepOptions>;
}

export const DEFAULT_VOICEMAIL_OPTIONS: VoicemailOptions = {
  longGreetingMs: 4000,
  humanMaxGreetingMs: 2500,
  // A machine greeting runs sentences together; 700 ms is a pause a person leaves after "allô ?".
  vad: { endSilenceMs: 700 },
  beep: {},
};

/**
 * Watches the start of an answered call. Verdicts arrive in order of certainty: `human` or
 * `machine` from the first turn's length, then `beep`, which overrides any earlier verdict because
 * a tone cannot come from a person. Call `reset` to start again mid-call (a transfer, a screener).
 */
export class VoicemailDetector {
  readonly options: VoicemailOptions;
  private readonly vad: VoiceActivityDetector;
  private readonly beeps: BeepDetector;
  private verdictValue: VoicemailVerdict | null = null;
  private turnStartMs = -1;
  private turns = 0;

  constructor(options: Partial<VoicemailOptions> = {}) {
    this.options = { ...DEFAULT_VOICEMAIL_OPTIONS, ...options };
    this.vad = new VoiceActivityDetector({ ...DEFAULT_VOICEMAIL_OPTIONS.vad, ...this.options.vad });
    this.beeps = new BeepDetector(this.options.beep);
  }

  get verdict(): VoicemailVerdict | null {
    return this.verdictValue;
  }

  reset(): void {
    this.vad.reset();
    this.beeps.reset();
    this.verdictValue = null;
    this.turnStartMs = -1;
    this.turns = 0;
  }

  /** Returns a verdict when it changes, otherwise null. */
  push(frame: Uint8Array, atMs: number): VoicemailVerdict | null {
    const beep = this.beeps.push(frame, atMs);
    if (beep) return this.decide({ kind: "beep", atMs: beep.endMs, beep });
    const event = this.vad.push(frame, atMs);
    if (this.verdictValue?.kind === "beep") return null;
    if (event?.type === "speech_start") {
      this.turnStartMs = event.atMs;
      return null;
    }
    const firstTurn = this.turns === 0 && this.turnStartMs >= 0;
    if (event?.type === "speech_end") {
      this.turns++;
      this.turnStartMs = -1;
      if (firstTurn && this.verdictValue === null && event.durationMs <= this.options.humanMaxGreetingMs) {
        return this.decide({ kind: "human", atMs: event.atMs, greetingMs: event.durationMs });
      }
      return null;
    }
    const speaking = atMs + frame.length / 8 - this.turnStartMs;
    if (firstTurn && this.verdictValue === null && speaking >= this.options.longGreetingMs) {
      return this.decide({ kind: "machine", atMs: atMs + frame.length / 8, greetingMs: speaking });
    }
    return null;
  }

  private decide(verdict: VoicemailVerdict): VoicemailVerdict {
    this.verdictValue = verdict;
    return verdict;
  }
}
