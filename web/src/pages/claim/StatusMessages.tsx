import { useTranslation } from "react-i18next";
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import { useClaimCtx } from "./context";

/** What happened to the claim, in words, at the top of the page. */
export function StatusMessages() {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const { claim } = useClaimCtx();
  const request = claim.info_requests?.length ? claim.info_requests[claim.info_requests.length - 1] : null;
  const decision = claim.decision;

  if (claim.status === "action_required" && request) {
    return (
      <MessageBar intent="warning" layout="multiline" style={{ marginBottom: 16 }}>
        <MessageBarBody>
          <MessageBarTitle>
            {t("claim.messages.infoRequested", { reason: labels.reason(request.reason_code) })}
          </MessageBarTitle>
          {request.message} {t("claim.messages.resubmitBefore", { date: format.dateTime(claim.review_due) })}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if ((claim.status === "rejected" || claim.status === "rejected_final") && decision) {
    return (
      <MessageBar intent="error" layout="multiline" style={{ marginBottom: 16 }}>
        <MessageBarBody>
          <MessageBarTitle>
            {t("claim.messages.rejected", { reason: decision.reason_code ? labels.reason(decision.reason_code) : "" })}
          </MessageBarTitle>
          {decision.message} {claim.status === "rejected_final" ? t("claim.messages.final") : ""}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if ((claim.status === "approved" || claim.status === "paid") && decision) {
    return (
      <MessageBar intent="success" layout="multiline" style={{ marginBottom: 16 }}>
        <MessageBarBody>
          <MessageBarTitle>
            {claim.status === "paid" ? t("claim.messages.paid") : t("claim.messages.approved")}
          </MessageBarTitle>
          {claim.payment && t("claim.messages.payableOn", { date: format.date(claim.payment.payable_on) })}
          {claim.payment?.remittance_ref && ` ${t("claim.messages.remittance", { ref: claim.payment.remittance_ref })}`}
          {decision.message && ` ${decision.message}`}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const plain: Partial<Record<string, string>> = {
    submitted: t("claim.messages.submitted"),
    under_review: t("claim.messages.underReview"),
    disputed: t("claim.messages.disputed"),
    expired: t("claim.messages.expired"),
    canceled: t("claim.messages.canceled"),
  };
  const text = plain[claim.status];
  if (!text) return null;
  return (
    <MessageBar intent="info" layout="multiline" style={{ marginBottom: 16 }}>
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
}
