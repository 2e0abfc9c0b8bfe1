import { Suspense, lazy } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@fluentui/react-components";
import { TBody, THead, Table, Td, Th, Tr } from "../../components/Table";
import { TableRegion } from "../../components/TableRegion";
import { useDialog } from "../../components/useDialog";
import { useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import type { CatalogueEngagement } from "./kinds";
import { ReferencePanel, type PanelActions } from "./ReferencePanel";
import { useProgramStyles } from "./styles";

const AddEngagementDialog = lazy(() => import("./AddEngagementDialog"));
const EditEngagementDialog = lazy(() => import("./EditEngagementDialog"));

export function EngagementsTab() {
  return (
    <ReferencePanel
      kind="engagements"
      AddDialog={AddEngagementDialog}
      table={(rows, actions) => <EngagementsTable rows={rows} actions={actions} />}
    />
  );
}

/** The catalogue, each entry with its terms and an Edit action (refused once someone nominated on it). */
function EngagementsTable({ rows, actions }: { rows: CatalogueEngagement[]; actions: PanelActions<"engagements"> }) {
  const { t } = useTranslation("program");
  const styles = useProgramStyles();
  const format = useFormat();
  const labels = useLabels();
  const editing = useDialog<CatalogueEngagement>();
  const column = {
    engagement: t("columns.engagement"),
    area: t("columns.solutionArea"),
    runs: t("columns.runs"),
    payout: t("columns.payout"),
    windows: t("columns.windows"),
    proof: t("columns.proofItems"),
    action: t("columns.action"),
  };
  return (
    <>
      <TableRegion label={t("tabs.engagements")}>
        <Table aria-label={t("tabs.engagements")} minWidth={1040}>
          <THead>
            <Tr>
              {Object.values(column).map((name) => (
                <Th key={name}>{name}</Th>
              ))}
            </Tr>
          </THead>
          <TBody>
            {rows.map((e) => (
              <Tr key={e.engagement_id}>
                <Td label={column.engagement}>
                  {e.name}
                  <span className={`${styles.sub} ${styles.mono}`}>{e.engagement_id}</span>
                </Td>
                <Td label={column.area}>{e.solution_area}</Td>
                <Td label={column.runs}>
                  <span className={styles.nowrap}>{format.date(e.starts_on)}</span> –{" "}
                  <span className={styles.nowrap}>{format.date(e.ends_on)}</span>
                </Td>
                <Td label={column.payout}>{format.money(e.payout.amount, e.payout.currency)}</Td>
                <Td label={column.windows}>
                  {t("windowsSummary", {
                    consent: e.windows.consent_days,
                    submit: e.windows.submit_days,
                    review: e.windows.review_days,
                    dispute: e.windows.dispute_days,
                    payment: e.windows.payment_days,
                  })}
                </Td>
                <Td label={column.proof}>
                  <ul className={styles.list}>
                    {(e.proof_items ?? []).map((item) => (
                      <li key={item}>{labels.proofItem(item)}</li>
                    ))}
                  </ul>
                </Td>
                <Td label={column.action}>
                  <Button size="small" aria-label={t("editLabel", { name: e.name })} onClick={() => editing.show(e)}>
                    {t("edit")}
                  </Button>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </TableRegion>
      <Suspense fallback={null}>
        {editing.mounted && editing.data && (
          <EditEngagementDialog
            open={editing.open}
            engagement={editing.data}
            onClose={editing.hide}
            onDone={(notice) => {
              editing.hide();
              actions.announce(notice);
            }}
            // Add opens once Edit has closed and given the focus back (useDialog), so Add returns it there too.
            onCopy={(seed) => {
              editing.hide();
              setTimeout(() => actions.add(seed), 100);
            }}
          />
        )}
      </Suspense>
    </>
  );
}
