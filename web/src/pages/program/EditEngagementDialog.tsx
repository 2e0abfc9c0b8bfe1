import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../../api/context";
import { useForm } from "../../components/form";
import { EngagementFields } from "./EngagementFields";
import { ENGAGEMENT_FIELDS, changesOf, engagementOf, valuesOf } from "./engagementForm";
import { EngagementRefusal } from "./EngagementRefusal";
import type { CatalogueEngagement } from "./kinds";
import { DialogForm, ProgramDialog } from "./ProgramDialog";
import { useRefresh } from "./queries";
import { changeEngagement } from "./requests";

type Props = {
  engagement: CatalogueEngagement;
  onClose: () => void;
  onDone: (notice: string) => void;
  /** A new engagement from this one, with what was typed here (when this one can no longer change). */
  onCopy: (seed: CatalogueEngagement) => void;
};

export default function EditEngagementDialog({ open, ...props }: Props & { open: boolean }) {
  return (
    <ProgramDialog open={open} onClose={props.onClose} wide>
      <EditEngagementForm {...props} />
    </ProgramDialog>
  );
}

/** Changes an engagement (only what was changed is sent); once someone nominated on it, the API refuses. */
function EditEngagementForm({ engagement, onClose, onDone, onCopy }: Props) {
  const { t } = useTranslation("program");
  const { client } = useApi();
  const refresh = useRefresh();
  const form = useForm(valuesOf(engagement));
  const [refusal, setRefusal] = useState<unknown>(null);
  const id = engagement.engagement_id;

  const submit = async () => {
    const { body, problems } = engagementOf(form.values, t);
    if (!form.check("EngagementIn", body, problems, ENGAGEMENT_FIELDS)) return;
    const changes = changesOf(engagement, body);
    if (!Object.keys(changes).length) {
      onDone(t("notices.nothingChanged"));
      return;
    }
    await form.run(async () => {
      try {
        await changeEngagement(client, id, changes);
        await refresh("engagements");
        onDone(t("notices.changed", { id }));
      } catch (error) {
        setRefusal(error);
        form.fail(error, ENGAGEMENT_FIELDS);
      }
    });
  };

  const copy = () => onCopy(engagementOf(form.values, t).body);
  return (
    <DialogForm
      form={form}
      title={t("dialogs.editTitle", { id })}
      intro={t("dialogs.editIntro")}
      submitLabel={t("dialogs.save")}
      onSubmit={submit}
      onClose={onClose}
      refusal={<EngagementRefusal error={refusal} onCopy={copy} />}
    >
      <EngagementFields form={form} withId={false} />
    </DialogForm>
  );
}
