// What the built-in French understanding returns. The intent union is closed: the dialogue policy
// handles every member exhaustively, so a new intent breaks the build where it is not handled.

export const INTENTS = [
  "affirm",
  "deny",
  "identity_confirmed",
  "wrong_number",
  "third_party",
  "pay_now",
  "already_paid",
  "dispute",
  "hardship",
  "promise",
  "payment_plan",
  "call_later",
  "wants_human",
  "opt_out",
  "ask_identity",
  "ask_is_robot",
  "ask_repeat",
  "ask_amount",
  "abuse",
  "distress",
  "goodbye",
  "unknown",
] as const;
export type Intent = (typeof INTENTS)[number];

export interface Entities {
  /** Calendar date in the debtor's time zone, `YYYY-MM-DD`. */
  date?: string;
  /** A sum of money, in euro cents. */
  amountCents?: number;
  /** Number of instalments asked for ("en trois fois", "sur 6 mois"). */
  instalments?: number;
  /** The utterance opens with a plain yes or no. */
  yesNo?: "yes" | "no";
}

export interface Understanding {
  intent: Intent;
  /** 0–1. Rule strength, not a probability: policies compare it to fixed thresholds. */
  confidence: number;
  entities: Entities;
  /** Other intents the utterance also matched, strongest first (e.g. hardship behind a plan). */
  alternatives: Intent[];
}
