import { useTranslation } from "react-i18next";
import { TextField, useForm } from "../../components/form";
import type { AddDialogProps } from "./dialogProps";
import { DialogForm, ProgramDialog } from "./ProgramDialog";
import { useCreateRow } from "./useCreateRow";

const FIELDS = ["partner_id", "name", "currency"];
const CODE_FIELDS = { already_exists: "partner_id" };

export default function AddPartnerDialog({ open, onClose, onDone }: AddDialogProps<"partners">) {
  return (
    <ProgramDialog open={open} onClose={onClose}>
      <AddPartnerForm onClose={onClose} onDone={onDone} />
    </ProgramDialog>
  );
}

function AddPartnerForm({ onClose, onDone }: Pick<AddDialogProps<"partners">, "onClose" | "onDone">) {
  const { t } = useTranslation("program");
  const create = useCreateRow("partners");
  const form = useForm({ partner_id: "", name: "", currency: "" });

  const submit = async () => {
    const v = form.values;
    const body = { partner_id: v.partner_id.trim(), name: v.name.trim(), currency: v.currency.trim().toUpperCase() };
    if (!form.check("PartnerIn", body, {}, FIELDS)) return;
    await form.run(async () => {
      try {
        onDone(await create(body));
      } catch (error) {
        form.fail(error, FIELDS, CODE_FIELDS);
      }
    });
  };

  return (
    <DialogForm
      form={form}
      title={t("add.partners")}
      submitLabel={t("add.partners")}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        form={form}
        path="partner_id"
        label={t("fields.partnerId")}
        required
        autoComplete="off"
        hint={t("fields.idHint", { example: "P-3003" })}
      />
      <TextField form={form} path="name" label={t("fields.name")} required autoComplete="off" />
      <TextField
        form={form}
        path="currency"
        label={t("fields.currency")}
        required
        autoComplete="off"
        hint={t("fields.currencyHint")}
      />
    </DialogForm>
  );
}
