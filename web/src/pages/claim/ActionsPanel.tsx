import { Suspense, lazy, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Textarea } from "@fluentui/react-components";
import { Section } from "../../components/Section";
import { FormError } from "../../components/States";
import { useApi } from "../../api/context";
import { ok } from "../../api/client";
import { validate } from "../../api/constraints";
import { isApiError } from "../../api/errors";
import { invalidateClaim, keys } from "../../api/queries";
import type { Claim } from "../../api/types";
import { useErrorText } from "../../components/errorText";
import { addDays, daysLeft, useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import { useClaimCtx } from "./context";
import { tDynamic } from "../../i18n";
import { useDialog } from "../../components/useDialog";
import { useClaimStyles } from "./styles";

const ConfirmDialog = lazy(() => import("../../components/ConfirmDialog"));

function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

function useClaimAction<T = void>(run: (arg: T) => Promise<Claim>) {
  const queryClient = useQueryClient();
  const { claim } = useClaimCtx();
  return useMutation({
    mutationFn: run,
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.claim(claim.claim_id), updated);
      invalidateClaim(queryClient, claim.claim_id);
    },
  });
}

/** Submit: says in words what is still missing, before and after trying. */
export function SubmitPanel() {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const format = useFormat();
  const labels = useLabels();
  const errorText = useErrorText();
  const { client } = useApi();
  const { claim, editable } = useClaimCtx();
  const idempotencyKey = useRef<string | null>(null);
  const submit = useClaimAction(async () => {
    idempotencyKey.current ??= newKey(); // the same key for a retry of the same click
    try {
      return (
        await ok(
          client.POST("/claims/{claim_id}/submit", {
            params: { path: { claim_id: claim.claim_id }, header: { "idempotency-key": idempotencyKey.current } },
          }),
        )
      ).data as unknown as Claim;
    } finally {
      idempotencyKey.current = null;
    }
  });
  if (!editable) return null;
  const resubmit = claim.status === "action_required";
  const deadline = resubmit ? claim.review_due : claim.submit_due;
  const left = daysLeft(deadline);
  const refusedMissing =
    submit.error && isApiError(submit.error) && submit.error.code === "claim_incomplete" ? submit.error.missing : null;
  const missing = refusedMissing ?? claim.missing;

  return (
    <Section id="submit" title={resubmit ? t("claim.submit.titleResubmit") : t("claim.submit.title")}>
      <div className={styles.stack}>
        <p style={{ margin: 0 }}>
          {t("claim.submit.deadline", {
            date: format.dateTime(deadline),
            left: left ? t("common.daysLeft", { count: left }) : t("common.deadlinePassed"),
          })}
        </p>
        {missing.length > 0 ? (
          <MessageBar
            intent={refusedMissing ? "error" : "warning"}
            layout="multiline"
            role={refusedMissing ? "alert" : undefined}
          >
            <MessageBarBody>
              <MessageBarTitle>
                {refusedMissing ? t("claim.submit.refusedMissing") : t("claim.submit.missing")}
              </MessageBarTitle>
              <ul className={styles.list}>
                {missing.map((m) => (
                  <li key={m}>{labels.proofItem(m)}</li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        ) : (
          <p style={{ margin: 0 }}>{t("claim.submit.ready")}</p>
        )}
        {submit.isError && !refusedMissing && <FormError message={errorText(submit.error)} />}
        <div className={styles.row}>
          <Button appearance="primary" disabled={submit.isPending} onClick={() => submit.mutate()}>
            {t("claim.submit.button")}
          </Button>
        </div>
      </div>
    </Section>
  );
}

/** Dispute a rejection once, within the dispute window, with a message. */
export function DisputePanel() {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const format = useFormat();
  const errorText = useErrorText();
  const { client } = useApi();
  const { claim } = useClaimCtx();
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const dispute = useClaimAction(
    async (text: string) =>
      (
        await ok(
          client.POST("/claims/{claim_id}/dispute", {
            params: { path: { claim_id: claim.claim_id } },
            body: { message: text },
          }),
        )
      ).data as unknown as Claim,
  );
  if (claim.status !== "rejected") return null;
  const windowEnd = claim.decision?.at && claim.windows ? addDays(claim.decision.at, claim.windows.dispute_days) : null;

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    const problems = validate("DisputeIn", { message });
    if (problems.message) {
      setError(tDynamic(`validation.${problems.message.key}`, problems.message.params ?? {}));
      return;
    }
    setError(null);
    try {
      await dispute.mutateAsync(message);
    } catch (e) {
      const field = isApiError(e) ? e.fieldErrors().message : undefined;
      if (field) setError(field);
    }
  };

  return (
    <Section id="dispute" title={t("claim.dispute.title")}>
      <form onSubmit={send} noValidate className={styles.stack}>
        <p style={{ margin: 0 }}>
          {windowEnd
            ? t("claim.dispute.help", { date: format.dateTime(windowEnd), count: daysLeft(windowEnd) ?? 0 })
            : t("claim.dispute.helpNoDate")}
        </p>
        {dispute.isError && !error && <FormError message={errorText(dispute.error)} />}
        <Field
          label={t("claim.dispute.message")}
          required
          validationMessage={error}
          validationState={error ? "error" : "none"}
        >
          <Textarea value={message} rows={4} resize="vertical" onChange={(_, d) => setMessage(d.value)} />
        </Field>
        <div className={styles.row}>
          <Button appearance="primary" type="submit" disabled={dispute.isPending}>
            {t("claim.dispute.button")}
          </Button>
        </div>
      </form>
    </Section>
  );
}

/** Cancel a draft, after a confirmation. */
export function CancelPanel() {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const errorText = useErrorText();
  const { client } = useApi();
  const { claim } = useClaimCtx();
  const dialog = useDialog();
  const cancel = useClaimAction(
    async () =>
      (
        await ok(
          client.POST("/claims/{claim_id}/cancel", {
            params: { path: { claim_id: claim.claim_id } },
          }),
        )
      ).data as unknown as Claim,
  );
  if (claim.status !== "draft") return null;
  return (
    <Section id="cancel" title={t("claim.cancel.title")}>
      <div className={styles.stack}>
        <p style={{ margin: 0 }}>{t("claim.cancel.help")}</p>
        {cancel.isError && <FormError message={errorText(cancel.error)} />}
        <div className={styles.row}>
          <Button appearance="secondary" onClick={() => dialog.show(true)} disabled={cancel.isPending}>
            {t("claim.cancel.button")}
          </Button>
        </div>
      </div>
      {dialog.mounted && (
        <Suspense fallback={null}>
          <ConfirmDialog
            open={dialog.open}
            title={t("claim.cancel.confirmTitle")}
            confirmLabel={t("claim.cancel.confirm")}
            cancelLabel={t("claim.cancel.keep")}
            onCancel={dialog.hide}
            onConfirm={() => {
              dialog.hide();
              cancel.mutate();
            }}
          >
            {t("claim.cancel.confirmBody")}
          </ConfirmDialog>
        </Suspense>
      )}
    </Section>
  );
}
