import type { Entities, Intent, Understanding } from "../nlu/types";
import { understand } from "../nlu/understand";
import { TOOL_NAMES, type ToolName } from "../personas/persona";
import { sayAmount } from "../policy/lines";
import type { Suggestion } from "../policy/types";
import type { Brain, BrainTurn } from "./brain";
import { type ChatMessage, type ChatTool, streamChat } from "./openai-chat";

// An LLM behind the same policy. It reads the debtor and may propose words and one tool; the tool is
// turned into an intent with entities and the policy decides (it may refuse); the words are spoken
// only where the policy allows free speech and after the guard. The LLM never learns the debt before
// the right person confirmed: what it does not know, it cannot leak.

export interface LlmConfig {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Per-turn budget; past it the built-in understanding answers alone. */
  timeoutMs?: number;
}

const date = { type: "string", description: "YYYY-MM-DD in the debtor's time zone" };
const text = { type: "string" };

/** The policy's tools plus the readings only the conversation can give (identity, hardship, care). */
const TOOLS: (ChatTool & { intent: Intent })[] = [
  {
    name: "confirm_identity",
    intent: "identity_confirmed",
    description: "The person on the line confirmed being the debtor.",
    parameters: obj({}),
  },
  {
    name: "report_third_party",
    intent: "third_party",
    description: "Someone else answered (family, colleague).",
    parameters: obj({}),
  },
  {
    name: "mark_wrong_number",
    intent: "wrong_number",
    description: "The number does not belong to the debtor.",
    parameters: obj({}),
  },
  {
    name: "send_payment_link",
    intent: "pay_now",
    description: "The debtor wants to pay now or wants the payment link.",
    parameters: obj({}),
  },
  {
    name: "record_promise",
    intent: "promise",
    description: "The debtor promises to pay on a date.",
    parameters: obj({ date, amount_cents: { type: "integer" } }, ["date"]),
  },
  {
    name: "propose_plan",
    intent: "payment_plan",
    description: "The debtor asks to pay in instalments.",
    parameters: obj({ instalments: { type: "integer" } }),
  },
  {
    name: "report_hardship",
    intent: "hardship",
    description: "The debtor cannot pay for financial reasons.",
    parameters: obj({ statement: text }),
  },
  {
    name: "record_dispute",
    intent: "dispute",
    description: "The debtor disputes the claim.",
    parameters: obj({ statement: text }),
  },
  {
    name: "report_already_paid",
    intent: "already_paid",
    description: "The debtor says it is already paid.",
    parameters: obj({ statement: text }),
  },
  {
    name: "schedule_callback",
    intent: "call_later",
    description: "The debtor asks to be called later.",
    parameters: obj({ date }),
  },
  {
    name: "transfer_to_human",
    intent: "wants_human",
    description: "The debtor wants a human.",
    parameters: obj({}),
  },
  {
    name: "book_appointment",
    intent: "wants_human",
    description: "The debtor wants a meeting with a collector.",
    parameters: obj({ date }),
  },
  {
    name: "opt_out_of_calls",
    intent: "opt_out",
    description: "The debtor asks not to be called again.",
    parameters: obj({}),
  },
  {
    name: "flag_distress",
    intent: "distress",
    description: "The debtor is in distress (illness, bereavement, despair).",
    parameters: obj({}),
  },
  {
    name: "flag_abuse",
    intent: "abuse",
    description: "The debtor is abusive or threatening.",
    parameters: obj({}),
  },
  {
    name: "end_call",
    intent: "goodbye",
    description: "The debtor ends the conversation.",
    parameters: obj({}),
  },
];

function obj(properties: Record<string, unknown>, required: string[] = []) {
  return { type: "object", properties, required, additionalProperties: false };
}

export function systemPrompt(turn: BrainTurn): string {
  const { ctx, state } = turn;
  const lang = ctx.locale === "fr" ? "French" : "English";
  const facts = state.rightParty
    ? `The debtor confirmed their identity. Facts you may use: creditor ${ctx.creditorName}; amount ${sayAmount(ctx.balanceCents, ctx.currency, ctx.locale)}; reference ${ctx.firstLetterRef ?? "-"}.`
    : `Identity NOT confirmed yet: you know nothing about any debt; ask only whether you speak with ${ctx.debtorName}.`;
  return [
    `You are ${ctx.persona.name}, an AI voice assistant of the collection agency ${ctx.agencyName}, tone ${ctx.persona.tone}. Speak ${lang}, one or two short sentences.`,
    `Today is ${ctx.today}. ${facts}`,
    `Pending question: ${state.question || "none"}.`,
    "Call a tool when the debtor's words match one; otherwise answer briefly. Never threaten, never mention bailiffs, credit files or fees.",
  ].join("\n");
}

/** The tool the LLM chose, as the policy reads debtor intents. */
export function toUnderstanding(name: string, args: Record<string, unknown> | null): Understanding | null {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) return null;
  const entities: Entities = {};
  const a = args ?? {};
  if (typeof a.date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(a.date)) entities.date = a.date;
  if (Number.isSafeInteger(a.amount_cents) && (a.amount_cents as number) > 0)
    entities.amountCents = a.amount_cents as number;
  if (Number.isSafeInteger(a.instalments) && (a.instalments as number) > 0)
    entities.instalments = a.instalments as number;
  return { intent: tool.intent, confidence: 0.9, entities, alternatives: [] };
}

export function llmBrain(config: LlmConfig): Brain {
  return {
    name: `llm:${config.model}`,
    async interpret(turn) {
      // The rules read yes/no and dates for free; the LLM adds what only a model can read.
      const rules = understand(turn.text, turn.now, turn.timeZone);
      const messages: ChatMessage[] = [
        { role: "system", content: systemPrompt(turn) },
        ...turn.history
          .filter((e) => e.speaker !== "system")
          .slice(-12)
          .map((e): ChatMessage => ({ role: e.speaker === "agent" ? "assistant" : "user", content: e.text })),
      ];
      if (turn.history.at(-1)?.text !== turn.text) messages.push({ role: "user", content: turn.text });
      let reply = "";
      let chosen: { name: string; args: Record<string, unknown> | null } | null = null;
      let usage: { promptTokens: number; completionTokens: number } | undefined;
      const signal = AbortSignal.timeout(config.timeoutMs ?? 4000);
      try {
        for await (const event of streamChat({
          ...config,
          messages,
          tools: TOOLS.map(({ intent: _, ...t }) => t),
          signal,
        })) {
          if (event.type === "text") reply += event.delta;
          else if (event.type === "tool_call" && !chosen)
            chosen = { name: event.name, args: event.arguments };
          else if (event.type === "usage")
            usage = { promptTokens: event.promptTokens, completionTokens: event.completionTokens };
        }
      } catch {
        // A slow or failing model must not leave the debtor in silence: the rules answer.
        return { understanding: rules };
      }
      const fromTool = chosen ? toUnderstanding(chosen.name, chosen.args) : null;
      const suggestion: Suggestion = {};
      if (reply.trim()) suggestion.text = reply.trim();
      if (chosen && (TOOL_NAMES as readonly string[]).includes(chosen.name)) {
        suggestion.tool = { name: chosen.name as ToolName, args: chosen.args ?? {} };
      }
      return {
        understanding: fromTool
          ? { ...fromTool, entities: { ...rules.entities, ...fromTool.entities } }
          : rules,
        suggestion,
        ...(usage ? { usage } : {}),
      };
    },
  };
}
