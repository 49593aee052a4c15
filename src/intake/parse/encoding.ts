// Character set and separator detection. Creditors' files come from Excel ("CSV UTF-8" with a BOM,
// plain "CSV" in Windows-1252, "Unicode text" in UTF-16), from accounting software (ISO-8859-15
// per the FEC rules) or from scripts (UTF-8 without BOM); the sample decides among them.

import { TextDecoder } from "node:util";
import iconv from "iconv-lite";
import type { ByteSource } from "./types";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252" | "iso-8859-15";
export const TEXT_ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-15"] as const;

export interface DetectedEncoding {
  encoding: TextEncodingName;
  bom: boolean;
}

/** How many leading bytes the detection looks at. */
export const SAMPLE_BYTES = 64 * 1024;

export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: "utf-8", bom: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: "utf-16le", bom: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: "utf-16be", bom: true };
  const utf16 = guessUtf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, bom: false };
  if (isUtf8(sample)) return { encoding: "utf-8", bom: false };
  return { encoding: guessSingleByte(sample), bom: false };
}

function guessUtf16WithoutBom(sample: Uint8Array): TextEncodingName | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  // Latin text in UTF-16 has a zero high byte in nearly every code unit; other encodings have none.
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return "utf-16be";
  return null;
}

function isUtf8(sample: Uint8Array): boolean {
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function guessSingleByte(sample: Uint8Array): TextEncodingName {
  let iso15Hint = false;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    // 0x80–0x9F are printable in Windows-1252 (€ ’ œ …) and C1 controls in ISO-8859-15.
    if (b >= 0x80 && b <= 0x9f) return "windows-1252";
    // ISO-8859-15 moved € œ Œ to these positions; in Windows-1252 they are ¤ ½ ¼, rare in invoices.
    if (b === 0xa4 || b === 0xbc || b === 0xbd) iso15Hint = true;
  }
  return iso15Hint ? "iso-8859-15" : "windows-1252";
}

export interface DecodedText extends DetectedEncoding {
  chunks: AsyncGenerator<string>;
  /** Set once decoding had to leave UTF-8 after an all-ASCII sample; the report can mention it. */
  switchedTo?: TextEncodingName;
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
}

/**
 * Reads the first bytes of a source, detects (or takes) the encoding and returns a stream of
 * decoded text with any byte order mark removed.
 */
export async function openText(source: ByteSource, forced?: TextEncodingName): Promise<DecodedText> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const bytes = toBytes(next.value);
    head.push(bytes);
    headBytes += bytes.length;
  }
  const sample = head.length === 1 ? head[0]! : Buffer.concat(head);
  const detected = forced ? { encoding: forced, bom: hasBom(sample, forced) } : detectEncoding(sample);
  const result: DecodedText = { ...detected, chunks: decode() };
  return result;

  async function* decode(): AsyncGenerator<string> {
    const pure = detected.encoding === "utf-8" && !forced && isAscii(sample);
    let utf8: TextDecoder | null = null;
    let single: SingleDecoder | null = null;
    if (detected.encoding === "utf-8") utf8 = new TextDecoder("utf-8", { fatal: pure, ignoreBOM: false });
    else single = singleDecoder(detected.encoding);

    const write = (bytes: Uint8Array): string => {
      if (utf8) {
        try {
          return utf8.decode(bytes, { stream: true });
        } catch {
          // The sample was plain ASCII and a later byte is not UTF-8: the file is in a legacy
          // single-byte set. Everything before was ASCII, so nothing decoded so far changes.
          utf8 = null;
          const enc = guessSingleByte(bytes);
          result.switchedTo = enc;
          single = singleDecoder(enc);
          return single.write(bytes);
        }
      }
      return single!.write(bytes);
    };

    for (const bytes of head) {
      const s = write(bytes);
      if (s) yield s;
    }
    if (!done) {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        const s = write(toBytes(next.value));
        if (s) yield s;
      }
    }
    const tail = utf8 ? (utf8 as TextDecoder).decode() : (single?.end() ?? "");
    if (tail) yield tail;
  }
}

