import { renderLine, type ToolName, toolAllowed } from "../personas/persona";
import { checkUtterance } from "./guard";
import { line, sayAmount, sayDate } from "./lines";
import type {
  CallContext,
  CallFlag,
  CallOutcome,
  LineKind,
  NonPaymentReason,
  Pending,
  PolicyAction,
  PolicyState,
  Step,
  ToolArgs,
} from "./types";

// One policy turn: a copy of the state and the actions decided so far. Every sentence goes through
// say(), which renders placeholders (debt ones only after the right-party check) and runs the guard;
// a sentence the guard refuses is never spoken — a neutral one replaces it and the call is flagged.

/** What a handler returns: the turn it acted on (or nothing), so `return turn.say(…)` reads as one step. */
export type Handled = Turn | undefined;

export class Turn {
  readonly actions: PolicyAction[] = [];
  state: PolicyState;

  constructor(
    readonly ctx: CallContext,
    state: PolicyState,
  ) {
    this.state = { ...state, flags: [...state.flags] };
  }

  get locale() {
    return this.ctx.locale;
  }

  vars(): Record<string, string> {
    const c = this.ctx;
    const neutral: Record<string, string> = {
      persona: c.persona.name,
      agency: c.agencyName,
      debtor: c.debtorName,
      agencyPhone: c.agencyPhone,
      disclosure: disclosure(c),
    };
    if (!this.state.rightParty) return neutral;
    return {
      ...neutral,
      creditor: c.creditorName,
      amount: sayAmount(c.balanceCents, c.currency, c.locale),
      reference: c.firstLetterRef ?? "",
      letterDate: c.firstLetterDate ? sayDate(c.firstLetterDate, c.locale) : "",
    };
  }

  /** A policy line by key, with the call's placeholders plus `extra`. */
  line(key: string, extra: Record<string, string | number> = {}): string {
    return line(this.locale, key, { ...this.vars(), ...extra });
  }

  render(template: string): string {
    return renderLine(template, this.vars());
  }

  say(text: string, kind: LineKind = "reply", interruptible = true): this {
    const unresolved = /\{\w+\}/.test(text);
    const violations = checkUtterance(text, this.ctx, this.state.rightParty);
    let spoken = text;
    if (unresolved || violations.length > 0) {
      const detail = unresolved
        ? "unresolved placeholder"
        : violations.map((v) => ("code" in v ? v.code : v.detail)).join(",");
      this.flag("guard_blocked", detail);
      spoken = line(this.locale, kind === "closing" ? "goodbye" : "not_understood");
    }
    this.actions.push({ type: "say", text: spoken, kind, interruptible });
    this.state.lastSaid = spoken;
    return this;
  }

  ask(text: string, pending: Pending): this {
    this.say(text);
    this.state.pending = pending;
    this.state.question = this.state.lastSaid;
    return this;
  }

  /** Asks the pending question again (after a silence, an aside or an answer to "combien ?"). */
  askAgain(): this {
    if (this.state.pending && this.state.question) this.say(this.state.question);
    else this.ask(this.line("anything_else"), { kind: "anything_else" });
    return this;
  }

  allowed(tool: ToolName): boolean {
    return toolAllowed(this.ctx.persona, tool);
  }

  tool(call: ToolArgs): this {
    this.actions.push({ type: "tool", call });
    this.state.awaiting = call;
    this.state.phase = "awaiting_tool";
    return this;
  }

  flag(flag: CallFlag, detail?: string): this {
    if (!this.state.flags.includes(flag)) this.state.flags.push(flag);
    this.actions.push(detail ? { type: "flag", flag, detail } : { type: "flag", flag });
    return this;
  }

  outcome(outcome: CallOutcome, reason?: NonPaymentReason): this {
    this.state.outcome = outcome;
    if (reason) this.state.reason = reason;
    return this;
  }

  /** Says the persona's closing (or a plain goodbye before the right-party check) and hangs up. */
  close(outcome?: CallOutcome): this {
    if (outcome) this.state.outcome = outcome;
    this.state.outcome ??= "no_agreement";
    const closing = this.ctx.persona.lines.closing[0];
    this.say(closing ? this.render(closing) : this.line("goodbye"), "closing", false);
    this.hangup();
    return this;
  }

  hangup(): this {
    this.actions.push({ type: "hangup" });
    this.state.phase = "ended";
    this.state.pending = null;
    return this;
  }

  done(): Step {
    return { state: this.state, actions: this.actions };
  }
}

/** EU AI Act art. 50(1) (FR-34), with the CNIL recording notice when recording is on (FR-33). */
export function disclosure(ctx: CallContext): string {
  const ai = line(ctx.locale, "disclosure");
  return ctx.recordingNotice ? `${ai} ${line(ctx.locale, "recording")}` : ai;
}
