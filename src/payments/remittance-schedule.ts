import type { RemittanceTerms } from "../cases/schema";

// Pure: whether a creditor's funds are to be paid over in a run today, by the mandate's terms
// (CPCE R124-3 4°: the convention says how funds are remitted) and never later than the legal deadline
// (R124-6, FR-10: one month from encashment unless the mandate says less).

/** A payment due for remittance within this many days is paid over now, whatever the schedule. */
export const DEADLINE_MARGIN_DAYS = 3;

export type RemittanceDecision =
  | { due: true; reason: "deadline" | "schedule" | "requested" }
  | { due: false; reason: "nothing_held" | "below_threshold" | "not_yet" };

export interface HeldFunds {
  heldCents: number;
  /** Earliest remittance due date among the payments not yet paid over; null when none. */
  oldestDueAt: Date | null;
  /** The creditor's last remittance, or null before the first one. */
  lastRemittanceAt: Date | null;
}

const DAY = 86_400_000;

/** The earliest day the next scheduled remittance may go, counted from the previous one. */
export function nextScheduledAt(terms: RemittanceTerms, last: Date): Date {
  switch (terms.frequency) {
    case "weekly":
      return new Date(last.getTime() + 7 * DAY);
    case "biweekly":
      return new Date(last.getTime() + 14 * DAY);
    case "monthly": {
      // Same day next month, or that month's last day (31 January → 28 February, not 3 March).
      const next = new Date(last);
      next.setUTCDate(1);
      next.setUTCMonth(next.getUTCMonth() + 1);
      const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
      next.setUTCDate(Math.min(last.getUTCDate(), lastDay));
      return next;
    }
  }
}

/**
 * A named creditor (`requested`) is paid whatever the schedule; otherwise the legal deadline comes
 * first, then the threshold, then the frequency. A first remittance is never held back by the schedule.
 */
export function remittanceDecision(
  terms: RemittanceTerms,
  funds: HeldFunds,
  now: Date,
  requested = false,
): RemittanceDecision {
  if (funds.heldCents <= 0) return { due: false, reason: "nothing_held" };
  if (requested) return { due: true, reason: "requested" };
  if (funds.oldestDueAt && funds.oldestDueAt.getTime() - now.getTime() <= DEADLINE_MARGIN_DAYS * DAY) {
    return { due: true, reason: "deadline" };
  }
  if (funds.heldCents < (terms.thresholdCents ?? 0)) return { due: false, reason: "below_threshold" };
  if (funds.lastRemittanceAt && nextScheduledAt(terms, funds.lastRemittanceAt) > now) {
    return { due: false, reason: "not_yet" };
  }
  return { due: true, reason: "schedule" };
}
