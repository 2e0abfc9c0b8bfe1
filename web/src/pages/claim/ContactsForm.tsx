import { Suspense, lazy, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, Field, Input, MessageBar, MessageBarBody, Textarea } from "@fluentui/react-components";
import { FormError } from "../../components/States";
import { validate } from "../../api/constraints";
import { isApiError } from "../../api/errors";
import type { Claim, Contact } from "../../api/types";
import { useErrorText } from "../../components/errorText";
import { useLabels } from "../../i18n/labels";
import { useFormat } from "../../i18n/format";
import { useClaimCtx } from "./context";
import { tDynamic } from "../../i18n";
import { useDraft } from "./useDraft";
import { usePatchClaim, type PatchBody } from "./usePatchClaim";
import { useClaimStyles } from "./styles";
import { NativeSelect } from "../../components/NativeSelect";
import { useDialog } from "../../components/useDialog";

const ConfirmDialog = lazy(() => import("../../components/ConfirmDialog"));

interface ContactsDraft {
  partner: Contact[];
  customer: Contact;
}

function normalize(c: Contact): Contact {
  return { name: c.name, email: c.email, locale: c.locale ?? "en" };
}

function contactsOf(claim: Claim): ContactsDraft {
  return { partner: claim.contacts.partner.map(normalize), customer: normalize(claim.contacts.customer) };
}

function sameContact(a: Contact, b: Contact): boolean {
  const x = normalize(a);
  const y = normalize(b);
  return (
    x.name.trim() === y.name.trim() &&
    x.email.trim().toLowerCase() === y.email.trim().toLowerCase() &&
    x.locale === y.locale
  );
}

