// Server-side messages a debtor or creditor reads (emails, letters, SMS, voice) come from these
// catalogs, French first. Templates of the channels extend them; the web app has its own catalogs.

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "fr";

type Catalog = Record<string, string>;

const catalogs: Record<Locale, Catalog> = {
  fr: {
    "phase.amicable": "Recouvrement amiable",
    "phase.pre_litigation": "Pré-contentieux",
    "phase.judicial": "Recouvrement judiciaire",
    "phase.closed": "Clôturé",
    "status.new": "Nouveau",
    "status.active": "En cours",
    "status.on_hold": "En pause",
    "status.awaiting_creditor": "En attente du créancier",
    "status.closed": "Clôturé",
    "debtor.kind.person": "Particulier",
    "debtor.kind.company": "Entreprise",
    "claim.component.principal": "Principal",
    "claim.component.interest": "Intérêts de retard",
    "claim.component.indemnity": "Indemnité forfaitaire pour frais de recouvrement (40 €)",
  },
  en: {
    "phase.amicable": "Amicable collection",
    "phase.pre_litigation": "Pre-litigation",
    "phase.judicial": "Judicial collection",
    "phase.closed": "Closed",
    "status.new": "New",
    "status.active": "In progress",
    "status.on_hold": "On hold",
    "status.awaiting_creditor": "Awaiting creditor",
    "status.closed": "Closed",
    "debtor.kind.person": "Private person",
    "debtor.kind.company": "Business",
    "claim.component.principal": "Principal",
    "claim.component.interest": "Late interest",
    "claim.component.indemnity": "Fixed recovery indemnity (€40)",
  },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Translates a key, with {name} placeholders. Missing keys fall back to French, then to the key. */
export function t(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  const template = catalogs[locale][key] ?? catalogs.fr[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export function registerMessages(locale: Locale, messages: Catalog): void {
  Object.assign(catalogs[locale], messages);
}
