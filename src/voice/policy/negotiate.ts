import type { Entities } from "../nlu/types";
import { checkPromise, planOffer } from "./offers";
import type { Handled, Turn } from "./turn";
import type { PolicyEvent } from "./types";
import { dateWords, planVars, promiseVars } from "./words";

// After the right-party check: the persona's goals, the debtor's answers, the mandate's limits.
// Agreements are read back and confirmed before they are recorded.

type Said = Extract<PolicyEvent, { type: "debtor_said" }>;

export function negotiate(turn: Turn, event: Said): Handled {
  const { intent, entities } = event.understanding;
  switch (intent) {
    case "pay_now":
      return sendLink(turn);
    case "already_paid":
      return turn.tool({ tool: "report_already_paid", statement: event.text });
    case "dispute":
      return turn.tool({ tool: "record_dispute", statement: event.text });
    case "hardship":
      turn.state.reason = "solvency";
      return offerPlanOrMeeting(turn, entities);
    case "payment_plan":
      return offerPlanOrMeeting(turn, entities);
    case "promise":
      return promise(turn, entities);
    case "wants_human":
      if (turn.ctx.humanAvailable && turn.allowed("transfer_to_human"))
        return turn.tool({ tool: "transfer_to_human" });
      if (turn.allowed("book_appointment"))
        return turn.tool({ tool: "book_appointment", preferredDate: entities.date ?? null });
      return turn.tool({ tool: "schedule_callback", date: null, note: "asked for a human" });
    case "ask_amount":
      turn.say(turn.line("amount"));
      return turn.askAgain();
    case "affirm":
      return answer(turn, true, entities);
    case "deny":
      return answer(turn, false, entities);
    case "identity_confirmed":
    case "third_party":
    case "wrong_number":
    case "unknown":
    case "distress":
    case "abuse":
    case "opt_out":
    case "ask_is_robot":
    case "ask_identity":
    case "ask_repeat":
    case "goodbye":
    case "call_later":
      return misunderstood(turn, event);
    default:
      return assertNever(intent);
  }
}

export function sendLink(turn: Turn): Handled {
  if (turn.allowed("send_payment_link")) return turn.tool({ tool: "send_payment_link", channel: "sms" });
  return turn.tool({
    tool: "schedule_callback",
    date: null,
    note: "wants to pay; link not allowed for this persona",
  });
}

/** "Oui" and "non" mean what the pending question made them mean. */
function answer(turn: Turn, yes: boolean, entities: Entities): Handled {
  const pending = turn.state.pending;
  if (entities.date) return promise(turn, entities);
  switch (pending?.kind) {
    case "pitch": {
      const goals = turn.ctx.persona.goals;
      if (goals.includes("check_link_received")) {
        // "Did you get the link?" — yes: when will you pay; no: send it again now.
        return yes ? turn.ask(turn.line("ask_today"), { kind: "payment_date" }) : sendLink(turn);
      }
      if (goals.includes("ask_difficulties")) {
        if (yes) {
          turn.state.reason = "solvency";
          return offerPlanOrMeeting(turn, entities);
        }
        return turn.ask(turn.line("ask_date"), { kind: "payment_date" });
      }
      // "Can you pay today?"
      return yes ? sendLink(turn) : turn.ask(turn.line("ask_date"), { kind: "payment_date" });
    }
    case "offer_link":
      return yes ? sendLink(turn) : turn.ask(turn.line("ask_date"), { kind: "payment_date" });
    case "payment_date":
      if (yes) return promise(turn, { ...entities, date: turn.ctx.today });
      turn.state.misunderstandings++;
      if (turn.state.misunderstandings >= 2) return offerMeeting(turn);
      return turn.ask(turn.line("ask_date"), { kind: "payment_date" });
    case "confirm_promise":
      if (yes)
        return turn.tool({ tool: "record_promise", date: pending.date, amountCents: pending.amountCents });
      return turn.ask(turn.line("ask_date"), { kind: "payment_date" });
    case "confirm_plan":
      if (yes) {
        const { instalments, instalmentCents, firstDate } = pending;
        return turn.tool({ tool: "propose_plan", instalments, instalmentCents, firstDate });
      }
      return offerMeeting(turn);
    case "offer_appointment":
      if (yes) return turn.tool({ tool: "book_appointment", preferredDate: null });
      return turn.close();
    case "awaiting_payment":
      if (yes) return turn.say(turn.line("take_your_time"));
      return turn.ask(turn.line("ask_date"), { kind: "payment_date" });
    case "anything_else":
      if (yes) {
        turn.state.pending = null;
        return turn.say(turn.line("ask_date"));
      }
      return turn.close();
    case "identity":
    case "number_check":
    case undefined:
      return turn.ask(turn.line("anything_else"), { kind: "anything_else" });
    default:
      return assertNever(pending);
  }
}

