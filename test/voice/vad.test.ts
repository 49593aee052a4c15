import { describe, expect, it } from "vitest";
import { frameEnergyDb, type VadEvent, VoiceActivityDetector } from "../../src/voice/audio/vad";
import { BeepDetector, detectBeep, VoicemailDetector } from "../../src/voice/audio/voicemail";
import { concat, frames, mix, noise, silence, sine, speechLike } from "./audio-helpers";

function run(vad: VoiceActivityDetector, pcm: Int16Array, startMs = 0): VadEvent[] {
  const events: VadEvent[] = [];
  frames(pcm).forEach((frame, i) => {
    const e = vad.push(frame, startMs + i * 20);
    if (e) events.push(e);
  });
  return events;
}

describe("voice activity detection", () => {
  it("measures a full-scale sine near −3 dBFS and digital silence at the floor", () => {
    expect(frameEnergyDb(frames(sine(1000, 20, 32000))[0]!)).toBeCloseTo(-3.1, 0);
    expect(frameEnergyDb(frames(silence(20))[0]!)).toBe(-96);
  });

  it("stays quiet on silence and on steady line noise", () => {
    expect(run(new VoiceActivityDetector(), silence(3000))).toEqual([]);
    expect(run(new VoiceActivityDetector(), noise(5000, 600))).toEqual([]);
  });

  it("opens a turn when speech starts and closes it after the trailing silence", () => {
    const vad = new VoiceActivityDetector({ endSilenceMs: 600 });
    const pcm = concat(silence(1000), speechLike(1500, 9000), silence(1500));
    const events = run(vad, pcm);
    expect(events).toHaveLength(2);
    const start = events[0]!;
    const end = events[1]!;
    expect(start).toMatchObject({ type: "speech_start", bargeIn: false });
    expect(Math.abs(start.atMs - 1000)).toBeLessThanOrEqual(40);
    if (end.type !== "speech_end") throw new Error("expected speech_end");
    expect(Math.abs(end.durationMs - 1500)).toBeLessThanOrEqual(80);
    expect(Math.abs(end.atMs - 2500)).toBeLessThanOrEqual(60);
  });

  it("keeps one turn across pauses shorter than the end-of-speech silence", () => {
    const pcm = concat(
      silence(500),
      speechLike(800, 9000),
      silence(300),
      speechLike(700, 9000),
      silence(1000),
    );
    const events = run(new VoiceActivityDetector({ endSilenceMs: 500 }), pcm);
    expect(events.map((e) => e.type)).toEqual(["speech_start", "speech_end"]);
  });

  it("splits turns when the pause is longer than the end-of-speech silence", () => {
    const pcm = concat(
      silence(500),
      speechLike(600, 9000),
      silence(900),
      speechLike(600, 9000),
      silence(900),
    );
    const events = run(new VoiceActivityDetector({ endSilenceMs: 700 }), pcm);
    expect(events.map((e) => e.type)).toEqual(["speech_start", "speech_end", "speech_start", "speech_end"]);
  });

  it("ignores a click shorter than the minimum speech duration", () => {
    const pcm = concat(silence(500), sine(300, 40, 12000), silence(1000));
    expect(run(new VoiceActivityDetector({ minSpeechMs: 100 }), pcm)).toEqual([]);
  });

  it("hears speech over background noise once the floor has adapted", () => {
    const background = noise(4000, 700, 7);
    const voice = concat(silence(1500), speechLike(1200, 9000), silence(1300));
    const events = run(new VoiceActivityDetector(), mix(background, voice));
    expect(events.map((e) => e.type)).toEqual(["speech_start", "speech_end"]);
    expect(Math.abs(events[0]!.atMs - 1500)).toBeLessThanOrEqual(60);
  });

  it("ends a turn when the background gets louder and stays loud", () => {
    // A television switched on mid-turn must not keep the caller "speaking" forever.
    const pcm = concat(silence(500), speechLike(600, 9000), noise(6000, 2500, 3));
    const events = run(new VoiceActivityDetector(), pcm);
    expect(events.map((e) => e.type)).toEqual(["speech_start", "speech_end"]);
  });

  it("flags barge-in only when the caller talks over the agent long enough", () => {
    const vad = new VoiceActivityDetector({ bargeInMinSpeechMs: 300 });
    vad.setAgentSpeaking(true);
    // A 200 ms "mm" backchannel is not an interruption…
    expect(run(vad, concat(silence(400), speechLike(200, 9000), silence(1000)))).toEqual([]);
    // …a real sentence is, and the event says so.
    const events = run(vad, concat(speechLike(1000, 9000), silence(1000)), 2000);
    expect(events[0]).toMatchObject({ type: "speech_start", bargeIn: true, atMs: 2000 });
    vad.setAgentSpeaking(false);
    const later = run(vad, concat(speechLike(500, 9000), silence(1000)), 5000);
    expect(later[0]).toMatchObject({ type: "speech_start", bargeIn: false });
  });

  it("processes a frame in well under a millisecond", () => {
    const vad = new VoiceActivityDetector();
    const all = frames(mix(noise(10_000, 800), concat(silence(2000), speechLike(6000, 8000))));
    const started = performance.now();
    for (let round = 0; round < 10; round++)
      for (const [i, f] of all.entries()) vad.push(f, (round * all.length + i) * 20);
    const perFrameMs = (performance.now() - started) / (all.length * 10);
    console.log(`VAD: ${(perFrameMs * 1000).toFixed(2)} µs per 20 ms frame`);
    expect(perFrameMs).toBeLessThan(0.1);
  });
});

