import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, Select } from "@fluentui/react-components";
import { useForm } from "../../components/form";
import type { AddDialogProps } from "./dialogProps";
import { EngagementFields } from "./EngagementFields";
import { ENGAGEMENT_FIELDS, engagementOf, valuesOf } from "./engagementForm";
import { EngagementRefusal } from "./EngagementRefusal";
import type { CatalogueEngagement } from "./kinds";
import { DialogForm, ProgramDialog } from "./ProgramDialog";
import { useEveryRow } from "./queries";
import { useCreateRow } from "./useCreateRow";

const CODE_FIELDS = { already_exists: "engagement_id" };

export default function AddEngagementDialog({ open, seed, onClose, onDone }: AddDialogProps<"engagements">) {
  return (
    <ProgramDialog open={open} onClose={onClose} wide>
      <AddEngagementForm seed={seed} onClose={onClose} onDone={onDone} />
    </ProgramDialog>
  );
}

/** A new catalogue entry: typed in, or started from a copy of an existing one (its id is chosen anew). */
function AddEngagementForm({ seed, onClose, onDone }: Omit<AddDialogProps<"engagements">, "open">) {
  const { t } = useTranslation("program");
  const create = useCreateRow("engagements");
  const catalogue = useEveryRow("engagements");
  const form = useForm({ ...valuesOf(seed), engagement_id: "" });
  const [copiedFrom, setCopiedFrom] = useState(seed?.engagement_id ?? "");
  const [refusal, setRefusal] = useState<unknown>(null);

  const startFrom = (engagementId: string) => {
    const copy: CatalogueEngagement | null = catalogue.data?.find((e) => e.engagement_id === engagementId) ?? null;
    setCopiedFrom(engagementId);
    form.reset({ ...valuesOf(copy), engagement_id: form.values.engagement_id });
  };

  const submit = async () => {
    const { body, problems } = engagementOf(form.values, t);
    if (!form.check("EngagementIn", body, problems, ENGAGEMENT_FIELDS)) return;
    await form.run(async () => {
      try {
        onDone(await create(body));
      } catch (error) {
        setRefusal(error);
        form.fail(error, ENGAGEMENT_FIELDS, CODE_FIELDS);
      }
    });
  };

  return (
    <DialogForm
      form={form}
      title={t("add.engagements")}
      intro={t("dialogs.addEngagementIntro")}
      submitLabel={t("add.engagements")}
      onSubmit={submit}
      onClose={onClose}
      refusal={<EngagementRefusal error={refusal} />}
    >
      {!!catalogue.data?.length && (
        <Field label={t("fields.startFrom")}>
          <Select value={copiedFrom} onChange={(_, d) => startFrom(d.value)}>
            <option value="">{t("fields.emptyForm")}</option>
            {catalogue.data.map((e) => (
              <option key={e.engagement_id} value={e.engagement_id}>{`${e.name} (${e.engagement_id})`}</option>
            ))}
          </Select>
        </Field>
      )}
      <EngagementFields form={form} withId />
    </DialogForm>
  );
}
