import { queryOptions } from "@tanstack/react-query";
import { api, isApiError } from "../../shared/api";
import { PORTAL_SESSION_HEADER } from "./session";

/** What `GET /api/portal/:token` answers before the identity check: who sent the link. */
export interface PortalLink {
  agency: { name: string };
  identityCheck: "person" | "company";
  locked: boolean;
}

/** What the debtor sees once past the identity check (src/portal/portal-case.ts). Amounts in cents. */
export interface PortalCase {
  agency: { name: string };
  creditor: { name: string };
  debtorKind: "person" | "company";
  reference: string;
  paymentReference: string;
  firstLetter: { reference: string; date: string } | null;
  currency: string;
  status: "open" | "paused" | "closed";
  holdReason: string | null;
  claims: {
    id: string;
    number: string;
    issueDate: string;
    dueDate: string;
    principal: number;
    interest: number;
    indemnity: number;
    paid: number;
    outstanding: number;
  }[];
  totals: { principal: number; interest: number; indemnity: number; paid: number; outstanding: number };
  payments: {
    id: string;
    at: string;
    amount: number;
    status: string;
    receiptDocumentId: string | null;
    receiptNumber: string;
    paymentLinkId: string | null;
  }[];
  documents: { id: string; kind: string; filename: string; claimId: string | null }[];
  plan: {
    id: string;
    instalments: { seq: number; dueDate: string; amount: number; paid: number; status: string }[];
  } | null;
  promise: { dueDate: string; amount: number } | null;
  planOptions: { maxInstalments: number; minInstalment: number; latestFirstDate: string };
}

export interface PlanQuote {
  totalCents: number;
  instalments: { seq: number; dueDate: string; amountCents: number }[];
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

const base = (token: string) => `/api/portal/${encodeURIComponent(token)}`;

export function portalLinkQuery(token: string) {
  return queryOptions({
    queryKey: ["portal", token],
    queryFn: ({ signal }) =>
      // A debtor has no account: a 401 here is about the link, never a reason to show the login page.
      api.get<PortalLink>(base(token), { signal, redirectOn401: false }),
    retry: (failureCount, error) => !isInvalidLink(error) && failureCount < 2,
    staleTime: 5 * 60_000,
  });
}

export function portalCaseQuery(token: string, session: string) {
  return queryOptions({
    queryKey: ["portal", token, "case", session],
    queryFn: ({ signal }) =>
      api.get<PortalCase>(`${base(token)}/case`, {
        signal,
        redirectOn401: false,
        headers: { [PORTAL_SESSION_HEADER]: session },
      }),
    retry: (failureCount, error) => !isApiError(error, "unauthenticated") && failureCount < 2,
  });
}

/** A call of the portal API on behalf of the debtor's session. */
export function portalPost<T>(token: string, session: string, path: string, body: unknown): Promise<T> {
  return api.post<T>(`${base(token)}${path}`, body, {
    redirectOn401: false,
    headers: { [PORTAL_SESSION_HEADER]: session },
  });
}

/**
 * Downloads an invoice or a receipt. The session is a header, so a plain link cannot carry it: the
 * file is fetched, then handed to the browser as a download.
 */
export async function downloadPortalDocument(
  token: string,
  session: string,
  documentId: string,
  filename: string,
): Promise<void> {
  const response = await fetch(`${base(token)}/documents/${encodeURIComponent(documentId)}`, {
    headers: { [PORTAL_SESSION_HEADER]: session },
  });
  if (!response.ok) throw new Error(`download failed: ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
