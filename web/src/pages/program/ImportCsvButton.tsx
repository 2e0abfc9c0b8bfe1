import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { makeStyles, mergeClasses, shorthands, tokens } from "@fluentui/react-components";
import { Loading } from "../../components/Loading";
import { useApi } from "../../api/context";
import type { ImportReport, ReferenceKind } from "./kinds";
import { useRefresh } from "./queries";
import { importCsv } from "./requests";

const useStyles = makeStyles({
  wrap: { display: "flex", flexDirection: "column", rowGap: "4px", maxWidth: "360px" },
  picker: {
    position: "relative",
    display: "inline-flex",
    alignSelf: "flex-start",
    borderRadius: tokens.borderRadiusMedium,
    ":focus-within": {
      outlineColor: tokens.colorStrokeFocus2,
      outlineStyle: "solid",
      outlineWidth: "2px",
      outlineOffset: "2px",
    },
  },
  busy: { opacity: 0.6 },
  face: {
    display: "inline-flex",
    alignItems: "center",
    boxSizing: "border-box",
    minHeight: "32px",
    ...shorthands.padding("0", "12px"),
    ...shorthands.border("1px", "solid", tokens.colorNeutralStroke1),
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
  },
  input: {
    position: "absolute",
    top: 0,
    left: 0,
    width: "100%",
    height: "100%",
    opacity: 0,
    cursor: "pointer",
    margin: 0,
  },
  hint: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** What an import came to: the API's report, or why it refused the file as a whole. */
export type ImportOutcome = { file: string; report: ImportReport } | { file: string; error: unknown };

/**
 * Import CSV: a file picker whose file is sent as it is (text/csv). The native input (labelled "Import CSV
 * file: <kind>", what assistive technology and tests use) lies invisibly over a button drawn in the app's words.
 */
export function ImportCsvButton({
  kind,
  onImported,
}: {
  kind: ReferenceKind;
  onImported: (outcome: ImportOutcome) => void;
}) {
  const { t } = useTranslation("program");
  const styles = useStyles();
  const { client } = useApi();
  const refresh = useRefresh();
  const input = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState<string | null>(null);
  const hintId = useId();

  const upload = async (file: File) => {
    if (importing !== null) return; // one file at a time
    setImporting(file.name);
    try {
      const report = await importCsv(client, kind, file);
      if (report.applied) await refresh(kind);
      onImported({ file: file.name, report });
    } catch (error) {
      onImported({ file: file.name, error });
    } finally {
      setImporting(null);
      if (input.current) input.current.value = ""; // the same file can be picked again after a correction
    }
  };

  return (
    <div className={styles.wrap}>
      <span className={mergeClasses(styles.picker, importing !== null && styles.busy)}>
        <span className={styles.face} aria-hidden="true">
          {t("csv.import")}
        </span>
        <input
          ref={input}
          className={styles.input}
          type="file"
          accept=".csv,text/csv"
          aria-label={t("csv.importLabel", { kind: t(`tabs.${kind}`) })}
          aria-describedby={hintId}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) upload(file);
          }}
        />
      </span>
      <span id={hintId} className={styles.hint}>
        {t("csv.importHint")}
      </span>
      {importing !== null && <Loading label={t("csv.importing", { file: importing })} />}
    </div>
  );
}
