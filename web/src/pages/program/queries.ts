// The program pages' server state: each kind's list page by page, the whole of a kind for pickers, the audit.
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { ok } from "../../api/client";
import { useApi } from "../../api/context";
import { allPages } from "../../api/queries";
import type { Page } from "../../api/types";
import type { AuditEvent, ReferenceKind } from "./kinds";
import { listPage } from "./requests";

export const programKeys = {
  kind: (kind: ReferenceKind) => ["program", kind] as const,
  pages: (kind: ReferenceKind) => ["program", kind, "pages"] as const,
  every: (kind: ReferenceKind) => ["program", kind, "every"] as const,
  audit: ["program", "audit"] as const,
};

/** One kind's rows as the table shows them: a page at a time ("Show more"). */
export function useReferencePages<K extends ReferenceKind>(kind: K) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: programKeys.pages(kind),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => listPage(client, kind, pageParam),
    getNextPageParam: (last) => last.next_token ?? undefined,
  });
}

/** Every row of a kind (the partners and engagements a location form offers). */
export function useEveryRow<K extends ReferenceKind>(kind: K) {
  const { client } = useApi();
  return useQuery({
    queryKey: programKeys.every(kind),
    queryFn: () => allPages((token) => listPage(client, kind, token)),
  });
}

export function useAuditHistory() {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: programKeys.audit,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await ok(
          client.GET("/program/audit", {
            params: { query: { next_token: pageParam } },
          }),
        )
      ).data as Page<AuditEvent>,
    getNextPageParam: (last) => last.next_token ?? undefined,
  });
}

/** After a change to a kind: its lists and the audit history are read again. */
export function useRefresh() {
  const queryClient = useQueryClient();
  return useCallback(
    (kind: ReferenceKind) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: programKeys.kind(kind) }),
        queryClient.invalidateQueries({ queryKey: programKeys.audit }),
      ]),
    [queryClient],
  );
}
