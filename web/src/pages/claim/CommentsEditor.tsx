import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, Field, MessageBar, MessageBarBody, Textarea } from "@fluentui/react-components";
import { Section } from "../../components/Section";
import { FormError } from "../../components/States";
import { ruleOf } from "../../api/constraints";
import { isApiError } from "../../api/errors";
import { useErrorText } from "../../components/errorText";
import { useClaimCtx } from "./context";
import { useDraft } from "./useDraft";
import { usePatchClaim } from "./usePatchClaim";
import { useClaimStyles } from "./styles";

export function CommentsEditor() {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const errorText = useErrorText();
  const { claim, editable, rebaseSignal } = useClaimCtx();
  const draft = useDraft(claim.comments ?? "", claim.version, rebaseSignal);
  const patch = usePatchClaim();
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const max = ruleOf("ClaimPatch", "comments")?.maxLength ?? 5000;

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setFormError(null);
    if (draft.draft.length > max) {
      setError(t("validation.maxLength", { max }));
      return;
    }
    setError(null);
    try {
      await patch.mutateAsync({
        body: { comments: draft.draft },
        version: draft.ifMatch(),
        untouched: (fresh) => draft.isBase(fresh.comments ?? ""),
      });
      draft.saved();
      setSaved(true);
    } catch (e) {
      if (isApiError(e) && e.status === 412) {
        setFormError(t("claim.conflict.short"));
        return;
      }
      const field = isApiError(e) ? e.fieldErrors().comments : undefined;
      if (field) setError(field);
      else setFormError(errorText(e));
    }
  };

  if (!editable) {
    return (
      <Section id="comments" title={t("claim.comments.title")}>
        <p style={{ margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {claim.comments || t("claim.comments.none")}
        </p>
      </Section>
    );
  }

  return (
    <Section id="comments" title={t("claim.comments.title")}>
      <form onSubmit={save} noValidate className={styles.stack}>
        <FormError message={formError} />
        {draft.changedOnServer && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              {t("claim.comments.changedOnServer", { text: claim.comments || t("claim.comments.none") })}
            </MessageBarBody>
          </MessageBar>
        )}
        <Field
          label={t("claim.comments.label")}
          hint={t("claim.comments.hint", { count: draft.draft.length, max })}
          validationMessage={error}
          validationState={error ? "error" : "none"}
        >
          <Textarea
            value={draft.draft}
            rows={4}
            resize="vertical"
            onChange={(_, d) => {
              draft.setDraft(d.value);
              setSaved(false);
            }}
          />
        </Field>
        <div className={styles.row}>
          <Button appearance="primary" type="submit" disabled={patch.isPending}>
            {t("claim.comments.save")}
          </Button>
          {saved && <span role="status">{t("claim.comments.saved")}</span>}
        </div>
      </form>
    </Section>
  );
}
