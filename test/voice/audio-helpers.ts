import { encodeMulaw } from "../../src/voice/audio/mulaw";

// Synthetic telephone audio: 8 kHz PCM built from sines and seeded noise, then μ-law encoded.

export const RATE = 8000;

export function sine(freqHz: number, ms: number, amplitude: number, rate = RATE): Int16Array {
  const n = Math.round((ms * rate) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * freqHz * i) / rate));
  return out;
}

/** Deterministic white-ish noise (xorshift), so tests never flake. */
export function noise(ms: number, amplitude: number, seed = 1): Int16Array {
  const n = Math.round((ms * RATE) / 1000);
  const out = new Int16Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = Math.round(((s / 0xffffffff) * 2 - 1) * amplitude);
  }
  return out;
}

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((ms * RATE) / 1000));
}

/** A crude voiced sound: a 150 Hz fundamental with harmonics, amplitude-modulated like syllables. */
export function speechLike(ms: number, amplitude: number): Int16Array {
  const n = Math.round((ms * RATE) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    const syllable = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
    let v = 0;
    for (let h = 1; h <= 8; h++) v += Math.sin(2 * Math.PI * 150 * h * t + h) / h;
    out[i] = Math.round((amplitude * syllable * v) / 2.7);
  }
  return out;
}

export function mix(...parts: Int16Array[]): Int16Array {
  const n = Math.max(...parts.map((p) => p.length));
  const out = new Int16Array(n);
  for (const p of parts)
    for (let i = 0; i < p.length; i++) out[i] = Math.max(-32768, Math.min(32767, out[i]! + p[i]!));
  return out;
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** μ-law encodes and cuts into 20 ms frames of 160 bytes, as Twilio sends them. */
export function frames(pcm: Int16Array, frameBytes = 160): Uint8Array[] {
  const bytes = encodeMulaw(pcm);
  const out: Uint8Array[] = [];
  for (let i = 0; i + frameBytes <= bytes.length; i += frameBytes)
    out.push(bytes.subarray(i, i + frameBytes));
  return out;
}