export default function ContactsForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const labels = useLabels();
  const format = useFormat();
  const errorText = useErrorText();
  const { claim, rebaseSignal } = useClaimCtx();
  const server = contactsOf(claim);
  const draft = useDraft(server, claim.version, rebaseSignal);
  const patch = usePatchClaim();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const confirm = useDialog<{ body: PatchBody; revokes: string[] }>();
  const [askReason, setAskReason] = useState(false);
  const [reason, setReason] = useState("");
  const [savedNote, setSavedNote] = useState(false);
  const customerLocked = claim.proof.customer_survey?.status === "completed";
  const d = draft.draft;

  const update = (fn: (c: ContactsDraft) => ContactsDraft) => {
    draft.setDraft((prev) => fn(prev));
    setSavedNote(false);
  };
  const setPartner = (i: number, field: keyof Contact, value: string) =>
    update((c) => ({ ...c, partner: c.partner.map((p, j) => (j === i ? { ...p, [field]: value } : p)) }));
  const setCustomer = (field: keyof Contact, value: string) =>
    update((c) => ({ ...c, customer: { ...c.customer, [field]: value } }));

  const send = async (body: PatchBody) => {
    confirm.hide();
    try {
      await patch.mutateAsync({
        body,
        version: draft.ifMatch(),
        untouched: (fresh) => draft.isBase(contactsOf(fresh)),
      });
      draft.saved();
      setAskReason(false);
      setReason("");
      setSavedNote(true);
    } catch (error) {
      if (isApiError(error) && error.code === "contact_reason_required") setAskReason(true);
      if (isApiError(error) && error.status === 412) {
        setFormError(t("claim.conflict.short"));
        return;
      }
      const byField = isApiError(error) ? error.fieldErrors() : {};
      const shown: Record<string, string> = {};
      for (const [path, message] of Object.entries(byField)) {
        const mapped = path.replace(/^partner_contacts\./, "partner.").replace(/^customer_contact/, "customer");
        shown[mapped] = isApiError(error) && error.body.details?.length ? message : errorText(error);
      }
      setErrors(shown);
      setFormError(Object.keys(shown).length ? null : errorText(error));
    }
  };

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    setSavedNote(false);
    const body: PatchBody = {};
    const partnerChanged =
      d.partner.length !== server.partner.length || d.partner.some((p, i) => !sameContact(p, server.partner[i]));
    const customerChanged = !customerLocked && !sameContact(d.customer, server.customer);
    if (partnerChanged) body.partner_contacts = d.partner;
    if (customerChanged) body.customer_contact = d.customer;
    if (askReason) body.contact_reason = reason;
    const problems = validate("ClaimPatch", body as Record<string, unknown>);
    const shown: Record<string, string> = {};
    for (const [path, p] of Object.entries(problems)) {
      const mapped = path.replace(/^partner_contacts\./, "partner.").replace(/^customer_contact/, "customer");
      shown[mapped] = tDynamic(`validation.${p.key}`, p.params ?? {});
    }
    if (askReason && !reason.trim()) shown.contact_reason = t("validation.required");
    setErrors(shown);
    setFormError(null);
    if (Object.keys(shown).length) return;
    if (!partnerChanged && !customerChanged) {
      setFormError(t("claim.contacts.nothingChanged"));
      return;
    }
    const revokes: string[] = [];
    if (partnerChanged && claim.proof.partner_survey?.status === "sent") revokes.push("partner_survey");
    if (customerChanged && claim.proof.customer_survey?.status === "sent") revokes.push("customer_survey");
    if (revokes.length) confirm.show({ body, revokes });
    else send(body);
  };

  const err = (path: string) => errors[path];

  return (
    <>
      <form onSubmit={save} noValidate className={styles.stack} id="contacts-form">
        {draft.changedOnServer && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{t("claim.contacts.changedOnServer")}</MessageBarBody>
          </MessageBar>
        )}
        <FormError message={formError} />
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t("claim.contacts.partner")}</legend>
          {d.partner.map((p, i) => (
            <div
              key={i}
              className={styles.contactGrid}
              role="group"
              aria-label={t("claim.contacts.partnerN", { n: i + 1 })}
            >
              <Field
                label={t("contacts.name")}
                required
                validationMessage={err(`partner.${i}.name`)}
                validationState={err(`partner.${i}.name`) ? "error" : "none"}
              >
                <Input value={p.name} onChange={(_, v) => setPartner(i, "name", v.value)} />
              </Field>
              <Field
                label={t("contacts.email")}
                required
                validationMessage={err(`partner.${i}.email`)}
                validationState={err(`partner.${i}.email`) ? "error" : "none"}
              >
                <Input type="email" value={p.email} onChange={(_, v) => setPartner(i, "email", v.value)} />
              </Field>
              <NativeSelect
                id={`partner-${i}-locale`}
                label={t("contacts.locale")}
                value={p.locale ?? "en"}
                onChange={(e) => setPartner(i, "locale", e.target.value)}
              >
                <option value="en" lang="en">
                  {t("locales.en")}
                </option>
                <option value="nl" lang="nl">
                  {t("locales.nl")}
                </option>
              </NativeSelect>
              {d.partner.length > 1 && (
                <Button
                  appearance="subtle"
                  onClick={() => update((c) => ({ ...c, partner: c.partner.filter((_, j) => j !== i) }))}
                >
                  {t("claim.contacts.remove", { n: i + 1 })}
                </Button>
              )}
            </div>
          ))}
          {d.partner.length < 10 && (
            <div>
              <Button
                size="small"
                onClick={() =>
                  update((c) => ({ ...c, partner: [...c.partner, { name: "", email: "", locale: "en" }] }))
                }
              >
                {t("claim.contacts.addPartner")}
              </Button>
            </div>
          )}
        </fieldset>
        <fieldset className={styles.fieldset} aria-describedby={customerLocked ? "customer-locked" : undefined}>
          <legend className={styles.legend}>{t("claim.contacts.customer")}</legend>
          {customerLocked && (
            <MessageBar intent="info" layout="multiline" id="customer-locked">
              <MessageBarBody>{t("claim.contacts.locked")}</MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.contactGrid}>
            <Field
              label={t("contacts.name")}
              required
              validationMessage={err("customer.name") ?? err("customer")}
              validationState={err("customer.name") || err("customer") ? "error" : "none"}
            >
              <Input
                value={d.customer.name}
                readOnly={customerLocked}
                onChange={(_, v) => setCustomer("name", v.value)}
              />
            </Field>
            <Field
              label={t("contacts.email")}
              required
              validationMessage={err("customer.email")}
              validationState={err("customer.email") ? "error" : "none"}
            >
              <Input
                type="email"
                value={d.customer.email}
                readOnly={customerLocked}
                onChange={(_, v) => setCustomer("email", v.value)}
              />
            </Field>
            <NativeSelect
              id="customer-locale"
              label={t("contacts.locale")}
              value={d.customer.locale ?? "en"}
              disabled={customerLocked}
              onChange={(e) => setCustomer("locale", e.target.value)}
            >
              <option value="en" lang="en">
                {t("locales.en")}
              </option>
              <option value="nl" lang="nl">
                {t("locales.nl")}
              </option>
            </NativeSelect>
          </div>
          {claim.proof.customer_survey?.status === "sent" && !customerLocked && (
            <span className={styles.sub}>
              {t("claim.contacts.sentWarning", {
                item: labels.proofItem("customer_survey"),
                date: format.dateTime(claim.proof.customer_survey.sent_at),
              })}
            </span>
          )}
        </fieldset>
        {askReason && (
          <Field
            label={t("contacts.contactReason")}
            required
            hint={t("contacts.contactReasonHint")}
            validationMessage={err("contact_reason")}
            validationState={err("contact_reason") ? "error" : "none"}
          >
            <Textarea value={reason} onChange={(_, v) => setReason(v.value)} resize="vertical" />
          </Field>
        )}
        <div className={styles.row}>
          <Button appearance="primary" type="submit" disabled={patch.isPending}>
            {t("claim.contacts.save")}
          </Button>
          <Button appearance="secondary" onClick={onClose}>
            {t("claim.contacts.close")}
          </Button>
          {savedNote && <span role="status">{t("claim.contacts.saved")}</span>}
        </div>
      </form>
      {confirm.mounted && confirm.data && (
        <Suspense fallback={null}>
          <ConfirmDialog
            open={confirm.open}
            title={t("claim.contacts.revokeTitle")}
            confirmLabel={t("claim.contacts.saveAndRevoke")}
            cancelLabel={t("claim.contacts.keepEditing")}
            onCancel={confirm.hide}
            onConfirm={() => send(confirm.data!.body)}
          >
            <p>{t("claim.contacts.revokeBody")}</p>
            <ul>
              {confirm.data.revokes.map((r) => (
                <li key={r}>{labels.proofItem(r)}</li>
              ))}
            </ul>
            <p>{t("claim.contacts.revokeAfter")}</p>
          </ConfirmDialog>
        </Suspense>
      )}
    </>
  );
}