function promise(turn: Turn, entities: Entities): Handled {
  if (!entities.date) {
    if (entities.amountCents !== undefined && entities.amountCents < turn.ctx.balanceCents) {
      turn.say(turn.line("partial"));
      return offerPlanOrMeeting(turn, entities);
    }
    return turn.ask(turn.line("ask_date"), { kind: "payment_date" });
  }
  if (!turn.allowed("record_promise")) return offerMeeting(turn);
  const check = checkPromise(turn.ctx, entities.date, entities.amountCents);
  if (check.ok) {
    const vars = promiseVars(turn, check.amountCents, check.date);
    return turn.ask(turn.line("confirm_promise", vars), {
      kind: "confirm_promise",
      date: check.date,
      amountCents: check.amountCents,
    });
  }
  switch (check.problem) {
    case "past":
      return turn.ask(turn.line("date_past"), { kind: "payment_date" });
    case "too_late": {
      // Counter-offer the furthest date the mandate allows, for the full balance.
      turn.say(turn.line("date_too_late", { maxDate: dateWords(turn, check.maxDate) }));
      const vars = promiseVars(turn, turn.ctx.balanceCents, check.maxDate);
      return turn.ask(turn.line("confirm_promise", vars), {
        kind: "confirm_promise",
        date: check.maxDate,
        amountCents: turn.ctx.balanceCents,
      });
    }
    case "partial":
      turn.say(turn.line("partial"));
      return offerPlanOrMeeting(turn, entities);
    default:
      return assertNever(check);
  }
}

function offerPlanOrMeeting(turn: Turn, entities: Entities): Handled {
  const offer = turn.allowed("propose_plan")
    ? planOffer(turn.ctx, entities.instalments, entities.date)
    : null;
  if (!offer) return offerMeeting(turn);
  if (entities.instalments !== undefined && entities.instalments > turn.ctx.planLimits.maxInstalments) {
    turn.say(turn.line("plan_limit", { max: turn.ctx.planLimits.maxInstalments }));
  }
  turn.ask(turn.line("offer_plan", planVars(turn, offer)), { kind: "confirm_plan", ...offer });
}

function offerMeeting(turn: Turn): Handled {
  if (turn.allowed("book_appointment"))
    return turn.ask(turn.line("offer_appointment"), { kind: "offer_appointment" });
  return turn.tool({ tool: "schedule_callback", date: null, note: "needs a human collector" });
}

function misunderstood(turn: Turn, event: Said): Handled {
  turn.state.misunderstandings++;
  if (turn.state.misunderstandings >= 3) return offerMeeting(turn);
  // An LLM's words may answer a question the rules cannot, once the guard has read them.
  const suggested = event.suggestion?.text?.trim();
  if (suggested) {
    const before = turn.actions.length;
    turn.say(suggested);
    const blocked = turn.actions.slice(before).some((a) => a.type === "flag" && a.flag === "guard_blocked");
    if (!blocked) return;
  } else {
    turn.say(turn.line("not_understood"));
  }
  turn.askAgain();
}

function assertNever(x: never): never {
  throw new Error(`unhandled: ${JSON.stringify(x)}`);
}
