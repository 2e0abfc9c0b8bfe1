import { Suspense, lazy, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, MessageBar, MessageBarBody, makeStyles } from "@fluentui/react-components";
import { Section } from "../../components/Section";
import { useDialog } from "../../components/useDialog";
import type { ReviewClaim } from "../../api/types";
import { useFormat } from "../../i18n/format";
import { ActionRefusal } from "./ActionRefusal";
import {
  ACTIONS_BY_STATUS,
  isActionable,
  useReviewAction,
  type DialogAction,
  type ReviewAction,
} from "./useReviewAction";

const ActionDialog = lazy(() => import("./ActionDialog"));

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", rowGap: "12px" },
  row: { display: "flex", flexWrap: "wrap", gap: "8px" },
  text: { margin: 0 },
});

const BUTTONS = {
  start: "review.actions.start",
  request_info: "review.actions.requestInfo",
  approve: "review.actions.approve",
  reject: "review.actions.reject",
  paid: "review.actions.recordPayment",
} as const satisfies Record<ReviewAction, string>;

/** The actions the claim's status allows; Start review runs at once, the others ask for words in a dialog. */
export function ReviewActions({ claim }: { claim: ReviewClaim }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const perform = useReviewAction(claim.claim_id);
  const dialog = useDialog<DialogAction>();
  const [done, setDone] = useState<ReviewAction | null>(null);
  const [starting, setStarting] = useState(false);
  const [refusal, setRefusal] = useState<unknown>(null);
  const buttons = useRef<HTMLDivElement>(null);
  const { status } = claim;
  const actions: readonly ReviewAction[] = isActionable(status) ? ACTIONS_BY_STATUS[status] : [];
  const help = isActionable(status)
    ? t(`review.actions.help.${status}`, { date: format.date(claim.payment?.payable_on) })
    : t("review.actions.none");

  // Once the review has started (and the dossier is read again), the keyboard is at the next actions.
  useEffect(() => {
    if (done === "start") buttons.current?.querySelector("button")?.focus();
  }, [done]);

  const start = async () => {
    setDone(null);
    setRefusal(null);
    setStarting(true);
    try {
      await perform({ action: "start" });
      setDone("start");
    } catch (error) {
      setRefusal(error);
    } finally {
      setStarting(false);
    }
  };
  const open = (action: DialogAction) => {
    setDone(null);
    setRefusal(null);
    dialog.show(action);
  };

  return (
    <Section id="review-actions" title={t("review.actions.title")}>
      <div className={styles.stack}>
        <p className={styles.text}>{help}</p>
        <div role="status">
          {done && (
            <MessageBar intent="success" layout="multiline">
              <MessageBarBody>{t(`review.actions.done.${done}`)}</MessageBarBody>
            </MessageBar>
          )}
        </div>
        {refusal ? <ActionRefusal error={refusal} /> : null}
        {actions.length > 0 && (
          <div className={styles.row} ref={buttons}>
            {actions.map((action) => (
              <Button
                key={action}
                appearance={action === "request_info" || action === "reject" ? "secondary" : "primary"}
                disabledFocusable={starting}
                onClick={() => (action === "start" ? start() : open(action))}
              >
                {t(BUTTONS[action])}
              </Button>
            ))}
          </div>
        )}
      </div>
      {dialog.mounted && dialog.data && (
        <Suspense fallback={null}>
          <ActionDialog
            open={dialog.open}
            claim={claim}
            action={dialog.data}
            onClose={dialog.hide}
            onDone={(action) => {
              dialog.hide();
              setDone(action);
            }}
          />
        </Suspense>
      )}
    </Section>
  );
}
