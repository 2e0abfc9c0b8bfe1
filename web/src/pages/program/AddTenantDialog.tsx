import { useTranslation } from "react-i18next";
import { REQUEST_SCHEMAS } from "../../api/constraints.gen";
import { TextField, useForm } from "../../components/form";
import type { AddDialogProps } from "./dialogProps";
import { DialogForm, ProgramDialog } from "./ProgramDialog";
import { useCreateRow } from "./useCreateRow";

const FIELDS = ["tenant_id", "domains"];
const CODE_FIELDS = { already_exists: "tenant_id", domain_taken: "domains" };
const DOMAIN = new RegExp(REQUEST_SCHEMAS.TenantIn.properties.domains.items.pattern);

/** "a.example; b.example" or one per line → the list of domains. */
function domainsOf(text: string): string[] {
  return text.split(/[\s;,]+/).filter(Boolean);
}

export default function AddTenantDialog({ open, onClose, onDone }: AddDialogProps<"tenants">) {
  return (
    <ProgramDialog open={open} onClose={onClose}>
      <AddTenantForm onClose={onClose} onDone={onDone} />
    </ProgramDialog>
  );
}

function AddTenantForm({ onClose, onDone }: Pick<AddDialogProps<"tenants">, "onClose" | "onDone">) {
  const { t } = useTranslation("program");
  const create = useCreateRow("tenants");
  const form = useForm({ tenant_id: "", domains: "" });

  const submit = async () => {
    const body = { tenant_id: form.values.tenant_id.trim(), domains: domainsOf(form.values.domains) };
    const notADomain = body.domains.find((d) => !DOMAIN.test(d));
    const extra: Record<string, string> = notADomain ? { domains: t("checks.domain", { value: notADomain }) } : {};
    // No domain at all is a field to fill in (not "add at least 1").
    if (!form.check("TenantIn", { ...body, domains: body.domains.length ? body.domains : undefined }, extra, FIELDS))
      return;
    await form.run(async () => {
      try {
        onDone(await create(body));
      } catch (error) {
        form.fail(error, FIELDS, CODE_FIELDS);
      }
    });
  };

  return (
    <DialogForm form={form} title={t("add.tenants")} submitLabel={t("add.tenants")} onSubmit={submit} onClose={onClose}>
      <TextField
        form={form}
        path="tenant_id"
        label={t("fields.tenantId")}
        required
        autoComplete="off"
        hint={t("fields.tenantIdHint")}
      />
      <TextField
        form={form}
        path="domains"
        label={t("fields.domains")}
        required
        multiline
        rows={3}
        hint={t("fields.domainsHint")}
      />
    </DialogForm>
  );
}
