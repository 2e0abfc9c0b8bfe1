import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { mergeClasses } from "@fluentui/react-components";
import { Section } from "../../components/Section";
import { StatusBadge } from "../../components/StatusBadge";
import type { Deadline, DeadlineName, ReviewClaim } from "../../api/types";
import { useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import { useClaimStyles } from "../claim/styles";

const DEADLINES: readonly DeadlineName[] = ["submit_due", "review_due", "dispute_due"];

function Row({ term, children }: { term: string; children: ReactNode }) {
  const styles = useClaimStyles();
  return (
    <div>
      <dt className={styles.dt}>{term}</dt>
      <dd className={styles.dd}>{children}</dd>
    </div>
  );
}

/** A deadline with its days left as the API counts them (the same count as its emails). */
function DeadlineValue({ deadline }: { deadline: Deadline }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const format = useFormat();
  return (
    <>
      <time dateTime={deadline.at}>{format.dateTime(deadline.at)}</time>
      <span className={styles.sub}>
        {deadline.passed ? t("common.deadlinePassed") : t("common.daysLeft", { count: deadline.days_left })}
      </span>
    </>
  );
}

/** Who claims what: the partner, the customer and tenant, the engagement and its payout, the status, the
 * deadlines, and the last decision and payment. */
export function DossierSummary({ claim }: { claim: ReviewClaim }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const format = useFormat();
  const labels = useLabels();
  const { partner, customer, engagement, decision, payment } = claim;
  return (
    <Section id="summary" title={t("claim.summary.title")}>
      <dl className={styles.dl}>
        <Row term={t("review.dossier.summary.partner")}>
          {partner.name ?? partner.partner_id}
          <span className={mergeClasses(styles.sub, styles.mono)}>{partner.partner_id}</span>
        </Row>
        <Row term={t("claim.summary.customer")}>
          {customer.name ?? customer.email}
          {customer.name && <span className={styles.sub}>{customer.email}</span>}
        </Row>
        <Row term={t("claim.summary.tenant")}>
          <span className={styles.mono}>{claim.tenant_id ?? customer.tenant_id ?? "—"}</span>
        </Row>
        <Row term={t("claim.summary.engagement")}>{engagement.name}</Row>
        <Row term={t("claim.summary.payout")}>{format.money(engagement.payout.amount, engagement.payout.currency)}</Row>
        <Row term={t("claim.summary.status")}>
          <StatusBadge status={claim.status} />
        </Row>
        {claim.submitted_at && (
          <Row term={t("review.dossier.summary.submitted")}>
            <time dateTime={claim.submitted_at}>{format.dateTime(claim.submitted_at)}</time>
          </Row>
        )}
        {claim.location_id && (
          <Row term={t("claim.summary.location")}>
            <span className={styles.mono}>{claim.location_id}</span>
          </Row>
        )}
        {DEADLINES.map((name) => {
          const deadline = claim.deadlines[name];
          return (
            deadline && (
              <Row key={name} term={t(`review.dossier.deadlines.${name}`)}>
                <DeadlineValue deadline={deadline} />
              </Row>
            )
          );
        })}
        {decision && (
          <Row term={t("review.dossier.decision.title")}>
            {t("review.dossier.decision.last", {
              outcome: labels.status(decision.outcome),
              date: format.dateTime(decision.at),
              email: decision.by?.email ?? "—",
            })}
            {decision.reason_code && <span className={styles.sub}>{labels.reason(decision.reason_code)}</span>}
            {decision.message && <span className={styles.sub}>{decision.message}</span>}
          </Row>
        )}
        {payment && (
          <Row term={t("review.dossier.decision.payment")}>
            {payment.status === "paid"
              ? t("review.dossier.decision.paid", {
                  date: format.date(payment.paid_at),
                  ref: payment.remittance_ref ?? "—",
                })
              : t("review.dossier.decision.scheduled", { date: format.date(payment.payable_on) })}
          </Row>
        )}
      </dl>
    </Section>
  );
}
