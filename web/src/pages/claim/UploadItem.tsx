import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQueryClient } from "@tanstack/react-query";
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, mergeClasses } from "@fluentui/react-components";
import { useApi } from "../../api/context";
import { ok } from "../../api/client";
import { invalidateClaim, keys, useHistory } from "../../api/queries";
import { ACCEPTED, MAX_UPLOAD_BYTES, UploadError, contentTypeOf, postToS3 } from "../../api/upload";
import type { HistoryEvent, UploadKind, UploadProof } from "../../api/types";
import { StatusBadge } from "../../components/StatusBadge";
import { useErrorText } from "../../components/errorText";
import { useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import { useClaimCtx } from "./context";
import { useClaimStyles } from "./styles";

const CHECK_TIMEOUT_MS = 30_000;

type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; fileName: string; progress: number }
  | { kind: "checking"; fileName: string; since: number; uploadId: string; receivedBefore: string | null }
  | { kind: "failed"; message: string }
  | { kind: "slow" };

/** The consumer's verdict on one upload, from the claim's history (its event names the object key). */
function verdictOf(events: HistoryEvent[] | undefined, kind: UploadKind, uploadId: string): HistoryEvent | undefined {
  return events?.find(
    (e) =>
      (e.action === "evidence_received" || e.action === "evidence_rejected") &&
      e.details?.item === kind &&
      String(e.details?.s3_key ?? "").endsWith(uploadId),
  );
}

