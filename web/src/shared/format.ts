// Display formatting with Intl. Amounts stay integer cents until this last step (STYLE.md 8).

export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  currency: string;
}

export type AppLanguage = "fr" | "en";

const LOCALES: Record<AppLanguage, string> = { fr: "fr-FR", en: "en-GB" };

export function intlLocale(language: string): string {
  return LOCALES[language as AppLanguage] ?? LOCALES.fr;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format as T;
}

function fractionDigits(currency: string): number {
  return (
    cached(
      `digits|${currency}`,
      () => new Intl.NumberFormat("en", { style: "currency", currency }),
    ).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** `{ amount: 123456, currency: "EUR" }` → "1 234,56 €" in French, "€1,234.56" in English. */
export function formatMoney(money: Money, language: string = "fr"): string {
  const locale = intlLocale(language);
  const format = cached(
    `money|${locale}|${money.currency}`,
    () => new Intl.NumberFormat(locale, { style: "currency", currency: money.currency }),
  );
  return format.format(money.amount / 10 ** fractionDigits(money.currency));
}

/** A calendar date sent as `YYYY-MM-DD` (invoice and due dates): no time zone shift. */
export function formatDay(day: string, language: string = "fr"): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const locale = intlLocale(language);
  return cached(
    `day|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }),
  ).format(date);
}

/** The day of an instant (ISO timestamp), in the viewer's time zone. */
export function formatDate(iso: string, language: string = "fr"): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = intlLocale(language);
  return cached(`date|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium" })).format(
    date,
  );
}

/** An instant (ISO timestamp), shown in the viewer's time zone. */
export function formatDateTime(iso: string, language: string = "fr"): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = intlLocale(language);
  return cached(
    `datetime|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }),
  ).format(date);
}
