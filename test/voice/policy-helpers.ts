import { understand } from "../../src/voice/nlu/understand";
import { defaultPersona } from "../../src/voice/personas/default-personas";
import type { Persona } from "../../src/voice/personas/persona";
import { startCall, step } from "../../src/voice/policy/dialogue-policy";
import type {
  CallContext,
  PolicyAction,
  PolicyEvent,
  PolicyState,
  Suggestion,
  ToolArgs,
  ToolResult,
} from "../../src/voice/policy/types";

export const NOW = new Date("2026-09-09T10:00:00+02:00");
export const TODAY = "2026-09-09";

export function context(overrides: Partial<CallContext> = {}, persona?: Persona): CallContext {
  return {
    locale: "fr",
    persona: persona ?? defaultPersona("courteous", "fr"),
    openingIndex: 0,
    agencyName: "Relance Recouvrement",
    agencyPhone: "04 78 00 00 00",
    creditorName: "Boulangerie Martin",
    debtorName: "Monsieur Jean Dupont",
    balanceCents: 125_050,
    currency: "EUR",
    firstLetterRef: "RL-2026-0042",
    firstLetterDate: "2026-08-20",
    today: TODAY,
    planLimits: { maxInstalments: 6, minInstalmentCents: 3000, maxFirstPaymentDelayDays: 30 },
    recordingNotice: false,
    humanAvailable: false,
    maxCallMs: 5 * 60_000,
    ...overrides,
  };
}

export type ScriptTurn =
  | string
  | { say: string; suggestion?: Suggestion }
  | { silence: true }
  | { voicemail: true }
  | { payment: number }
  | { hangup: true }
  | { tick: true };

export interface CallRun {
  actions: PolicyAction[];
  said: string[];
  tools: ToolArgs[];
  state: PolicyState;
  /** Everything the agent said before the purpose of the call was given. */
  beforePurpose: string[];
  /** Each event with the actions it produced (the opening has no event). */
  steps: { event: PolicyEvent | null; actions: PolicyAction[] }[];
}

/**
 * Plays a scripted debtor against the policy with the built-in NLU; tools answer `tools(call)`
 * (success by default). Each debtor turn comes 5 s after the previous one.
 */
export function play(
  ctx: CallContext,
  script: ScriptTurn[],
  tools: (call: ToolArgs) => ToolResult = (call) =>
    call.tool === "book_appointment"
      ? { ok: true, data: { slot: "jeudi 10 septembre à 14 h" } }
      : { ok: true },
  stepMs = 5000,
): CallRun {
  const first = startCall(ctx);
  const actions = [...first.actions];
  const steps: CallRun["steps"] = [{ event: null, actions: first.actions }];
  let state = first.state;
  let at = 0;
  const feed = (event: PolicyEvent) => {
    let out = step(ctx, state, event);
    actions.push(...out.actions);
    steps.push({ event, actions: out.actions });
    state = out.state;
    // Run tools the way a session does: each result goes straight back in.
    while (state.awaiting) {
      const call: ToolArgs = state.awaiting;
      const result: PolicyEvent = { type: "tool_result", atMs: at, tool: call.tool, result: tools(call) };
      out = step(ctx, state, result);
      actions.push(...out.actions);
      steps.push({ event: result, actions: out.actions });
      state = out.state;
    }
  };
  for (const turn of script) {
    if (state.phase === "ended") break;
    at += stepMs;
    if (typeof turn === "string" || "say" in turn) {
      const text = typeof turn === "string" ? turn : turn.say;
      const suggestion = typeof turn === "string" ? undefined : turn.suggestion;
      feed({
        type: "debtor_said",
        atMs: at,
        text,
        understanding: understand(text, NOW, "Europe/Paris"),
        suggestion,
      });
    } else if ("silence" in turn) feed({ type: "silence", atMs: at });
    else if ("voicemail" in turn) feed({ type: "voicemail", atMs: at });
    else if ("payment" in turn) feed({ type: "payment_received", atMs: at, amountCents: turn.payment });
    else if ("hangup" in turn) feed({ type: "hangup", atMs: at });
    else feed({ type: "tick", atMs: at });
  }
  const said = actions.flatMap((a) => (a.type === "say" ? [a.text] : []));
  const purposeAt = actions.findIndex((a) => a.type === "say" && a.kind === "purpose");
  const beforePurpose = actions
    .slice(0, purposeAt === -1 ? actions.length : purposeAt)
    .flatMap((a) => (a.type === "say" ? [a.text] : []));
  return {
    actions,
    said,
    tools: actions.flatMap((a) => (a.type === "tool" ? [a.call] : [])),
    state,
    beforePurpose,
    steps,
  };
}
