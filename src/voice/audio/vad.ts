// Energy-based voice-activity detection with endpointing, for 8 kHz μ-law frames as Twilio sends
// them (160 bytes = 20 ms). Deliberately simple and deterministic: it decides when the caller
// starts and stops talking; what they said is the recognizer's job.

import { MULAW_DECODE_TABLE } from "./mulaw";

/** Squared linear value of each μ-law code, so a frame's energy is 160 table reads and adds. */
const SQUARED = (() => {
  const table = new Float64Array(256);
  for (let i = 0; i < 256; i++) table[i] = MULAW_DECODE_TABLE[i]! * MULAW_DECODE_TABLE[i]!;
  return table;
})();

const FULL_SCALE_SQUARED = 32768 * 32768;
/** Digital silence has no energy at all; clamp so the log stays finite. */
export const ENERGY_FLOOR_DB = -96;

/** Mean energy of a μ-law frame in dB relative to full scale (a full-scale sine is about −3). */
export function frameEnergyDb(frame: Uint8Array): number {
  if (frame.length === 0) return ENERGY_FLOOR_DB;
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += SQUARED[frame[i]!]!;
  const db = 10 * Math.log10(sum / frame.length / FULL_SCALE_SQUARED);
  return Math.max(db, ENERGY_FLOOR_DB);
}

export interface VadOptions {
  /** Nominal frame length; sizes the noise window. Frames of other lengths are still accepted. */
  frameMs: number;
  /** Voiced time needed before `speech_start`, so clicks and coughs do not open a turn. */
  minSpeechMs: number;
  /** Trailing silence that ends a turn. Raise it where callers pause mid-answer (digits, IBAN). */
  endSilenceMs: number;
  /** Margin above the noise floor to enter speech. */
  startMarginDb: number;
  /** Smaller margin to stay in speech: the hysteresis keeps soft word endings inside the turn. */
  stayMarginDb: number;
  /** Absolute levels below which nothing counts as speech, whatever the floor (digital silence). */
  minStartDb: number;
  minStayDb: number;
  /** Gaps this short inside the start window do not reset it (plosives, syllable dips). */
  maxStartGapMs: number;
  /** How far back the noise floor looks for its minimum. */
  noiseWindowMs: number;
  /**
   * At the start of a stream the floor is unknown; for this long it is simply the quietest frame
   * so far and no turn can open. Callees rarely speak within 200 ms of the line opening.
   */
  warmupMs: number;
  /** While the agent speaks, the caller must talk this long to interrupt: backchannels stay out. */
  bargeInMinSpeechMs: number;
  /** Extra margin while the agent speaks, against its own echo on the inbound track. */
  bargeInExtraMarginDb: number;
}

export const DEFAULT_VAD_OPTIONS: VadOptions = {
  frameMs: 20,
  minSpeechMs: 100,
  endSilenceMs: 600,
  startMarginDb: 12,
  stayMarginDb: 7,
  minStartDb: -48,
  minStayDb: -54,
  maxStartGapMs: 40,
  noiseWindowMs: 2000,
  warmupMs: 200,
  bargeInMinSpeechMs: 300,
  bargeInExtraMarginDb: 6,
};

export type VadEvent =
  | { type: "speech_start"; atMs: number; bargeIn: boolean }
  | { type: "speech_end"; atMs: number; startedAtMs: number; durationMs: number };

export type VadState = "silence" | "speech";

/**
 * Stateful detector: `push` one frame at a time with the frame's start time (Twilio's media
 * `timestamp`). Constant work per frame and no allocation except the rare event objects.
 *
 * The noise floor is the lowest frame energy over the last `noiseWindowMs`, followed quickly
 * downwards and slowly upwards. Using a windowed minimum rather than an average of "non-speech"
 * frames means the floor also recovers when background noise rises during a turn, so a car or a
 * television cannot hold the detector in speech forever: speech always has dips between words.
 */
export class VoiceActivityDetector {
  readonly options: VadOptions;
  private readonly window: Float64Array;
  private windowIndex = 0;
  private windowFilled = 0;
  private floorDb: number;
  private stateValue: VadState = "silence";
  private agentSpeaking = false;
  // Start candidate: voiced time accumulated and when it began.
  private candidateStartMs = -1;
  private candidateVoicedMs = 0;
  private candidateGapMs = 0;
  // Current turn.
  private speechStartMs = 0;
  private lastVoicedEndMs = 0;
  private trailingSilenceMs = 0;
  private lastEnergyDb = ENERGY_FLOOR_DB;
  private heardMs = 0;

