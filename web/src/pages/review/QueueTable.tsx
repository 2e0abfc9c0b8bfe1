import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { makeStyles, tokens } from "@fluentui/react-components";
import { StatusBadge } from "../../components/StatusBadge";
import { TableRegion } from "../../components/TableRegion";
import { TBody, THead, Table, Td, Th, Tr } from "../../components/Table";
import type { ReviewQueueItem } from "../../api/types";
import { useFormat } from "../../i18n/format";

const useStyles = makeStyles({
  sub: {
    display: "block",
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
});

/** The queue's claims in the API's order (oldest wait first), each linking to its dossier. */
export function QueueTable({ items, label }: { items: ReviewQueueItem[]; label: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const column = {
    claim: t("review.columns.claim"),
    partner: t("review.columns.partner"),
    customer: t("review.columns.customer"),
    engagement: t("review.columns.engagement"),
    status: t("review.columns.status"),
    kind: t("review.columns.kind"),
    waiting: t("review.columns.waiting"),
  };
  return (
    <TableRegion label={label}>
      <Table minWidth={960} aria-label={label}>
        <THead>
          <Tr>
            {Object.values(column).map((name) => (
              <Th key={name}>{name}</Th>
            ))}
          </Tr>
        </THead>
        <TBody>
          {items.map((c) => (
            <Tr key={c.claim_id}>
              <Td label={column.claim}>
                <Link to={`/review/claims/${encodeURIComponent(c.claim_id)}`} className={styles.mono}>
                  {c.claim_id}
                </Link>
              </Td>
              <Td label={column.partner}>
                {c.partner_name ?? c.partner_id ?? "—"}
                {c.partner_name && <span className={`${styles.sub} ${styles.mono}`}>{c.partner_id}</span>}
              </Td>
              <Td label={column.customer}>
                {c.customer.name ?? c.customer.email}
                {c.customer.name && <span className={styles.sub}>{c.customer.email}</span>}
              </Td>
              <Td label={column.engagement}>{c.engagement_name ?? c.engagement_id}</Td>
              <Td label={column.status}>
                <StatusBadge status={c.status} />
              </Td>
              <Td label={column.kind}>{t(`review.kinds.${c.kind}`)}</Td>
              <Td label={column.waiting}>
                {c.age_days ? t("review.waitingDays", { count: c.age_days }) : t("review.waitingToday")}
                <span className={styles.sub}>{t("review.waitingSince", { date: format.date(c.waiting_since) })}</span>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </TableRegion>
  );
}
