import { sayAmount, sayDate } from "./lines";
import type { Turn } from "./turn";

// Amounts and dates as the agent says them, in the call's language.

export function dateWords(turn: Turn, isoDate: string): string {
  return sayDate(isoDate, turn.locale);
}

export function amountWords(turn: Turn, cents: number): string {
  return sayAmount(cents, turn.ctx.currency, turn.locale);
}

export function promiseVars(turn: Turn, amountCents: number, date: string): Record<string, string> {
  return { amount: amountWords(turn, amountCents), date: dateWords(turn, date) };
}

export function planVars(
  turn: Turn,
  plan: { instalments: number; instalmentCents: number; firstDate: string },
): Record<string, string | number> {
  return {
    instalments: plan.instalments,
    instalment: amountWords(turn, plan.instalmentCents),
    date: dateWords(turn, plan.firstDate),
  };
}
