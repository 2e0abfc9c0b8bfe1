import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import type { FormApi, Values } from "../../components/form";
import { useFocusFirstField } from "../../components/useFocusFirstField";
import { FormError } from "../../components/States";
import { useFormStyles } from "./styles";

/** A modal dialog; its content mounts afresh each time it opens (a new form every time). */
export function ProgramDialog({
  open,
  onClose,
  wide,
  children,
}: {
  open: boolean;
  onClose: () => void;
  wide?: boolean;
  children: ReactNode;
}) {
  const styles = useFormStyles();
  return (
    <Dialog
      open={open}
      modalType="modal"
      onOpenChange={(_, d) => {
        if (!d.open) onClose();
      }}
    >
      <DialogSurface className={wide ? styles.wide : undefined}>{children}</DialogSurface>
    </Dialog>
  );
}

/** A dialog's form: title, an optional intro, why the API refused (kept above the fields), the fields, and
 * Close and the action. Typed text stays when a request fails. */
export function DialogForm<T extends Values>({
  form,
  title,
  intro,
  submitLabel,
  onSubmit,
  onClose,
  refusal,
  children,
}: {
  form: FormApi<T>;
  title: string;
  intro?: string;
  submitLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  /** Shown instead of the form's message when a refusal needs more than a sentence. */
  refusal?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  const { ref: formRef } = form;
  useFocusFirstField(formRef);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.busy) onSubmit();
  };
  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <DialogBody>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent className={styles.fields}>
          {intro && <p className={styles.intro}>{intro}</p>}
          {form.formError && (refusal ?? <FormError message={form.formError} />)}
          {children}
        </DialogContent>
        <DialogActions>
          {/* Focusable while busy: a disabled button would drop the keyboard's focus out of the dialog. */}
          <Button appearance="secondary" onClick={onClose} disabledFocusable={form.busy}>
            {t("common.close")}
          </Button>
          <Button appearance="primary" type="submit" disabledFocusable={form.busy}>
            {submitLabel}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
