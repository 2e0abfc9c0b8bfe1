// Dates, money and days left in the user's locale. Days left are counted as the API counts them
// (shared/domain/deadlines.days_left): whole days rounded up, so "1 day left" lasts until the deadline.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

const DAY_MS = 24 * 60 * 60 * 1000;
const INTL_LOCALE: Record<string, string> = { en: "en-GB", nl: "nl-NL" };

export function daysLeft(deadline: string | null | undefined, now = Date.now()): number | null {
  if (!deadline) return null;
  const at = Date.parse(deadline);
  if (Number.isNaN(at)) return null;
  const diff = at - now;
  return diff <= 0 ? 0 : Math.ceil(diff / DAY_MS);
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

export function useFormat() {
  const { i18n } = useTranslation();
  const locale = INTL_LOCALE[i18n.language] ?? i18n.language;
  return useMemo(() => {
    const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
    const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    const timeFmt = new Intl.DateTimeFormat(locale, { timeStyle: "short" });
    const regionNames = new Intl.DisplayNames(locale, { type: "region", fallback: "code" });
    const parse = (iso: string | null | undefined): Date | null => {
      if (!iso) return null;
      // A bare date (2027-01-31) is a calendar day, not midnight UTC shifted into the local zone.
      const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00`) : new Date(iso);
      return Number.isNaN(d.getTime()) ? null : d;
    };
    return {
      locale,
      date: (iso: string | null | undefined) => {
        const d = parse(iso);
        return d ? dateFmt.format(d) : "—";
      },
      dateTime: (iso: string | null | undefined) => {
        const d = parse(iso);
        return d ? dateTimeFmt.format(d) : "—";
      },
      time: (iso: string | null | undefined) => {
        const d = parse(iso);
        return d ? timeFmt.format(d) : "—";
      },
      money: (amount: string | number | null | undefined, currency: string | null | undefined) => {
        if (amount === null || amount === undefined || !currency) return "—";
        try {
          return new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(amount));
        } catch {
          return `${amount} ${currency}`;
        }
      },
      bytes: (size: number | null | undefined) => {
        if (!size && size !== 0) return "—";
        const units = ["B", "KB", "MB", "GB"];
        let value = size;
        let unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
          value /= 1024;
          unit += 1;
        }
        return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
      },
      /** A country's name from its ISO 3166 code (`NL` → Netherlands); the code itself when unknown. */
      country: (code: string) => {
        try {
          return regionNames.of(code) ?? code;
        } catch {
          return code;
        }
      },
      iso: (iso: string | null | undefined) => {
        const d = parse(iso);
        return d ? d.toISOString() : "";
      },
    };
  }, [locale]);
}
