import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api } from "../../shared/api";
import type { CaseDetail, CaseFilters, CaseList, CaseScope } from "./types";

const PAGE_SIZE = 50;

/** The agency reads every creditor's cases; a creditor reads its own through the creditor API v1. */
const BASE: Record<CaseScope, string> = { agency: "/api/agency", creditor: "/api/v1" };

export function casesQuery(scope: CaseScope, filters: CaseFilters) {
  return infiniteQueryOptions({
    queryKey: ["cases", scope, "list", filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<CaseList>(`${BASE[scope]}/cases`, {
        query: { limit: PAGE_SIZE, cursor: pageParam, q: filters.q, phase: filters.phase },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function caseQuery(scope: CaseScope, caseId: string) {
  return queryOptions({
    queryKey: ["cases", scope, "detail", caseId],
    queryFn: ({ signal }) =>
      api.get<CaseDetail>(`${BASE[scope]}/cases/${encodeURIComponent(caseId)}`, { signal }),
  });
}
