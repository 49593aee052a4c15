// SMS encoding (3GPP TS 23.038): a message in the GSM 7-bit alphabet fits 160 characters in one
// segment and 153 per segment when concatenated; anything outside it switches the whole message to
// UCS-2, 70 characters alone and 67 per segment. Extension characters (€, [, ], {, }, ~, ^, \, |)
// take two septets and are never split across segments.

const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const EXTENSION = "^{}\\[~]|€\f";
const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SegmentCount {
  encoding: SmsEncoding;
  segments: number;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!basic.has(ch) && !extension.has(ch)) return false;
  return true;
}

export function countSegments(text: string): SegmentCount {
  if (text.length === 0) return { encoding: "GSM-7", segments: 0, units: 0 };
  if (isGsm7(text)) {
    const sizes = [...text].map((ch) => (extension.has(ch) ? 2 : 1));
    const units = sizes.reduce((a, b) => a + b, 0);
    return { encoding: "GSM-7", segments: units <= 160 ? 1 : pack(sizes, 153), units };
  }
  // UCS-2 counts UTF-16 code units; a surrogate pair (emoji) stays within one segment.
  const sizes = [...text].map((ch) => ch.length);
  const units = sizes.reduce((a, b) => a + b, 0);
  return { encoding: "UCS-2", segments: units <= 70 ? 1 : pack(sizes, 67), units };
}

function pack(sizes: number[], perSegment: number): number {
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perSegment) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return segments;
}

const FOLD: Record<string, string> = {
  â: "a",
  á: "a",
  ã: "a",
  ê: "e",
  ë: "e",
  î: "i",
  ï: "i",
  í: "i",
  ô: "o",
  ó: "o",
  õ: "o",
  û: "u",
  ú: "u",
  ÿ: "y",
  ç: "c",
  œ: "oe",
  À: "A",
  Â: "A",
  Á: "A",
  È: "E",
  Ê: "E",
  Ë: "E",
  Î: "I",
  Ï: "I",
  Ô: "O",
  Û: "U",
  Ù: "U",
  Œ: "OE",
  "\u2018": "'",
  "\u2019": "'",
  "\u201c": '"',
  "\u201d": '"',
  "«": '"',
  "»": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2026": "...",
  "\u00a0": " ",
  "\u202f": " ",
  "\u2009": " ",
};

/**
 * Replaces the characters French text commonly carries outside the GSM alphabet (â, ê, ç, œ, curly
 * quotes, narrow spaces…) by their nearest GSM form, so that one accent does not double the cost of
 * a message by switching it to UCS-2. Characters with no near form are kept.
 */
export function foldToGsm7(text: string): string {
  let out = "";
  for (const ch of text) out += basic.has(ch) || extension.has(ch) ? ch : (FOLD[ch] ?? ch);
  return out;
}