export function UploadItem({ kind, proof }: { kind: UploadKind; proof: UploadProof }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const format = useFormat();
  const labels = useLabels();
  const errorText = useErrorText();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const { claim, editable, setUploading } = useClaimCtx();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const inputId = `file-${kind}-${id}`;
  const hintId = `hint-${kind}-${id}`;
  const accepted = ACCEPTED[kind];

  // The consumer's verdict arrives by polling: the claim's item (received, or rejected with its reason) or,
  // for a replacement of a received file (which stays until the new one checks out), the history event.
  const history = useHistory(claim.claim_id);
  useEffect(() => {
    if (phase.kind !== "checking") return undefined;
    const verdict = verdictOf(history.data, kind, phase.uploadId);
    const done = (next: Phase) => {
      setPhase(next);
      setUploading(kind, false);
    };
    if (verdict?.action === "evidence_rejected" && proof.status === "received") {
      done({
        kind: "failed",
        message: `${t("claim.upload.replacementRefused")} ${String(verdict.details.reason ?? "")}`,
      });
    } else if (
      verdict ||
      (proof.status === "rejected" && proof.file_name === phase.fileName) ||
      (proof.status === "received" && proof.received_at !== phase.receivedBefore)
    ) {
      done({ kind: "idle" });
    } else if (Date.now() - phase.since > CHECK_TIMEOUT_MS) {
      done({ kind: "slow" });
    } else {
      const timer = setTimeout(() => {
        queryClient.invalidateQueries({ queryKey: keys.history(claim.claim_id) });
        setPhase((p) => ({ ...p }));
      }, 2000);
      return () => clearTimeout(timer);
    }
    return undefined;
  }, [phase, proof, kind, setUploading, history.data, queryClient, claim.claim_id, t]);

  const upload = async (file: File) => {
    const type = contentTypeOf(file);
    const ext = file.name.split(".").pop()?.toLowerCase() ?? "";
    if (!accepted.types.includes(type) && !accepted.extensions.includes(ext)) {
      setPhase({ kind: "failed", message: t(`claim.upload.wrongType.${kind}`) });
      return;
    }
    if (file.size === 0) {
      setPhase({ kind: "failed", message: t("claim.upload.empty") });
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setPhase({ kind: "failed", message: t("claim.upload.tooLarge", { size: format.bytes(MAX_UPLOAD_BYTES) }) });
      return;
    }
    setUploading(kind, true);
    setPhase({ kind: "uploading", fileName: file.name, progress: 0 });
    try {
      const { data } = await ok(
        client.POST("/claims/{claim_id}/evidence/{kind}/upload", {
          params: { path: { claim_id: claim.claim_id, kind } },
          body: { file_name: file.name, content_type: type, size: file.size },
        }),
      );
      await invalidateClaim(queryClient, claim.claim_id); // the item now shows "checking"
      await postToS3(data, file, (progress) => setPhase({ kind: "uploading", fileName: file.name, progress }));
      setPhase({
        kind: "checking",
        fileName: file.name,
        since: Date.now(),
        uploadId: data.upload_id,
        receivedBefore: proof.received_at ?? null,
      });
      await invalidateClaim(queryClient, claim.claim_id);
    } catch (error) {
      setUploading(kind, false);
      const message =
        error instanceof UploadError
          ? t("claim.upload.storageRefused", { reason: error.message || error.code })
          : errorText(error);
      setPhase({ kind: "failed", message });
      invalidateClaim(queryClient, claim.claim_id);
    } finally {
      if (inputRef.current) inputRef.current.value = "";
    }
  };

  const download = async () => {
    try {
      const { data } = await ok(
        client.GET("/claims/{claim_id}/evidence/{kind}", {
          params: { path: { claim_id: claim.claim_id, kind } },
        }),
      );
      if (data.download_url) window.location.assign(data.download_url);
    } catch (error) {
      setPhase({ kind: "failed", message: errorText(error) });
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files?.[0];
    if (file && editable && phase.kind !== "uploading") upload(file);
  };

  const busy = phase.kind === "uploading";
  const checking = phase.kind === "checking" || (proof.status === "pending" && phase.kind !== "uploading");

  return (
    <div className={styles.item}>
      <div className={styles.itemHead}>
        <h3 className={styles.h3}>{labels.proofItem(kind)}</h3>
        <StatusBadge kind="upload" status={proof.status} />
      </div>
      {proof.status === "not_applicable" ? (
        <p style={{ margin: 0 }}>{t("claim.proof.notApplicable")}</p>
      ) : (
        <>
          {proof.file_name && (
            <p style={{ margin: 0 }}>
              <span className={styles.mono}>{proof.file_name}</span>
              {proof.size ? ` · ${format.bytes(proof.size)}` : ""}
              {proof.received_at && (
                <span className={styles.sub}>
                  {t("claim.upload.receivedAt", { date: format.dateTime(proof.received_at) })}
                </span>
              )}
            </p>
          )}
          {proof.status === "rejected" && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{t("claim.upload.rejected")}</MessageBarTitle>
                {proof.reason ?? t("claim.upload.rejectedNoReason")} {editable && t("claim.upload.pickAnother")}
              </MessageBarBody>
            </MessageBar>
          )}
          <div aria-live="polite">
            {phase.kind === "uploading" && (
              <progress
                className={styles.progress}
                value={phase.progress}
                max={1}
                aria-label={t("claim.upload.progress", {
                  file: phase.fileName,
                  percent: Math.round(phase.progress * 100),
                })}
              />
            )}
            {phase.kind === "uploading" && (
              <span className={styles.sub}>
                {t("claim.upload.progress", { file: phase.fileName, percent: Math.round(phase.progress * 100) })}
              </span>
            )}
            {checking && <Spinner size="tiny" labelPosition="after" label={t("claim.upload.checking")} />}
            {phase.kind === "slow" && <span className={styles.sub}>{t("claim.upload.slow")}</span>}
            {phase.kind === "failed" && (
              <MessageBar intent="error" layout="multiline" role="alert">
                <MessageBarBody>{phase.message}</MessageBarBody>
              </MessageBar>
            )}
          </div>
          {editable && (
            <div
              className={mergeClasses(styles.drop, dragging && styles.dropActive)}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
            >
              <label htmlFor={inputId} className={styles.fileLabel}>
                {t(`claim.upload.inputLabel.${kind}`)}
              </label>
              {/* The native input (labelled, focusable, what assistive technology and tests use) lies invisibly
                  over a button drawn in the app's words; the browser's own "Choose file" text is not localized. */}
              <span className={mergeClasses(styles.picker, busy && styles.pickerDisabled)}>
                <span className={styles.pickerButton} aria-hidden="true">
                  {t("claim.upload.choose")}
                </span>
                <input
                  ref={inputRef}
                  id={inputId}
                  className={styles.fileInput}
                  type="file"
                  accept={[...accepted.extensions.map((e) => `.${e}`), ...accepted.types].join(",")}
                  aria-describedby={hintId}
                  disabled={busy}
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) upload(file);
                  }}
                />
              </span>
              <span id={hintId} className={styles.sub}>
                {t(`claim.upload.hint.${kind}`, { size: format.bytes(MAX_UPLOAD_BYTES) })} {t("claim.upload.dropHint")}
              </span>
            </div>
          )}
          {proof.status === "received" && (
            <div className={styles.row}>
              <Button size="small" onClick={download}>
                {t("claim.upload.download", { item: labels.proofItem(kind) })}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
