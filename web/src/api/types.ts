// The response shapes the pages rely on (DESIGN.md §4). The OpenAPI document names each response's schema
// with its required fields only; the detail the pages read (proof items, contacts, deadlines) is spelled
// out here on top of the generated types, so a renamed required field still fails the typecheck. Answers
// are taken as these shapes with `as unknown as` where the generated type is looser than the contract.
import type { components } from "./schema";

type S = components["schemas"];

export type ClaimStatus = S["Status"];
export type Tab = S["Tab"];
export type Locale = "en" | "nl";
export type ProofItemName = "findings_report" | "invoice" | "partner_survey" | "customer_survey";
export type UploadKind = "findings_report" | "invoice";
export type SurveyKind = "partner" | "customer";
export type UploadStatus = "missing" | "pending" | "received" | "rejected" | "not_applicable";
export type SurveyStatus = "not_sent" | "sent" | "completed" | "not_applicable";

export const CLAIM_STATUSES: readonly ClaimStatus[] = [
  "draft",
  "submitted",
  "under_review",
  "action_required",
  "approved",
  "paid",
  "rejected",
  "disputed",
  "rejected_final",
  "canceled",
  "expired",
];
export const EDITABLE: readonly ClaimStatus[] = ["draft", "action_required"];
export const PROOF_ITEMS: readonly ProofItemName[] = [
  "findings_report",
  "invoice",
  "partner_survey",
  "customer_survey",
];
export const UPLOAD_KINDS: readonly UploadKind[] = ["findings_report", "invoice"];
export const SURVEY_KINDS: readonly SurveyKind[] = ["partner", "customer"];

export interface Money {
  amount: string;
  currency: string;
}

export interface Windows {
  consent_days: number;
  submit_days: number;
  review_days: number;
  dispute_days: number;
  payment_days?: number;
}

export type Engagement = S["Engagement"] & {
  solution_area?: string;
  kind?: string;
  starts_on?: string;
  ends_on?: string;
  payout?: Money;
  windows?: Windows;
  proof_items?: ProofItemName[];
};

export interface Contact {
  name: string;
  email: string;
  locale?: Locale;
}

export interface UploadProof {
  status: UploadStatus;
  file_name?: string | null;
  content_type?: string | null;
  size?: number | null;
  received_at?: string | null;
  reason?: string | null;
}

export interface SurveyProof {
  status: SurveyStatus;
  sent_at?: string | null;
  send_count?: number;
  sent_to?: string | null;
  completed_at?: string | null;
  link_invalidated?: boolean;
  answered_in_app?: boolean;
  /** The live links' emails taken together: undeliverable if one bounced for good or drew a complaint (change the
   * contact), failed if one failed (send again at once), pending while one is. */
  email_status?: LinkEmailStatus | null;
  /** The live links: one per recipient (every partner contact, or the customer contact), each in its own locale. */
  links?: RecipientLink[];
}

export interface RecipientLink {
  name: string;
  email: string;
  locale: string;
  email_status?: LinkEmailStatus | null;
}

/** `undeliverable`: SES accepted the email, then it bounced for good or the recipient complained. */
export type LinkEmailStatus = "pending" | "sent" | "failed" | "undeliverable";

export interface Proof {
  findings_report: UploadProof;
  invoice: UploadProof;
  partner_survey: SurveyProof;
  customer_survey: SurveyProof;
}

export interface Question {
  id: string;
  type: "rating" | "yes_no" | "text";
  text: Partial<Record<Locale, string>> | string;
  required?: boolean;
  min?: number | null;
  max?: number | null;
}

export interface Actor {
  email: string;
  role: string;
}

export interface InfoRequest {
  at: string;
  by?: Actor;
  reason_code: string;
  message: string;
}

export interface Decision {
  outcome: "approved" | "rejected" | "rejected_final";
  reason_code?: string | null;
  message?: string | null;
  at: string;
  by?: Actor;
}

export interface PaymentInfo {
  status: "scheduled" | "paid";
  payable_on: string;
  amount?: string;
  currency?: string;
  remittance_ref?: string | null;
  paid_at?: string | null;
}

export type Notification = S["Notification"];

