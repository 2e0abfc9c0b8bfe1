import { useTranslation } from "react-i18next";
import { Section } from "../../components/Section";
import { Empty, QueryStates } from "../../components/States";
import { useHistory } from "../../api/queries";
import type { HistoryEvent } from "../../api/types";
import { useFormat } from "../../i18n/format";
import { useLabels, type LabelFns } from "../../i18n/labels";
import { useClaimCtx } from "./context";
import { useClaimStyles } from "./styles";

function describe(
  event: HistoryEvent,
  labels: LabelFns,
  t: (k: string, o?: Record<string, unknown>) => string,
): string[] {
  const d = event.details ?? {};
  const lines: string[] = [];
  if (typeof d.item === "string")
    lines.push(labels.proofItem(d.item) + (typeof d.file_name === "string" ? `: ${d.file_name}` : ""));
  if (typeof d.reason_code === "string") lines.push(labels.reason(d.reason_code));
  if (typeof d.message === "string" && d.message) lines.push(d.message);
  if (typeof d.reason === "string" && d.reason) lines.push(d.reason);
  if (typeof d.to === "string") lines.push(t("claim.history.to", { to: d.to }));
  if (typeof d.from_status === "string" && typeof d.to_status === "string" && d.from_status !== d.to_status) {
    lines.push(t("claim.history.statusChange", { from: labels.status(d.from_status), to: labels.status(d.to_status) }));
  }
  return lines;
}

/** A claim's history, oldest first: what happened, when, by whom, and its details in words. */
export function HistoryEvents({ events }: { events: HistoryEvent[] }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const format = useFormat();
  const labels = useLabels();
  if (events.length === 0) return <Empty>{t("claim.history.empty")}</Empty>;
  return (
    <ol className={styles.history}>
      {events.map((e) => (
        <li key={`${e.seq}-${e.at}`} className={styles.historyItem}>
          <strong>{labels.historyAction(e.action)}</strong>
          <span className={styles.sub}>
            <time dateTime={e.at}>{format.dateTime(e.at)}</time>
            {" · "}
            {t("claim.history.by", { email: e.actor?.email ?? "", role: labels.role(e.actor?.role ?? "") })}
          </span>
          {describe(e, labels, t as never).map((line, i) => (
            <span key={i} className={styles.sub} style={{ overflowWrap: "anywhere" }}>
              {line}
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}

/** The claim page's history section (the partner's own history route). */
export function HistoryList() {
  const { t } = useTranslation();
  const { claim } = useClaimCtx();
  const history = useHistory(claim.claim_id);
  return (
    <Section id="history" title={t("claim.history.title")}>
      <QueryStates query={history} />
      {history.data && <HistoryEvents events={history.data} />}
    </Section>
  );
}
