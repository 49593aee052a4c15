import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeMulaw,
  decodeSample,
  encodeMulaw,
  encodeSample,
  MULAW_DECODE_TABLE,
  MULAW_SILENCE,
  resampleLinear,
} from "../../src/voice/audio/mulaw";
import { sine } from "./audio-helpers";

function rms(x: Int16Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / (to - from));
}

describe("G.711 μ-law codec", () => {
  it("decodes the code points of the standard table", () => {
    const expected: Record<number, number> = {
      0: -32124,
      1: -31100,
      15: -16764,
      16: -15996,
      31: -8316,
      32: -7932,
      112: -120,
      126: -8,
      127: 0,
      128: 32124,
      143: 16764,
      240: 120,
      254: 8,
      255: 0,
    };
    for (const [code, value] of Object.entries(expected)) expect(decodeSample(Number(code))).toBe(value);
  });

  it("encodes zero, the extremes and segment edges to the standard codes", () => {
    expect(encodeSample(0)).toBe(0xff);
    expect(encodeSample(0)).toBe(MULAW_SILENCE);
    expect(encodeSample(32767)).toBe(0x80);
    expect(encodeSample(-32768)).toBe(0x00);
    expect(encodeSample(-32124)).toBe(0x00);
    expect(encodeSample(8)).toBe(0xfe);
    expect(encodeSample(-8)).toBe(0x7e);
    expect(encodeSample(-1)).toBe(0x7f);
    expect(encodeSample(16764)).toBe(0x8f);
  });

  it("re-encodes every decoded code to itself, except the negative zero", () => {
    for (let code = 0; code < 256; code++) {
      const back = encodeSample(MULAW_DECODE_TABLE[code]!);
      expect(back).toBe(code === 0x7f ? 0xff : code);
    }
  });

  it("keeps the round-trip error within half a quantisation step", () => {
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), (x) => {
        const y = decodeSample(encodeSample(x));
        const magnitude = Math.min(Math.abs(x), 32635);
        // Half a step in segment e is 2^(e+2) ≤ (|x| + 132) / 32; beyond the clip level the
        // excess is lost as well.
        const bound = (magnitude + 132) / 32 + (Math.abs(x) - magnitude);
        return Math.abs(y - x) <= bound;
      }),
      { numRuns: 5000 },
    );
  });

  it("round-trips whole buffers like the per-sample functions", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 400 }), (values) => {
        const pcm = Int16Array.from(values);
        const bytes = encodeMulaw(pcm);
        const decoded = decodeMulaw(bytes);
        return values.every((v, i) => bytes[i] === encodeSample(v) && decoded[i] === decodeSample(bytes[i]!));
      }),
    );
  });

  it("turns silence into 0xFF bytes and back into zeros", () => {
    const bytes = encodeMulaw(new Int16Array(160));
    expect(bytes.every((b) => b === 0xff)).toBe(true);
    expect(decodeMulaw(bytes).every((v) => v === 0)).toBe(true);
  });

  it("writes into a caller's buffer without allocating a new one", () => {
    const out = new Uint8Array(4);
    expect(encodeMulaw(Int16Array.from([0, 1, -1, 100]), out)).toBe(out);
    expect(() => encodeMulaw(new Int16Array(5), out)).toThrow(RangeError);
  });
});

describe("resampling to the telephone rate", () => {
  for (const rate of [16000, 22050, 24000]) {
    it(`keeps a 1 kHz tone at ${rate} Hz with the right length and level`, () => {
      const input = sine(1000, 1000, 10000, rate);
      const out = resampleLinear(input, rate, 8000);
      expect(out.length).toBe(8000);
      // Away from the edges the level stays within 1 dB of 10000/√2.
      expect(rms(out, 200, 7800)).toBeGreaterThan((10000 / Math.SQRT2) * 0.89);
      expect(rms(out, 200, 7800)).toBeLessThan((10000 / Math.SQRT2) * 1.12);
      // And it is still 1 kHz: the zero crossings are 1000 per second, both directions.
      let crossings = 0;
      for (let i = 1; i < out.length; i++) if (out[i - 1]! < 0 !== out[i]! < 0) crossings++;
      expect(Math.abs(crossings - 2000)).toBeLessThan(10);
    });

    it(`filters a 5.5 kHz tone at ${rate} Hz instead of folding it into the voice band`, () => {
      const input = sine(5500, 1000, 10000, rate);
      const out = resampleLinear(input, rate, 8000);
      // Without the low-pass it would come back as a 2.5 kHz tone at full level.
      expect(rms(out, 200, 7800)).toBeLessThan(10000 / Math.SQRT2 / 100);
    });
  }

  it("returns a copy when the rates match and nothing for empty input", () => {
    const input = Int16Array.from([1, 2, 3]);
    const out = resampleLinear(input, 8000, 8000);
    expect(Array.from(out)).toEqual([1, 2, 3]);
    expect(out).not.toBe(input);
    expect(resampleLinear(new Int16Array(0), 22050).length).toBe(0);
  });
});
