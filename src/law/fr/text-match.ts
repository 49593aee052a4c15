import { FRENCH_MONTHS as MONTHS } from "./months";

// Finding legal mentions in rendered text. Letters come out of templates, PDF renderers and word
// processors that change spacing, apostrophes and thousands separators; those differences must not
// make a mention look missing, while a changed word must.

const SPACES = /[\s\u00a0\u2007\u2009\u202f]+/g;
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;

/** Same words, same punctuation: only spacing and apostrophe shapes are ignored (for verbatim text). */
export function normalizeVerbatim(text: string): string {
  return text.normalize("NFC").replace(APOSTROPHES, "'").replace(SPACES, " ").trim();
}

/** Case, accents, punctuation and spacing ignored: for names, addresses, references and phrases. */
export function normalizeLoose(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(/[^a-z0-9'€@/.:+_-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether `needle` appears in `text` as whole words, both loosely normalised. */
export function containsLoose(text: string, needle: string): boolean {
  const n = normalizeLoose(needle);
  if (n === "") return false;
  // A mention inside a longer word, number, URL or e-mail address is not the mention itself.
  return new RegExp(`(?<![a-z0-9/@_.-])${escapeRegExp(n)}(?![a-z0-9/@_-]|\\.[a-z0-9])`).test(
    normalizeLoose(text),
  );
}

function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * Whether an amount in cents is written in the text: French "1 234,56" (any space, a dot or no
 * thousands separator), or "1234.56"; whole amounts may also be written without cents before a
 * currency sign or word.
 */
export function containsAmount(text: string, cents: number): boolean {
  if (!Number.isInteger(cents) || cents < 0) throw new RangeError(`not an amount in cents: ${cents}`);
  const euros = String(Math.floor(cents / 100));
  const fraction = String(cents % 100).padStart(2, "0");
  const forms = new Set<string>();
  for (const separator of ["", " ", "."]) forms.add(`${escapeRegExp(group(euros, separator))},${fraction}`);
  forms.add(`${euros}\\.${fraction}`);
  forms.add(`${escapeRegExp(group(euros, ","))}\\.${fraction}`);
  if (fraction === "00") {
    for (const separator of ["", " ", "."]) {
      forms.add(`${escapeRegExp(group(euros, separator))}(?= ?(?:€|eur\\b|euros?\\b))`);
    }
  }
  const pattern = new RegExp(`(?<![\\d.,])(?:${[...forms].join("|")})(?![\\d]|[.,]\\d)`, "i");
  return pattern.test(text.replace(SPACES, " "));
}

/** Whether a YYYY-MM-DD date is written in the text as 05/03/2025, 5 mars 2025, 1er mars 2025 or 2025-03-05. */
export function containsDate(text: string, isoDate: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const d = Number(day);
  const m = Number(month);
  const loose = normalizeLoose(text);
  const numeric = new RegExp(`(?<!\\d)0?${d}[/.-]0?${m}[/.-]${year}(?!\\d)`);
  const words = new RegExp(`(?<![0-9])(?:0?${d}${d === 1 ? "|1er" : ""}) ${MONTHS[m - 1]} ${year}(?!\\d)`);
  return numeric.test(loose) || words.test(loose) || loose.includes(isoDate);
}
