import { useCallback, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { PageHeading } from "../../components/PageHeading";
import { ErrorState, Loading } from "../../components/States";
import { Section } from "../../components/Section";
import { Deferred } from "../../components/Deferred";
import { useClaim } from "../../api/queries";
import { isApiError } from "../../api/errors";
import { EDITABLE, SURVEY_KINDS, UPLOAD_KINDS } from "../../api/types";
import { ClaimContext, type ClaimCtx } from "./context";
import { Summary } from "./Summary";
import { StatusMessages } from "./StatusMessages";
import { UploadItem } from "./UploadItem";
import { SurveyItem } from "./SurveyItem";
import { ContactsSection } from "./ContactsSection";
import { CommentsEditor } from "./CommentsEditor";
import { CancelPanel, DisputePanel, SubmitPanel } from "./ActionsPanel";
import { ClaimNotifications } from "./ClaimNotifications";
import { HistoryList } from "./HistoryList";
import { useClaimStyles } from "./styles";

export default function ClaimPage() {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const { claimId = "" } = useParams();
  const [uploads, setUploads] = useState<Record<string, boolean>>({});
  const uploading = Object.values(uploads).some(Boolean);
  const query = useClaim(claimId, { uploading });
  const [conflict, setConflict] = useState(false);
  const [rebaseSignal, setRebaseSignal] = useState(0);
  const [reloading, setReloading] = useState(false);

  const setUploading = useCallback((kind: string, busy: boolean) => setUploads((u) => ({ ...u, [kind]: busy })), []);
  const reportConflict = useCallback(() => setConflict(true), []);
  const reload = async () => {
    setReloading(true);
    await query.refetch();
    setReloading(false);
    setConflict(false);
    setRebaseSignal((n) => n + 1);
  };

  const claim = query.data;
  const ctx = useMemo<ClaimCtx | null>(
    () =>
      claim
        ? {
            claim,
            editable: EDITABLE.includes(claim.status),
            reportConflict,
            rebaseSignal,
            setUploading,
          }
        : null,
    [claim, reportConflict, rebaseSignal, setUploading],
  );

  const title = t("claim.title", { claim: claimId });
  if (query.isPending) {
    return (
      <>
        <PageHeading title={title} />
        <Loading />
      </>
    );
  }
  if (query.isError || !ctx || !claim) {
    const notFound = isApiError(query.error) && query.error.status === 404;
    return (
      <>
        <PageHeading title={title} />
        {notFound ? (
          <>
            <p>{t("claim.notFound")}</p>
            <p>
              <Link to="/claims">{t("claim.backToClaims")}</Link>
            </p>
          </>
        ) : (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        )}
      </>
    );
  }

  return (
    <ClaimContext.Provider value={ctx}>
      <PageHeading
        title={title}
        subtitle={
          <>
            {claim.customer.name ?? claim.customer.email} · {claim.engagement_name ?? claim.engagement_id} ·{" "}
            <Link to="/claims">{t("claim.backToClaims")}</Link>
          </>
        }
      />
      {conflict && (
        <MessageBar intent="error" layout="multiline" role="alert" style={{ marginBottom: 16 }}>
          <MessageBarBody>
            <MessageBarTitle>{t("claim.conflict.title")}</MessageBarTitle>
            {t("claim.conflict.body")}
          </MessageBarBody>
          <MessageBarActions>
            <Button appearance="primary" onClick={reload} disabled={reloading}>
              {t("claim.conflict.reload")}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      <StatusMessages />
      <Summary />
      {/* The summary paints first; the rest renders in slices right after (a long page of Fluent parts). */}
      <Deferred>
        <div className={styles.grid}>
          <div>
            <Section id="proof" title={t("claim.proof.title")}>
              <p style={{ marginTop: 0 }}>{t("claim.proof.help")}</p>
              <div className={styles.items}>
                {UPLOAD_KINDS.map((kind) => (
                  <UploadItem key={kind} kind={kind} proof={claim.proof[kind]} />
                ))}
                {SURVEY_KINDS.map((kind) => (
                  <SurveyItem key={kind} kind={kind} proof={claim.proof[`${kind}_survey`]} />
                ))}
              </div>
            </Section>
            <SubmitPanel />
            <DisputePanel />
            <Deferred>
              <ContactsSection />
              <CommentsEditor />
              <CancelPanel />
            </Deferred>
          </div>
          <div>
            <Deferred>
              <ClaimNotifications />
              <HistoryList />
            </Deferred>
          </div>
        </div>
      </Deferred>
    </ClaimContext.Provider>
  );
}
