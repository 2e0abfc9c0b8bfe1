import { useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Button, ToggleButton, makeStyles } from "@fluentui/react-components";
import { PageHeading } from "../components/PageHeading";
import { Empty, FormError, QueryStates } from "../components/States";
import { useNotifications, useUnreadCount } from "../api/queries";
import { NotificationItem, useMarkRead } from "../components/NotificationItem";
import { useErrorText } from "../components/errorText";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: "8px" },
  tabs: { marginBottom: "12px", display: "flex", gap: "8px", flexWrap: "wrap" },
});

export default function NotificationsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get("show") === "unread";
  const list = useNotifications(unreadOnly);
  const unread = useUnreadCount(true);
  const markRead = useMarkRead();
  const errorText = useErrorText();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeading
        title={t("notifications.title")}
        subtitle={unread.data !== undefined ? t("notifications.unreadCount", { count: unread.data }) : undefined}
      />
      <div className={styles.tabs} role="group" aria-label={t("notifications.filterLabel")}>
        <ToggleButton
          checked={!unreadOnly}
          appearance={!unreadOnly ? "primary" : "secondary"}
          onClick={() => setParams({}, { replace: true })}
        >
          {t("notifications.all")}
        </ToggleButton>
        <ToggleButton
          checked={unreadOnly}
          appearance={unreadOnly ? "primary" : "secondary"}
          onClick={() => setParams({ show: "unread" }, { replace: true })}
        >
          {t("notifications.unreadOnly")}
        </ToggleButton>
      </div>
      {markRead.isError && <FormError message={errorText(markRead.error)} />}
      <QueryStates query={list} />
      {list.isSuccess && items.length === 0 && (
        <Empty>{unreadOnly ? t("notifications.emptyUnread") : t("notifications.empty")}</Empty>
      )}
      {items.length > 0 && (
        <ul className={styles.list} aria-label={t("notifications.listLabel")}>
          {items.map((n) => (
            <NotificationItem
              key={n.notification_id}
              n={n}
              onRead={(x) => markRead.mutate(x)}
              busy={markRead.isPending}
            />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button style={{ marginTop: 12 }} onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t("common.loadMore")}
        </Button>
      )}
    </>
  );
}
