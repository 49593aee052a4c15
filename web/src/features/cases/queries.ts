import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api } from "../../shared/api";
import { isLiveConnected } from "../live/live-stream";
import type { CaseDetail, CaseDocument, CaseFilters, CaseList, CaseScope, ContactPoint } from "./types";

const PAGE_SIZE = 50;

/** The agency reads every creditor's cases; a creditor reads its own through the creditor API v1. */
export const BASE: Record<CaseScope, string> = { agency: "/api/agency", creditor: "/api/v1" };

export function casesQuery(scope: CaseScope, filters: CaseFilters) {
  return infiniteQueryOptions({
    queryKey: ["cases", scope, "list", filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<CaseList>(`${BASE[scope]}/cases`, {
        query: {
          limit: PAGE_SIZE,
          cursor: pageParam,
          q: filters.q,
          phase: filters.phase,
          status: filters.status,
        },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/**
 * `live`: the page follows what agents, the engine and payments do. The live stream refetches it on
 * each change of the case; it is polled every few seconds only while the stream is down.
 */
export function caseQuery(scope: CaseScope, caseId: string, live = false) {
  return queryOptions({
    queryKey: ["cases", scope, "detail", caseId],
    queryFn: ({ signal }) =>
      api.get<CaseDetail>(`${BASE[scope]}/cases/${encodeURIComponent(caseId)}`, { signal }),
    refetchInterval: live ? () => (isLiveConnected() ? false : 5_000) : false,
  });
}

export function contactPointsQuery(scope: CaseScope, caseId: string) {
  return queryOptions({
    queryKey: ["cases", scope, "contact-points", caseId],
    queryFn: ({ signal }) =>
      api
        .get<{ items: ContactPoint[] }>(`${BASE[scope]}/cases/${encodeURIComponent(caseId)}/contact-points`, {
          signal,
        })
        .then((r) => r.items),
  });
}

export function documentsQuery(scope: CaseScope, caseId: string) {
  return queryOptions({
    queryKey: ["cases", scope, "documents", caseId],
    queryFn: ({ signal }) =>
      api
        .get<{ items: CaseDocument[] }>(`${BASE[scope]}/cases/${encodeURIComponent(caseId)}/documents`, {
          signal,
        })
        .then((r) => r.items),
  });
}

export function documentUrl(scope: CaseScope, caseId: string, documentId: string, inline = false): string {
  return `${BASE[scope]}/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(documentId)}/content${inline ? "?inline=true" : ""}`;
}
