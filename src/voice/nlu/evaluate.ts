// Scores the understanding against a labelled corpus, so tests assert floors and a bench or the
// CLI can print the same figures. The caller loads the corpus; this module stays pure.

import type { Entities, Intent } from "./types";
import { understand } from "./understand";

export interface CorpusEntry {
  text: string;
  intent: Intent;
  entities?: Pick<Entities, "date" | "amountCents" | "instalments">;
}

export interface Corpus {
  /** ISO instant that relative dates in the corpus are resolved from. */
  now: string;
  timeZone: string;
  utterances: CorpusEntry[];
}

export interface Miss {
  text: string;
  expected: string;
  got: string;
}

export interface Evaluation {
  utterances: number;
  intentCorrect: number;
  intentAccuracy: number;
  /** Expected entity values (date, amount, instalments) found with the right value. */
  entitySlots: number;
  entityCorrect: number;
  entityAccuracy: number;
  /** Entities extracted where the corpus expects none. */
  spuriousEntities: number;
  /** Per intent: [correct, total]. */
  perIntent: Record<string, [number, number]>;
  intentMisses: Miss[];
  entityMisses: Miss[];
  meanMicroseconds: number;
}

const SLOTS = ["date", "amountCents", "instalments"] as const;

export function evaluateCorpus(corpus: Corpus, clock: () => number = () => performance.now()): Evaluation {
  const now = new Date(corpus.now);
  const perIntent: Record<string, [number, number]> = {};
  const intentMisses: Miss[] = [];
  const entityMisses: Miss[] = [];
  let intentCorrect = 0;
  let entitySlots = 0;
  let entityCorrect = 0;
  let spuriousEntities = 0;
  let elapsed = 0;
  for (const entry of corpus.utterances) {
    const started = clock();
    const result = understand(entry.text, now, corpus.timeZone);
    elapsed += clock() - started;
    const tally = perIntent[entry.intent] ?? [0, 0];
    perIntent[entry.intent] = tally;
    tally[1]++;
    if (result.intent === entry.intent) {
      intentCorrect++;
      tally[0]++;
    } else intentMisses.push({ text: entry.text, expected: entry.intent, got: result.intent });
    for (const slot of SLOTS) {
      const expected = entry.entities?.[slot];
      const got = result.entities[slot];
      if (expected === undefined) {
        if (got !== undefined) spuriousEntities++;
        continue;
      }
      entitySlots++;
      if (got === expected) entityCorrect++;
      else
        entityMisses.push({
          text: entry.text,
          expected: `${slot}=${expected}`,
          got: `${slot}=${got ?? "none"}`,
        });
    }
  }
  const n = corpus.utterances.length;
  return {
    utterances: n,
    intentCorrect,
    intentAccuracy: n === 0 ? 0 : intentCorrect / n,
    entitySlots,
    entityCorrect,
    entityAccuracy: entitySlots === 0 ? 0 : entityCorrect / entitySlots,
    spuriousEntities,
    perIntent,
    intentMisses,
    entityMisses,
    meanMicroseconds: n === 0 ? 0 : (elapsed * 1000) / n,
  };
}
