// The program pages' words are their own namespace (src/i18n/program/), loaded with these pages: only program
// admins need them, and every other first page stays within its budget (DESIGN.md §6).
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { isLocale, loadNamespace, type NamespaceLoaders } from "../../i18n";

const LOADERS: NamespaceLoaders = {
  en: () => import("../../i18n/program/en.json"),
  nl: () => import("../../i18n/program/nl.json"),
};

/** The program pages' words in the current language, loaded like any other resource (a spinner, an error
 * with a retry; after a language switch, a moment's spinner rather than a page in two languages). */
export function useProgramWords() {
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : "en";
  return useQuery({
    queryKey: ["words", "program", locale],
    queryFn: () => loadNamespace("program", LOADERS, locale).then(() => true),
    staleTime: Infinity,
  });
}
