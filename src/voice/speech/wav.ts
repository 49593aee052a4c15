import { decodeMulaw, encodeMulaw, resampleLinear, TELEPHONY_SAMPLE_RATE } from "../audio/mulaw";

// Just enough RIFF/WAVE for speech providers: 16-bit PCM mono in, 16-bit PCM mono out. espeak-ng
// writing to a pipe cannot know the length and puts 0x7ffffff0 in its size fields, so the data chunk
// runs to the end of the buffer whatever its header says.

export interface Pcm {
  sampleRate: number;
  samples: Int16Array;
}

export function parseWav(buf: Uint8Array): Pcm {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = (at: number) => String.fromCharCode(buf[at]!, buf[at + 1]!, buf[at + 2]!, buf[at + 3]!);
  if (buf.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error("not a WAVE file");
  let at = 12;
  let sampleRate = 0;
  while (at + 8 <= buf.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === "fmt ") {
      const format = view.getUint16(at + 8, true);
      const channels = view.getUint16(at + 10, true);
      const bits = view.getUint16(at + 22, true);
      if (format !== 1 || channels !== 1 || bits !== 16) throw new Error("WAVE is not 16-bit PCM mono");
      sampleRate = view.getUint32(at + 12, true);
    } else if (id === "data") {
      if (!sampleRate) throw new Error("WAVE data before its format");
      const end = Math.min(buf.length, at + 8 + size);
      const bytes = buf.slice(at + 8, at + 8 + ((end - at - 8) & ~1));
      return { sampleRate, samples: new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2) };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error("WAVE without data");
}

export function wavFromPcm(samples: Int16Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(out.buffer);
  const put = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  put(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  put(8, "WAVE");
  put(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, "data");
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i]!, true);
  return out;
}

/** A provider's WAV to what the phone line carries. */
export function wavToMulaw(buf: Uint8Array): Uint8Array {
  const pcm = parseWav(buf);
  return encodeMulaw(resampleLinear(pcm.samples, pcm.sampleRate, TELEPHONY_SAMPLE_RATE));
}

/** What the phone line carried to a WAV a transcription API accepts. */
export function mulawToWav(mulaw: Uint8Array): Uint8Array {
  return wavFromPcm(decodeMulaw(mulaw), TELEPHONY_SAMPLE_RATE);
}
