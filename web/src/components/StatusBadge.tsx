import { Badge, type BadgeProps } from "@fluentui/react-components";
import { useLabels } from "../i18n/labels";

type Color = NonNullable<BadgeProps["color"]>;

const COLORS: Record<string, Color> = {
  draft: "informative",
  submitted: "brand",
  under_review: "brand",
  action_required: "warning",
  approved: "success",
  paid: "success",
  rejected: "danger",
  disputed: "warning",
  rejected_final: "danger",
  canceled: "subtle",
  expired: "subtle",
  missing: "informative",
  pending: "warning",
  received: "success",
  not_applicable: "subtle",
  not_sent: "informative",
  sent: "brand",
  completed: "success",
  awaiting_consent: "warning",
  consented: "success",
  declined: "danger",
  consent_expired: "subtle",
  lost_to_other_partner: "subtle",
  active: "success",
  upcoming: "informative",
  scheduled: "brand",
};

/** A status in words, with a colour that never carries the meaning alone (the words do). */
export function StatusBadge({
  status,
  kind = "claim",
}: {
  status: string;
  kind?: "claim" | "upload" | "survey" | "nomination" | "availability" | "payment";
}) {
  const labels = useLabels();
  const text =
    kind === "claim"
      ? labels.status(status)
      : kind === "upload"
        ? labels.uploadStatus(status)
        : kind === "survey"
          ? labels.surveyStatus(status)
          : kind === "nomination"
            ? labels.nominationStatus(status)
            : kind === "availability"
              ? labels.availability(status)
              : labels.paymentStatus(status);
  const color = COLORS[status] ?? "informative";
  return (
    <Badge appearance="tint" color={color} shape="rounded">
      {text}
    </Badge>
  );
}
