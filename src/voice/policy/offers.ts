import { money, splitInstalments } from "../../platform/money";
import { addDays } from "./lines";
import type { CallContext } from "./types";

// What the agent may agree to, within the mandate's limits (R124-5: anything beyond is the creditor's
// decision, passed on by a human). Pure arithmetic on integer cents and ISO dates.

export type PromiseCheck =
  | { ok: true; date: string; amountCents: number }
  | { ok: false; problem: "past" | "too_late"; maxDate: string }
  | { ok: false; problem: "partial" };

export function checkPromise(ctx: CallContext, date: string, amountCents: number | undefined): PromiseCheck {
  const maxDate = addDays(ctx.today, ctx.planLimits.maxFirstPaymentDelayDays);
  if (date < ctx.today) return { ok: false, problem: "past", maxDate };
  if (date > maxDate) return { ok: false, problem: "too_late", maxDate };
  const amount = amountCents === undefined ? ctx.balanceCents : Math.min(amountCents, ctx.balanceCents);
  if (amount < ctx.balanceCents) return { ok: false, problem: "partial" };
  return { ok: true, date, amountCents: amount };
}

export interface PlanOffer {
  instalments: number;
  instalmentCents: number;
  firstDate: string;
}

/**
 * The plan the agent may offer: the debtor's number of instalments when it fits the mandate,
 * otherwise the most instalments the mandate allows with each at least its minimum. Null when the
 * balance is too small to split at all.
 */
export function planOffer(
  ctx: CallContext,
  requested: number | undefined,
  firstDate?: string,
): PlanOffer | null {
  const { maxInstalments, minInstalmentCents, maxFirstPaymentDelayDays } = ctx.planLimits;
  const fits = (n: number) =>
    n >= 2 && n <= maxInstalments && Math.floor(ctx.balanceCents / n) >= minInstalmentCents;
  let n = requested !== undefined && fits(requested) ? requested : 0;
  if (n === 0) {
    n = Math.min(maxInstalments, Math.floor(ctx.balanceCents / Math.max(1, minInstalmentCents)));
    if (!fits(n)) return null;
  }
  const latest = addDays(ctx.today, maxFirstPaymentDelayDays);
  const first =
    firstDate && firstDate >= ctx.today && firstDate <= latest
      ? firstDate
      : addDays(ctx.today, Math.min(7, maxFirstPaymentDelayDays));
  // The first instalment carries the odd cents (money.ts); the agent quotes the regular one.
  const parts = splitInstalments(money(ctx.balanceCents, ctx.currency), n);
  return { instalments: n, instalmentCents: parts[1]?.amount ?? 0, firstDate: first };
}
