// i18next with the two complete catalogues (en, nl). The locale starts from the browser's preference,
// then sticks (localStorage); <html lang> follows it so screen readers speak the right language.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type en from "./en.json";

type Catalogue = typeof en;
// Each locale's catalogue is its own chunk: the first page loads only the language it shows.
const LOADERS: Record<string, () => Promise<{ default: Catalogue }>> = {
  en: () => import("./en.json"),
  nl: () => import("./nl.json"),
};

export const LOCALES = ["en", "nl"] as const;
export type AppLocale = (typeof LOCALES)[number];
const STORAGE_KEY = "wc.locale";

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function detectLocale(): AppLocale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    /* storage blocked: use the browser's language */
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const base = (tag ?? "").toLowerCase().split("-")[0];
    if (isLocale(base)) return base;
  }
  return "en";
}

function applyLocale(locale: string): void {
  document.documentElement.lang = locale;
}

/** Loads a locale's catalogue once (and English, the fallback for a key a later release adds). */
export async function loadCatalogue(locale: AppLocale): Promise<void> {
  const wanted = locale === "en" ? ["en"] : [locale, "en"];
  await Promise.all(
    wanted.map(async (l) => {
      if (i18n.hasResourceBundle(l, "translation")) return;
      const { default: catalogue } = await LOADERS[l]();
      i18n.addResourceBundle(l, "translation", catalogue, true, true);
    }),
  );
}

/** Namespaces that load with their pages (their words are needed there only), each in its own chunk. */
export const PAGE_NAMESPACES = ["program"] as const;
export type PageNamespace = (typeof PAGE_NAMESPACES)[number];
export type NamespaceLoaders = Record<AppLocale, () => Promise<{ default: object }>>;

/** A page's namespace in `locale` (and English, the fallback); a language already there is not loaded again. */
export async function loadNamespace(ns: PageNamespace, loaders: NamespaceLoaders, locale: AppLocale): Promise<void> {
  const wanted: AppLocale[] = locale === "en" ? ["en"] : [locale, "en"];
  await Promise.all(
    wanted.map(async (l) => {
      if (i18n.hasResourceBundle(l, ns)) return;
      const { default: words } = await loaders[l]();
      i18n.addResourceBundle(l, ns, words, true, true);
    }),
  );
}

/** Starts i18n; `resources` preloads catalogues (tests), otherwise call loadCatalogue before rendering. */
export function initI18n(locale: AppLocale = detectLocale(), resources: Partial<Record<AppLocale, Catalogue>> = {}) {
  if (!i18n.isInitialized) {
    i18n.use(initReactI18next).init({
      resources: Object.fromEntries(Object.entries(resources).map(([l, c]) => [l, { translation: c }])),
      partialBundledLanguages: true,
      lng: locale,
      fallbackLng: "en",
      supportedLngs: [...LOCALES],
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
      // A key the shared code looks up at run time (an API error code) is also found in a page's own namespace
      // once that page loaded it: the program pages' refusals are said in their words, not in every first page's.
      fallbackNS: [...PAGE_NAMESPACES],
    });
    i18n.on("languageChanged", applyLocale);
  } else if (i18n.language !== locale) {
    i18n.changeLanguage(locale);
  }
  applyLocale(locale);
  return i18n;
}

/** The user's choice: applied now (once its catalogue is in) and remembered for the next visit. */
export async function setLocale(locale: AppLocale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* not remembered, still applied */
  }
  await loadCatalogue(locale);
  await i18n.changeLanguage(locale);
}

export function currentLocale(): AppLocale {
  return isLocale(i18n.language) ? i18n.language : "en";
}

export default i18n;

/** A key computed at run time (an API code): checked with i18n.exists by the caller, not by the compiler. */
export function tDynamic(key: string, options?: Record<string, unknown>): string {
  return i18n.t(key as never, options as never) as unknown as string;
}
