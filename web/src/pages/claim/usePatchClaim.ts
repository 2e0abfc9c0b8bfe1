import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../api/context";
import { ok } from "../../api/client";
import { isApiError } from "../../api/errors";
import { keys, invalidateClaim } from "../../api/queries";
import type { Claim } from "../../api/types";
import { useClaimCtx } from "./context";

export interface PatchBody {
  comments?: string;
  partner_contacts?: { name: string; email: string; locale?: string }[];
  customer_contact?: { name: string; email: string; locale?: string };
  contact_reason?: string;
}

export interface PatchInput {
  body: PatchBody;
  /** The version the edit is based on (If-Match). */
  version: number;
  /** Whether the part being edited is, in a fresher claim, still what the edit started from. */
  untouched: (fresh: Claim) => boolean;
}

/**
 * PATCH /claims/{id} with If-Match. The version counts every change to the claim, also the system's (a file
 * checked, a survey answered): on 412 the claim is read again, and when the part being edited is as the edit
 * found it, the change is sent once more against the new version. When someone else changed that very part,
 * the page says so (conflict bar with Reload) and nothing typed is lost.
 */
export function usePatchClaim() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const { claim, reportConflict } = useClaimCtx();
  const send = async (body: PatchBody, version: number) =>
    (
      await ok(
        client.PATCH("/claims/{claim_id}", {
          params: { path: { claim_id: claim.claim_id }, header: { "If-Match": `"${version}"` } },
          body: body as never,
        }),
      )
    ).data as unknown as Claim;
  return useMutation({
    mutationFn: async ({ body, version, untouched }: PatchInput) => {
      try {
        return await send(body, version);
      } catch (error) {
        if (!(isApiError(error) && error.status === 412)) throw error;
        const fresh = await queryClient.fetchQuery({
          queryKey: keys.claim(claim.claim_id),
          queryFn: async () =>
            (await ok(client.GET("/claims/{claim_id}", { params: { path: { claim_id: claim.claim_id } } })))
              .data as unknown as Claim,
          staleTime: 0,
        });
        if (fresh.version > version && untouched(fresh)) return send(body, fresh.version);
        throw error;
      }
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.claim(claim.claim_id), updated);
      invalidateClaim(queryClient, claim.claim_id);
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 412) reportConflict();
    },
  });
}
