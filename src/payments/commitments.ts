import type { HoldReason } from "../cases/case-lifecycle";
import type { PlanLimits } from "../cases/schema";
import type { FieldIssue } from "../platform/errors";
import { money, splitInstalments } from "../platform/money";

// Pure rules for promises and payment plans: schedules, the mandate's limits, grace periods, and
// which hold wins when several apply. Dates are ISO calendar days ("YYYY-MM-DD").

/** Days after a promised date before the promise counts as broken and the sequence resumes. */
export const PROMISE_GRACE_DAYS = 3;
/** Days after an instalment's due date before it counts as missed and the plan as broken. */
export const INSTALMENT_GRACE_DAYS = 5;
/** How long a checkout opened by the debtor keeps the sequence quiet. */
export const PAYMENT_PENDING_HOURS = 24;

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Same day of the next months; the 31st becomes the month's last day rather than spilling over. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** End of the grace period: the hold lifts at the start of the day after, in UTC. */
export function graceEnd(isoDate: string, graceDays: number): Date {
  return new Date(`${addDays(isoDate, graceDays + 1)}T00:00:00.000Z`);
}

export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export interface PlanRequest {
  totalCents: number;
  currency: string;
  instalments: number;
  firstDate: string;
}

export interface Instalment {
  seq: number;
  dueDate: string;
  amountCents: number;
}

export type PlanQuote = { ok: true; instalments: Instalment[] } | { ok: false; issues: FieldIssue[] };

/**
 * A monthly schedule for the whole balance, within the mandate's limits (number of instalments,
 * minimum instalment, latest first date). The odd cents go on the first instalment.
 */
export function quotePlan(request: PlanRequest, limits: PlanLimits, today: string): PlanQuote {
  const issues: FieldIssue[] = [];
  if (request.totalCents <= 0) issues.push({ field: "total", message: "nothing is owed" });
  if (!Number.isInteger(request.instalments) || request.instalments < 2) {
    issues.push({
      field: "instalments",
      message: "a plan has at least 2 instalments",
      value: request.instalments,
    });
  }
  if (request.instalments > limits.maxInstalments) {
    issues.push({
      field: "instalments",
      message: `at most ${limits.maxInstalments} instalments`,
      value: request.instalments,
    });
  }
  if (request.firstDate < today) {
    issues.push({ field: "firstDate", message: "cannot be in the past", value: request.firstDate });
  }
  const latest = addDays(today, limits.maxFirstPaymentDelayDays);
  if (request.firstDate > latest) {
    issues.push({ field: "firstDate", message: `must be on or before ${latest}`, value: request.firstDate });
  }
  if (issues.length > 0) return { ok: false, issues };
  const base = Math.floor(request.totalCents / request.instalments);
  if (base < limits.minInstalmentCents) {
    return {
      ok: false,
      issues: [
        {
          field: "instalments",
          message: `each instalment must be at least ${limits.minInstalmentCents} cents`,
          value: request.instalments,
        },
      ],
    };
  }
  const amounts = splitInstalments(money(request.totalCents, request.currency), request.instalments);
  return {
    ok: true,
    instalments: amounts.map((a, i) => ({
      seq: i + 1,
      dueDate: addMonths(request.firstDate, i),
      amountCents: a.amount,
    })),
  };
}

/** The most instalments the mandate allows for this balance (what a portal or an agent may offer). */
export function maxInstalmentsFor(totalCents: number, limits: PlanLimits): number {
  return Math.max(0, Math.min(limits.maxInstalments, Math.floor(totalCents / limits.minInstalmentCents)));
}

// Which hold a debtor action may replace. A dispute or a legal bar outranks any commitment; a plan
// outranks a promise; a checkout in flight only quiets a case nothing else holds.
const HOLD_RANK: Record<HoldReason, number> = {
  payment_pending: 1,
  promise: 2,
  appointment: 2,
  payment_plan: 3,
  payment_verification: 3,
  agent_decision: 3,
  dispute: 4,
  creditor_request: 5,
  opt_out: 5,
  prescribed: 6,
  insolvency: 6,
};

/** Whether a new hold may replace the current one (an expired hold always may). */
export function mayReplaceHold(
  current: { reason: HoldReason | null; until: Date | null },
  next: HoldReason,
  now: Date,
): boolean {
  if (!current.reason) return true;
  if (current.until && current.until <= now) return true;
  return HOLD_RANK[next] >= HOLD_RANK[current.reason];
}
