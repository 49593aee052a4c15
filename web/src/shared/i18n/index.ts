import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import type { AppLanguage } from "../format";
import fr from "./fr.json";

// French is bundled with the app; English is fetched the first time someone picks it.

export const LANGUAGES: readonly AppLanguage[] = ["fr", "en"];
export const DEFAULT_LANGUAGE: AppLanguage = "fr";
const STORAGE_KEY = "relance.language";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof fr };
  }
}

const loaders: Record<AppLanguage, () => Promise<typeof fr>> = {
  fr: async () => fr,
  en: () => import("./en.json").then((m) => m.default satisfies typeof fr),
};

export function isLanguage(value: unknown): value is AppLanguage {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The language the visitor chose on this device, if any. */
export function storedLanguage(): AppLanguage | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function currentLanguage(): AppLanguage {
  return isLanguage(i18next.resolvedLanguage) ? i18next.resolvedLanguage : DEFAULT_LANGUAGE;
}

export async function setLanguage(language: AppLanguage, options: { persist?: boolean } = {}): Promise<void> {
  if (!i18next.hasResourceBundle(language, "translation")) {
    i18next.addResourceBundle(language, "translation", await loaders[language]());
  }
  await i18next.changeLanguage(language);
  if (options.persist !== false) {
    try {
      window.localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
  }
}

export async function initI18n(): Promise<typeof i18next> {
  i18next.on("languageChanged", (language) => {
    document.documentElement.lang = language;
  });
  await i18next.use(initReactI18next).init({
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    resources: { fr: { translation: fr } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const stored = storedLanguage();
  if (stored && stored !== DEFAULT_LANGUAGE) await setLanguage(stored, { persist: false });
  return i18next;
}

/** Translates a value from an open set (event types, server codes), falling back to the raw value. */
export function translateOpen(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return i18next.exists(key) ? String(i18next.t(key as never)) : value;
}
