// Pure: the work queue's ranking heuristic until a scoring model exists. Expected value of working a
// case now = p(payment) × balance × commission rate − cost of the next action. Every figure is
// explained in docs/work-queue.md; the SQL in work-queue.ts is generated from these tables so the
// two cannot drift apart.

import type { HoldReason, Phase } from "./case-lifecycle";

/** Age of the debt (days since the oldest unpaid due date) → base probability of any payment. */
export const AGE_BANDS: readonly { maxDays: number | null; p: number }[] = [
  { maxDays: 30, p: 0.55 },
  { maxDays: 90, p: 0.4 },
  { maxDays: 180, p: 0.25 },
  { maxDays: 365, p: 0.15 },
  { maxDays: null, p: 0.07 },
];

/** Businesses pay more often once reminded (their supplier relation is at stake); persons less. */
export const KIND_FACTOR: Record<"person" | "company", number> = { company: 1.1, person: 0.9 };

/** A debtor who has already paid something is the best predictor of paying again. */
export const PAID_BEFORE_FACTOR = 1.4;

/** What the current hold says about the outcome; a legal bar means nothing may be collected. */
export const HOLD_FACTOR: Partial<Record<HoldReason, number>> = {
  promise: 1.5,
  payment_plan: 1.5,
  payment_pending: 1.6,
  payment_verification: 1.6,
  appointment: 1.2,
  dispute: 0.3,
  opt_out: 0.6,
  creditor_request: 0.5,
  prescribed: 0,
  insolvency: 0,
};

export const MAX_P = 0.95;

/** Cost in cents of the next action a person takes on the case, by phase. */
export const NEXT_ACTION_COST_CENTS: Record<Phase, number> = {
  // A human call: about six minutes of an agent's time, loaded.
  amicable: 300,
  // A call plus the registered formal notice it usually leads to.
  pre_litigation: 800,
  // Preparing an injonction de payer file or a hand-over to the judicial partner.
  judicial: 3500,
  closed: 0,
};

export interface ExpectedValueInput {
  ageDays: number;
  debtorKind: "person" | "company";
  paidBefore: boolean;
  holdReason: HoldReason | null;
  balanceCents: number;
  commissionRateBp: number;
  phase: Phase;
}

export function paymentProbability(
  input: Omit<ExpectedValueInput, "balanceCents" | "commissionRateBp" | "phase">,
): number {
  const band = AGE_BANDS.find((b) => b.maxDays === null || input.ageDays <= b.maxDays) ?? AGE_BANDS.at(-1)!;
  let p = band.p * KIND_FACTOR[input.debtorKind];
  if (input.paidBefore) p *= PAID_BEFORE_FACTOR;
  if (input.holdReason) p *= HOLD_FACTOR[input.holdReason] ?? 1;
  return Math.min(MAX_P, p);
}

/** Expected commission in cents of working the case now, net of the action's cost. */
export function expectedValueCents(input: ExpectedValueInput): number {
  const p = paymentProbability(input);
  return (
    Math.floor((p * input.balanceCents * input.commissionRateBp) / 10_000) -
    NEXT_ACTION_COST_CENTS[input.phase]
  );
}
