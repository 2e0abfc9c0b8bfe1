import { Suspense, lazy, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Button, MessageBar, MessageBarBody, MessageBarActions, makeStyles, tokens } from "@fluentui/react-components";
import { PageHeading } from "../components/PageHeading";
import { Empty, FormError, QueryStates } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { TableRegion } from "../components/TableRegion";
import { Tabs } from "../components/Tabs";
import { useDialog } from "../components/useDialog";
import { TBody, THead, Table, Td, Th, Tr } from "../components/Table";
import { useCustomers, useEngagements, keys } from "../api/queries";
import { useApi } from "../api/context";
import { ok } from "../api/client";
import { isApiError } from "../api/errors";
import type { Claim, NominationRow, Tab } from "../api/types";
import { useErrorText } from "../components/errorText";
import { useLabels } from "../i18n/labels";
const AddCustomerDialog = lazy(() => import("./customers/AddCustomerDialog"));
const ConsentDialog = lazy(() => import("./customers/ConsentDialog"));

const TABS: Tab[] = ["eligible", "ineligible", "completed"];
const LOCALIZED_REASONS = [
  "declined",
  "consent_expired",
  "lost_to_other_partner",
  "expired",
  "canceled",
  "rejected_final",
] as const;

const useStyles = makeStyles({
  email: {
    display: "block",
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  stack: { display: "flex", flexDirection: "column", rowGap: "4px", alignItems: "flex-start" },
  emailFailed: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  bar: { marginBottom: "12px" },
  more: { marginTop: "12px" },
});

export default function CustomersPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { engagementId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { client } = useApi();
  const errorText = useErrorText();
  const labels = useLabels();
  const tabParam = params.get("tab");
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : "eligible";
  const engagements = useEngagements();
  const engagement = engagements.data?.find((e) => e.engagement_id === engagementId);
  const customers = useCustomers(engagementId, tab);
  const adding = useDialog();
  const consent = useDialog<{ row: NominationRow; resend: boolean }>();
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const openClaim = useMutation({
    mutationFn: async (row: NominationRow) => {
      try {
        return (await ok(client.POST("/claims", { body: { nomination_id: row.nomination_id } })))
          .data as unknown as Claim;
      } catch (error) {
        // Opened already (another tab, a double click): go to it.
        if (isApiError(error) && error.code === "claim_exists" && error.body.claim_id)
          return { claim_id: error.body.claim_id } as Claim;
        throw error;
      }
    },
    onSuccess: (claim) => {
      queryClient.invalidateQueries({ queryKey: keys.customersOf(engagementId) });
      queryClient.invalidateQueries({ queryKey: keys.allClaims });
      navigate(`/claims/${encodeURIComponent(claim.claim_id)}`);
    },
    onError: setActionError,
  });

  const selectTab = (next: Tab) => {
    const copy = new URLSearchParams(params);
    copy.set("tab", next);
    setParams(copy, { replace: true });
  };

  const rows = customers.data?.pages.flatMap((p) => p.items) ?? [];
  const title = t("customers.title", { engagement: engagement?.name ?? engagementId });

  const reasonOf = (row: NominationRow): string | null => {
    const code = (LOCALIZED_REASONS as readonly string[]).includes(row.status)
      ? row.status
      : row.claim_status && (LOCALIZED_REASONS as readonly string[]).includes(row.claim_status)
        ? row.claim_status
        : null;
    if (code) return labels.ineligibleReason(code);
    return row.ineligible_reason ?? null;
  };

  return (
    <>
      <PageHeading
        title={title}
        subtitle={<Link to="/engagements">{t("customers.back")}</Link>}
        actions={
          <Button
            appearance="primary"
            onClick={() => {
              setNotice(null);
              adding.show(true);
            }}
          >
            {t("customers.addCustomer")}
          </Button>
        }
      />
      {notice && (
        <MessageBar intent="success" className={styles.bar} role="status" layout="multiline">
          <MessageBarBody>{notice}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => setNotice(null)}>
              {t("common.dismiss")}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {actionError ? (
        <div className={styles.bar}>
          <FormError message={errorText(actionError)} />
        </div>
      ) : null}
      <Tabs
        idPrefix="customers"
        label={t("customers.tabsLabel")}
        selected={tab}
        onSelect={selectTab}
        items={TABS.map((name) => ({ value: name, label: t(`customers.tabs.${name}`) }))}
      />
      <div role="tabpanel" id="customers-panel" aria-labelledby={`customers-tab-${tab}`}>
        <p>{t(`customers.tabHelp.${tab}`)}</p>
        <QueryStates query={customers} />
        {customers.isSuccess && rows.length === 0 && <Empty>{t(`customers.empty.${tab}`)}</Empty>}
        {rows.length > 0 && (
          <TableRegion label={t("customers.tableLabel", { tab: t(`customers.tabs.${tab}`) })}>
            <Table minWidth={880} aria-label={t("customers.tableLabel", { tab: t(`customers.tabs.${tab}`) })}>
              <THead>
                <Tr>
                  <Th>{t("customers.columns.customer")}</Th>
                  <Th>{t("customers.columns.tenant")}</Th>
                  <Th>{t("customers.columns.type")}</Th>
                  <Th>{t("customers.columns.status")}</Th>
                  {tab === "eligible" && <Th>{t("customers.columns.daysLeft")}</Th>}
                  {tab === "ineligible" && <Th>{t("customers.columns.reason")}</Th>}
                  <Th>{t("customers.columns.action")}</Th>
                </Tr>
              </THead>
              <TBody>
                {rows.map((row) => (
                  <Tr key={row.nomination_id}>
                    <Td label={t("customers.columns.customer")}>
                      {row.customer.name ?? row.customer.email}
                      {row.customer.name && <span className={styles.email}>{row.customer.email}</span>}
                    </Td>
                    <Td label={t("customers.columns.tenant")}>
                      <span className={styles.mono}>{row.customer.tenant_id ?? "—"}</span>
                    </Td>
                    <Td label={t("customers.columns.type")}>
                      {row.type === "active" ? t("customers.types.active") : t("customers.types.notStarted")}
                    </Td>
                    <Td label={t("customers.columns.status")}>
                      <span className={styles.stack}>
                        <StatusBadge kind="nomination" status={row.status} />
                        {row.status === "awaiting_consent" && row.consent_email_status === "failed" && (
                          <span className={styles.emailFailed}>{t("customers.consentEmailFailed")}</span>
                        )}
                        {row.status === "awaiting_consent" && row.consent_email_status === "undeliverable" && (
                          <span className={styles.emailFailed}>{t("customers.consentEmailUndeliverable")}</span>
                        )}
                        {row.claim_status && (
                          <span>
                            {t("customers.claimStatus")} <StatusBadge status={row.claim_status} />
                          </span>
                        )}
                      </span>
                    </Td>
                    {tab === "eligible" && (
                      <Td label={t("customers.columns.daysLeft")}>
                        {row.days_left !== null && row.days_left !== undefined
                          ? t("common.daysLeft", { count: row.days_left })
                          : "—"}
                      </Td>
                    )}
                    {tab === "ineligible" && <Td label={t("customers.columns.reason")}>{reasonOf(row) ?? "—"}</Td>}
                    <Td label={t("customers.columns.action")}>
                      <span className={styles.stack}>
                        {row.actions?.includes("request_consent") && (
                          <Button
                            size="small"
                            appearance="primary"
                            onClick={() => {
                              setNotice(null);
                              consent.show({ row, resend: false });
                            }}
                          >
                            {t("customers.actions.requestConsent")}
                          </Button>
                        )}
                        {row.actions?.includes("resend_consent") && (
                          <Button
                            size="small"
                            onClick={() => {
                              setNotice(null);
                              consent.show({ row, resend: true });
                            }}
                          >
                            {t("customers.actions.resendConsent")}
                          </Button>
                        )}
                        {row.actions?.includes("open_claim") && (
                          <Button
                            size="small"
                            appearance="primary"
                            disabled={openClaim.isPending}
                            onClick={() => {
                              setActionError(null);
                              openClaim.mutate(row);
                            }}
                          >
                            {t("customers.actions.submitClaim")}
                          </Button>
                        )}
                        {row.claim_id && (row.actions?.includes("view_claim") || tab !== "eligible") && (
                          <Link to={`/claims/${encodeURIComponent(row.claim_id)}`}>
                            {t("customers.actions.viewClaim")}
                          </Link>
                        )}
                      </span>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </TableRegion>
        )}
        {customers.hasNextPage && (
          <Button
            className={styles.more}
            onClick={() => customers.fetchNextPage()}
            disabled={customers.isFetchingNextPage}
          >
            {t("common.loadMore")}
          </Button>
        )}
      </div>
      <Suspense fallback={null}>
        {adding.mounted && (
          <AddCustomerDialog
            open={adding.open}
            engagementId={engagementId}
            onClose={adding.hide}
            onAdded={(row) => {
              adding.hide();
              setNotice(t("customers.added", { email: row.customer.email }));
              queryClient.invalidateQueries({ queryKey: keys.customersOf(engagementId) });
              if (tab !== "eligible") selectTab("eligible");
            }}
          />
        )}
        {consent.mounted && consent.data && (
          <ConsentDialog
            open={consent.open}
            row={consent.data.row}
            resend={consent.data.resend}
            onClose={consent.hide}
            onSent={(email) => {
              consent.hide();
              setNotice(t("customers.consentSent", { email }));
              queryClient.invalidateQueries({ queryKey: keys.customersOf(engagementId) });
            }}
          />
        )}
      </Suspense>
    </>
  );
}
