// Writes integers in French words, independently of the parser under test, in the traditional
// spelling ("deux cent vingt et un") or the 1990 one ("deux-cent-vingt-et-un").

const UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"];
const TEENS = [
  "dix",
  "onze",
  "douze",
  "treize",
  "quatorze",
  "quinze",
  "seize",
  "dix-sept",
  "dix-huit",
  "dix-neuf",
];
const TENS = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante"];

function below100(n: number): string[] {
  if (n < 10) return [UNITS[n]!];
  if (n < 20) return [TEENS[n - 10]!];
  if (n < 70) {
    const tens = TENS[Math.floor(n / 10)]!;
    const unit = n % 10;
    if (unit === 0) return [tens];
    return unit === 1 ? [tens, "et", "un"] : [tens, UNITS[unit]!];
  }
  if (n < 80) return n === 71 ? ["soixante", "et", "onze"] : ["soixante", ...below100(n - 60)];
  if (n === 80) return ["quatre", "vingts"];
  return ["quatre", "vingt", ...below100(n - 80)];
}

function below1000(n: number, final: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const words: string[] = [];
  if (hundreds > 0) {
    if (hundreds > 1) words.push(UNITS[hundreds]!);
    // "Cents" takes an s only when multiplied and last: "deux cents", "deux cent un", "deux cent mille".
    words.push(hundreds > 1 && rest === 0 && final ? "cents" : "cent");
  }
  if (rest > 0) {
    const part = below100(rest);
    // "Quatre-vingts" loses its s before "mille".
    if (!final && part.at(-1) === "vingts") part[part.length - 1] = "vingt";
    words.push(...part);
  }
  return words;
}

export function frenchWords(n: number, reformed = false): string {
  if (n === 0) return "zéro";
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  const words: string[] = [];
  if (thousands > 0) {
    if (thousands > 1) words.push(...below1000(thousands, false));
    words.push("mille");
  }
  if (rest > 0) words.push(...below1000(rest, true));
  return words.join(reformed ? "-" : " ");
}
