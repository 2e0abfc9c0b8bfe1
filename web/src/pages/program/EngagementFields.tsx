import { useId } from "react";
import { useTranslation } from "react-i18next";
import { PROOF_ITEMS } from "../../api/types";
import { TextField, type FormApi } from "../../components/form";
import { useLabels } from "../../i18n/labels";
import { CheckboxGroup } from "./CheckboxGroup";
import { WINDOW_NAMES, type EngagementValues } from "./engagementForm";
import { useFormStyles } from "./styles";

/** The catalogue entry's fields; the id only when it is being chosen (a new engagement). */
export function EngagementFields({ form, withId }: { form: FormApi<EngagementValues>; withId: boolean }) {
  const { t } = useTranslation("program");
  const styles = useFormStyles();
  const labels = useLabels();
  const windowsHint = useId();
  return (
    <>
      <div className={styles.pair}>
        {withId && (
          <TextField
            form={form}
            path="engagement_id"
            label={t("fields.engagementId")}
            required
            autoComplete="off"
            hint={t("fields.idHint", { example: "ENG-COPILOT-WORKSHOP" })}
          />
        )}
        <TextField form={form} path="name" label={t("fields.name")} required autoComplete="off" />
        <TextField form={form} path="kind" label={t("fields.kind")} required autoComplete="off" />
        <TextField form={form} path="solution_area" label={t("fields.solutionArea")} required autoComplete="off" />
        <TextField form={form} path="starts_on" type="date" label={t("fields.startsOn")} required />
        <TextField form={form} path="ends_on" type="date" label={t("fields.endsOn")} required />
        <TextField
          form={form}
          path="payout.amount"
          label={t("fields.amount")}
          required
          inputMode="decimal"
          autoComplete="off"
          hint={t("fields.amountHint")}
        />
        <TextField
          form={form}
          path="payout.currency"
          label={t("fields.payoutCurrency")}
          required
          autoComplete="off"
          hint={t("fields.currencyHint")}
        />
      </div>
      <fieldset className={styles.fieldset} aria-describedby={windowsHint}>
        <legend className={styles.legend}>{t("fields.windows")}</legend>
        <p id={windowsHint} className={styles.hint}>
          {t("fields.windowsHint")}
        </p>
        <div className={styles.windows}>
          {WINDOW_NAMES.map((w) => (
            <TextField
              key={w}
              form={form}
              path={`windows.${w}`}
              type="number"
              inputMode="numeric"
              required
              label={t(`fields.window.${w}`)}
            />
          ))}
        </div>
      </fieldset>
      <CheckboxGroup
        legend={t("fields.proofItems")}
        error={form.errors.proof_items}
        options={PROOF_ITEMS.map((item) => ({ value: item, label: labels.proofItem(item) }))}
        selected={form.values.proof_items}
        onChange={(items) => form.set("proof_items", items)}
      />
      <TextField
        form={form}
        path="surveys"
        label={t("fields.surveys")}
        required
        multiline
        rows={10}
        hint={t("fields.surveysHint")}
      />
    </>
  );
}
