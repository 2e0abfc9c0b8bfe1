import { useTranslation } from "react-i18next";
import { useQueryClient } from "@tanstack/react-query";
import { Button, Field, Radio, RadioGroup, Textarea } from "@fluentui/react-components";
import { useApi } from "../../api/context";
import { ok } from "../../api/client";
import { invalidateClaim, keys } from "../../api/queries";
import type { Claim, Question } from "../../api/types";
import { questionText } from "../../i18n/questionText";
import { FormError } from "../../components/States";
import { useForm } from "../../components/form";
import { currentLocale } from "../../i18n";
import { useClaimCtx } from "./context";
import { useClaimStyles } from "./styles";

const TEXT_MAX = 2000;

function bounds(q: Question): [number, number] {
  return [q.min ?? 1, q.max ?? 5];
}

export default function PartnerSurveyForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const { claim } = useClaimCtx();
  const questions = claim.survey_questions?.partner ?? [];
  const locale = currentLocale();
  const form = useForm<{ answers: Record<string, string> }>({ answers: {} });
  const { ref: formRef } = form;

  if (!questions.length) {
    return <p id="partner-survey-form">{t("claim.surveys.noQuestions")}</p>;
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const answers: Record<string, boolean | number | string> = {};
    const problems: Record<string, string> = {};
    for (const q of questions) {
      const raw = (form.values.answers[q.id] ?? "").trim();
      if (!raw) {
        if (q.required !== false) problems[`answers.${q.id}`] = t("validation.answerRequired");
        continue;
      }
      if (q.type === "yes_no") answers[q.id] = raw === "yes";
      else if (q.type === "rating") answers[q.id] = Number(raw);
      else if (raw.length > TEXT_MAX) problems[`answers.${q.id}`] = t("validation.maxLength", { max: TEXT_MAX });
      else answers[q.id] = raw;
    }
    if (!form.check("SurveyAnswers", { answers }, problems)) return;
    await form.run(async () => {
      try {
        const { data } = await ok(
          client.POST("/claims/{claim_id}/surveys/partner/response", {
            params: { path: { claim_id: claim.claim_id } },
            body: { answers },
          }),
        );
        queryClient.setQueryData(keys.claim(claim.claim_id), data as unknown as Claim);
        invalidateClaim(queryClient, claim.claim_id);
        onDone();
      } catch (error) {
        form.fail(
          error,
          questions.map((q) => `answers.${q.id}`),
        );
      }
    });
  };

  return (
    <form id="partner-survey-form" ref={formRef} onSubmit={submit} noValidate className={styles.stack}>
      <h4 className={styles.h4}>{t("claim.surveys.formTitle")}</h4>
      <FormError message={form.formError} />
      {questions.map((q) => {
        const path = `answers.${q.id}`;
        const error = form.errors[path];
        const value = form.values.answers[q.id] ?? "";
        const label = questionText(q, locale);
        const required = q.required !== false;
        if (q.type === "text") {
          return (
            <Field
              key={q.id}
              label={label}
              required={required}
              validationMessage={error}
              validationState={error ? "error" : "none"}
            >
              <Textarea value={value} resize="vertical" onChange={(_, d) => form.set(path, d.value)} />
            </Field>
          );
        }
        const [low, high] = q.type === "rating" ? bounds(q) : [0, 0];
        const options =
          q.type === "yes_no"
            ? [
                { value: "yes", label: t("common.yes") },
                { value: "no", label: t("common.no") },
              ]
            : Array.from({ length: high - low + 1 }, (_, i) => ({ value: String(low + i), label: String(low + i) }));
        return (
          <Field
            key={q.id}
            label={label}
            required={required}
            validationMessage={error}
            validationState={error ? "error" : "none"}
            hint={q.type === "rating" ? t("claim.surveys.ratingHint", { min: low, max: high }) : undefined}
          >
            <RadioGroup layout="horizontal" value={value} onChange={(_, d) => form.set(path, d.value)}>
              {options.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label} />
              ))}
            </RadioGroup>
          </Field>
        );
      })}
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={form.busy}>
          {t("claim.surveys.saveAnswers")}
        </Button>
      </div>
    </form>
  );
}
