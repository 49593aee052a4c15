import { and, asc, eq, sql } from "drizzle-orm";
import { B2B_INDEMNITY_CENTS } from "../cases/create-case";
import { cases, claims, debtors, mandates } from "../cases/schema";
import { accrueInterest, legalRateBp, penaltyRateBp } from "../law/fr/late-interest";
import type { Executor } from "../platform/db/client";
import { notFound } from "../platform/errors";
import { CLAIM_COMPONENTS, type ClaimBalance, type ClaimComponent, money } from "../platform/money";
import { allocations, payments } from "./schema";

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
 * What each claim still owes on `asOf`, per component: the claim's principal, the B2B indemnity of
 * D441-5, the late interest accrued to that day when the mandate claims it (late-interest.ts), less
 * the allocations. Agency fees are never a component (L111-8).
 */
export async function loadCaseClaims(
  tx: Executor,
  caseId: string,
  currency: string,
  asOf: Date,
): Promise<CaseClaims> {
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
  const accrued = await lateInterest(tx, caseId, claimRows, asOf);
  const buckets = claimRows.map((c) => {
    const p = paid.get(c.id)!;
    const due: Record<ClaimComponent, number> = {
      interest: accrued.get(c.id)?.interest ?? 0,
      penalties: accrued.get(c.id)?.penalties ?? 0,
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

/**
 * Interest and penalties accrued per claim to `asOf` (Europe/Paris calendar day), by what the
 * case's mandate claims and each claim's terms:
 * - a business debtor's `commercial` claim earns L441-10 penalties from the day after its due date; a
 *   `contractual` one its own rate, never below three times the legal rate (FR-13);
 * - a `legal` claim earns legal interest from the formal notice's sending (C. civ. 1231-6), none before.
 * Principal paid is taken on the day the money was encashed (a reversal on the day it was made).
 */
async function lateInterest(
  tx: Executor,
  caseId: string,
  claimRows: ClaimRow[],
  asOf: Date,
): Promise<Map<string, { interest: number; penalties: number }>> {
  const result = new Map<string, { interest: number; penalties: number }>();
  const [ctx] = await tx
    .select({ terms: mandates.lateInterest, debtorKind: debtors.kind })
    .from(cases)
    .innerJoin(mandates, eq(mandates.id, cases.mandateId))
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(eq(cases.id, caseId));
  if (!ctx || (!ctx.terms.b2bPenalties && !ctx.terms.legalInterest)) return result;
  const moves = await tx
    .select({
      claimId: allocations.claimId,
      cents: allocations.amountCents,
      at: sql<
        Date | string
      >`case when ${allocations.amountCents} > 0 then ${payments.encashedAt} else ${allocations.createdAt} end`,
    })
    .from(allocations)
    .innerJoin(payments, eq(payments.id, allocations.paymentId))
    .where(and(eq(allocations.caseId, caseId), eq(allocations.component, "principal")));
  const today = parisDay(asOf);
  const notice = ctx.terms.legalInterest ? await formalNoticeDay(tx, caseId) : null;
  for (const c of claimRows) {
    const repayments = moves
      .filter((m) => m.claimId === c.id)
      .map((m) => ({ date: parisDay(new Date(m.at)), cents: m.cents }));
    const accrue = (startDate: string, rateBp: (d: string) => number | null) =>
      accrueInterest({ principalCents: c.principalCents, startDate, asOf: today, repayments, rateBp }).cents;
    const kind = c.interestTerms.kind;
    const business = ctx.debtorKind === "company";
    let penalties = 0;
    let interest = 0;
    if (business && ctx.terms.b2bPenalties && (kind === "commercial" || kind === "contractual")) {
      const contractual = kind === "contractual" ? (c.interestTerms.rateBp ?? null) : null;
      penalties = accrue(c.dueDate, (d) => {
        if (contractual === null) return penaltyRateBp(d);
        const legal = legalRateBp(d);
        return legal === null ? contractual : Math.max(contractual, 3 * legal);
      });
    } else if (ctx.terms.legalInterest && notice && (kind === "legal" || kind === "contractual")) {
      const contractual = kind === "contractual" ? (c.interestTerms.rateBp ?? null) : null;
      interest = accrue(notice > c.dueDate ? notice : c.dueDate, (d) => contractual ?? legalRateBp(d));
    }
    result.set(c.id, { interest, penalties });
  }
  return result;
}

const parisDay = (at: Date) => at.toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" });

/** The day the formal notice (mise en demeure) went out, if it did: legal interest runs from it. */
async function formalNoticeDay(tx: Executor, caseId: string): Promise<string | null> {
  const [row] = (
    (await tx.execute(sql`select min(sent_at) as at from outbox
      where case_id = ${caseId} and template like 'formal_notice%' and state in ('sent', 'delivered')`)) as unknown as {
      rows: { at: string | Date | null }[];
    }
  ).rows;
  return row?.at ? parisDay(new Date(row.at)) : null;
}

/** Writes the per-claim paid totals and the case balance back after allocations changed. */
export async function syncCaseBalance(
  tx: Executor,
  caseId: string,
  currency: string,
  now: Date,
): Promise<number> {
  const { claims: rows, buckets, paid } = await loadCaseClaims(tx, caseId, currency, now);
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
