import { useTranslation } from "react-i18next";
import { Button } from "@fluentui/react-components";
import { Empty, QueryStates } from "../../components/States";
import { TBody, THead, Table, Td, Th, Tr } from "../../components/Table";
import { TableRegion } from "../../components/TableRegion";
import { tDynamic } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import type { AuditEvent } from "./kinds";
import { useAuditHistory } from "./queries";
import { useProgramStyles } from "./styles";

/** The fields whose values differ between before and after (a created row has no before). */
function changedFields(event: AuditEvent): string[] {
  if (!event.before) return [];
  const before = event.before;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(event.after)])];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(event.after[k]));
}

/** Every change to the reference data, newest first, a page at a time. */
export function AuditTab() {
  const { t } = useTranslation("program");
  const { t: common } = useTranslation();
  const styles = useProgramStyles();
  const history = useAuditHistory();
  const events = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <QueryStates query={history} />
      {history.isSuccess && events.length === 0 && <Empty>{t("empty.audit")}</Empty>}
      {events.length > 0 && <AuditTable events={events} />}
      {history.hasNextPage && (
        <Button
          className={styles.more}
          onClick={() => history.fetchNextPage()}
          disabledFocusable={history.isFetchingNextPage}
        >
          {common("common.loadMore")}
        </Button>
      )}
    </>
  );
}

function AuditTable({ events }: { events: AuditEvent[] }) {
  const { t, i18n } = useTranslation("program");
  const styles = useProgramStyles();
  const format = useFormat();
  const labels = useLabels();
  const kindName = (kind: string) =>
    i18n.exists(`program:audit.kinds.${kind}`) ? tDynamic(`program:audit.kinds.${kind}`) : kind;
  const column = { at: t("columns.at"), row: t("columns.row"), change: t("columns.change"), by: t("columns.by") };
  return (
    <TableRegion label={t("audit.tableLabel")}>
      <Table aria-label={t("audit.tableLabel")} minWidth={760}>
        <THead>
          <Tr>
            {Object.values(column).map((name) => (
              <Th key={name}>{name}</Th>
            ))}
          </Tr>
        </THead>
        <TBody>
          {events.map((e) => {
            const changed = changedFields(e);
            return (
              <Tr key={`${e.at}-${e.kind}-${e.ref_id}`}>
                <Td label={column.at}>{format.dateTime(e.at)}</Td>
                <Td label={column.row}>
                  {kindName(e.kind)}
                  <span className={`${styles.sub} ${styles.mono}`}>{e.ref_id}</span>
                </Td>
                <Td label={column.change}>
                  {t(`audit.actions.${e.action}`)}
                  {changed.length > 0 && (
                    <span className={styles.sub}>{t("audit.changedFields", { fields: changed.join(", ") })}</span>
                  )}
                  <details>
                    <summary>{t("audit.showValues")}</summary>
                    {e.before && <AuditValues title={t("audit.before")} values={e.before} keys={changed} />}
                    <AuditValues title={t("audit.after")} values={e.after} keys={changed} />
                  </details>
                </Td>
                <Td label={column.by}>
                  {e.actor.email}
                  <span className={styles.sub}>{labels.role(e.actor.role)}</span>
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </TableRegion>
  );
}

/** A row's values as JSON: only the changed fields of an update, the whole row when it was created. */
function AuditValues({ title, values, keys }: { title: string; values: Record<string, unknown>; keys: string[] }) {
  const styles = useProgramStyles();
  const shown = keys.length ? Object.fromEntries(keys.map((k) => [k, values[k]])) : values;
  return (
    <>
      <strong>{title}</strong>
      <pre className={styles.values}>{JSON.stringify(shown, null, 2)}</pre>
    </>
  );
}
