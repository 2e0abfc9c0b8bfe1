// Server state: one query per resource, keyed so a change invalidates exactly what it affects.
import { keepPreviousData, useInfiniteQuery, useQuery, type QueryClient } from "@tanstack/react-query";
import { ok } from "./client";
import { useApi } from "./context";
import type {
  Claim,
  ClaimStatus,
  Engagement,
  HistoryEvent,
  Labels,
  Location,
  NominationRow,
  Notification,
  Page,
  Payment,
  ReviewClaim,
  ReviewQueuePage,
  Tab,
} from "./types";

const MAX_PAGES = 50;

/** Every page of a list, in order (lists here are a partner's own, or reference data: small). */
export async function allPages<T>(fetchPage: (token: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < MAX_PAGES; i += 1) {
    const page = await fetchPage(token);
    items.push(...page.items);
    if (!page.next_token) break;
    token = page.next_token;
  }
  return items;
}

export const keys = {
  engagements: ["engagements"] as const,
  myLocations: ["my-locations"] as const,
  customers: (engagementId: string, tab: Tab) => ["customers", engagementId, tab] as const,
  customersOf: (engagementId: string) => ["customers", engagementId] as const,
  claims: (status?: string, engagementId?: string) => ["claims", status ?? "", engagementId ?? ""] as const,
  allClaims: ["claims"] as const,
  claim: (id: string) => ["claim", id] as const,
  history: (id: string) => ["history", id] as const,
  notifications: (unread: boolean) => ["notifications", unread] as const,
  allNotifications: ["notifications"] as const,
  payments: ["payments"] as const,
  labels: (locale: string) => ["labels", locale] as const,
  reviewQueue: (status?: ClaimStatus) => ["review-queue", status ?? ""] as const,
  allReviewQueues: ["review-queue"] as const,
  reviewClaim: (id: string) => ["review-claim", id] as const,
  filePreview: (fileKey: string) => ["file-preview", fileKey] as const,
};

export function useEngagements() {
  const { client } = useApi();
  return useQuery({
    queryKey: keys.engagements,
    // The catalogue is one page (the API answers next_token null).
    queryFn: async () => ((await ok(client.GET("/engagements"))).data as unknown as Page<Engagement>).items,
    staleTime: 60_000,
  });
}

/** The partner's own enrolled locations (one page: the API answers next_token null). */
export function useMyLocations() {
  const { client } = useApi();
  return useQuery({
    queryKey: keys.myLocations,
    queryFn: async () => ((await ok(client.GET("/locations"))).data as Page<Location>).items,
    staleTime: 60_000,
  });
}

export function useCustomers(engagementId: string, tab: Tab) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: keys.customers(engagementId, tab),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await ok(
          client.GET("/engagements/{engagement_id}/customers", {
            params: { path: { engagement_id: engagementId }, query: { tab, next_token: pageParam } },
          }),
        )
      ).data as Page<NominationRow>,
    getNextPageParam: (last) => last.next_token ?? undefined,
  });
}

export function useClaims(status?: ClaimStatus, engagementId?: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: keys.claims(status, engagementId),
    placeholderData: keepPreviousData, // the table stays while another filter loads
    queryFn: () =>
      allPages(
        async (next_token) =>
          (
            await ok(
              client.GET("/claims", {
                params: { query: { status, engagement_id: engagementId || undefined, next_token } },
              }),
            )
          ).data as unknown as Page<Claim>,
      ),
  });
}

/** Polls while something on the claim is still moving (an upload being checked, a survey out). */
export function claimPollInterval(claim: Claim | undefined, uploading: boolean): number | false {
  if (!claim) return false;
  const p = claim.proof;
  if (uploading || p.findings_report?.status === "pending" || p.invoice?.status === "pending") return 1500;
  if (p.partner_survey?.status === "sent" || p.customer_survey?.status === "sent") return 15_000;
  return false;
}

