import { useTranslation } from "react-i18next";
import {
  Button,
  Checkbox,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Select,
} from "@fluentui/react-components";
import { EVERY_ENGAGEMENT } from "../../api/types";
import { TextField, useForm } from "../../components/form";
import { QueryStates } from "../../components/States";
import { CheckboxGroup } from "./CheckboxGroup";
import type { AddDialogProps } from "./dialogProps";
import type { CatalogueEngagement, Partner } from "./kinds";
import { DialogForm, ProgramDialog } from "./ProgramDialog";
import { useEveryRow } from "./queries";
import { useCreateRow } from "./useCreateRow";

const FIELDS = ["location_id", "partner_id", "country", "engagement_ids"];
const CODE_FIELDS = {
  already_exists: "location_id",
  partner_not_found: "partner_id",
  engagement_not_found: "engagement_ids",
};

type Props = Pick<AddDialogProps<"locations">, "onClose" | "onDone">;

export default function AddLocationDialog({ open, onClose, onDone }: AddDialogProps<"locations">) {
  return (
    <ProgramDialog open={open} onClose={onClose}>
      <AddLocation onClose={onClose} onDone={onDone} />
    </ProgramDialog>
  );
}

/** The partners and the catalogue first: the form picks from them. */
function AddLocation(props: Props) {
  const { t } = useTranslation(["program", "translation"]);
  const partners = useEveryRow("partners");
  const engagements = useEveryRow("engagements");
  if (partners.isSuccess && engagements.isSuccess) {
    return <AddLocationForm {...props} partners={partners.data} engagements={engagements.data} />;
  }
  return (
    <DialogBody>
      <DialogTitle>{t("add.locations")}</DialogTitle>
      <DialogContent>
        <QueryStates query={partners.isSuccess ? engagements : partners} />
      </DialogContent>
      <DialogActions>
        <Button appearance="secondary" onClick={props.onClose}>
          {t("translation:common.close")}
        </Button>
      </DialogActions>
    </DialogBody>
  );
}

function AddLocationForm({
  partners,
  engagements,
  onClose,
  onDone,
}: Props & { partners: Partner[]; engagements: CatalogueEngagement[] }) {
  const { t } = useTranslation("program");
  const create = useCreateRow("locations");
  const form = useForm({ location_id: "", partner_id: "", country: "", every: false, engagement_ids: [] as string[] });
  const v = form.values;

  const submit = async () => {
    const body = {
      location_id: v.location_id.trim(),
      partner_id: v.partner_id,
      country: v.country.trim().toUpperCase(),
      engagement_ids: v.every ? [EVERY_ENGAGEMENT] : v.engagement_ids,
    };
    const extra: Record<string, string> = body.engagement_ids.length
      ? {}
      : { engagement_ids: t("checks.chooseEngagement") };
    if (!form.check("LocationIn", body, extra, FIELDS)) return;
    await form.run(async () => {
      try {
        onDone(await create(body));
      } catch (error) {
        form.fail(error, FIELDS, CODE_FIELDS);
      }
    });
  };

  const partnerError = form.errors.partner_id;
  return (
    <DialogForm
      form={form}
      title={t("add.locations")}
      submitLabel={t("add.locations")}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        form={form}
        path="location_id"
        label={t("fields.locationId")}
        required
        autoComplete="off"
        hint={t("fields.idHint", { example: "L-3003" })}
      />
      <Field
        label={t("fields.partner")}
        required
        validationMessage={partnerError}
        validationState={partnerError ? "error" : "none"}
      >
        <Select value={v.partner_id} onChange={(_, d) => form.set("partner_id", d.value)}>
          <option value="" disabled>
            {t("fields.choosePartner")}
          </option>
          {partners.map((p) => (
            <option key={p.partner_id} value={p.partner_id}>
              {t("fields.partnerOption", { name: p.name, id: p.partner_id })}
            </option>
          ))}
        </Select>
      </Field>
      <TextField
        form={form}
        path="country"
        label={t("fields.country")}
        required
        autoComplete="off"
        hint={t("fields.countryHint")}
      />
      <CheckboxGroup
        legend={t("fields.engagements")}
        error={form.errors.engagement_ids}
        before={
          <Checkbox
            label={t("fields.everyEngagement")}
            checked={v.every}
            onChange={(_, d) => form.set("every", d.checked === true)}
          />
        }
        options={engagements.map((e) => ({ value: e.engagement_id, label: `${e.name} (${e.engagement_id})` }))}
        selected={v.every ? [] : v.engagement_ids}
        disabled={v.every}
        onChange={(ids) => form.set("engagement_ids", ids)}
      />
    </DialogForm>
  );
}