  constructor(options: Partial<VadOptions> = {}) {
    this.options = { ...DEFAULT_VAD_OPTIONS, ...options };
    const frames = Math.max(1, Math.round(this.options.noiseWindowMs / this.options.frameMs));
    this.window = new Float64Array(frames);
    this.floorDb = this.options.minStayDb - this.options.stayMarginDb;
  }

  get state(): VadState {
    return this.stateValue;
  }

  get noiseFloorDb(): number {
    return this.floorDb;
  }

  get energyDb(): number {
    return this.lastEnergyDb;
  }

  /** Tell the detector whether our own audio is playing, so caller speech counts as barge-in. */
  setAgentSpeaking(speaking: boolean): void {
    this.agentSpeaking = speaking;
  }

  reset(): void {
    this.windowIndex = 0;
    this.windowFilled = 0;
    this.floorDb = this.options.minStayDb - this.options.stayMarginDb;
    this.stateValue = "silence";
    this.clearCandidate();
    this.trailingSilenceMs = 0;
    this.heardMs = 0;
  }

  push(frame: Uint8Array, atMs: number): VadEvent | null {
    const o = this.options;
    const frameMs = frame.length / 8;
    const energy = frameEnergyDb(frame);
    this.lastEnergyDb = energy;
    const warmingUp = this.heardMs < o.warmupMs;
    this.heardMs += frameMs;
    this.trackFloor(energy, warmingUp);
    if (warmingUp) return null;
    const extra = this.agentSpeaking ? o.bargeInExtraMarginDb : 0;

    if (this.stateValue === "silence") {
      const startThreshold = Math.max(this.floorDb + o.startMarginDb, o.minStartDb) + extra;
      if (energy >= startThreshold) {
        if (this.candidateStartMs < 0) this.candidateStartMs = atMs;
        this.candidateVoicedMs += frameMs;
        this.candidateGapMs = 0;
        const needed = this.agentSpeaking ? o.bargeInMinSpeechMs : o.minSpeechMs;
        if (this.candidateVoicedMs >= needed) {
          this.stateValue = "speech";
          this.speechStartMs = this.candidateStartMs;
          this.lastVoicedEndMs = atMs + frameMs;
          this.trailingSilenceMs = 0;
          this.clearCandidate();
          return { type: "speech_start", atMs: this.speechStartMs, bargeIn: this.agentSpeaking };
        }
      } else if (this.candidateStartMs >= 0) {
        this.candidateGapMs += frameMs;
        if (this.candidateGapMs > o.maxStartGapMs) this.clearCandidate();
      }
      return null;
    }

    const stayThreshold = Math.max(this.floorDb + o.stayMarginDb, o.minStayDb) + extra;
    if (energy >= stayThreshold) {
      this.lastVoicedEndMs = atMs + frameMs;
      this.trailingSilenceMs = 0;
      return null;
    }
    this.trailingSilenceMs += frameMs;
    if (this.trailingSilenceMs < o.endSilenceMs) return null;
    this.stateValue = "silence";
    this.trailingSilenceMs = 0;
    return {
      type: "speech_end",
      atMs: this.lastVoicedEndMs,
      startedAtMs: this.speechStartMs,
      durationMs: this.lastVoicedEndMs - this.speechStartMs,
    };
  }

  private clearCandidate(): void {
    this.candidateStartMs = -1;
    this.candidateVoicedMs = 0;
    this.candidateGapMs = 0;
  }

  private trackFloor(energy: number, warmingUp: boolean): void {
    this.window[this.windowIndex] = energy;
    this.windowIndex = (this.windowIndex + 1) % this.window.length;
    if (this.windowFilled < this.window.length) this.windowFilled++;
    let min = energy;
    for (let i = 0; i < this.windowFilled; i++) if (this.window[i]! < min) min = this.window[i]!;
    // Down at once (a quieter line is good news), up gently (~0.5 s time constant at 20 ms).
    if (warmingUp) this.floorDb = min;
    else this.floorDb = min < this.floorDb ? min : this.floorDb + (min - this.floorDb) * 0.04;
  }
}
