import { Suspense, useState, type ComponentType, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { Empty, QueryStates } from "../../components/States";
import { useDialog } from "../../components/useDialog";
import type { AddDialogProps } from "./dialogProps";
import { ExportCsvButton } from "./ExportCsvButton";
import { ImportCsvButton, type ImportOutcome } from "./ImportCsvButton";
import { ImportReportView } from "./ImportReportView";
import type { ReferenceKind, Rows } from "./kinds";
import { useReferencePages } from "./queries";
import { useProgramStyles } from "./styles";

/** What a kind's table may do on the panel: say what was done, open Add (from a row to copy). */
export interface PanelActions<K extends ReferenceKind> {
  announce: (notice: string) => void;
  add: (seed: Rows[K] | null) => void;
}

/**
 * One kind of reference data: Add, Import CSV (and its report), Export CSV, then its rows a page at a time.
 * `AddDialog` loads on first use.
 */
export function ReferencePanel<K extends ReferenceKind>({
  kind,
  AddDialog,
  table,
}: {
  kind: K;
  AddDialog: ComponentType<AddDialogProps<K>>;
  table: (rows: Rows[K][], actions: PanelActions<K>) => ReactNode;
}) {
  const { t } = useTranslation("program");
  const { t: common } = useTranslation();
  const styles = useProgramStyles();
  const list = useReferencePages(kind);
  const adding = useDialog<{ seed: Rows[K] | null }>();
  const [notice, setNotice] = useState<string | null>(null);
  const [imported, setImported] = useState<ImportOutcome | null>(null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const actions: PanelActions<K> = {
    announce: setNotice,
    add: (seed) => {
      setNotice(null);
      adding.show({ seed });
    },
  };

  return (
    <>
      <div className={styles.toolbar}>
        <Button appearance="primary" onClick={() => actions.add(null)}>
          {t(`add.${kind}`)}
        </Button>
        <ExportCsvButton kind={kind} />
        <ImportCsvButton
          kind={kind}
          onImported={(outcome) => {
            setNotice(null);
            setImported(outcome);
          }}
        />
      </div>
      {notice && (
        <MessageBar intent="success" role="status" layout="multiline" className={styles.bar}>
          <MessageBarBody>{notice}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => setNotice(null)}>
              {common("common.dismiss")}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {imported && <ImportReportView outcome={imported} onDismiss={() => setImported(null)} />}
      <QueryStates query={list} />
      {list.isSuccess && rows.length === 0 && <Empty>{t(`empty.${kind}`)}</Empty>}
      {rows.length > 0 && table(rows, actions)}
      {list.hasNextPage && (
        <Button
          className={styles.more}
          onClick={() => list.fetchNextPage()}
          disabledFocusable={list.isFetchingNextPage}
        >
          {common("common.loadMore")}
        </Button>
      )}
      <Suspense fallback={null}>
        {adding.mounted && (
          <AddDialog
            open={adding.open}
            seed={adding.data?.seed ?? null}
            onClose={adding.hide}
            onDone={(done) => {
              adding.hide();
              setNotice(done);
            }}
          />
        )}
      </Suspense>
    </>
  );
}
