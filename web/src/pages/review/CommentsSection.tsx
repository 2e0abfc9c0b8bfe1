import { useTranslation } from "react-i18next";
import { Section } from "../../components/Section";
import type { ReviewClaim } from "../../api/types";
import { useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import { useClaimStyles } from "../claim/styles";
import { useDossierStyles } from "./styles";

/** What the partner wrote: comments for the reviewer, the dispute's reasons, and what reviewers asked before. */
export function CommentsSection({ claim }: { claim: ReviewClaim }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const dossier = useDossierStyles();
  const format = useFormat();
  const labels = useLabels();
  const requests = claim.info_requests ?? [];
  return (
    <Section id="comments" title={t("review.dossier.comments.title")}>
      <dl className={dossier.answers}>
        <div>
          <dt className={styles.dt}>{t("review.dossier.comments.partner")}</dt>
          <dd className={styles.dd}>
            <span className={dossier.prose}>{claim.comments || t("review.dossier.comments.none")}</span>
          </dd>
        </div>
        {claim.dispute && (
          <div>
            <dt className={styles.dt}>
              {t("review.dossier.comments.dispute", { date: format.dateTime(claim.dispute.at) })}
            </dt>
            <dd className={styles.dd}>
              <span className={dossier.prose}>{claim.dispute.message}</span>
            </dd>
          </div>
        )}
        {requests.map((request) => (
          <div key={request.at}>
            <dt className={styles.dt}>
              {t("review.dossier.comments.infoRequest", {
                date: format.dateTime(request.at),
                reason: labels.reason(request.reason_code),
              })}
            </dt>
            <dd className={styles.dd}>
              <span className={dossier.prose}>{request.message}</span>
            </dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
