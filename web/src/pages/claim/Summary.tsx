import { useTranslation } from "react-i18next";
import { Section } from "../../components/Section";
import { StatusBadge } from "../../components/StatusBadge";
import { useEngagements } from "../../api/queries";
import { daysLeft, useFormat } from "../../i18n/format";
import { useClaimCtx } from "./context";
import { useClaimStyles } from "./styles";

function Deadline({ iso, live, known }: { iso: string; live: boolean; known?: number | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const styles = useClaimStyles();
  const left = known ?? daysLeft(iso);
  return (
    <>
      <time dateTime={iso}>{format.dateTime(iso)}</time>
      {live && (
        <span className={styles.sub}>{left ? t("common.daysLeft", { count: left }) : t("common.deadlinePassed")}</span>
      )}
    </>
  );
}

export function Summary() {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const format = useFormat();
  const { claim } = useClaimCtx();
  const engagements = useEngagements();
  const engagement = engagements.data?.find((e) => e.engagement_id === claim.engagement_id);
  const payout = claim.payout ?? engagement?.payout;
  const submitLive = claim.status === "draft";
  const reviewLive = ["draft", "submitted", "under_review", "action_required", "disputed"].includes(claim.status);

  return (
    <Section id="summary" title={t("claim.summary.title")}>
      <dl className={styles.dl}>
        <div>
          <dt className={styles.dt}>{t("claim.summary.customer")}</dt>
          <dd className={styles.dd}>
            {claim.customer.name ?? claim.customer.email}
            {claim.customer.name && <span className={styles.sub}>{claim.customer.email}</span>}
          </dd>
        </div>
        <div>
          <dt className={styles.dt}>{t("claim.summary.tenant")}</dt>
          <dd className={styles.dd}>
            <span className={styles.mono}>{claim.customer.tenant_id ?? "—"}</span>
          </dd>
        </div>
        <div>
          <dt className={styles.dt}>{t("claim.summary.engagement")}</dt>
          <dd className={styles.dd}>{claim.engagement_name ?? engagement?.name ?? claim.engagement_id}</dd>
        </div>
        <div>
          <dt className={styles.dt}>{t("claim.summary.payout")}</dt>
          <dd className={styles.dd}>{payout ? format.money(payout.amount, payout.currency) : "—"}</dd>
        </div>
        <div>
          <dt className={styles.dt}>{t("claim.summary.status")}</dt>
          <dd className={styles.dd}>
            <StatusBadge status={claim.status} />
          </dd>
        </div>
        <div>
          <dt className={styles.dt}>{t("claim.summary.consent")}</dt>
          <dd className={styles.dd}>
            <time dateTime={claim.consent_at}>{format.dateTime(claim.consent_at)}</time>
          </dd>
        </div>
        <div>
          <dt className={styles.dt}>{t("claim.summary.submitBy")}</dt>
          <dd className={styles.dd}>
            <Deadline iso={claim.submit_due} live={submitLive} known={claim.submit_days_left} />
          </dd>
        </div>
        <div>
          <dt className={styles.dt}>{t("claim.summary.reviewBy")}</dt>
          <dd className={styles.dd}>
            <Deadline iso={claim.review_due} live={reviewLive} known={claim.review_days_left} />
          </dd>
        </div>
        <div>
          <dt className={styles.dt}>{t("claim.summary.claimId")}</dt>
          <dd className={styles.dd}>
            <span className={styles.mono}>{claim.claim_id}</span>
          </dd>
        </div>
        {claim.location_id && (
          <div>
            <dt className={styles.dt}>{t("claim.summary.location")}</dt>
            <dd className={styles.dd}>
              <span className={styles.mono}>{claim.location_id}</span>
            </dd>
          </div>
        )}
      </dl>
    </Section>
  );
}
