import { keypadUnderstanding } from "./keypad";
import { negotiate } from "./negotiate";
import { disclosure, type Handled, Turn } from "./turn";
import type { CallContext, PolicyEvent, PolicyState, Step, ToolArgs, ToolResult } from "./types";
import { dateWords, planVars, promiseVars } from "./words";

// The dialogue policy: a pure state machine that owns compliance. It opens with the agency's name and
// the AI disclosure (FR-34), confirms the right person before any debt detail, handles the debtor's
// answers within the persona's goals and tools and the mandate's limits, and closes. A brain (the
// built-in NLU or an LLM) only interprets the debtor and may suggest words or a tool; this module
// decides what is said and done. `step` never reads a clock: every event carries its time.

export const HUNG_UP_EARLY_MS = 20_000;

const initial: PolicyState = {
  phase: "right_party",
  rightParty: false,
  pending: null,
  awaiting: null,
  outcome: null,
  reason: null,
  flags: [],
  silences: 0,
  misunderstandings: 0,
  debtorSpoke: false,
  lastSaid: "",
  question: "",
};

/** The first words of every call: greeting, agency, AI disclosure — not interruptible — then who we ask for. */
export function startCall(ctx: CallContext): Step {
  const turn = new Turn(ctx, initial);
  const lines = ctx.persona.lines.opening;
  let opening = turn.render(lines[ctx.openingIndex % lines.length] ?? "{disclosure}");
  // Validation requires {disclosure}; this keeps the law if a stored persona ever bypassed it.
  if (!opening.includes(disclosure(ctx))) opening = `${opening} ${disclosure(ctx)}`;
  turn.say(opening, "opening", false);
  turn.ask(turn.line("ask_debtor"), { kind: "identity" });
  return turn.done();
}

export function step(ctx: CallContext, state: PolicyState, event: PolicyEvent): Step {
  const turn = new Turn(ctx, state);
  if (state.phase === "ended") return turn.done();
  if (event.type === "hangup") {
    turn.state.outcome ??=
      event.atMs < HUNG_UP_EARLY_MS ? "hung_up" : turn.state.debtorSpoke ? "no_agreement" : "no_answer";
    turn.state.phase = "ended";
    return turn.done();
  }
  if (event.type === "tool_result") {
    if (state.awaiting?.tool === event.tool) afterTool(turn, state.awaiting, event.result);
    return turn.done();
  }
  // A tool is running: nothing else happens until its result is in.
  if (state.phase === "awaiting_tool") return turn.done();
  if (event.atMs >= ctx.maxCallMs) {
    turn.flag("max_duration");
    turn.say(turn.line("max_duration"));
    turn.close();
    return turn.done();
  }
  switch (event.type) {
    case "tick":
      break;
    case "voicemail":
      // A machine may answer only before anyone confirmed being the debtor; the message names no debt.
      if (!state.rightParty) {
        turn.say(turn.render(ctx.persona.lines.voicemail), "voicemail", false);
        turn.outcome("voicemail");
        turn.hangup();
      }
      break;
    case "payment_received":
      if (state.rightParty) {
        turn.say(turn.line("payment_received", { amount: turn.vars().amount ?? "" }));
        turn.close("paid");
      }
      break;
    case "silence":
      onSilence(turn);
      break;
    case "dtmf":
      // A key press is an answer like a spoken one (keypad.ts), handled by the same rules.
      return step(ctx, state, {
        type: "debtor_said",
        atMs: event.atMs,
        text: `[${event.digit}]`,
        understanding: keypadUnderstanding(event.digit),
      });
    case "debtor_said":
      turn.state.debtorSpoke = true;
      turn.state.silences = 0;
      if (!universal(turn, event)) {
        if (turn.state.rightParty) negotiate(turn, event);
        else rightParty(turn, event);
      }
      refusedSuggestion(turn, event);
      break;
    default:
      return assertNever(event);
  }
  return turn.done();
}

