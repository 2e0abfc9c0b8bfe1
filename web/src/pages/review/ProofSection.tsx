import { useTranslation } from "react-i18next";
import { Button } from "@fluentui/react-components";
import { Section } from "../../components/Section";
import { StatusBadge } from "../../components/StatusBadge";
import {
  SURVEY_KINDS,
  UPLOAD_KINDS,
  type ReviewClaim,
  type ReviewUploadProof,
  type SurveyProof,
  type UploadKind,
} from "../../api/types";
import { useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import { useClaimStyles } from "../claim/styles";
import { ImagePreview } from "./ImagePreview";

const IMAGE_TYPES = ["image/png", "image/jpeg"];

/** A received file: its name, when and how big, a preview (images in the page; PDFs in a new tab), a download. */
function ReceivedFile({ kind, claimId, proof }: { kind: UploadKind; claimId: string; proof: ReviewUploadProof }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const format = useFormat();
  const labels = useLabels();
  const item = labels.proofItem(kind);
  return (
    <>
      <span style={{ overflowWrap: "anywhere" }}>
        <strong>{proof.file_name}</strong>
      </span>
      <span className={styles.sub}>
        {t("review.dossier.proof.fileReceived", {
          date: format.dateTime(proof.received_at),
          size: format.bytes(proof.size),
        })}
      </span>
      {proof.preview_url && IMAGE_TYPES.includes(proof.content_type ?? "") && (
        <ImagePreview
          url={proof.preview_url}
          fileKey={`${claimId}/${kind}/${proof.s3_version_id ?? proof.received_at}`}
          alt={t("review.dossier.proof.imageAlt", { item, file: proof.file_name ?? "" })}
        />
      )}
      <div className={styles.row}>
        {proof.preview_url && (
          <Button as="a" size="small" href={proof.preview_url} target="_blank" rel="noopener noreferrer">
            {t("review.dossier.proof.preview", { item })}
            <span className="visually-hidden"> {t("review.dossier.proof.newTab")}</span>
          </Button>
        )}
        {proof.download_url && (
          <Button as="a" size="small" href={proof.download_url}>
            {t("claim.upload.download", { item })}
          </Button>
        )}
      </div>
    </>
  );
}

function UploadProofItem({ kind, claimId, proof }: { kind: UploadKind; claimId: string; proof: ReviewUploadProof }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const labels = useLabels();
  return (
    <div className={styles.item}>
      <div className={styles.itemHead}>
        <h3 className={styles.h3}>{labels.proofItem(kind)}</h3>
        <StatusBadge kind="upload" status={proof.status} />
      </div>
      {proof.status === "received" && <ReceivedFile kind={kind} claimId={claimId} proof={proof} />}
      {proof.status === "not_applicable" && <p className={styles.dd}>{t("claim.proof.notApplicable")}</p>}
      {proof.status === "missing" && <p className={styles.dd}>{t("review.dossier.proof.noFile")}</p>}
      {proof.status === "pending" && <p className={styles.dd}>{t("claim.upload.checking")}</p>}
      {proof.status === "rejected" && <p className={styles.dd}>{proof.reason || t("claim.upload.rejectedNoReason")}</p>}
    </div>
  );
}

function SurveyProofItem({ name, proof }: { name: "partner_survey" | "customer_survey"; proof: SurveyProof }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  const format = useFormat();
  const labels = useLabels();
  return (
    <div className={styles.item}>
      <div className={styles.itemHead}>
        <h3 className={styles.h3}>{labels.proofItem(name)}</h3>
        <StatusBadge kind="survey" status={proof.status} />
      </div>
      <p className={styles.dd}>
        {proof.status === "completed"
          ? t("review.dossier.proof.surveyCompleted", { date: format.dateTime(proof.completed_at) })
          : proof.status === "not_applicable"
            ? t("claim.proof.notApplicable")
            : t("review.dossier.proof.surveyOpen")}
      </p>
    </div>
  );
}

/** The four proof items, each with its status; received files can be previewed and downloaded. */
export function ProofSection({ claim }: { claim: ReviewClaim }) {
  const { t } = useTranslation();
  const styles = useClaimStyles();
  return (
    <Section id="proof" title={t("claim.proof.title")}>
      <div className={styles.items}>
        {UPLOAD_KINDS.map((kind) => (
          <UploadProofItem key={kind} kind={kind} claimId={claim.claim_id} proof={claim.proof[kind]} />
        ))}
        {SURVEY_KINDS.map((kind) => (
          <SurveyProofItem key={kind} name={`${kind}_survey`} proof={claim.proof[`${kind}_survey`]} />
        ))}
      </div>
    </Section>
  );
}
