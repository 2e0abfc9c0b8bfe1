import { Suspense, lazy, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { Section } from "../../components/Section";
import { Loading } from "../../components/Loading";
import { useClaimCtx } from "./context";
import { useClaimStyles } from "./styles";

// The editor (inputs, checks, the revoke warning) loads when the partner opens it.
const ContactsForm = lazy(() => import("./ContactsForm"));

export function ContactsSection() {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const { claim, editable } = useClaimCtx();
  const [editing, setEditing] = useState(false);
  const customerLocked = claim.proof.customer_survey?.status === "completed";
  const locale = (l?: string) => t(`locales.${l === "nl" ? "nl" : "en"}`);

  return (
    <Section id="contacts" title={t("claim.contacts.title")}>
      <div className={styles.stack}>
        <p style={{ margin: 0 }}>{t("claim.contacts.help")}</p>
        {!editing && (
          <ul className={styles.plainList}>
            {claim.contacts.partner.map((p, i) => (
              <li key={`${p.email}-${i}`}>
                {t("claim.contacts.partnerLine", { name: p.name, email: p.email, locale: locale(p.locale) })}
              </li>
            ))}
            <li>
              {t("claim.contacts.customerLine", {
                name: claim.contacts.customer.name,
                email: claim.contacts.customer.email,
                locale: locale(claim.contacts.customer.locale),
              })}
            </li>
          </ul>
        )}
        {customerLocked && editable && !editing && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{t("claim.contacts.locked")}</MessageBarBody>
          </MessageBar>
        )}
        {editable && !editing && (
          <div className={styles.row}>
            <Button onClick={() => setEditing(true)}>{t("claim.contacts.edit")}</Button>
          </div>
        )}
        {editable && editing && (
          <Suspense fallback={<Loading />}>
            <ContactsForm onClose={() => setEditing(false)} />
          </Suspense>
        )}
      </div>
    </Section>
  );
}
