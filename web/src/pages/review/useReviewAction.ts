// The reviewer's actions (DESIGN.md §1 "Review"): which a claim's status allows, and sending one.
import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../api/context";
import { ok } from "../../api/client";
import { isApiError } from "../../api/errors";
import { invalidateReview } from "../../api/queries";
import type { components } from "../../api/schema";
import type { ClaimStatus } from "../../api/types";

type S = components["schemas"];

/** One reviewer action with the body it sends. */
export type ActionRequest =
  | { action: "start" }
  | { action: "request_info"; body: S["RequestInfo"] }
  | { action: "approve"; body: S["Approve"] }
  | { action: "reject"; body: S["Reject"] }
  | { action: "paid"; body: S["Paid"] };
export type ReviewAction = ActionRequest["action"];
/** The actions that ask for words first (a reason, a message, a remittance reference). */
export type DialogAction = Exclude<ReviewAction, "start">;

/** The state machine's reviewer transitions (shared/domain/lifecycle.py), in the order the buttons show. */
export const ACTIONS_BY_STATUS = {
  submitted: ["start"],
  disputed: ["start"],
  under_review: ["request_info", "approve", "reject"],
  approved: ["paid"],
} as const satisfies Partial<Record<ClaimStatus, readonly ReviewAction[]>>;
export type ActionableStatus = keyof typeof ACTIONS_BY_STATUS;

export function isActionable(status: ClaimStatus): status is ActionableStatus {
  return status in ACTIONS_BY_STATUS;
}

/**
 * Sends one action; afterwards (or when the claim moved on meanwhile: 409) the dossier and the queue are read
 * again, so the page shows the claim as it is now. A refusal is thrown for the caller to show.
 */
export function useReviewAction(claimId: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useCallback(
    async (request: ActionRequest) => {
      const params = { path: { claim_id: claimId } };
      try {
        switch (request.action) {
          case "start":
            await ok(client.POST("/review/claims/{claim_id}/start", { params }));
            break;
          case "request_info":
            await ok(client.POST("/review/claims/{claim_id}/request-info", { params, body: request.body }));
            break;
          case "approve":
            await ok(client.POST("/review/claims/{claim_id}/approve", { params, body: request.body }));
            break;
          case "reject":
            await ok(client.POST("/review/claims/{claim_id}/reject", { params, body: request.body }));
            break;
          case "paid":
            await ok(client.POST("/review/claims/{claim_id}/paid", { params, body: request.body }));
            break;
        }
      } catch (error) {
        if (isApiError(error) && error.status === 409) invalidateReview(queryClient, claimId);
        throw error;
      }
      await invalidateReview(queryClient, claimId);
    },
    [client, queryClient, claimId],
  );
}
