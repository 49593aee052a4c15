import { z } from "zod";

// A client for OpenAI-compatible chat completions with streaming (SSE) and tool calls. The same code
// talks to OpenAI, Mistral, vLLM and Ollama: only the base URL ("…/v1") and key change. Parsing is
// permissive (unknown fields ignored, "data:" with or without a space, single-chunk tool calls as
// Mistral sends them, a usage-only tail chunk).

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  baseUrl: string;
  apiKey?: string;
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  temperature?: number;
  signal?: AbortSignal;
}

export type ChatEvent =
  | { type: "text"; delta: string }
  | { type: "tool_call"; id: string; name: string; arguments: Record<string, unknown> | null; raw: string }
  | { type: "usage"; promptTokens: number; completionTokens: number }
  | { type: "finish"; reason: string };

const chunkSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        index: z.number().optional(),
        delta: z
          .looseObject({
            content: z.string().nullish(),
            tool_calls: z
              .array(
                z.looseObject({
                  index: z.number().optional(),
                  id: z.string().nullish(),
                  function: z
                    .looseObject({ name: z.string().nullish(), arguments: z.string().nullish() })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});

export class ChatError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ChatError";
  }
}

/** Streams one completion. Text arrives as it is generated; tool calls once their arguments are whole. */
export async function* streamChat(req: ChatRequest): AsyncGenerator<ChatEvent> {
  const body = {
    model: req.model,
    stream: true,
    stream_options: { include_usage: true },
    messages: req.messages,
    temperature: req.temperature ?? 0.2,
    ...(req.tools && req.tools.length > 0
      ? {
          tools: req.tools.map((t) => ({ type: "function", function: { ...t, strict: false } })),
          tool_choice: "auto",
        }
      : {}),
  };
  const response = await fetch(`${req.baseUrl.replace(/\/$/, "")}/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "text/event-stream",
      ...(req.apiKey ? { authorization: `Bearer ${req.apiKey}` } : {}),
    },
    body: JSON.stringify(body),
    signal: req.signal,
  });
  if (!response.ok || !response.body) {
    throw new ChatError(response.status, `chat completion failed with HTTP ${response.status}`);
  }
  const calls = new Map<number, { id: string; name: string; args: string }>();
  const flushCalls = function* (): Generator<ChatEvent> {
    for (const [, c] of [...calls.entries()].sort(([a], [b]) => a - b)) {
      let parsed: Record<string, unknown> | null = null;
      try {
        const value: unknown = c.args.trim() === "" ? {} : JSON.parse(c.args);
        parsed = value && typeof value === "object" ? (value as Record<string, unknown>) : null;
      } catch {
        parsed = null;
      }
      yield { type: "tool_call", id: c.id, name: c.name, arguments: parsed, raw: c.args };
    }
    calls.clear();
  };
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let cut = buffer.search(/\r?\n\r?\n/);
    while (cut !== -1) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, "");
      cut = buffer.search(/\r?\n\r?\n/);
      const data = block
        .split(/\r?\n/)
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trimStart())
        .join("\n");
      if (data === "") continue;
      if (data === "[DONE]") {
        yield* flushCalls();
        return;
      }
      const parsed = chunkSchema.safeParse(safeJson(data));
      if (!parsed.success) continue;
      const chunk = parsed.data;
      if (chunk.usage) {
        yield {
          type: "usage",
          promptTokens: chunk.usage.prompt_tokens,
          completionTokens: chunk.usage.completion_tokens,
        };
      }
      for (const choice of chunk.choices ?? []) {
        const delta = choice.delta;
        if (delta?.content) yield { type: "text", delta: delta.content };
        for (const [i, tc] of (delta?.tool_calls ?? []).entries()) {
          const index = tc.index ?? i;
          const current = calls.get(index) ?? { id: "", name: "", args: "" };
          if (tc.id) current.id = tc.id;
          if (tc.function?.name) current.name = tc.function.name;
          if (tc.function?.arguments) current.args += tc.function.arguments;
          calls.set(index, current);
        }
        if (choice.finish_reason) {
          yield* flushCalls();
          yield { type: "finish", reason: choice.finish_reason };
        }
      }
    }
  }
  yield* flushCalls();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
