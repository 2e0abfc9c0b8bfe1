import { useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Button, makeStyles } from "@fluentui/react-components";
import { PageHeading } from "../components/PageHeading";
import { Empty, Loading, QueryStates } from "../components/States";
import { Tabs } from "../components/Tabs";
import { useReviewQueue } from "../api/queries";
import type { ClaimStatus } from "../api/types";
import { QueueTable } from "./review/QueueTable";

// What waits for a reviewer (the API's default: every waiting status, oldest first), each waiting status on its
// own, and the approved claims whose payment is still to be recorded.
const WAITING = ["submitted", "disputed", "under_review"] as const satisfies readonly ClaimStatus[];
const TABS = ["waiting", ...WAITING, "approved"] as const;
type QueueTab = (typeof TABS)[number];

const useStyles = makeStyles({
  help: { marginTop: 0 },
  more: { marginTop: "12px" },
});

export default function ReviewQueuePage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get("status");
  const tab: QueueTab = TABS.includes(statusParam as QueueTab) ? (statusParam as QueueTab) : "waiting";
  const queue = useReviewQueue(tab === "waiting" ? undefined : tab);
  // Another tab's rows stay in the cache while this one loads; only its counts are shown meanwhile.
  const loadingTab = queue.isPlaceholderData;
  const rows = loadingTab ? [] : (queue.data?.pages.flatMap((p) => p.items) ?? []);
  const counts = queue.data?.pages[0]?.counts;

  const countOf = (name: QueueTab): number | undefined => {
    if (!counts || name === "approved") return undefined; // counted only while it is the tab shown
    if (name === "waiting") return WAITING.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
    return counts[name] ?? 0;
  };

  const selectTab = (next: QueueTab) => {
    const copy = new URLSearchParams(params);
    if (next === "waiting") copy.delete("status");
    else copy.set("status", next);
    setParams(copy, { replace: true });
  };

  const tabLabel = t(`review.tabs.${tab}`);
  return (
    <>
      <PageHeading title={t("review.title")} subtitle={t("review.subtitle")} />
      <Tabs
        idPrefix="review"
        label={t("review.tabsLabel")}
        selected={tab}
        onSelect={selectTab}
        items={TABS.map((name) => ({ value: name, label: t(`review.tabs.${name}`), count: countOf(name) }))}
      />
      <div role="tabpanel" id="review-panel" aria-labelledby={`review-tab-${tab}`}>
        <p className={styles.help}>{t(`review.tabHelp.${tab}`)}</p>
        <QueryStates query={queue} />
        {loadingTab && <Loading />}
        {queue.isSuccess && !loadingTab && rows.length === 0 && <Empty>{t(`review.empty.${tab}`)}</Empty>}
        {rows.length > 0 && <QueueTable items={rows} label={t("review.tableLabel", { tab: tabLabel })} />}
        {queue.hasNextPage && !loadingTab && (
          <Button className={styles.more} onClick={() => queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
            {t("common.loadMore")}
          </Button>
        )}
      </div>
    </>
  );
}
