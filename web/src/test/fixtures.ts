// Shapes as the API answers them (see docs/openapi.json and DESIGN.md §4), for the msw handlers.
import type { Session } from "../auth/session";
import type { components } from "../api/schema";
import type {
  Claim,
  Engagement,
  Location,
  NominationRow,
  Notification,
  ReviewClaim,
  ReviewQueueItem,
  ReviewQueuePage,
} from "../api/types";

export const API = "http://localhost";

function b64url(value: object): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

export function fakeToken(claims: Record<string, unknown>): string {
  return `${b64url({ alg: "RS256", typ: "JWT" })}.${b64url({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.sig`;
}

export function partnerSession(role: Session["role"] = "incentives-admin", partnerId = "P-1001"): Session {
  const email = role === "incentives-admin" ? "pat@contoso.example" : "uma@contoso.example";
  return {
    token: fakeToken({ email, "cognito:groups": [role], "custom:partner_id": partnerId }),
    email,
    role,
    partnerId,
    partnerName: "Contoso Consulting",
    name: "Pat Admin",
    expiresAt: Date.now() + 3600_000,
    provider: "local",
  };
}

export function staffSession(role: "reviewer" | "program-admin"): Session {
  const email = role === "reviewer" ? "rita@program.example" : "paul@program.example";
  return {
    token: fakeToken({ email, "cognito:groups": [role] }),
    email,
    role,
    partnerId: null,
    expiresAt: Date.now() + 3600_000,
    provider: "local",
  };
}

const DAY = 86_400_000;
export const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

export function engagement(overrides: Partial<Engagement> = {}): Engagement {
  return {
    engagement_id: "ENG-AI-WORKSHOP",
    name: "AI Business Value Workshop",
    kind: "workshop",
    solution_area: "AI Business Solutions",
    starts_on: "2026-01-01",
    ends_on: "2027-12-31",
    payout: { amount: "5000.00", currency: "USD" },
    windows: { consent_days: 30, submit_days: 90, review_days: 120, dispute_days: 30, payment_days: 45 },
    proof_items: ["findings_report", "invoice", "partner_survey", "customer_survey"],
    availability: "active",
    ...overrides,
  };
}

/** A catalogue entry as GET /program/engagements lists it. */
export function catalogueEngagement(
  overrides: Partial<components["schemas"]["EngagementIn"]> = {},
): components["schemas"]["EngagementIn"] {
  return {
    engagement_id: "ENG-AI-WORKSHOP",
    name: "AI Business Value Workshop",
    kind: "workshop",
    solution_area: "AI Business Solutions",
    starts_on: "2026-01-01",
    ends_on: "2027-12-31",
    payout: { amount: "5000.00", currency: "USD" },
    windows: { consent_days: 30, submit_days: 90, review_days: 120, dispute_days: 30, payment_days: 45 },
    proof_items: ["findings_report", "invoice", "partner_survey", "customer_survey"],
    surveys: {
      partner: [
        {
          id: "delivered_as_planned",
          type: "yes_no",
          text: { en: "Was the workshop delivered as planned?", nl: "Is de workshop volgens plan gegeven?" },
          required: true,
        },
      ],
      customer: [
        {
          id: "satisfaction",
          type: "rating",
          text: { en: "How satisfied are you (1-5)?", nl: "Hoe tevreden bent u (1-5)?" },
          required: true,
          min: 1,
          max: 5,
        },
      ],
    },
    ...overrides,
  };
}

export function location(overrides: Partial<Location> = {}): Location {
  return { location_id: "L-1001", partner_id: "P-1001", country: "NL", engagement_ids: ["*"], ...overrides };
}

export function nomination(overrides: Partial<NominationRow> = {}): NominationRow {
  return {
    nomination_id: "nom_1",
    engagement_id: "ENG-AI-WORKSHOP",
    customer: { name: "Northwind Traders", email: "ann@northwind.example", tenant_id: "tenant-northwind" },
    location_id: "L-1001",
    status: "awaiting_consent",
    type: "not started",
    tab: "eligible",
    consent_due: iso(20),
    days_left: 20,
    consent_requested_at: null,
    consent_at: null,
    claim_id: null,
    claim_status: null,
    ineligible_reason: null,
    actions: ["request_consent"],
    created_at: iso(-10),
    ...overrides,
  };
}

export function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    notification_id: "ntf_1",
    claim_id: "clm_1",
    kind: "approved",
    message: "Your claim was approved. The payment is scheduled for 2027-03-01.",
    created_at: iso(-1),
    read: false,
    email_status: "sent",
    ...overrides,
  };
}

