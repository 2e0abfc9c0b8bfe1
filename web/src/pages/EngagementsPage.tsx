import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { makeStyles, tokens } from "@fluentui/react-components";
import { PageHeading } from "../components/PageHeading";
import { Empty, QueryStates } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { TableRegion } from "../components/TableRegion";
import { TBody, THead, Table, Td, Th, Tr } from "../components/Table";
import { useEngagements } from "../api/queries";
import { useFormat } from "../i18n/format";

const useStyles = makeStyles({
  name: { fontWeight: tokens.fontWeightSemibold },
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, display: "block" },
});

export default function EngagementsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const engagements = useEngagements();

  return (
    <>
      <PageHeading title={t("engagements.title")} subtitle={t("engagements.subtitle")} />
      <QueryStates query={engagements} />
      {engagements.data?.length === 0 && <Empty>{t("engagements.empty")}</Empty>}
      {engagements.data && engagements.data.length > 0 && (
        <TableRegion label={t("engagements.tableLabel")}>
          <Table minWidth={760} aria-label={t("engagements.tableLabel")}>
            <THead>
              <Tr>
                <Th>{t("engagements.columns.name")}</Th>
                <Th>{t("engagements.columns.solutionArea")}</Th>
                <Th>{t("engagements.columns.availability")}</Th>
                <Th>{t("engagements.columns.payout")}</Th>
                <Th>{t("engagements.columns.windows")}</Th>
              </Tr>
            </THead>
            <TBody>
              {engagements.data.map((e) => (
                <Tr key={e.engagement_id}>
                  <Td label={t("engagements.columns.name")}>
                    <Link
                      className={styles.name}
                      to={`/engagements/${encodeURIComponent(e.engagement_id)}/customers?tab=eligible`}
                    >
                      {e.name}
                    </Link>
                    <span className={styles.small}>{e.engagement_id}</span>
                  </Td>
                  <Td label={t("engagements.columns.solutionArea")}>{e.solution_area ?? "—"}</Td>
                  <Td label={t("engagements.columns.availability")}>
                    <StatusBadge kind="availability" status={e.availability} />
                    {e.starts_on && e.ends_on && (
                      <span className={styles.small}>
                        {t("engagements.dates", { from: format.date(e.starts_on), to: format.date(e.ends_on) })}
                      </span>
                    )}
                  </Td>
                  <Td label={t("engagements.columns.payout")}>
                    {e.payout ? format.money(e.payout.amount, e.payout.currency) : "—"}
                  </Td>
                  <Td label={t("engagements.columns.windows")}>
                    {e.windows ? (
                      <span>
                        {t("engagements.windows", {
                          consent: e.windows.consent_days,
                          submit: e.windows.submit_days,
                          review: e.windows.review_days,
                        })}
                      </span>
                    ) : (
                      "—"
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
