import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { makeStyles, tokens } from "@fluentui/react-components";
import { PageHeading } from "../components/PageHeading";
import { Empty, QueryStates } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { TableRegion } from "../components/TableRegion";
import { TBody, THead, Table, Td, Th, Tr } from "../components/Table";
import { usePayments } from "../api/queries";
import { useFormat } from "../i18n/format";

const useStyles = makeStyles({
  sub: {
    display: "block",
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export default function PaymentsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const payments = usePayments();
  return (
    <>
      <PageHeading title={t("payments.title")} subtitle={t("payments.subtitle")} />
      <QueryStates query={payments} />
      {payments.data?.length === 0 && <Empty>{t("payments.empty")}</Empty>}
      {payments.data && payments.data.length > 0 && (
        <TableRegion label={t("payments.tableLabel")}>
          <Table minWidth={860} aria-label={t("payments.tableLabel")}>
            <THead>
              <Tr>
                <Th>{t("payments.columns.claim")}</Th>
                <Th>{t("payments.columns.customer")}</Th>
                <Th>{t("payments.columns.amount")}</Th>
                <Th>{t("payments.columns.status")}</Th>
                <Th>{t("payments.columns.payableOn")}</Th>
                <Th>{t("payments.columns.remittance")}</Th>
              </Tr>
            </THead>
            <TBody>
              {payments.data.map((p) => (
                <Tr key={p.claim_id}>
                  <Td label={t("payments.columns.claim")}>
                    <Link to={`/claims/${encodeURIComponent(p.claim_id)}`} className={styles.mono}>
                      {p.claim_id}
                    </Link>
                    {p.engagement_name && <span className={styles.sub}>{p.engagement_name}</span>}
                  </Td>
                  <Td label={t("payments.columns.customer")}>
                    {p.customer?.name ?? p.customer?.email ?? "—"}
                    {p.customer?.name && p.customer.email && <span className={styles.sub}>{p.customer.email}</span>}
                  </Td>
                  <Td label={t("payments.columns.amount")}>{format.money(p.amount, p.currency)}</Td>
                  <Td label={t("payments.columns.status")}>
                    <StatusBadge kind="payment" status={p.status} />
                  </Td>
                  <Td label={t("payments.columns.payableOn")}>{format.date(p.payable_on)}</Td>
                  <Td label={t("payments.columns.remittance")}>
                    {p.remittance_ref ?? "—"}
                    {p.paid_at && (
                      <span className={styles.sub}>{t("payments.paidAt", { date: format.date(p.paid_at) })}</span>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableRegion>
      )}
    </>
  );
}