describe("voicemail heuristics", () => {
  it("finds a 1 kHz beep with the Goertzel filters and reports when it ends", () => {
    const pcm = concat(silence(500), sine(1000, 400, 12000), silence(500));
    const beep = detectBeep(frames(pcm));
    expect(beep).not.toBeNull();
    expect(beep!.frequencyHz).toBeGreaterThanOrEqual(975);
    expect(beep!.frequencyHz).toBeLessThanOrEqual(1025);
    expect(beep!.startMs).toBe(500);
    expect(beep!.endMs).toBe(900);
  });

  it("finds a beep over line noise at an off-grid frequency", () => {
    const pcm = mix(noise(1500, 400, 9), concat(silence(600), sine(1412, 300, 9000), silence(600)));
    const beep = detectBeep(frames(pcm));
    expect(beep?.frequencyHz).toBeGreaterThan(1380);
    expect(beep?.frequencyHz).toBeLessThan(1440);
  });

  it("does not take speech, noise, ringback or a short blip for a beep", () => {
    expect(detectBeep(frames(speechLike(3000, 9000)))).toBeNull();
    expect(detectBeep(frames(noise(3000, 5000)))).toBeNull();
    expect(detectBeep(frames(concat(sine(440, 1500, 9000), silence(500))))).toBeNull();
    expect(detectBeep(frames(concat(sine(1000, 60, 12000), silence(500))))).toBeNull();
    expect(detectBeep(frames(concat(sine(1000, 5000, 12000), silence(200))))).toBeNull();
  });

  it("calls a short 'allô ?' followed by a pause a human", () => {
    const detector = new VoicemailDetector();
    const verdicts = frames(concat(silence(300), speechLike(700, 9000), silence(1500)))
      .map((f, i) => detector.push(f, i * 20))
      .filter((v) => v !== null);
    expect(verdicts.map((v) => v.kind)).toEqual(["human"]);
  });

  it("calls a long greeting a machine, then reports the beep", () => {
    const greeting = concat(speechLike(2500, 9000), silence(250), speechLike(2500, 9000));
    const pcm = concat(silence(300), greeting, silence(400), sine(1000, 500, 12000), silence(800));
    const detector = new VoicemailDetector();
    const verdicts = frames(pcm)
      .map((f, i) => detector.push(f, i * 20))
      .filter((v) => v !== null);
    expect(verdicts.map((v) => v.kind)).toEqual(["machine", "beep"]);
    expect(verdicts[0]!.atMs).toBeGreaterThanOrEqual(4300);
    expect(detector.verdict?.kind).toBe("beep");
  });

  it("can be reset mid-call", () => {
    const detector = new VoicemailDetector();
    for (const [i, f] of frames(speechLike(4500, 9000)).entries()) detector.push(f, i * 20);
    expect(detector.verdict?.kind).toBe("machine");
    detector.reset();
    expect(detector.verdict).toBeNull();
  });

  it("keeps the beep detector's verdict stream-based", () => {
    const detector = new BeepDetector();
    const beeps = frames(concat(sine(1000, 300, 10000), silence(200), sine(1000, 300, 10000), silence(200)))
      .map((f, i) => detector.push(f, i * 20))
      .filter((b) => b !== null);
    expect(beeps).toHaveLength(2);
  });
});
