import type { CommissionTerms } from "../cases/schema";
import { money, percentOf } from "../platform/money";

// Pure: the agency's fee on what it collected on one case (mandate, CPCE R124-3 3°). The fee is the
// creditor's to pay, never the debtor's (L111-8, FR-07): it is taken out of the funds held for the
// creditor, never added to a balance.

/**
 * Commission, VAT excluded, on `collectedCents` collected so far on one case. Degressive tiers are
 * marginal brackets: the base rate up to the first tier, each tier's rate above its threshold. The
 * minimum applies per case but never exceeds what was collected, so a small payment is not eaten twice.
 */
export function commissionOn(collectedCents: number, terms: CommissionTerms): number {
  if (collectedCents <= 0) return 0;
  const brackets = [{ fromCents: 0, rateBp: terms.rateBp }, ...terms.tiers];
  let total = 0;
  brackets.forEach((bracket, i) => {
    const upper = brackets[i + 1]?.fromCents ?? Number.POSITIVE_INFINITY;
    const slice = Math.min(collectedCents, upper) - bracket.fromCents;
    if (slice > 0) total += percentOf(money(slice, "EUR"), bracket.rateBp, "half-up").amount;
  });
  return Math.min(collectedCents, Math.max(total, terms.minimumCents));
}

export interface CommissionDelta {
  commissionCents: number;
  vatCents: number;
}

/**
 * What one movement (a payment, or a negative reversal) adds to the fee: the difference of the fee on
 * the case's cumulative collection before and after. Computing from cumulative totals makes a refund
 * undo exactly what its payment charged, with no rounding drift.
 */
export function commissionDelta(
  beforeCents: number,
  afterCents: number,
  terms: CommissionTerms,
): CommissionDelta {
  const fee = (x: number) => commissionOn(x, terms);
  const vat = (x: number) => percentOf(money(fee(x), "EUR"), terms.vatRateBp, "half-up").amount;
  return {
    commissionCents: fee(afterCents) - fee(beforeCents),
    vatCents: vat(afterCents) - vat(beforeCents),
  };
}
