// Words for the API's codes (proof items, reason codes, claim statuses). The API's own /labels catalogue
// is the source, so the app, the emails and the public pages say the same words; the app's catalogue
// stands in until it has loaded, or if the API does not offer it.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useLabelsQuery } from "../api/queries";
import { useSession } from "../auth/useSession";

function humanize(code: string): string {
  const text = code.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function useLabels() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const { data } = useLabelsQuery(i18n.language === "nl" ? "nl" : "en", !!session);
  return useMemo(() => {
    const catalogue = (key: string, code: string): string =>
      i18n.exists(key) ? (t(key as never) as string) : humanize(code);
    const pick = (api: Record<string, string> | undefined, key: string, code: string): string =>
      api?.[code] || catalogue(key, code);
    return {
      proofItem: (code: string) => pick(data?.proof_items, `labels.proofItems.${code}`, code),
      reason: (code: string) => pick(data?.reason_codes, `labels.reasons.${code}`, code),
      status: (code: string) => pick(data?.statuses, `labels.statuses.${code}`, code),
      uploadStatus: (code: string) => catalogue(`labels.uploadStatuses.${code}`, code),
      surveyStatus: (code: string) => catalogue(`labels.surveyStatuses.${code}`, code),
      nominationStatus: (code: string) => pick(data?.nomination_statuses, `labels.nominationStatuses.${code}`, code),
      ineligibleReason: (code: string) => pick(data?.ineligible_reasons, `customers.reasons.${code}`, code),
      availability: (code: string) => catalogue(`labels.availability.${code}`, code),
      paymentStatus: (code: string) => catalogue(`labels.paymentStatuses.${code}`, code),
      historyAction: (code: string) => catalogue(`labels.historyActions.${code}`, code),
      role: (code: string) => catalogue(`roles.${code}`, code),
      notificationKind: (code: string) => pick(data?.notification_kinds, `labels.notificationKinds.${code}`, code),
    };
  }, [data, t, i18n]);
}

export type LabelFns = ReturnType<typeof useLabels>;
