import { useTranslation } from "react-i18next";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useApi } from "../../api/context";
import { ok } from "../../api/client";
import { isApiError } from "../../api/errors";
import type { FieldProblem } from "../../api/constraints";
import type { NominationRow } from "../../api/types";
import { FormError } from "../../components/States";
import { LocaleField, TextField, useForm } from "../../components/form";
import { useSession } from "../../auth/useSession";
import { currentLocale } from "../../i18n";

const useStyles = makeStyles({
  fields: { display: "flex", flexDirection: "column", rowGap: "12px" },
  fieldset: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
    padding: "8px 12px 12px",
    display: "flex",
    flexDirection: "column",
    rowGap: "8px",
    minWidth: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: "0 4px" },
});

const FIELDS = [
  "customer_contact.name",
  "customer_contact.email",
  "customer_contact.locale",
  "partner_contact.name",
  "partner_contact.email",
  "partner_contact.locale",
  "contact_reason",
];

type Props = { row: NominationRow; resend: boolean; onClose: () => void; onSent: (email: string) => void };

export default function ConsentDialog({ open, ...props }: Props & { open: boolean }) {
  return (
    <Dialog
      open={open}
      modalType="modal"
      onOpenChange={(_, d) => {
        if (!d.open) props.onClose();
      }}
    >
      <DialogSurface>
        <ConsentForm {...props} />
      </DialogSurface>
    </Dialog>
  );
}

/** Inside the surface: a fresh form, prefilled from the row, every time the dialog opens. */
function ConsentForm({ row, resend, onClose, onSent }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { client } = useApi();
  const session = useSession();
  const form = useForm({
    customer_contact: { name: row.customer.name ?? "", email: row.customer.email, locale: currentLocale() as string },
    partner_contact: { name: session?.name ?? "", email: session?.email ?? "", locale: currentLocale() as string },
    contact_reason: "",
    askReason: false,
  });
  const { ref: formRef } = form;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const v = form.values;
    const body: Record<string, unknown> = { customer_contact: v.customer_contact, partner_contact: v.partner_contact };
    if (v.askReason) body.contact_reason = v.contact_reason;
    const extra: Record<string, FieldProblem> =
      v.askReason && !v.contact_reason.trim() ? { contact_reason: { key: "required" } } : {};
    if (!form.check("ConsentRequest", body, extra)) return;
    await form.run(async () => {
      try {
        await ok(
          client.POST("/nominations/{nomination_id}/consent-request", {
            params: { path: { nomination_id: row.nomination_id } },
            body: body as never,
          }),
        );
        onSent(v.customer_contact.email.trim());
      } catch (error) {
        if (isApiError(error) && error.code === "contact_reason_required") form.set("askReason", true);
        form.fail(error, FIELDS);
      }
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <DialogBody>
        <DialogTitle>{resend ? t("consent.titleResend") : t("consent.title")}</DialogTitle>
        <DialogContent className={styles.fields}>
          <p style={{ margin: 0 }}>{t("consent.intro", { customer: row.customer.name ?? row.customer.email })}</p>
          <FormError message={form.formError} />
          <fieldset className={styles.fieldset}>
            <legend className={styles.legend}>{t("consent.customerContact")}</legend>
            <TextField
              form={form}
              path="customer_contact.name"
              label={t("contacts.name")}
              required
              autoComplete="off"
            />
            <TextField
              form={form}
              path="customer_contact.email"
              type="email"
              label={t("contacts.email")}
              required
              autoComplete="off"
            />
            <LocaleField form={form} path="customer_contact.locale" label={t("contacts.locale")} />
          </fieldset>
          <fieldset className={styles.fieldset}>
            <legend className={styles.legend}>{t("consent.partnerContact")}</legend>
            <TextField
              form={form}
              path="partner_contact.name"
              label={t("contacts.name")}
              required
              autoComplete="name"
            />
            <TextField
              form={form}
              path="partner_contact.email"
              type="email"
              label={t("contacts.email")}
              required
              autoComplete="email"
            />
            <LocaleField form={form} path="partner_contact.locale" label={t("contacts.locale")} />
          </fieldset>
          {form.values.askReason && (
            <TextField
              form={form}
              path="contact_reason"
              multiline
              required
              label={t("contacts.contactReason")}
              hint={t("contacts.contactReasonHint")}
            />
          )}
        </DialogContent>
        <DialogActions>
          <Button appearance="secondary" onClick={onClose} disabled={form.busy}>
            {t("common.close")}
          </Button>
          <Button appearance="primary" type="submit" disabled={form.busy}>
            {resend ? t("consent.sendAgain") : t("consent.send")}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
