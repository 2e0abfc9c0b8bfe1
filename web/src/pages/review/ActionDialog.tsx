import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Select,
  makeStyles,
} from "@fluentui/react-components";
import { REQUEST_SCHEMAS } from "../../api/constraints.gen";
import type { SchemaName } from "../../api/constraints";
import type { components } from "../../api/schema";
import type { ReviewClaim } from "../../api/types";
import { TextField, useForm } from "../../components/form";
import { useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import { ActionRefusal } from "./ActionRefusal";
import { useReviewAction, type ActionRequest, type DialogAction } from "./useReviewAction";

type S = components["schemas"];
type Values = { reason_code: string; message: string; remittance_ref: string };

const useStyles = makeStyles({
  fields: { display: "flex", flexDirection: "column", rowGap: "12px" },
  intro: { margin: 0 },
});

/** The reason codes each action takes, in the API's order (its request schemas). */
const REASON_CODES = {
  request_info: REQUEST_SCHEMAS.RequestInfo.properties.reason_code.enum,
  reject: REQUEST_SCHEMAS.Reject.properties.reason_code.enum,
};
// Approve's only field (an optional message) is checked by the API alone: its body is optional as a whole.
const SCHEMAS: Record<Exclude<DialogAction, "approve">, SchemaName> = {
  request_info: "RequestInfo",
  reject: "Reject",
  paid: "Paid",
};
const FIELDS = ["reason_code", "message", "remittance_ref"];

function requestOf(action: DialogAction, v: Values): ActionRequest {
  switch (action) {
    case "request_info":
      return { action, body: { reason_code: v.reason_code as S["RequestInfo"]["reason_code"], message: v.message } };
    case "reject":
      return { action, body: { reason_code: v.reason_code as S["Reject"]["reason_code"], message: v.message } };
    case "approve":
      return { action, body: v.message.trim() ? { message: v.message } : {} };
    case "paid":
      return { action, body: { remittance_ref: v.remittance_ref } };
  }
}

type Props = { claim: ReviewClaim; action: DialogAction; onClose: () => void; onDone: (action: DialogAction) => void };

/** Request information, reject, approve or record payment: the words the action needs, then the action. */
export default function ActionDialog({ open, ...props }: Props & { open: boolean }) {
  return (
    <Dialog
      open={open}
      modalType="modal"
      onOpenChange={(_, d) => {
        if (!d.open) props.onClose();
      }}
    >
      <DialogSurface>
        <ActionForm {...props} />
      </DialogSurface>
    </Dialog>
  );
}

/** Inside the surface: a fresh form every time the dialog opens; a refusal keeps what was typed. */
function ActionForm({ claim, action, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const labels = useLabels();
  const perform = useReviewAction(claim.claim_id);
  const form = useForm<Values>({ reason_code: "", message: "", remittance_ref: "" });
  const { ref: formRef } = form;
  const [refusal, setRefusal] = useState<unknown>(null);
  const payout = claim.payment?.amount && claim.payment.currency ? claim.payment : claim.engagement.payout;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (form.busy) return;
    const request = requestOf(action, form.values);
    if (action !== "approve" && "body" in request && !form.check(SCHEMAS[action], request.body)) return;
    await form.run(async () => {
      try {
        await perform(request);
        onDone(action);
      } catch (error) {
        setRefusal(error);
        form.fail(error, FIELDS);
      }
    });
  };

  const reasonError = form.errors.reason_code;
  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <DialogBody>
        <DialogTitle>{t(`review.dialog.${action}.title`)}</DialogTitle>
        <DialogContent className={styles.fields}>
          <p className={styles.intro}>
            {t(`review.dialog.${action}.intro`, {
              date: format.dateTime(claim.review_due),
              amount: format.money(payout.amount, payout.currency),
            })}
          </p>
          {form.formError && <ActionRefusal error={refusal} />}
          {(action === "request_info" || action === "reject") && (
            <Field
              label={t("review.dialog.reason")}
              required
              validationMessage={reasonError}
              validationState={reasonError ? "error" : "none"}
            >
              <Select value={form.values.reason_code} onChange={(_, d) => form.set("reason_code", d.value)}>
                <option value="" disabled>
                  {t("review.dialog.chooseReason")}
                </option>
                {REASON_CODES[action].map((code) => (
                  <option key={code} value={code}>
                    {labels.reason(code)}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {action === "paid" ? (
            <TextField
              form={form}
              path="remittance_ref"
              label={t("review.dialog.remittance")}
              required
              hint={t("review.dialog.remittanceHint")}
              autoComplete="off"
            />
          ) : (
            <TextField
              form={form}
              path="message"
              multiline
              rows={4}
              required={action !== "approve"}
              label={action === "approve" ? t("review.dialog.messageOptional") : t("review.dialog.message")}
            />
          )}
        </DialogContent>
        <DialogActions>
          {/* Focusable while busy: a disabled button would drop the keyboard's focus out of the dialog. */}
          <Button appearance="secondary" onClick={onClose} disabledFocusable={form.busy}>
            {t("common.close")}
          </Button>
          <Button appearance="primary" type="submit" disabledFocusable={form.busy}>
            {t(`review.dialog.${action}.submit`)}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
