import { and, asc, eq, sql } from "drizzle-orm";
import { B2B_INDEMNITY_CENTS } from "../cases/create-case";
import { cases, claims } from "../cases/schema";
import type { Executor } from "../platform/db/client";
import { notFound } from "../platform/errors";
import { CLAIM_COMPONENTS, type ClaimBalance, type ClaimComponent, money } from "../platform/money";
import { allocations } from "./schema";

export type CaseRow = typeof cases.$inferSelect;
export type ClaimRow = typeof claims.$inferSelect;

/** Locks the case row: every money movement on a case is serialised on it (no double allocation). */
export async function lockCase(tx: Executor, caseId: string): Promise<CaseRow> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for("update");
  if (!row) throw notFound("Case");
  return row;
}

export interface CaseClaims {
  claims: ClaimRow[];
  /** Per claim, what is still owed per component. */
  buckets: ClaimBalance[];
  /** Per claim and component, what is paid (net of reversals). */
  paid: Map<string, Record<ClaimComponent, number>>;
}

/**
 * What each claim still owes, per component: the claim's amounts (principal, the B2B indemnity of
 * D441-5; interest is not accrued by the platform yet, so it owes nothing) less the allocations.
 * Agency fees are never a component (L111-8).
 */
export async function loadCaseClaims(tx: Executor, caseId: string, currency: string): Promise<CaseClaims> {
  const claimRows = await tx
    .select()
    .from(claims)
    .where(eq(claims.caseId, caseId))
    .orderBy(asc(claims.dueDate));
  const sums = await tx
    .select({
      claimId: allocations.claimId,
      component: allocations.component,
      total: sql<string>`sum(${allocations.amountCents})`,
    })
    .from(allocations)
    .where(eq(allocations.caseId, caseId))
    .groupBy(allocations.claimId, allocations.component);
  const paid = new Map<string, Record<ClaimComponent, number>>();
  for (const c of claimRows) {
    paid.set(c.id, Object.fromEntries(CLAIM_COMPONENTS.map((k) => [k, 0])) as Record<ClaimComponent, number>);
  }
  for (const s of sums) {
    const entry = paid.get(s.claimId);
    if (entry) entry[s.component] = Number(s.total);
  }
  const buckets = claimRows.map((c) => {
    const p = paid.get(c.id)!;
    const due: Record<ClaimComponent, number> = {
      interest: 0,
      penalties: 0,
      indemnity: c.b2bIndemnity ? B2B_INDEMNITY_CENTS : 0,
      principal: c.principalCents,
    };
    return {
      claimId: c.id,
      dueDate: c.dueDate,
      issueDate: c.issueDate,
      owed: Object.fromEntries(
        CLAIM_COMPONENTS.map((k) => [k, money(Math.max(0, due[k] - p[k]), currency)]),
      ) as ClaimBalance["owed"],
    };
  });
  return { claims: claimRows, buckets, paid };
}

/** Writes the per-claim paid totals and the case balance back after allocations changed. */
export async function syncCaseBalance(
  tx: Executor,
  caseId: string,
  currency: string,
  now: Date,
): Promise<number> {
  const { claims: rows, buckets, paid } = await loadCaseClaims(tx, caseId, currency);
  for (const c of rows) {
    const total = Object.values(paid.get(c.id)!).reduce((a, b) => a + b, 0);
    if (total !== c.paidCents) {
      await tx
        .update(claims)
        .set({ paidCents: total })
        .where(and(eq(claims.id, c.id), eq(claims.caseId, caseId)));
    }
  }
  const balance = buckets.reduce(
    (s, b) => s + CLAIM_COMPONENTS.reduce((t, k) => t + (b.owed[k]?.amount ?? 0), 0),
    0,
  );
  await tx
    .update(cases)
    .set({ balanceCents: balance, updatedAt: now, version: sql`${cases.version} + 1` })
    .where(eq(cases.id, caseId));
  return balance;
}

/** What was collected on a case so far, net of reversals: the base of the agency's fee. */
export async function collectedOnCase(tx: Executor, caseId: string): Promise<number> {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${allocations.amountCents}), 0)` })
    .from(allocations)
    .where(eq(allocations.caseId, caseId));
  return Number(row?.total ?? 0);
}
