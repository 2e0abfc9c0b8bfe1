import { Link } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Badge, Button, makeStyles, mergeClasses, shorthands, tokens } from "@fluentui/react-components";
import { keys } from "../api/queries";
import { useApi } from "../api/context";
import { ok } from "../api/client";
import type { Notification } from "../api/types";
import { useFormat } from "../i18n/format";
import { useLabels } from "../i18n/labels";

const useStyles = makeStyles({
  item: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    ...shorthands.padding("12px", "16px"),
    display: "flex",
    flexWrap: "wrap",
    columnGap: "16px",
    rowGap: "8px",
    justifyContent: "space-between",
    borderLeft: "4px solid transparent",
  },
  unread: { borderLeft: `4px solid ${tokens.colorBrandStroke1}` },
  body: { flexGrow: 1, flexBasis: "320px", minWidth: 0 },
  title: {
    margin: "0 0 4px",
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    display: "flex",
    gap: "8px",
    flexWrap: "wrap",
    alignItems: "center",
  },
  message: { margin: "0 0 4px", overflowWrap: "anywhere" },
  meta: {
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    display: "flex",
    flexWrap: "wrap",
    columnGap: "12px",
  },
  actions: { display: "flex", alignItems: "center", gap: "8px" },
});

export function NotificationItem({
  n,
  onRead,
  busy,
  showClaimLink = true,
  headingLevel = 2,
}: {
  n: Notification;
  onRead: (n: Notification) => void;
  busy: boolean;
  showClaimLink?: boolean;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const labels = useLabels();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className={mergeClasses(styles.item, !n.read && styles.unread)}>
      <div className={styles.body}>
        <Heading className={styles.title}>
          {labels.notificationKind(n.kind)}
          {!n.read && (
            <Badge appearance="filled" color="brand" size="small">
              {t("notifications.new")}
            </Badge>
          )}
        </Heading>
        <p className={styles.message}>{n.message}</p>
        <span className={styles.meta}>
          <time dateTime={n.created_at}>{format.dateTime(n.created_at)}</time>
          {showClaimLink && n.claim_id && (
            <Link to={`/claims/${encodeURIComponent(n.claim_id)}`}>
              {t("notifications.openClaim", { claim: n.claim_id })}
            </Link>
          )}
          {showClaimLink && !n.claim_id && (
            // About a nomination (consent reminder or expiry): its customers page is under the engagements.
            <Link to="/engagements">{t("notifications.openEngagements")}</Link>
          )}
        </span>
      </div>
      {!n.read && (
        <div className={styles.actions}>
          <Button size="small" onClick={() => onRead(n)} disabled={busy}>
            {t("notifications.markRead")}
          </Button>
        </div>
      )}
    </li>
  );
}

export function useMarkRead() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (n: Notification) =>
      (
        await ok(
          client.POST("/notifications/{notification_id}/read", {
            params: { path: { notification_id: n.notification_id } },
          }),
        )
      ).data,
    onSuccess: (_, n) => {
      queryClient.invalidateQueries({ queryKey: keys.allNotifications });
      if (n.claim_id) queryClient.invalidateQueries({ queryKey: keys.claim(n.claim_id) });
    },
  });
}
