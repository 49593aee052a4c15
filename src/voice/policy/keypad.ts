import type { Understanding } from "../nlu/types";

// Keys the debtor may press instead of speaking (Twilio `dtmf` events). They mean what the same words
// would, so the policy's right-party check, opt-out and transfer rules apply unchanged:
// 1 yes (it is me / that is right), 2 no, 0 a human, 9 stop calling me. Other keys mean nothing.

const KEYS: Record<string, Understanding["intent"]> = {
  "1": "affirm",
  "2": "deny",
  "0": "wants_human",
  "9": "opt_out",
};

export function keypadUnderstanding(digit: string): Understanding {
  const intent = KEYS[digit] ?? "unknown";
  const yesNo = intent === "affirm" ? "yes" : intent === "deny" ? "no" : undefined;
  return {
    intent,
    confidence: intent === "unknown" ? 0 : 1,
    entities: yesNo ? { yesNo } : {},
    alternatives: [],
  };
}
