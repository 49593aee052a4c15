// French cardinal numbers written as words, as a recognizer transcribes them: "cent cinquante",
// "quatre-vingt-dix-neuf", "deux mille trois cents", Belgian and Swiss "septante", "nonante".
// Works on normalized tokens (hyphens already turned into spaces).

const UNITS: Record<string, number> = {
  zero: 0,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
};
const TEENS: Record<string, number> = {
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
};
const TENS: Record<string, number> = {
  vingt: 20,
  vingts: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  septante: 70,
  huitante: 80,
  octante: 80,
  nonante: 90,
};

export function isNumberWord(token: string): boolean {
  return (
    token in UNITS ||
    token in TEENS ||
    token in TENS ||
    token === "cent" ||
    token === "cents" ||
    token === "mille" ||
    token === "million" ||
    token === "millions"
  );
}

interface Parsed {
  value: number;
  /** Tokens consumed from `start`. */
  length: number;
}

/**
 * Reads the longest well-formed French number starting at `start`. Each step checks that the word
 * may follow the previous one ("vingt" then "deux" yes, "deux" then "trois" no), so two numbers
 * said in a row ("deux trois fois") are not added together.
 */
export function parseNumberWords(tokens: readonly string[], start: number): Parsed | null {
  let millions = 0;
  let thousands = 0;
  let group = 0; // the part below a thousand being read
  let last: "none" | "unit" | "teen" | "tens" | "tens_open" | "hundred" | "mille" | "million" = "none";
  let consumed = 0;
  let i = start;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t === "et") {
      // Only inside "vingt et un", "soixante et onze".
      const after = tokens[i + 1];
      if (last !== "tens" || (after !== "un" && after !== "une" && after !== "onze")) break;
      continue;
    }
    if (t === "quatre" && (next === "vingt" || next === "vingts")) {
      if (!(last === "none" || last === "hundred" || last === "mille" || last === "million")) break;
      group += 80;
      last = "tens_open";
      i++;
      consumed = i - start + 1;
      continue;
    }
    if (t in UNITS) {
      const v = UNITS[t]!;
      if (v === 0 && last !== "none") break;
      if (
        !(
          last === "none" ||
          last === "tens" ||
          last === "tens_open" ||
          last === "hundred" ||
          last === "mille" ||
          last === "million"
        )
      )
        break;
      // A unit only fills an empty units place: "vingt-deux", "dix-sept", never "vingt-deux-trois".
      if (last !== "none" && group % 10 !== 0) break;
      group += v;
      last = "unit";
    } else if (t in TEENS) {
      const v = TEENS[t]!;
      const afterTens =
        (last === "tens" || last === "tens_open") && (group % 100 === 60 || group % 100 === 80);
      if (!(last === "none" || last === "hundred" || last === "mille" || last === "million" || afterTens))
        break;
      group += v;
      // "dix" can still take a unit: dix-sept, soixante-dix-huit, quatre-vingt-dix-neuf.
      last = v === 10 ? "tens" : "teen";
    } else if (t in TENS) {
      if (!(last === "none" || last === "hundred" || last === "mille" || last === "million")) break;
      group += TENS[t]!;
      last = "tens";
    } else if (t === "cent" || t === "cents") {
      if (!(last === "none" || last === "unit" || last === "mille" || last === "million")) break;
      if (group % 100 >= 10 || group >= 100) break;
      group = (group === 0 ? 1 : group) * 100;
      last = "hundred";
    } else if (t === "mille") {
      if (last === "mille" || thousands > 0) break;
      thousands = group === 0 ? 1 : group;
      group = 0;
      last = "mille";
    } else if (t === "million" || t === "millions") {
      if (last === "million" || millions > 0 || thousands > 0 || group === 0) break;
      millions = group;
      group = 0;
      last = "million";
    } else break;
    consumed = i - start + 1;
  }
  if (consumed === 0) return null;
  // A lone "un"/"une" is an article far more often than a number.
  if (consumed === 1 && (tokens[start] === "un" || tokens[start] === "une")) return null;
  return { value: millions * 1_000_000 + thousands * 1000 + group, length: consumed };
}

/** Replaces every run of number words in a normalized string by its digits. */
export function numberWordsToDigits(normalized: string): string {
  const tokens = normalized.split(" ");
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    // "2 mille", "3 cents" written half in digits.
    if (
      /^\d+$/.test(t) &&
      (tokens[i + 1] === "mille" || tokens[i + 1] === "cents") &&
      !/^\d/.test(tokens[i + 2] ?? "")
    ) {
      const rest = parseNumberWords(tokens, i + 2);
      const factor = tokens[i + 1] === "mille" ? 1000 : 100;
      const below = rest && rest.value < factor ? rest : null;
      out.push(String(Number(t) * factor + (below?.value ?? 0)));
      i += 2 + (below?.length ?? 0);
      continue;
    }
    const parsed = isNumberWord(t) ? parseNumberWords(tokens, i) : null;
    if (parsed) {
      out.push(String(parsed.value));
      i += parsed.length;
    } else {
      out.push(t);
      i++;
    }
  }
  return out.join(" ");
}

/** Parses a whole string of French number words ("deux mille trois cents"), or null. */
export function parseFrenchNumber(text: string): number | null {
  const tokens = text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[\s-]+/)
    .filter(Boolean);
  if (tokens.length === 1 && (tokens[0] === "un" || tokens[0] === "une")) return 1;
  const parsed = parseNumberWords(tokens, 0);
  return parsed && parsed.length === tokens.length ? parsed.value : null;
}