export function claim(overrides: Partial<Claim> = {}): Claim {
  return {
    claim_id: "clm_1",
    partner_id: "P-1001",
    engagement_id: "ENG-AI-WORKSHOP",
    engagement_name: "AI Business Value Workshop",
    nomination_id: "nom_1",
    location_id: "L-1001",
    customer: { name: "Northwind Traders", email: "ann@northwind.example", tenant_id: "tenant-northwind" },
    status: "draft",
    version: 3,
    created_at: iso(-5),
    consent_at: iso(-5),
    submit_due: iso(85),
    review_due: iso(115),
    required: ["findings_report", "invoice", "partner_survey", "customer_survey"],
    payout: { amount: "5000.00", currency: "USD" },
    windows: { consent_days: 30, submit_days: 90, review_days: 120, dispute_days: 30, payment_days: 45 },
    survey_questions: {
      partner: [
        {
          id: "delivered_as_planned",
          type: "yes_no",
          text: { en: "Was the workshop delivered as planned?", nl: "Is de workshop volgens plan gegeven?" },
          required: true,
        },
        {
          id: "customer_engagement",
          type: "rating",
          text: { en: "How engaged was the customer (1-5)?", nl: "Hoe betrokken was de klant (1-5)?" },
          required: true,
          min: 1,
          max: 5,
        },
        {
          id: "next_steps",
          type: "text",
          text: { en: "Which next steps did you agree on?", nl: "Welke vervolgstappen zijn afgesproken?" },
          required: false,
        },
      ],
      customer: [],
    },
    proof: {
      findings_report: { status: "missing" },
      invoice: { status: "missing" },
      partner_survey: { status: "not_sent", send_count: 0, link_invalidated: false },
      customer_survey: { status: "not_sent", send_count: 0, link_invalidated: false },
    },
    contacts: {
      partner: [{ name: "Pat", email: "pat@contoso.example", locale: "en" }],
      customer: { name: "Ann", email: "ann@northwind.example", locale: "nl" },
    },
    comments: "",
    info_requests: [],
    decision: null,
    dispute: null,
    payment: null,
    notifications: [],
    missing: ["findings_report", "invoice", "partner_survey", "customer_survey"],
    ...overrides,
  };
}

export const page = <T>(items: T[], next_token: string | null = null) => ({ items, next_token });

export function queueItem(overrides: Partial<ReviewQueueItem> = {}): ReviewQueueItem {
  return {
    ...claim({ status: "submitted", submitted_at: iso(-3), missing: [] }),
    waiting_since: iso(-3),
    age_days: 3,
    kind: "new",
    partner_name: "Contoso Consulting",
    ...overrides,
  };
}

export const queuePage = (
  items: ReviewQueueItem[],
  counts: ReviewQueuePage["counts"],
  next_token: string | null = null,
): ReviewQueuePage => ({ items, next_token, counts });

/** A submitted claim's dossier as GET /review/claims/{id} answers it (both files received, both surveys answered). */
export function reviewClaim(overrides: Partial<ReviewClaim> = {}): ReviewClaim {
  const base = claim({
    status: "submitted",
    submitted_at: iso(-3),
    missing: [],
    comments: "Two-day workshop on site.",
  });
  const received = { status: "received" as const, size: 2048, received_at: iso(-4), s3_version_id: "v1" };
  return {
    ...base,
    survey_questions: {
      partner: base.survey_questions?.partner ?? [],
      customer: [
        {
          id: "satisfaction",
          type: "rating",
          text: {
            en: "How satisfied are you with the workshop (1-5)?",
            nl: "Hoe tevreden bent u over de workshop (1-5)?",
          },
          required: true,
          min: 1,
          max: 5,
        },
      ],
    },
    proof: {
      findings_report: {
        ...received,
        file_name: "findings.pdf",
        content_type: "application/pdf",
        download_url: "https://s3.example/findings?attachment",
        preview_url: "https://s3.example/findings?inline",
      },
      invoice: {
        ...received,
        file_name: "invoice.png",
        content_type: "image/png",
        download_url: "https://s3.example/invoice?attachment",
        preview_url: "https://s3.example/invoice?inline",
      },
      partner_survey: { status: "completed", completed_at: iso(-4), answered_in_app: true },
      customer_survey: { status: "completed", completed_at: iso(-3.5), sent_to: "ann@northwind.example" },
    },
    survey_answers: {
      partner: {
        answers: { delivered_as_planned: true, customer_engagement: 4, next_steps: "A pilot in Q3." },
        answered_at: iso(-4),
      },
      customer: { answers: { satisfaction: 5 }, answered_at: iso(-3.5) },
    },
    partner: { partner_id: "P-1001", name: "Contoso Consulting" },
    tenant_id: "tenant-northwind",
    engagement: {
      engagement_id: "ENG-AI-WORKSHOP",
      name: "AI Business Value Workshop",
      payout: { amount: "5000.00", currency: "USD" },
    },
    deadlines: {
      submit_due: { at: iso(85), days_left: 85, passed: false },
      review_due: { at: iso(115), days_left: 115, passed: false },
    },
    risk_flags: [],
    history: [
      {
        at: iso(-5),
        actor: { email: "pat@contoso.example", role: "incentives-admin" },
        action: "claim_opened",
        details: {},
        seq: 1,
      },
      {
        at: iso(-3),
        actor: { email: "pat@contoso.example", role: "incentives-admin" },
        action: "submitted",
        details: { from_status: "draft", to_status: "submitted" },
        seq: 2,
      },
    ],
    ...overrides,
  };
}
