import { useTranslation } from "react-i18next";
import { Section } from "../../components/Section";
import { Empty, FormError } from "../../components/States";
import { useErrorText } from "../../components/errorText";
import { NotificationItem, useMarkRead } from "../../components/NotificationItem";
import { useClaimCtx } from "./context";
import { useClaimStyles } from "./styles";

export function ClaimNotifications() {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const errorText = useErrorText();
  const { claim } = useClaimCtx();
  const markRead = useMarkRead();
  const items = [...(claim.notifications ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return (
    <Section id="claim-notifications" title={t("claim.notifications.title")}>
      {markRead.isError && <FormError message={errorText(markRead.error)} />}
      {items.length === 0 ? (
        <Empty>{t("claim.notifications.empty")}</Empty>
      ) : (
        <ul className={styles.plainList}>
          {items.map((n) => (
            <NotificationItem
              key={n.notification_id}
              n={n}
              onRead={(x) => markRead.mutate(x)}
              busy={markRead.isPending}
              showClaimLink={false}
              headingLevel={3}
            />
          ))}
        </ul>
      )}
    </Section>
  );
}
