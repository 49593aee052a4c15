import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { AtRiskPayment } from "../../../../src/payments/at-risk";
import { api } from "../../shared/api";
import type { Page, Remittance } from "../money/remittances";

// The agency's remittance API (src/payments/http/remittance-routes.ts) as the back office reads it.

export interface RemittanceRun {
  id: string;
  reference: string;
  executionDate: string;
  transferCount: number;
  totalCents: number;
  currency: string;
  createdAt: string;
}

export interface RunCandidate {
  creditorId: string;
  creditorRef: string;
  creditorName: string;
  heldCents: number;
  paymentCount: number;
  oldestDueAt: string | null;
  decision: { due: boolean; reason: string };
  blocked: "missing_iban" | "no_mandate" | null;
}

export interface RunResult {
  dryRun: boolean;
  run: { id: string; reference: string; transferCount: number; totalCents: number } | null;
  candidates: RunCandidate[];
}

export type Mark =
  | { status: "sent" }
  | { status: "paid"; executedOn: string }
  | { status: "rejected"; reason: string };

export interface MarkTarget {
  kind: "run" | "remittance";
  id: string;
  reference: string;
}

/** Every query of the page: one invalidation refreshes them all after a run or a mark. */
export const REMITTANCES_KEY = ["remittances"] as const;
const PAGE = 50;

export const atRiskQuery = queryOptions({
  queryKey: [...REMITTANCES_KEY, "at-risk"],
  queryFn: ({ signal }) =>
    api.get<{ items: AtRiskPayment[] }>("/api/agency/remittances/at-risk", {
      query: { withinDays: 7 },
      signal,
    }),
});

export function runsQuery(enabled: boolean) {
  return infiniteQueryOptions({
    queryKey: [...REMITTANCES_KEY, "runs"],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<RemittanceRun>>("/api/agency/remittance-runs", {
        query: { limit: PAGE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled,
  });
}

export const remittancesQuery = infiniteQueryOptions({
  queryKey: [...REMITTANCES_KEY, "list"],
  queryFn: ({ pageParam, signal }) =>
    api.get<Page<Remittance>>("/api/agency/remittances", {
      query: { limit: PAGE, cursor: pageParam },
      signal,
    }),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (page) => page.nextCursor ?? undefined,
});

/** A run for every creditor due, or for one creditor whatever its schedule. */
export function runRemittance(dryRun: boolean, creditorId?: string): Promise<RunResult> {
  return api.post<RunResult>("/api/agency/remittance-runs", {
    dryRun,
    ...(creditorId ? { creditorId } : {}),
  });
}

export function markTarget(target: MarkTarget, mark: Mark) {
  const path = target.kind === "run" ? "remittance-runs" : "remittances";
  return api.post<{ items: { reference: string; to: string }[] }>(
    `/api/agency/${path}/${encodeURIComponent(target.id)}/status`,
    mark,
  );
}
