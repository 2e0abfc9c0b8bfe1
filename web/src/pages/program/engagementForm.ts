// The engagement form's values (text, as typed) and the catalogue entry they make; what an edit changes.
import type { TFunction } from "i18next";
import { REQUEST_SCHEMAS } from "../../api/constraints.gen";
import { PROOF_ITEMS, SURVEY_KINDS } from "../../api/types";
import type { CatalogueEngagement, EngagementChanges } from "./kinds";

export const WINDOW_NAMES = ["consent_days", "submit_days", "review_days", "dispute_days", "payment_days"] as const;
type WindowName = (typeof WINDOW_NAMES)[number];
const WINDOW_DEFAULTS = REQUEST_SCHEMAS.WindowsIn.properties;

export interface EngagementValues {
  [field: string]: unknown;
  engagement_id: string;
  name: string;
  kind: string;
  solution_area: string;
  starts_on: string;
  ends_on: string;
  payout: { amount: string; currency: string };
  windows: Record<WindowName, string>;
  proof_items: string[];
  /** The surveys as JSON text. */
  surveys: string;
}

/**
 * A catalogue entry with what the catalogue leaves to its defaults filled in (kind, windows, proof items): the API
 * lists rows as they are stored, and an entry written without them lacks them.
 */
export function withCatalogueDefaults(entry: CatalogueEngagement): CatalogueEngagement {
  const defaults = Object.fromEntries(
    WINDOW_NAMES.map((w) => [w, WINDOW_DEFAULTS[w].default]),
  ) as CatalogueEngagement["windows"];
  return {
    ...entry,
    kind: entry.kind ?? "workshop",
    windows: { ...defaults, ...entry.windows },
    proof_items: entry.proof_items ?? [...PROOF_ITEMS],
  };
}

/** The form's fields, for the API's refusals and the form's own checks. */
export const ENGAGEMENT_FIELDS = [
  "engagement_id",
  "name",
  "kind",
  "solution_area",
  "starts_on",
  "ends_on",
  "payout.amount",
  "payout.currency",
  ...WINDOW_NAMES.map((w) => `windows.${w}`),
  "proof_items",
  "surveys",
];

/** An engagement as form values; without one, an empty form with the catalogue's defaults. */
export function valuesOf(engagement: CatalogueEngagement | null): EngagementValues {
  return {
    engagement_id: engagement?.engagement_id ?? "",
    name: engagement?.name ?? "",
    kind: engagement?.kind ?? "workshop",
    solution_area: engagement?.solution_area ?? "",
    starts_on: engagement?.starts_on ?? "",
    ends_on: engagement?.ends_on ?? "",
    payout: { amount: engagement?.payout.amount ?? "", currency: engagement?.payout.currency ?? "" },
    windows: Object.fromEntries(
      WINDOW_NAMES.map((w) => [w, String(engagement?.windows?.[w] ?? WINDOW_DEFAULTS[w].default)]),
    ) as Record<WindowName, string>,
    proof_items: engagement?.proof_items ?? [...PROOF_ITEMS],
    surveys: JSON.stringify(engagement?.surveys ?? { partner: [], customer: [] }, null, 2),
  };
}

function surveysOf(
  text: string,
  t: TFunction<"program">,
): { surveys: CatalogueEngagement["surveys"]; problem?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      surveys: {},
      problem: t("checks.json", { reason: error instanceof Error ? error.message : String(error) }),
    };
  }
  const fits =
    !!parsed &&
    typeof parsed === "object" &&
    !Array.isArray(parsed) &&
    Object.entries(parsed).every(
      ([kind, questions]) => (SURVEY_KINDS as readonly string[]).includes(kind) && Array.isArray(questions),
    );
  return fits
    ? { surveys: parsed as CatalogueEngagement["surveys"] }
    : { surveys: {}, problem: t("checks.surveysShape") };
}

/** The catalogue entry the values make, and what is wrong with them beyond the request schema's own checks. */
export function engagementOf(
  v: EngagementValues,
  t: TFunction<"program">,
): { body: CatalogueEngagement; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const windows = Object.fromEntries(
    WINDOW_NAMES.map((w) => {
      const text = v.windows[w].trim();
      if (!/^\d+$/.test(text) || Number(text) <= 0) problems[`windows.${w}`] = t("checks.positiveDays");
      return [w, Number(text)];
    }),
  ) as CatalogueEngagement["windows"];
  const amount = v.payout.amount.trim();
  if (amount && !/^\d+(\.\d+)?$/.test(amount)) problems["payout.amount"] = t("checks.amount");
  const { surveys, problem } = surveysOf(v.surveys, t);
  if (problem) problems.surveys = problem;
  return {
    body: {
      engagement_id: v.engagement_id.trim(),
      name: v.name.trim(),
      kind: v.kind.trim(),
      solution_area: v.solution_area.trim(),
      starts_on: v.starts_on,
      ends_on: v.ends_on,
      payout: { amount, currency: v.payout.currency.trim().toUpperCase() },
      windows,
      proof_items: v.proof_items as CatalogueEngagement["proof_items"],
      surveys,
    },
    problems,
  };
}

/** A value as comparable text: object keys in order, proof items as a set. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The fields an edit changes (PATCH sends only those). */
export function changesOf(before: CatalogueEngagement, after: CatalogueEngagement): EngagementChanges {
  const same = (key: keyof CatalogueEngagement) =>
    key === "proof_items"
      ? canonical([...(before.proof_items ?? [])].sort()) === canonical([...(after.proof_items ?? [])].sort())
      : canonical(before[key]) === canonical(after[key]);
  const keys = (Object.keys(after) as (keyof CatalogueEngagement)[]).filter((k) => k !== "engagement_id" && !same(k));
  return Object.fromEntries(keys.map((k) => [k, after[k]])) as EngagementChanges;
}
