import { Link, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../components/PageHeading";
import { ErrorState, Loading } from "../components/States";
import { Section } from "../components/Section";
import { useReviewClaim } from "../api/queries";
import { isApiError } from "../api/errors";
import { HistoryEvents } from "./claim/HistoryList";
import { useClaimStyles } from "./claim/styles";
import { CommentsSection } from "./review/CommentsSection";
import { DossierSummary } from "./review/DossierSummary";
import { ProofSection } from "./review/ProofSection";
import { ReviewActions } from "./review/ReviewActions";
import { RiskFlags } from "./review/RiskFlags";
import { SurveyAnswers } from "./review/SurveyAnswers";

/** The reviewer's dossier of one claim, and the actions its status allows. */
export default function ReviewClaimPage() {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const { claimId = "" } = useParams();
  const query = useReviewClaim(claimId);
  const title = t("claim.title", { claim: claimId });
  const backToQueue = <Link to="/review">{t("review.dossier.backToQueue")}</Link>;

  if (query.isPending)
    return (
      <>
        <PageHeading title={title} />
        <Loading />
      </>
    );
  if (query.isError) {
    const notFound = isApiError(query.error) && query.error.status === 404;
    return (
      <>
        <PageHeading title={title} subtitle={backToQueue} />
        {notFound ? (
          <p>{t("review.dossier.notFound")}</p>
        ) : (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        )}
      </>
    );
  }

  const claim = query.data;
  return (
    <>
      <PageHeading
        title={title}
        subtitle={
          <>
            {claim.customer.name ?? claim.customer.email} · {claim.engagement.name} · {backToQueue}
          </>
        }
      />
      <RiskFlags flags={claim.risk_flags} />
      <DossierSummary claim={claim} />
      <div className={styles.grid}>
        <div>
          <ReviewActions claim={claim} />
          <ProofSection claim={claim} />
          <SurveyAnswers claim={claim} />
          <CommentsSection claim={claim} />
        </div>
        <Section id="history" title={t("claim.history.title")}>
          <HistoryEvents events={claim.history} />
        </Section>
      </div>
    </>
  );
}
