import type { Understanding } from "../nlu/types";
import type { CallContext, PolicyState, Suggestion } from "../policy/types";
import type { TranscriptEntry } from "../schema";

// A brain interprets what the debtor said. The built-in NLU and an LLM answer the same question;
// the dialogue policy decides what happens either way.

export interface BrainTurn {
  text: string;
  ctx: CallContext;
  state: PolicyState;
  history: readonly TranscriptEntry[];
  now: Date;
  timeZone: string;
}

export interface Interpretation {
  understanding: Understanding;
  suggestion?: Suggestion;
  usage?: { promptTokens: number; completionTokens: number };
}

export interface Brain {
  readonly name: string;
  interpret(turn: BrainTurn): Promise<Interpretation>;
}
