import { format, money } from "../../platform/money";
import type { TemplateLang } from "./types";

// Amounts and dates as debtors read them. Dates recalled from the first letter are written
// day-first with digits (23/11/2026) in both languages, a form the R124-4 checks recognise.

const FR_MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];
const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function amount(cents: number, currency: string, lang: TemplateLang): string {
  return format(money(cents, currency), lang);
}

/** 23/11/2026 */
export function shortDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** 23 novembre 2026, 1er mars 2026, 23 November 2026 */
export function longDate(iso: string, lang: TemplateLang): string {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number) as [number, number, number];
  if (lang === "fr") return `${d === 1 ? "1er" : d} ${FR_MONTHS[m - 1]} ${y}`;
  return `${d} ${EN_MONTHS[m - 1]} ${y}`;
}

/** FR76 3000 4000 0312 3456 7890 143 */
export function printableIban(iban: string): string {
  return iban
    .replace(/\s+/g, "")
    .replace(/(.{4})/g, "$1 ")
    .trim();
}
