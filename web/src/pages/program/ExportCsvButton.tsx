import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, makeStyles } from "@fluentui/react-components";
import { useApi } from "../../api/context";
import { downloadCsv } from "../../components/downloadCsv";
import { useErrorText } from "../../components/errorText";
import { FormError } from "../../components/States";
import type { ReferenceKind } from "./kinds";
import { exportCsv } from "./requests";

const useStyles = makeStyles({
  wrap: { display: "flex", flexDirection: "column", rowGap: "4px", alignItems: "flex-start", maxWidth: "360px" },
});

/** Export CSV: every row of the kind, in the format an import reads back unchanged. */
export function ExportCsvButton({ kind }: { kind: ReferenceKind }) {
  const { t } = useTranslation("program");
  const styles = useStyles();
  const errorText = useErrorText();
  const { client } = useApi();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const { fileName, csv } = await exportCsv(client, kind);
      downloadCsv(fileName, csv);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={styles.wrap}>
      <Button onClick={download} disabledFocusable={busy}>
        {t("csv.export")}
      </Button>
      {failure ? <FormError message={errorText(failure)} /> : null}
    </div>
  );
}
