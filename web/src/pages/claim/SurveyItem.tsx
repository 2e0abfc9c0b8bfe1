import { Suspense, lazy, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useApi } from "../../api/context";
import { ok } from "../../api/client";
import { invalidateClaim } from "../../api/queries";
import type { LinkEmailStatus, SurveyKind, SurveyProof } from "../../api/types";
import { StatusBadge } from "../../components/StatusBadge";
import { useErrorText } from "../../components/errorText";
import { daysLeft, useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import { useClaimCtx } from "./context";
import { useClaimStyles } from "./styles";
import { Loading } from "../../components/Loading";

const PartnerSurveyForm = lazy(() => import("./PartnerSurveyForm"));

export function SurveyItem({ kind, proof }: { kind: SurveyKind; proof: SurveyProof }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const format = useFormat();
  const labels = useLabels();
  const errorText = useErrorText();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const { claim, editable } = useClaimCtx();
  const [answering, setAnswering] = useState(false);
  const item = kind === "partner" ? "partner_survey" : "customer_survey";
  const deadlinePassed = daysLeft(claim.submit_due) === 0;
  const links = proof.links ?? [];
  const liveTo = links.map((l) => l.email).join(", ");
  // Whom each email outcome is about: the links with it, or (links not listed) everyone it went to.
  const emailsThat = (status: LinkEmailStatus) =>
    links
      .filter((l) => l.email_status === status)
      .map((l) => l.email)
      .join(", ") || (proof.email_status === status ? (proof.sent_to ?? "") : "");
  const failedTo = emailsThat("failed");
  const undeliverableTo = emailsThat("undeliverable");
  const canSend = editable && !deadlinePassed && (proof.status === "not_sent" || proof.status === "sent");

  const send = useMutation({
    mutationFn: async () =>
      (
        await ok(
          client.POST("/claims/{claim_id}/surveys/{kind}/send", {
            params: { path: { claim_id: claim.claim_id, kind } },
          }),
        )
      ).data,
    onSuccess: () => invalidateClaim(queryClient, claim.claim_id),
  });

  const sendLabel = proof.status === "sent" ? t(`claim.surveys.resend.${kind}`) : t(`claim.surveys.send.${kind}`);

  return (
    <div className={styles.item}>
      <div className={styles.itemHead}>
        <h3 className={styles.h3}>{labels.proofItem(item)}</h3>
        <StatusBadge kind="survey" status={proof.status} />
      </div>
      {proof.status === "not_applicable" ? (
        <p style={{ margin: 0 }}>{t("claim.proof.notApplicable")}</p>
      ) : (
        <>
          <p style={{ margin: 0 }}>
            {proof.status === "completed" &&
              proof.completed_at &&
              (proof.answered_in_app
                ? t("claim.surveys.completedInApp", { date: format.dateTime(proof.completed_at) })
                : t("claim.surveys.completedAt", { date: format.dateTime(proof.completed_at) }))}
            {proof.status === "sent" &&
              proof.sent_at &&
              t("claim.surveys.sentAt", { date: format.dateTime(proof.sent_at), count: proof.send_count ?? 1 })}
            {proof.status === "not_sent" && t(`claim.surveys.notSentHelp.${kind}`)}
          </p>
          {proof.status === "sent" && (liveTo || proof.sent_to) && (
            <span className={styles.sub}>{t("claim.surveys.sentTo", { email: liveTo || proof.sent_to })}</span>
          )}
          {proof.status === "sent" && failedTo && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>{t("claim.surveys.emailFailed", { email: failedTo })}</MessageBarBody>
            </MessageBar>
          )}
          {proof.status === "sent" && undeliverableTo && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>{t("claim.surveys.emailUndeliverable", { email: undeliverableTo })}</MessageBarBody>
            </MessageBar>
          )}
          {proof.link_invalidated && proof.status === "not_sent" && (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>{t("claim.surveys.linkRevoked")}</MessageBarBody>
            </MessageBar>
          )}
          <div aria-live="polite">
            {send.isSuccess && !send.isPending && (
              <span className={styles.sub} role="status">
                {t("claim.surveys.sent")}
              </span>
            )}
            {send.isError && (
              <MessageBar
                intent={send.error && "status" in send.error && send.error.status === 429 ? "warning" : "error"}
                layout="multiline"
                role="alert"
              >
                <MessageBarBody>{errorText(send.error)}</MessageBarBody>
              </MessageBar>
            )}
          </div>
          {canSend && (
            <div className={styles.row}>
              <Button
                appearance={proof.status === "not_sent" ? "primary" : "secondary"}
                disabled={send.isPending}
                onClick={() => send.mutate()}
              >
                {sendLabel}
              </Button>
              {kind === "partner" && (
                <Button
                  appearance="subtle"
                  aria-expanded={answering}
                  aria-controls="partner-survey-form"
                  onClick={() => setAnswering((a) => !a)}
                >
                  {t("claim.surveys.answerInApp")}
                </Button>
              )}
            </div>
          )}
          {kind === "partner" && canSend && answering && (
            <Suspense fallback={<Loading />}>
              <PartnerSurveyForm onDone={() => setAnswering(false)} />
            </Suspense>
          )}
          {deadlinePassed && editable && proof.status !== "completed" && (
            <span className={styles.sub}>{t("claim.surveys.deadlinePassed")}</span>
          )}
        </>
      )}
    </div>
  );
}
