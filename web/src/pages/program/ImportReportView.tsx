import { useTranslation } from "react-i18next";
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
} from "@fluentui/react-components";
import { useErrorText } from "../../components/errorText";
import { TBody, THead, Table, Td, Th, Tr } from "../../components/Table";
import { TableRegion } from "../../components/TableRegion";
import { tDynamic } from "../../i18n";
import type { ImportOutcome } from "./ImportCsvButton";

const useStyles = makeStyles({
  report: { display: "flex", flexDirection: "column", rowGap: "8px", marginBottom: "12px" },
  refused: { marginBottom: "12px" },
  help: { display: "block", marginTop: "4px" },
});

/** An import's report: how many rows were applied and already there, and each refused row with its line
 * and reason; or why the file was refused as a whole. */
export function ImportReportView({ outcome, onDismiss }: { outcome: ImportOutcome; onDismiss: () => void }) {
  const { t, i18n } = useTranslation("program");
  const { t: common } = useTranslation();
  const styles = useStyles();
  const errorText = useErrorText();
  const dismiss = (
    <MessageBarActions>
      <Button size="small" onClick={onDismiss}>
        {common("common.dismiss")}
      </Button>
    </MessageBarActions>
  );

  if ("error" in outcome) {
    return (
      <MessageBar intent="error" role="alert" layout="multiline" className={styles.refused}>
        <MessageBarBody>
          <MessageBarTitle>{t("report.fileRefused", { file: outcome.file })}</MessageBarTitle>
          {errorText(outcome.error)}
        </MessageBarBody>
        {dismiss}
      </MessageBar>
    );
  }

  const { applied, unchanged, refused } = outcome.report;
  const reason = (code: string) => (i18n.exists(`program:codes.${code}`) ? tDynamic(`program:codes.${code}`) : code);
  const tableLabel = t("report.tableLabel", { file: outcome.file });
  return (
    <div className={styles.report}>
      <MessageBar intent={refused.length ? "warning" : "success"} role="status" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t("report.title", { file: outcome.file })}</MessageBarTitle>
          {[
            t("report.applied", { count: applied }),
            t("report.unchanged", { count: unchanged }),
            t("report.refused", { count: refused.length }),
          ].join(" · ")}
          {refused.length > 0 && <span className={styles.help}>{t("report.refusedHelp")}</span>}
        </MessageBarBody>
        {dismiss}
      </MessageBar>
      {refused.length > 0 && (
        <TableRegion label={tableLabel}>
          <Table aria-label={tableLabel} minWidth={560}>
            <THead>
              <Tr>
                <Th>{t("report.line")}</Th>
                <Th>{t("report.reason")}</Th>
                <Th>{t("report.details")}</Th>
              </Tr>
            </THead>
            <TBody>
              {refused.map((r) => (
                <Tr key={`${r.row}-${r.code}`}>
                  <Td label={t("report.line")}>{r.row}</Td>
                  <Td label={t("report.reason")}>{reason(r.code)}</Td>
                  <Td label={t("report.details")}>{r.message}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableRegion>
      )}
    </div>
  );
}
