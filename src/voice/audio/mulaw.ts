// G.711 μ-law (ITU-T G.711, North American / Japanese law), the only encoding Twilio Media Streams
// carry: 8 kHz, 8 bits, one byte per sample. Pure and allocation-free when the caller passes `out`.

/** The code a linear 0 encodes to; carriers and our own buffers pad with it. */
export const MULAW_SILENCE = 0xff;
export const TELEPHONY_SAMPLE_RATE = 8000;

// G.711 adds 0x84 (132) before finding the segment so that every segment boundary is a power of
// two; 32635 is the largest magnitude that still fits after the bias (32635 + 132 = 32767).
const BIAS = 0x84;
const CLIP = 32635;

/** Segment (exponent) of a biased magnitude, indexed by `biased >> 7` (0..255). */
const SEGMENT = new Uint8Array(256);
for (let i = 1; i < 256; i++) SEGMENT[i] = 31 - Math.clz32(i);

/** Linear value of each of the 256 codes (the standard decode table). */
export const MULAW_DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code++) {
    const u = ~code & 0xff;
    const exponent = (u >> 4) & 0x07;
    const mantissa = u & 0x0f;
    const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
    table[code] = u & 0x80 ? -magnitude : magnitude;
  }
  return table;
})();

/** Encodes one 16-bit linear sample. */
export function encodeSample(sample: number): number {
  let s = sample | 0;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  const exponent = SEGMENT[s >> 7]!;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  // Codes are transmitted inverted so that an idle line (all ones) means silence.
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Decodes one μ-law byte to a 16-bit linear sample. */
export function decodeSample(code: number): number {
  return MULAW_DECODE_TABLE[code & 0xff]!;
}

/** Encodes a whole PCM buffer. Writes into `out` when given (it must be at least as long). */
export function encodeMulaw(pcm: Int16Array, out: Uint8Array = new Uint8Array(pcm.length)): Uint8Array {
  if (out.length < pcm.length) throw new RangeError("output buffer shorter than input");
  for (let i = 0; i < pcm.length; i++) out[i] = encodeSample(pcm[i]!);
  return out.length === pcm.length ? out : out.subarray(0, pcm.length);
}

/** Decodes a whole μ-law buffer. Writes into `out` when given (it must be at least as long). */
export function decodeMulaw(bytes: Uint8Array, out: Int16Array = new Int16Array(bytes.length)): Int16Array {
  if (out.length < bytes.length) throw new RangeError("output buffer shorter than input");
  for (let i = 0; i < bytes.length; i++) out[i] = MULAW_DECODE_TABLE[bytes[i]!]!;
  return out.length === bytes.length ? out : out.subarray(0, bytes.length);
}

// Low-pass kernels are cached per rate pair: a call streams many chunks at the same rates.
const kernels = new Map<string, Float64Array>();
const TAPS = 63;

function lowPassKernel(fromRate: number, cutoffHz: number): Float64Array {
  const key = `${fromRate}:${cutoffHz}`;
  const cached = kernels.get(key);
  if (cached) return cached;
  const kernel = new Float64Array(TAPS);
  const fc = cutoffHz / fromRate;
  const mid = (TAPS - 1) / 2;
  let sum = 0;
  for (let i = 0; i < TAPS; i++) {
    const x = i - mid;
    const sinc = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
    // Blackman window: ~74 dB stop band, enough that folded energy is below μ-law's own noise.
    const w =
      0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (TAPS - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (TAPS - 1));
    kernel[i] = sinc * w;
    sum += kernel[i]!;
  }
  for (let i = 0; i < TAPS; i++) kernel[i] = kernel[i]! / sum;
  kernels.set(key, kernel);
  return kernel;
}

function filteredAt(input: Int16Array, kernel: Float64Array | null, index: number): number {
  if (!kernel) return input[Math.min(Math.max(index, 0), input.length - 1)]!;
  const mid = (TAPS - 1) >> 1;
  let acc = 0;
  for (let k = 0; k < TAPS; k++) {
    const j = index + k - mid;
    // Edges repeat the boundary sample instead of zero-padding, which would click.
    const v = input[j < 0 ? 0 : j >= input.length ? input.length - 1 : j]!;
    acc += v * kernel[k]!;
  }
  return acc;
}

/**
 * Converts mono PCM from `fromRate` (espeak-ng gives 22 050 Hz, most TTS APIs 16 or 24 kHz) to
 * `toRate` (8 kHz for the phone line) by linear interpolation. When downsampling, the input is
 * first low-passed below the new Nyquist frequency (windowed sinc, cut-off at 85 % of it) so
 * sibilants above 4 kHz do not fold back as hiss. The filter is evaluated only at the input
 * positions the interpolation reads, so the cost follows the output length.
 */
export function resampleLinear(
  input: Int16Array,
  fromRate: number,
  toRate = TELEPHONY_SAMPLE_RATE,
): Int16Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError("sample rates must be positive");
  if (input.length === 0) return new Int16Array(0);
  if (fromRate === toRate) return input.slice();
  const kernel = toRate < fromRate ? lowPassKernel(fromRate, 0.425 * toRate) : null;
  const ratio = fromRate / toRate;
  const outLength = Math.max(1, Math.floor((input.length * toRate) / fromRate));
  const out = new Int16Array(outLength);
  for (let i = 0; i < outLength; i++) {
    const pos = i * ratio;
    const left = Math.floor(pos);
    const frac = pos - left;
    const a = filteredAt(input, kernel, left);
    const v = frac === 0 ? a : a + (filteredAt(input, kernel, left + 1) - a) * frac;
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
  }
  return out;
}
