import http from "node:http";
import type { AddressInfo } from "node:net";

// A loopback server speaking the OpenAI chat-completions streaming protocol: each request gets the
// next scripted answer as Server-Sent Events. It records the requests for assertions.

export type Answer =
  | { text: string[] }
  | { tool: string; args: string[]; style?: "openai" | "mistral" }
  | { status: number };

export interface LlmDouble {
  baseUrl: string;
  requests: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[];
  script: Answer[];
  close(): Promise<void>;
}

export async function startLlmDouble(script: Answer[] = []): Promise<LlmDouble> {
  const requests: LlmDouble["requests"] = [];
  const state = { script };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404).end();
        return;
      }
      requests.push({ headers: req.headers, body: JSON.parse(raw) });
      const answer = state.script.shift() ?? { text: ["D'accord."] };
      if ("status" in answer) {
        res.writeHead(answer.status, { "content-type": "application/json" }).end('{"error":{"message":"x"}}');
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const base = {
        id: "chatcmpl-1",
        object: "chat.completion.chunk",
        created: 1,
        model: "m",
        system_fingerprint: "fp",
        service_tier: "default",
      };
      const send = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
      const choice = (delta: unknown, finish: string | null) => ({
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        usage: null,
        obfuscation: "zz",
      });
      send(choice({ role: "assistant", content: null }, null));
      if ("text" in answer) {
        for (const piece of answer.text) send(choice({ content: piece }, null));
        send(choice({}, "stop"));
      } else if (answer.style === "mistral") {
        // Mistral: no "object" field, spaces after colons, the whole call in one chunk.
        res.write(
          `data: {"id": "x", "model": "m", "choices": [{"index": 0, "delta": {"tool_calls": [{"id": "abcDEF123", "function": {"name": "${answer.tool}", "arguments": ${JSON.stringify(answer.args.join(""))}}}]}, "finish_reason": "tool_calls"}]}\n\n`,
        );
      } else {
        send(
          choice(
            {
              tool_calls: [
                {
                  index: 0,
                  id: "call_abc",
                  type: "function",
                  function: { name: answer.tool, arguments: "" },
                },
              ],
            },
            null,
          ),
        );
        for (const piece of answer.args)
          send(choice({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
        send(choice({}, "tool_calls"));
      }
      send({ ...base, choices: [], usage: { prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 } });
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get script() {
      return state.script;
    },
    set script(s: Answer[]) {
      state.script = s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