function onSilence(turn: Turn): Handled {
  turn.state.silences++;
  if (turn.state.pending?.kind === "awaiting_payment") {
    // Paying takes a while; silence is expected. Past a few minutes, close with the link sent.
    if (turn.state.silences <= 6) turn.say(turn.line("take_your_time"));
    else turn.close();
    return;
  }
  if (turn.state.silences >= 2) {
    turn.state.outcome ??= turn.state.debtorSpoke ? "no_agreement" : "no_answer";
    turn.say(turn.line("goodbye"), "closing", false);
    turn.hangup();
    return;
  }
  turn.say(turn.line("still_there"));
  turn.askAgain();
}

/** What the agent does whoever is on the line: care, opt-out, identity, repeat, leaving. */
function universal(turn: Turn, event: Extract<PolicyEvent, { type: "debtor_said" }>): boolean {
  const { intent, entities } = event.understanding;
  switch (intent) {
    case "distress":
      // Stop at once, with care; a human decides whether and when to contact again.
      turn.flag("distress");
      turn.say(turn.line("distress"), "closing", false);
      turn.state.outcome ??= "no_agreement";
      turn.hangup();
      return true;
    case "abuse":
      turn.flag("abuse");
      turn.say(turn.line("abuse"), "closing", false);
      turn.state.outcome ??= "no_agreement";
      turn.hangup();
      return true;
    case "opt_out":
      // C. conso L121-7 3°: an unwanted call is not repeated. Calls only; letters remain lawful.
      turn.tool({ tool: "opt_out_of_calls" });
      return true;
    case "ask_is_robot":
    case "ask_identity":
      turn.say(turn.line("identity"));
      turn.askAgain();
      return true;
    case "ask_repeat":
      turn.say(turn.state.lastSaid || turn.line("ask_debtor"));
      return true;
    case "goodbye":
      turn.close();
      return true;
    case "call_later":
      turn.tool({
        tool: "schedule_callback",
        date: entities.date ?? null,
        note: "debtor asked to be called later",
      });
      return true;
    default:
      return false;
  }
}

/** Before the right person confirmed: find out who answered, and say nothing about the debt. */
function rightParty(turn: Turn, event: Extract<PolicyEvent, { type: "debtor_said" }>): Handled {
  const pending = turn.state.pending?.kind ?? "identity";
  switch (event.understanding.intent) {
    case "identity_confirmed":
      return confirmRightParty(turn);
    case "affirm":
      if (pending === "identity") return confirmRightParty(turn);
      return thirdParty(turn);
    case "deny":
      if (pending === "identity") return turn.ask(turn.line("number_check"), { kind: "number_check" });
      return turn.tool({ tool: "mark_wrong_number" });
    case "third_party":
      return thirdParty(turn);
    case "wrong_number":
      return turn.tool({ tool: "mark_wrong_number" });
    case "wants_human":
      if (turn.ctx.humanAvailable && turn.allowed("transfer_to_human"))
        return turn.tool({ tool: "transfer_to_human" });
      return turn.tool({
        tool: "schedule_callback",
        date: null,
        note: "asked for a human before identification",
      });
    case "pay_now":
    case "already_paid":
    case "dispute":
    case "hardship":
    case "promise":
    case "payment_plan":
    case "ask_amount":
      turn.say(turn.line("only_with_debtor"));
      return turn.ask(turn.line("ask_debtor"), { kind: "identity" });
    default:
      turn.state.misunderstandings++;
      if (turn.state.misunderstandings >= 3) return turn.close();
      turn.say(turn.line("not_understood"));
      return turn.ask(turn.line("ask_debtor_again"), { kind: "identity" });
  }
}

function thirdParty(turn: Turn): Handled {
  // Only a call-back request: no creditor, no amount, no reason for the call.
  turn.say(turn.line("third_party"), "closing", false);
  turn.outcome("third_party");
  return turn.hangup();
}

