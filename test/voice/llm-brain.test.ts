import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { llmBrain } from "../../src/voice/brains/llm-brain";
import { type ChatEvent, streamChat } from "../../src/voice/brains/openai-chat";
import { CallSession } from "../../src/voice/session/call-session";
import type { CallTools } from "../../src/voice/tools/call-tools";
import { type LlmDouble, startLlmDouble } from "./llm-double";
import { context, NOW } from "./policy-helpers";

let llm: LlmDouble;
beforeAll(async () => {
  llm = await startLlmDouble();
});
afterAll(async () => llm?.close());

async function collect(script: LlmDouble["script"]): Promise<ChatEvent[]> {
  llm.script = script;
  const events: ChatEvent[] = [];
  for await (const e of streamChat({
    baseUrl: llm.baseUrl,
    apiKey: "sk-test",
    model: "m",
    messages: [{ role: "user", content: "x" }],
  }))
    events.push(e);
  return events;
}

function recordingTools(): CallTools & { calls: string[] } {
  const calls: string[] = [];
  const ok = (name: string) => async () => {
    calls.push(name);
    return { ok: true as const };
  };
  return {
    calls,
    sendPaymentLink: ok("send_payment_link"),
    transferToHuman: ok("transfer_to_human"),
    bookAppointment: ok("book_appointment"),
    recordPromise: ok("record_promise"),
    proposePlan: ok("propose_plan"),
    recordDispute: ok("record_dispute"),
    reportAlreadyPaid: ok("report_already_paid"),
    scheduleCallback: ok("schedule_callback"),
    optOutOfCalls: ok("opt_out_of_calls"),
    markWrongNumber: ok("mark_wrong_number"),
    endCall: ok("end_call"),
    flag: async () => {},
  };
}

describe("OpenAI-compatible streaming client", () => {
  it("assembles fragmented tool arguments and reads the usage tail", async () => {
    const events = await collect([
      { tool: "record_promise", args: ['{"date":', '"2026-09-20",', '"amount_cents":125050}'] },
    ]);
    expect(events).toContainEqual({
      type: "tool_call",
      id: "call_abc",
      name: "record_promise",
      arguments: { date: "2026-09-20", amount_cents: 125050 },
      raw: '{"date":"2026-09-20","amount_cents":125050}',
    });
    expect(events).toContainEqual({ type: "usage", promptTokens: 50, completionTokens: 12 });
    expect(events).toContainEqual({ type: "finish", reason: "tool_calls" });
    const sent = llm.requests.at(-1)!;
    expect(sent.headers.authorization).toBe("Bearer sk-test");
    expect(sent.body).toMatchObject({ model: "m", stream: true, stream_options: { include_usage: true } });
  });

  it("reads a Mistral single-chunk tool call and streamed text", async () => {
    const mistral = await collect([
      { tool: "record_dispute", args: ['{"statement":"pas reçu"}'], style: "mistral" },
    ]);
    expect(mistral.find((e) => e.type === "tool_call")).toMatchObject({
      id: "abcDEF123",
      arguments: { statement: "pas reçu" },
    });
    const text = await collect([{ text: ["Bon", "jour", " !"] }]);
    expect(
      text
        .filter((e) => e.type === "text")
        .map((e) => (e.type === "text" ? e.delta : ""))
        .join(""),
    ).toBe("Bonjour !");
  });
});

describe("LLM brain behind the policy", () => {
  const ctx = context({ persona: context().persona });
  const session = (tools: CallTools) =>
    new CallSession(ctx, llmBrain({ baseUrl: llm.baseUrl, model: "m" }), tools, {
      now: () => NOW,
      timeZone: "Europe/Paris",
    });

  it("refuses a promise before the right-party check, and the model never saw the debt", async () => {
    const tools = recordingTools();
    const s = session(tools);
    await s.start();
    llm.script = [{ tool: "record_promise", args: ['{"date":"2026-09-20"}'] }];
    const out = await s.hear("je paierai le 20", 4000);
    expect(tools.calls).toEqual([]);
    expect(s.usage.refusedTools).toEqual([{ tool: "record_promise", reason: "right_party_not_confirmed" }]);
    expect(out.say.map((u) => u.text).join(" ")).not.toContain("1 250");
    const prompt = JSON.stringify(llm.requests.at(-1)!.body);
    expect(prompt).not.toContain("Boulangerie Martin");
    expect(prompt).not.toContain("1 250");
    expect(s.usage.llmPromptTokens).toBe(50);
  });

  it("turns the model's tool into the policy's action after the check, read back before recording", async () => {
    const tools = recordingTools();
    const s = session(tools);
    await s.start();
    llm.script = [{ tool: "confirm_identity", args: ["{}"] }];
    const purpose = await s.hear("c'est moi", 3000);
    expect(purpose.say.map((u) => u.text).join(" ")).toContain("Boulangerie Martin");
    llm.script = [{ tool: "record_promise", args: ['{"date":"2026-09-20","amount_cents":125050}'] }];
    const readBack = await s.hear("je paierai tout le 20 septembre", 8000);
    expect(readBack.say[0]?.text).toContain("Je note donc un paiement de 1 250,50 €");
    expect(s.usage.refusedTools).toEqual([{ tool: "record_promise", reason: "needs_debtor_confirmation" }]);
    llm.script = [{ text: ["Oui."] }];
    await s.hear("oui", 12000);
    expect(tools.calls).toEqual(["record_promise"]);
    expect(s.outcome).toBe("promise");
  });

  it("never speaks the model's threat or its debt detail before the check", async () => {
    const s = session(recordingTools());
    await s.start();
    llm.script = [{ tool: "confirm_identity", args: ["{}"] }];
    await s.hear("oui c'est moi", 3000);
    llm.script = [{ text: ["Si vous ne payez pas, un huissier viendra saisir vos biens."] }];
    const out = await s.hear("et alors ?", 6000);
    const said = out.say.map((u) => u.text).join(" ");
    expect(said).not.toMatch(/huissier|saisir/);
    expect(s.flags).toContain("guard_blocked");

    const early = session(recordingTools());
    await early.start();
    llm.script = [{ text: ["Vous devez 1 250,50 € à Boulangerie Martin."] }];
    const leak = await early.hear("euh", 3000);
    expect(leak.say.map((u) => u.text).join(" ")).not.toMatch(/1 250|Boulangerie/);
  });

  it("falls back to the built-in understanding when the model fails", async () => {
    const tools = recordingTools();
    const s = session(tools);
    await s.start();
    llm.script = [{ status: 500 }];
    await s.hear("ne m'appelez plus", 3000);
    expect(tools.calls).toEqual(["opt_out_of_calls"]);
    expect(s.outcome).toBe("opt_out");
  });
});
