import type { Brain } from "../brains/brain";
import { startCall, step } from "../policy/dialogue-policy";
import type { CallContext, CallFlag, PolicyAction, PolicyEvent, PolicyState } from "../policy/types";
import type { TranscriptEntry } from "../schema";
import { type CallTools, runTool } from "../tools/call-tools";
import type { CallFeed } from "./call-feed";

// One live call: the policy's state, the brain that reads the debtor, the tools that act on the case,
// and the transcript. Media transports (Twilio, the sandbox) feed it text and events and speak what
// it returns; it knows nothing of audio.

export interface Utterance {
  text: string;
  interruptible: boolean;
}

export interface SessionOutput {
  say: Utterance[];
  hangup: boolean;
  /** With `hangup`: the number a collector took the call on; the transport dials it instead of hanging up. */
  transferTo?: string;
}

export interface SessionUsage {
  llmPromptTokens: number;
  llmCompletionTokens: number;
  ttsCharacters: number;
  refusedTools: { tool: string; reason: string }[];
}

export class CallSession {
  private state: PolicyState;
  readonly transcript: TranscriptEntry[] = [];
  readonly usage: SessionUsage = {
    llmPromptTokens: 0,
    llmCompletionTokens: 0,
    ttsCharacters: 0,
    refusedTools: [],
  };
  private opening: PolicyAction[];

  constructor(
    readonly ctx: CallContext,
    private readonly brain: Brain,
    private readonly tools: CallTools,
    private readonly clock: { now: () => Date; timeZone: string },
    /** Watches the call as it happens (the back office's live screen); optional. */
    private readonly watcher?: CallFeed,
  ) {
    const first = startCall(ctx);
    this.state = first.state;
    this.opening = first.actions;
  }

  get ended(): boolean {
    return this.state.phase === "ended";
  }

  get outcome() {
    return this.state.outcome;
  }

  get reason() {
    return this.state.reason;
  }

  get flags(): readonly CallFlag[] {
    return this.state.flags;
  }

  get rightParty(): boolean {
    return this.state.rightParty;
  }

  /** The opening (disclosure first). Call once, when the line is answered. */
  async start(): Promise<SessionOutput> {
    const actions = this.opening;
    this.opening = [];
    return this.perform(actions, 0);
  }

  async hear(text: string, atMs: number): Promise<SessionOutput> {
    if (this.ended) return { say: [], hangup: true };
    this.log({ atMs, speaker: "debtor", text });
    const reading = await this.brain.interpret({
      text,
      ctx: this.ctx,
      state: this.state,
      history: this.transcript,
      now: this.clock.now(),
      timeZone: this.clock.timeZone,
    });
    if (reading.usage) {
      this.usage.llmPromptTokens += reading.usage.promptTokens;
      this.usage.llmCompletionTokens += reading.usage.completionTokens;
    }
    return this.feed({
      type: "debtor_said",
      atMs,
      text,
      understanding: reading.understanding,
      suggestion: reading.suggestion,
    });
  }

  /** A key pressed on the phone (Twilio `dtmf`): an answer like a spoken one. */
  async press(digit: string, atMs: number): Promise<SessionOutput> {
    if (this.ended) return { say: [], hangup: true };
    this.log({ atMs, speaker: "debtor", text: `[touche ${digit}]` });
    return this.feed({ type: "dtmf", atMs, digit });
  }

  /** Silence, voicemail, a payment reaching the call, the clock, a hang-up. */
  async notify(
    event: Exclude<PolicyEvent, { type: "debtor_said" | "tool_result" | "dtmf" }>,
  ): Promise<SessionOutput> {
    if (event.type === "hangup") this.log({ atMs: event.atMs, speaker: "system", text: "hangup" });
    return this.feed(event);
  }

  private async feed(event: PolicyEvent): Promise<SessionOutput> {
    const out = step(this.ctx, this.state, event);
    this.state = out.state;
    return this.perform(out.actions, event.atMs);
  }

  private async perform(actions: PolicyAction[], atMs: number): Promise<SessionOutput> {
    const output: SessionOutput = { say: [], hangup: false };
    for (const action of actions) {
      switch (action.type) {
        case "say":
          output.say.push({ text: action.text, interruptible: action.interruptible });
          this.log({ atMs, speaker: "agent", text: action.text });
          this.usage.ttsCharacters += action.text.length;
          break;
        case "tool": {
          const result = await runTool(this.tools, action.call);
          if (action.call.tool === "transfer_to_human") this.watcher?.transferRequested(result.ok);
          this.log({
            atMs,
            speaker: "system",
            text: `tool ${action.call.tool}: ${result.ok ? "ok" : result.error}`,
          });
          const next = await this.feed({ type: "tool_result", atMs, tool: action.call.tool, result });
          output.say.push(...next.say);
          output.hangup ||= next.hangup;
          const transferTo = (result.ok && result.data?.transferTo) || next.transferTo;
          if (transferTo) output.transferTo = transferTo;
          break;
        }
        case "flag":
          await this.tools.flag(action.flag, action.detail);
          break;
        case "refused":
          this.usage.refusedTools.push({ tool: action.tool, reason: action.reason });
          this.log({ atMs, speaker: "system", text: `refused ${action.tool}: ${action.reason}` });
          break;
        case "hangup":
          output.hangup = true;
          break;
        default: {
          const never: never = action;
          throw new Error(`unhandled action ${JSON.stringify(never)}`);
        }
      }
    }
    return output;
  }

  private log(entry: TranscriptEntry): void {
    this.transcript.push(entry);
    this.watcher?.said(entry, this.transcript.length);
  }
}
