import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../api/errors";
import { tDynamic } from "../i18n";

/** Words for an error: the catalogue's for a known code (in the user's locale), else the API's own
 * message, else a general sentence. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown): string => {
      if (isApiError(error)) {
        if (error.code === "too_soon") {
          const seconds = error.retryAfterSeconds;
          return seconds === null
            ? t("errors.too_soon_unknown")
            : t("errors.too_soon", { count: Math.max(1, Math.ceil(seconds / 60)) });
        }
        const key = `errors.${error.code}`;
        if (i18n.exists(key)) return tDynamic(key, { ...error.body });
        if (error.status === 0) return t("errors.network_error");
        if (error.body.message) return error.body.message;
        return t("errors.unknown", { status: error.status });
      }
      if (error instanceof Error && error.message) return error.message;
      return t("errors.unknown", { status: 0 });
    },
    [t, i18n],
  );
}
