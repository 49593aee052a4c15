// Pure: where a case stands and how it may move. Closed unions, handled exhaustively (STYLE.md 5).

export const PHASES = ["amicable", "pre_litigation", "judicial", "closed"] as const;
export type Phase = (typeof PHASES)[number];

export const STATUSES = ["new", "active", "on_hold", "awaiting_creditor", "closed"] as const;
export type Status = (typeof STATUSES)[number];

export const HOLD_REASONS = [
  "dispute",
  "opt_out",
  "promise",
  "payment_plan",
  "appointment",
  "payment_pending",
  "payment_verification",
  "prescribed",
  "insolvency",
  "creditor_request",
  "agent_decision",
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const CLOSED_REASONS = [
  "paid_in_full",
  "settled",
  "withdrawn_by_creditor",
  "dispute_upheld",
  "prescribed",
  "insolvency",
  "uncollectable",
  "debtor_deceased",
  "duplicate",
  "handed_to_judicial_partner",
] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];

export interface CaseState {
  phase: Phase;
  status: Status;
  holdReason: HoldReason | null;
  holdUntil: Date | null;
  closedReason: ClosedReason | null;
}

export type CaseTransition =
  | { type: "start" }
  | { type: "hold"; reason: HoldReason; until: Date | null }
  | { type: "release" }
  | { type: "await_creditor" }
  | { type: "creditor_answered" }
  | { type: "escalate"; to: "pre_litigation" | "judicial" }
  | { type: "de_escalate" }
  | { type: "close"; reason: ClosedReason }
  | { type: "reopen" };

export type TransitionType = CaseTransition["type"];

/**
 * The transition table: for each transition, the statuses it may start from. Phase moves are
 * checked separately (escalation goes one step at a time: amicable → pre-litigation → judicial,
 * because a judicial claim presupposes a formal notice, C. civ. 1344).
 */
export const TRANSITION_FROM: Record<TransitionType, readonly Status[]> = {
  start: ["new"],
  hold: ["new", "active", "on_hold", "awaiting_creditor"],
  release: ["on_hold"],
  await_creditor: ["active", "on_hold"],
  creditor_answered: ["awaiting_creditor"],
  escalate: ["new", "active", "on_hold", "awaiting_creditor"],
  de_escalate: ["active", "on_hold", "awaiting_creditor"],
  close: ["new", "active", "on_hold", "awaiting_creditor"],
  reopen: ["closed"],
};

export type TransitionResult = { ok: true; state: CaseState } | { ok: false; reason: string };

export function initialState(): CaseState {
  return { phase: "amicable", status: "new", holdReason: null, holdUntil: null, closedReason: null };
}

export function applyTransition(state: CaseState, transition: CaseTransition): TransitionResult {
  if (!TRANSITION_FROM[transition.type].includes(state.status)) {
    return { ok: false, reason: `cannot ${transition.type} a case whose status is ${state.status}` };
  }
  const cleared = { holdReason: null, holdUntil: null };
  switch (transition.type) {
    case "start":
      return ok({ ...state, status: "active" });
    case "hold":
      return ok({ ...state, status: "on_hold", holdReason: transition.reason, holdUntil: transition.until });
    case "release":
      return ok({ ...state, ...cleared, status: "active" });
    case "await_creditor":
      return ok({ ...state, ...cleared, status: "awaiting_creditor" });
    case "creditor_answered":
      return ok({ ...state, status: "active" });
    case "escalate": {
      const next = NEXT_PHASE[state.phase];
      if (next !== transition.to) {
        return { ok: false, reason: `cannot escalate from ${state.phase} to ${transition.to}` };
      }
      return ok({ ...state, ...cleared, phase: next, status: "active" });
    }
    case "de_escalate":
      if (state.phase !== "pre_litigation") {
        return { ok: false, reason: `only a pre-litigation case returns to amicable, not ${state.phase}` };
      }
      return ok({ ...state, phase: "amicable" });
    case "close":
      return ok({ ...state, ...cleared, phase: "closed", status: "closed", closedReason: transition.reason });
    case "reopen":
      // A chargeback or a creditor's correction reopens a closed case in the amicable phase.
      return ok({ ...state, phase: "amicable", status: "active", closedReason: null });
    default:
      return assertNever(transition);
  }
}

const NEXT_PHASE: Record<Phase, Phase | null> = {
  amicable: "pre_litigation",
  pre_litigation: "judicial",
  judicial: null,
  closed: null,
};

function ok(state: CaseState): TransitionResult {
  return { ok: true, state };
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/** Whether the collection engine may act on the case now (holds expire on their own). */
export function isWorkable(state: CaseState, now: Date): boolean {
  if (state.status === "closed" || state.status === "awaiting_creditor") return false;
  if (state.status === "on_hold") return state.holdUntil !== null && state.holdUntil <= now;
  return true;
}
