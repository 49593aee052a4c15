import { queryOptions } from "@tanstack/react-query";
import { api, isApiError } from "../../shared/api";

/** What `GET /api/portal/:token` answers before the identity check: who sent the link. */
export interface PortalLink {
  agency: { name: string };
}

/** Answers that mean the link itself is no good (unknown, expired, revoked, malformed). */
export function isInvalidLink(error: unknown): boolean {
  return (
    isApiError(error) &&
    (error.status === 404 ||
      error.status === 410 ||
      error.status === 401 ||
      error.status === 403 ||
      error.status === 400)
  );
}

export function portalLinkQuery(token: string) {
  return queryOptions({
    queryKey: ["portal", token],
    queryFn: ({ signal }) =>
      // A debtor has no account: a 401 here is about the link, never a reason to show the login page.
      api.get<PortalLink>(`/api/portal/${encodeURIComponent(token)}`, { signal, redirectOn401: false }),
    retry: (failureCount, error) => !isInvalidLink(error) && failureCount < 2,
    staleTime: 5 * 60_000,
  });
}
