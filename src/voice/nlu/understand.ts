// The built-in French understanding: rule-based, deterministic and fast enough to run on every
// partial transcript (well under a millisecond). An LLM may replace it; the policy does not care.

import { findAmountCents, findInstalments } from "./amounts";
import { findDate } from "./dates";
import { NO, RULES, YES } from "./intents";
import { normalize } from "./normalize";
import { numberWordsToDigits } from "./numbers";
import type { Entities, Understanding } from "./types";

const CLOCK_TIME = /\b\d{1,2} ?h(?:eures?)?(?: ?\d{2})?\b|\b\d{1,2}h\d{0,2}\b/g;

/** Normalized text with French number words turned into digits, as the rules see it. */
export function prepare(text: string): string {
  return numberWordsToDigits(normalize(text));
}

export function extractEntities(prepared: string, now: Date, timeZone: string): Entities {
  const entities: Entities = {};
  const withoutTimes = prepared.replace(CLOCK_TIME, " ");
  const date = findDate(withoutTimes, now, timeZone);
  let rest = withoutTimes;
  if (date) {
    entities.date = date.date;
    rest = `${rest.slice(0, date.index)} _ ${rest.slice(date.index + date.length)}`;
  }
  const instalments = findInstalments(rest);
  if (instalments !== null) entities.instalments = instalments;
  const amount = findAmountCents(rest);
  if (amount !== null && amount > 0) entities.amountCents = amount;
  if (YES.test(prepared)) entities.yesNo = "yes";
  else if (NO.test(prepared)) entities.yesNo = "no";
  return entities;
}

/**
 * Understands one debtor utterance. `now` and `timeZone` (the debtor's, e.g. "Europe/Paris")
 * anchor relative dates such as "vendredi" or "fin du mois".
 */
export function understand(text: string, now: Date, timeZone: string): Understanding {
  const prepared = prepare(text);
  const entities = extractEntities(prepared, now, timeZone);
  const utterance = { text: prepared, entities };
  const matched: { intent: Understanding["intent"]; strength: number }[] = [];
  for (const rule of RULES) {
    const strength = rule.test(utterance);
    if (strength > 0 && !matched.some((m) => m.intent === rule.intent))
      matched.push({ intent: rule.intent, strength });
  }
  const [best, ...others] = matched;
  if (!best) return { intent: "unknown", confidence: 0, entities, alternatives: [] };
  return {
    intent: best.intent,
    confidence: best.strength,
    entities,
    alternatives: others.map((m) => m.intent),
  };
}

/**
 * Runs every rule once so the first debtor of a process does not pay for it: V8 compiles a regular
 * expression on its first use, and luxon builds a time zone's formatter on its first date. Measured
 * on the media stream, the first turns of a fresh process were the slowest (docs/benchmarks.md).
 */
export function warmUp(timeZone = "Europe/Paris", now = new Date()): void {
  for (const text of [
    "zzz",
    "oui c'est moi",
    "je vous paierai vendredi prochain deux cent euros",
    "le 15 ou à la fin du mois en trois fois",
  ])
    understand(text, now, timeZone);
}
