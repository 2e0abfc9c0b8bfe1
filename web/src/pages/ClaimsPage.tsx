import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { PageHeading } from "../components/PageHeading";
import { Empty, QueryStates } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { TableRegion } from "../components/TableRegion";
import { TBody, THead, Table, Td, Th, Tr } from "../components/Table";
import { useClaims, useEngagements } from "../api/queries";
import { CLAIM_STATUSES, type Claim, type ClaimStatus } from "../api/types";
import { daysLeft, useFormat } from "../i18n/format";
import { useLabels } from "../i18n/labels";
import { toCsv } from "./claimsCsv";
import { downloadCsv } from "../components/downloadCsv";
import { NativeSelect } from "../components/NativeSelect";

const useStyles = makeStyles({
  filters: {
    display: "grid",
    gap: "12px",
    marginBottom: "12px",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 200px), 1fr))",
    alignItems: "end",
  },
  sub: {
    display: "block",
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  count: { margin: "0 0 8px", color: tokens.colorNeutralForeground2 },
});

type Sort = "deadline" | "status";

/** The deadline that matters now: submit-by while a draft, review-by while information is asked. */
export function currentDeadline(claim: Claim): string | null {
  if (claim.status === "draft") return claim.submit_due;
  if (claim.status === "action_required") return claim.review_due;
  return null;
}

/** Its days left: the API's count when it gives one (its clock), else counted here the same way. */
function currentDaysLeft(claim: Claim): number | null {
  if (claim.status === "draft") return claim.submit_days_left ?? daysLeft(claim.submit_due);
  if (claim.status === "action_required") return claim.review_days_left ?? daysLeft(claim.review_due);
  return null;
}

export default function ClaimsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const labels = useLabels();
  const [params, setParams] = useSearchParams();
  const status = (CLAIM_STATUSES as readonly string[]).includes(params.get("status") ?? "")
    ? (params.get("status") as ClaimStatus)
    : undefined;
  const engagementId = params.get("engagement") ?? "";
  const search = params.get("q") ?? "";
  const sort: Sort = params.get("sort") === "status" ? "status" : "deadline";
  const claims = useClaims(status, engagementId || undefined);
  const engagements = useEngagements();

  const update = (name: string, value: string) => {
    const copy = new URLSearchParams(params);
    if (value) copy.set(name, value);
    else copy.delete(name);
    setParams(copy, { replace: true });
  };

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const list = (claims.data ?? []).filter(
      (c) =>
        !needle ||
        [c.claim_id, c.customer?.name ?? "", c.customer?.email ?? ""].some((s) => s.toLowerCase().includes(needle)),
    );
    const order = (c: Claim) => CLAIM_STATUSES.indexOf(c.status);
    return [...list].sort((a, b) => {
      if (sort === "status") return order(a) - order(b) || a.claim_id.localeCompare(b.claim_id);
      const da = currentDeadline(a) ?? "9999";
      const db = currentDeadline(b) ?? "9999";
      return da.localeCompare(db) || a.claim_id.localeCompare(b.claim_id);
    });
  }, [claims.data, search, sort]);

  const exportCsv = () => {
    const header = [
      t("claims.columns.claim"),
      t("claims.columns.customer"),
      t("claims.columns.email"),
      t("claims.columns.engagement"),
      t("claims.columns.status"),
      t("claims.columns.submitBy"),
      t("claims.columns.reviewBy"),
      t("claims.columns.daysLeft"),
    ];
    const rows = shown.map((c) => {
      const deadline = currentDeadline(c);
      return [
        c.claim_id,
        c.customer?.name ?? "",
        c.customer?.email ?? "",
        c.engagement_name ?? c.engagement_id,
        labels.status(c.status),
        format.iso(c.submit_due),
        format.iso(c.review_due),
        deadline ? String(currentDaysLeft(c)) : "",
      ];
    });
    downloadCsv(`claims-${new Date().toISOString().slice(0, 10)}.csv`, toCsv([header, ...rows]));
  };

  return (
    <>
      <PageHeading
        title={t("claims.title")}
        actions={
          <Button onClick={exportCsv} disabled={!shown.length}>
            {t("claims.export")}
          </Button>
        }
      />
      <div className={styles.filters} role="search" aria-label={t("claims.filtersLabel")}>
        <Field label={t("claims.search")}>
          <Input
            type="search"
            value={search}
            onChange={(_, d) => update("q", d.value)}
            placeholder={t("claims.searchPlaceholder")}
          />
        </Field>
        <NativeSelect
          id="claims-status"
          label={t("claims.filterStatus")}
          value={status ?? ""}
          onChange={(e) => update("status", e.target.value)}
        >
          <option value="">{t("claims.all")}</option>
          {CLAIM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {labels.status(s)}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect
          id="claims-engagement"
          label={t("claims.filterEngagement")}
          value={engagementId}
          onChange={(e) => update("engagement", e.target.value)}
        >
          <option value="">{t("claims.all")}</option>
          {(engagements.data ?? []).map((e) => (
            <option key={e.engagement_id} value={e.engagement_id}>
              {e.name}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect
          id="claims-sort"
          label={t("claims.sort")}
          value={sort}
          onChange={(e) => update("sort", e.target.value === "deadline" ? "" : e.target.value)}
        >
          <option value="deadline">{t("claims.sortDeadline")}</option>
          <option value="status">{t("claims.sortStatus")}</option>
        </NativeSelect>
      </div>
      <QueryStates query={claims} />
      {claims.isSuccess && (
        <p className={styles.count} role="status">
          {t("claims.count", { count: shown.length })}
        </p>
      )}
      {claims.isSuccess && shown.length === 0 && (
        <Empty>{claims.data.length === 0 && !status && !engagementId ? t("claims.empty") : t("claims.noMatch")}</Empty>
      )}
      {shown.length > 0 && (
        <TableRegion label={t("claims.tableLabel")}>
          <Table minWidth={900} aria-label={t("claims.tableLabel")}>
            <THead>
              <Tr>
                <Th>{t("claims.columns.claim")}</Th>
                <Th>{t("claims.columns.customer")}</Th>
                <Th>{t("claims.columns.engagement")}</Th>
                <Th>{t("claims.columns.status")}</Th>
                <Th>{t("claims.columns.deadline")}</Th>
              </Tr>
            </THead>
            <TBody>
              {shown.map((c) => {
                const deadline = currentDeadline(c);
                const left = currentDaysLeft(c);
                return (
                  <Tr key={c.claim_id}>
                    <Td label={t("claims.columns.claim")}>
                      <Link to={`/claims/${encodeURIComponent(c.claim_id)}`} className={styles.mono}>
                        {c.claim_id}
                      </Link>
                    </Td>
                    <Td label={t("claims.columns.customer")}>
                      {c.customer?.name ?? c.customer?.email}
                      {c.customer?.name && <span className={styles.sub}>{c.customer.email}</span>}
                    </Td>
                    <Td label={t("claims.columns.engagement")}>{c.engagement_name ?? c.engagement_id}</Td>
                    <Td label={t("claims.columns.status")}>
                      <StatusBadge status={c.status} />
                    </Td>
                    <Td label={t("claims.columns.deadline")}>
                      {deadline ? (
                        <>
                          {format.date(deadline)}
                          <span className={styles.sub}>
                            {left ? t("common.daysLeft", { count: left }) : t("common.deadlinePassed")}
                          </span>
                        </>
                      ) : (
                        "—"
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </TableRegion>
      )}
    </>
  );
}