function confirmRightParty(turn: Turn): Handled {
  turn.state.rightParty = true;
  turn.state.misunderstandings = 0;
  const c = turn.ctx;
  turn.say(turn.line("purpose"), "purpose");
  // FR-05: every step repeats the first letter's reference and date.
  if (c.firstLetterRef && c.firstLetterDate) turn.say(turn.line("purpose_letter"), "purpose");
  else if (c.firstLetterRef) turn.say(turn.line("purpose_reference"), "purpose");
  turn.state.phase = "negotiate";
  return turn.ask(turn.render(c.persona.lines.pitch), { kind: "pitch" });
}

function afterTool(turn: Turn, call: ToolArgs, result: ToolResult): Handled {
  turn.state.awaiting = null;
  turn.state.phase = turn.state.rightParty ? "negotiate" : "right_party";
  if (!result.ok) {
    if (call.tool === "transfer_to_human") {
      turn.say(turn.line("no_human"));
      if (turn.state.rightParty && turn.allowed("book_appointment"))
        return turn.tool({ tool: "book_appointment", preferredDate: null });
      return turn.tool({ tool: "schedule_callback", date: null, note: "no human available for a transfer" });
    }
    turn.say(turn.line("tool_failed"));
    return turn.close(turn.state.outcome ?? "failed");
  }
  switch (call.tool) {
    case "send_payment_link":
      turn.outcome("paid_link_sent");
      turn.say(turn.line(call.channel === "email" ? "link_sent_email" : "link_sent_sms"));
      return turn.ask(turn.line("stay_on_line"), { kind: "awaiting_payment" });
    case "transfer_to_human":
      turn.outcome("transferred");
      turn.say(turn.line("transferring"), "closing", false);
      return turn.hangup();
    case "book_appointment":
      turn.say(turn.line("appointment_booked", { slot: result.data?.slot ?? "" }));
      return turn.close("appointment");
    case "record_promise":
      turn.say(turn.line("promise_recorded", promiseVars(turn, call.amountCents, call.date)));
      return turn.close("promise");
    case "propose_plan":
      turn.say(turn.line("plan_recorded", planVars(turn, call)));
      return turn.close("plan");
    case "record_dispute":
      turn.outcome("dispute", "dispute");
      turn.say(turn.line("dispute_recorded"));
      return turn.close();
    case "report_already_paid":
      turn.outcome("already_paid", "process");
      turn.say(turn.line("already_paid_recorded"));
      return turn.close();
    case "schedule_callback":
      turn.say(
        call.date
          ? turn.line("callback_scheduled", { date: dateWords(turn, call.date) })
          : turn.line("callback_soon"),
      );
      return turn.close(turn.state.outcome === "paid_link_sent" ? "paid_link_sent" : "call_back");
    case "opt_out_of_calls":
      turn.say(turn.line("opt_out_recorded"), "closing", false);
      turn.outcome("opt_out");
      return turn.hangup();
    case "mark_wrong_number":
      turn.say(turn.line("wrong_number"), "closing", false);
      turn.outcome("wrong_number");
      return turn.hangup();
    case "end_call":
      return turn.close();
    default:
      return assertNever(call);
  }
}

/** An LLM tool the policy did not run is recorded, with why: the brain proposes, the policy decides. */
function refusedSuggestion(turn: Turn, event: Extract<PolicyEvent, { type: "debtor_said" }>): Handled {
  const suggested = event.suggestion?.tool;
  if (!suggested) return;
  const ran = turn.actions.some((a) => a.type === "tool" && a.call.tool === suggested.name);
  const confirming =
    turn.state.pending?.kind === "confirm_promise" || turn.state.pending?.kind === "confirm_plan";
  if (ran || suggested.name === "end_call") return;
  const reason =
    !turn.state.rightParty &&
    !["mark_wrong_number", "opt_out_of_calls", "schedule_callback"].includes(suggested.name)
      ? "right_party_not_confirmed"
      : !turn.allowed(suggested.name)
        ? "not_allowed_for_persona"
        : confirming
          ? "needs_debtor_confirmation"
          : "outside_policy";
  turn.actions.push({ type: "refused", tool: suggested.name, reason });
}

export function assertNever(x: never): never {
  throw new Error(`unhandled: ${JSON.stringify(x)}`);
}
