import type { Question } from "../api/types";

/** A survey question in the locale: the engagement's catalogue holds its text per locale (English as fallback). */
export function questionText(q: Question, locale: string): string {
  if (typeof q.text === "string") return q.text;
  return q.text[locale as "en" | "nl"] ?? q.text.en ?? Object.values(q.text)[0] ?? q.id;
}