interface SingleDecoder {
  write(bytes: Uint8Array): string;
  end(): string | undefined;
}

/**
 * The platform decoder (ICU) is several times faster than a JavaScript table; iconv-lite covers
 * Node builds without full ICU. Both drop a byte order mark.
 */
function singleDecoder(encoding: TextEncodingName): SingleDecoder {
  try {
    const d = new TextDecoder(encoding, { ignoreBOM: false });
    return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
  } catch {
    const d = iconv.getDecoder(encoding, { stripBOM: true });
    return { write: (b) => d.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength)), end: () => d.end() };
  }
}

function hasBom(sample: Uint8Array, enc: TextEncodingName): boolean {
  if (enc === "utf-8") return sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  if (enc === "utf-16le") return sample[0] === 0xff && sample[1] === 0xfe;
  if (enc === "utf-16be") return sample[0] === 0xfe && sample[1] === 0xff;
  return false;
}

function isAscii(sample: Uint8Array): boolean {
  for (let i = 0; i < sample.length; i++) if (sample[i]! >= 0x80) return false;
  return true;
}

/** Decodes a whole buffer with detection, for small inputs (XML, tests). */
export function decodeBuffer(
  bytes: Uint8Array,
  forced?: TextEncodingName,
): { text: string } & DetectedEncoding {
  const detected = forced ? { encoding: forced, bom: hasBom(bytes, forced) } : detectEncoding(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { ...detected, text: iconv.decode(buf, detected.encoding, { stripBOM: true }) };
}

// --- separators ------------------------------------------------------------------------------------

export type Delimiter = ";" | "," | "\t" | "|";
export const DELIMITERS: readonly Delimiter[] = [";", "\t", "|", ","];
export type Newline = "\r\n" | "\n" | "\r";

const MAX_SAMPLE_RECORDS = 30;

/**
 * Picks the separator whose count per record is the most consistent over the first records,
 * counting only outside quotes. Ties go to `;` first: French Excel writes `;` because `,` is the
 * decimal separator, so a `,` count is unreliable in French files.
 */
export function detectDelimiter(sample: string): Delimiter {
  const counts = countPerRecord(sample);
  if (counts.length === 0) return ";";
  // The last record of a sample may be cut; drop it when there are others.
  const records = counts.length > 1 ? counts.slice(0, -1) : counts;
  let best: Delimiter = ";";
  let bestScore = -1;
  for (let d = 0; d < DELIMITERS.length; d++) {
    const header = records[0]![d]!;
    if (header === 0) continue;
    let consistent = 0;
    for (const r of records) if (r[d] === header) consistent++;
    // Consistency first, then more columns.
    const score = (consistent / records.length) * 1000 + Math.min(header, 999) / 1000;
    if (score > bestScore) {
      bestScore = score;
      best = DELIMITERS[d]!;
    }
  }
  return best;
}

function countPerRecord(sample: string): number[][] {
  const out: number[][] = [];
  let current = [0, 0, 0, 0];
  let inQuotes = false;
  let atFieldStart = true;
  let any = false;
  for (let i = 0; i < sample.length && out.length < MAX_SAMPLE_RECORDS; i++) {
    const c = sample[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (sample[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      any = true;
      continue;
    }
    if (c === "\n" || c === "\r") {
      if (c === "\r" && sample[i + 1] === "\n") i++;
      if (any) out.push(current);
      current = [0, 0, 0, 0];
      atFieldStart = true;
      any = false;
      continue;
    }
    any = true;
    const d = DELIMITERS.indexOf(c as Delimiter);
    if (d >= 0) {
      current[d]!++;
      atFieldStart = true;
    } else atFieldStart = false;
  }
  if (any && out.length < MAX_SAMPLE_RECORDS) out.push(current);
  return out;
}

/** The first record terminator outside quotes; `\n` when the sample holds a single line. */
export function detectNewline(sample: string): Newline {
  let inQuotes = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (!inQuotes && c === 13) return sample.charCodeAt(i + 1) === 10 ? "\r\n" : "\r";
    else if (!inQuotes && c === 10) return "\n";
  }
  return "\n";
}