export type Claim = Omit<S["Claim"], "proof" | "status"> & {
  status: ClaimStatus;
  engagement_name?: string;
  location_id?: string;
  customer: { name?: string | null; email: string; tenant_id?: string | null };
  consent_at: string;
  submit_due: string;
  review_due: string;
  submitted_at?: string | null;
  first_submitted_at?: string | null;
  created_at?: string;
  required?: ProofItemName[];
  payout?: Money;
  windows?: Windows;
  survey_questions?: Partial<Record<SurveyKind, Question[]>>;
  proof: Proof;
  contacts: { partner: Contact[]; customer: Contact };
  comments?: string | null;
  info_requests?: InfoRequest[];
  decision?: Decision | null;
  dispute?: { at: string; message: string } | null;
  payment?: PaymentInfo | null;
  notifications?: Notification[];
  /** Days left as the API counts them, when it says so (else counted here the same way). */
  submit_days_left?: number | null;
  review_days_left?: number | null;
};

export type NominationRow = S["Nomination"] & {
  customer: { name?: string | null; email: string; tenant_id?: string | null };
  type?: "not started" | "active";
  days_left?: number | null;
  consent_requested_at?: string | null;
  consent_email_status?: LinkEmailStatus | null;
  consent_at?: string | null;
  claim_status?: ClaimStatus | null;
  ineligible_reason?: string | null;
  ineligible_code?: string | null;
  actions?: ("request_consent" | "resend_consent" | "open_claim" | "view_claim")[];
  created_at?: string;
};

export type HistoryEvent = Omit<S["HistoryEvent"], "actor" | "details"> & {
  actor: Actor;
  details: Record<string, unknown>;
};

export type Payment = S["Payment"] & {
  engagement_id?: string;
  engagement_name?: string;
  customer?: { name?: string | null; email?: string } | null;
  amount?: string;
  currency?: string;
  remittance_ref?: string | null;
  paid_at?: string | null;
};

/** A claim in the review queue: since when it waits for a reviewer, for how many whole days, and why. */
export type ReviewQueueItem = Claim &
  Pick<S["ReviewQueueItem"], "waiting_since" | "age_days" | "kind" | "partner_name">;
export type QueueKind = ReviewQueueItem["kind"];

export type ReviewQueuePage = Page<ReviewQueueItem> & {
  /** Claims per waiting status (and per the filtered status), for the console's tabs. */
  counts: Partial<Record<ClaimStatus, number>>;
};

/** A received file in the dossier: short-lived links to download it and, for PDF/PNG/JPEG, to view it. */
export type ReviewUploadProof = UploadProof & {
  download_url?: string | null;
  preview_url?: string | null;
  s3_version_id?: string | null;
};

export type DeadlineName = "submit_due" | "review_due" | "dispute_due";
export type Deadline = S["ReviewClaim"]["deadlines"][string];
export type RiskFlag = S["ReviewClaim"]["risk_flags"][number];
export type SurveyAnswer = boolean | number | string;

/** GET /review/claims/{claim_id}: the reviewer's dossier. */
export type ReviewClaim = Omit<Claim, "proof"> &
  Pick<S["ReviewClaim"], "partner" | "engagement" | "risk_flags"> & {
    proof: Proof & { findings_report: ReviewUploadProof; invoice: ReviewUploadProof };
    tenant_id?: string | null;
    deadlines: Partial<Record<DeadlineName, Deadline>>;
    survey_answers?: Partial<Record<SurveyKind, { answers: Record<string, SurveyAnswer>; answered_at?: string }>>;
    history: HistoryEvent[];
  };

export interface Page<T> {
  items: T[];
  next_token: string | null;
}

/** An enrolled partner location; `engagement_ids` may hold EVERY_ENGAGEMENT. */
export type Location = S["Location"];
export const EVERY_ENGAGEMENT = "*";

/** Whether a location may nominate customers for an engagement. */
export function locationServes(location: Location, engagementId: string): boolean {
  return location.engagement_ids.includes(EVERY_ENGAGEMENT) || location.engagement_ids.includes(engagementId);
}

/** GET /labels?locale= : the API's own words for codes (DESIGN.md §1: emails and pages speak words). */
export type Labels = S["Labels"];