export function useClaim(claimId: string, options: { uploading?: boolean } = {}) {
  const { client } = useApi();
  return useQuery({
    queryKey: keys.claim(claimId),
    queryFn: async () =>
      (await ok(client.GET("/claims/{claim_id}", { params: { path: { claim_id: claimId } } })))
        .data as unknown as Claim,
    refetchInterval: (query) => claimPollInterval(query.state.data as Claim | undefined, !!options.uploading),
  });
}

export function useHistory(claimId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: keys.history(claimId),
    queryFn: () =>
      allPages(
        async (next_token) =>
          (
            await ok(
              client.GET("/claims/{claim_id}/history", {
                params: { path: { claim_id: claimId }, query: { next_token } },
              }),
            )
          ).data as unknown as Page<HistoryEvent>,
      ),
  });
}

export function useNotifications(unread: boolean) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: keys.notifications(unread),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await ok(
          client.GET("/notifications", {
            params: { query: { unread, next_token: pageParam } },
          }),
        )
      ).data as Page<Notification>,
    getNextPageParam: (last) => last.next_token ?? undefined,
  });
}

/** The header badge: unread notifications (every page, counted). */
export function useUnreadCount(enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...keys.notifications(true), "count"],
    queryFn: async () =>
      (
        await allPages(
          async (next_token) =>
            (
              await ok(
                client.GET("/notifications", {
                  params: { query: { unread: true, next_token } },
                }),
              )
            ).data as unknown as Page<Notification>,
        )
      ).length,
    enabled,
    refetchInterval: 60_000,
  });
}

export function usePayments() {
  const { client } = useApi();
  return useQuery({
    queryKey: keys.payments,
    queryFn: () =>
      allPages(
        async (next_token) =>
          (
            await ok(
              client.GET("/payments", {
                params: { query: { next_token } },
              }),
            )
          ).data as unknown as Page<Payment>,
      ),
  });
}

/** The review queue, page by page: every waiting claim (no `status`), or every claim in `status`; oldest first. */
export function useReviewQueue(status?: ClaimStatus) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: keys.reviewQueue(status),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await ok(
          client.GET("/review/claims", {
            params: { query: { status, next_token: pageParam } },
          }),
        )
      ).data as unknown as ReviewQueuePage,
    getNextPageParam: (last) => last.next_token ?? undefined,
    placeholderData: keepPreviousData, // the tabs' counts stay while another tab loads
  });
}

// The dossier's file links are valid for 5 minutes (shared/services/review.py): it is read again before they
// lapse, so Preview and Download always work on a page left open.
const DOSSIER_REFRESH_MS = 4 * 60_000;

export function useReviewClaim(claimId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: keys.reviewClaim(claimId),
    queryFn: async () =>
      (
        await ok(
          client.GET("/review/claims/{claim_id}", {
            params: { path: { claim_id: claimId } },
          }),
        )
      ).data as unknown as ReviewClaim,
    refetchInterval: DOSSIER_REFRESH_MS,
  });
}

/** After a reviewer's action: the dossier and every queue tab are read again. */
export function invalidateReview(queryClient: QueryClient, claimId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.reviewClaim(claimId) }),
    queryClient.invalidateQueries({ queryKey: keys.allReviewQueues }),
  ]);
}

/** The API's words for codes in a locale; the catalogue's words stand in until (or unless) they arrive. */
export function useLabelsQuery(locale: "en" | "nl", enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: keys.labels(locale),
    queryFn: async () => (await ok(client.GET("/labels", { params: { query: { locale } } }))).data as unknown as Labels,
    enabled,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
}

export function invalidateClaim(queryClient: QueryClient, claimId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.claim(claimId) }),
    queryClient.invalidateQueries({ queryKey: keys.history(claimId) }),
    queryClient.invalidateQueries({ queryKey: keys.allClaims }),
    queryClient.invalidateQueries({ queryKey: keys.allNotifications }),
  ]);
}
