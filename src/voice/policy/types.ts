import type { Locale } from "../../platform/i18n";
import type { Understanding } from "../nlu/types";
import type { Persona, ToolName } from "../personas/persona";

// The dialogue policy's vocabulary. Closed unions throughout (STYLE.md 5): a new outcome, event or
// action breaks the build wherever it is not handled.

export const CALL_OUTCOMES = [
  "paid",
  "paid_link_sent",
  "promise",
  "plan",
  "appointment",
  "transferred",
  "dispute",
  "already_paid",
  "call_back",
  "voicemail",
  "no_answer",
  "hung_up",
  "wrong_number",
  "third_party",
  "opt_out",
  "no_agreement",
  "failed",
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const NON_PAYMENT_REASONS = [
  "dispute",
  "solvency",
  "forgot",
  "billing_error",
  "process",
  "other",
] as const;
export type NonPaymentReason = (typeof NON_PAYMENT_REASONS)[number];

export const CALL_FLAGS = ["abuse", "distress", "max_duration", "guard_blocked"] as const;
export type CallFlag = (typeof CALL_FLAGS)[number];

/** The mandate's limits on what the agent may agree to (cases/schema.ts `PlanLimits`). */
export interface PlanLimits {
  maxInstalments: number;
  minInstalmentCents: number;
  /** Also the furthest date a promise may name. */
  maxFirstPaymentDelayDays: number;
}

/** What the policy knows about the call; built by the session from the case, never from the debtor. */
export interface CallContext {
  locale: Locale;
  persona: Persona;
  /** Index of the persona's opening line to use (attempt number, so a retry sounds different). */
  openingIndex: number;
  agencyName: string;
  /** Standard-rate number the debtor can call back (FR-27: never a premium-rate number). */
  agencyPhone: string;
  creditorName: string;
  /** How the agent asks for the debtor: "Monsieur Jean Dupont", "la société Martin SARL". */
  debtorName: string;
  balanceCents: number;
  currency: string;
  /** FR-05: every step repeats the first letter's reference and date. */
  firstLetterRef: string | null;
  firstLetterDate: string | null;
  /** Today in the debtor's time zone, YYYY-MM-DD: limits on promise and plan dates count from it. */
  today: string;
  planLimits: PlanLimits;
  recordingNotice: boolean;
  /** Whether a human collector can take a transfer right now; otherwise the agent books a meeting. */
  humanAvailable: boolean;
  maxCallMs: number;
}

/** What an LLM brain suggests on a turn; the policy decides. The built-in NLU suggests nothing. */
export interface Suggestion {
  /** Text the LLM would say; used only where free speech is allowed and only if the guard passes it. */
  text?: string;
  /** The tool the LLM asked for, kept for the record when the policy refuses it. */
  tool?: { name: ToolName; args: Record<string, unknown> };
}

export type ToolResult =
  | { ok: true; data?: { slot?: string; transferred?: boolean; transferTo?: string } }
  | { ok: false; error: string };

export type PolicyEvent =
  | { type: "debtor_said"; atMs: number; text: string; understanding: Understanding; suggestion?: Suggestion }
  | { type: "dtmf"; atMs: number; digit: string }
  | { type: "silence"; atMs: number }
  | { type: "voicemail"; atMs: number }
  | { type: "tool_result"; atMs: number; tool: ToolName; result: ToolResult }
  | { type: "payment_received"; atMs: number; amountCents: number }
  | { type: "tick"; atMs: number }
  | { type: "hangup"; atMs: number };

export type ToolArgs =
  | { tool: "send_payment_link"; channel: "sms" | "email" }
  | { tool: "transfer_to_human" }
  | { tool: "book_appointment"; preferredDate: string | null }
  | { tool: "record_promise"; date: string; amountCents: number }
  | { tool: "propose_plan"; instalments: number; instalmentCents: number; firstDate: string }
  | { tool: "record_dispute"; statement: string }
  | { tool: "report_already_paid"; statement: string }
  | { tool: "schedule_callback"; date: string | null; note: string }
  | { tool: "opt_out_of_calls" }
  | { tool: "mark_wrong_number" }
  | { tool: "end_call" };

export type LineKind = "opening" | "voicemail" | "purpose" | "reply" | "closing";

export type PolicyAction =
  | { type: "say"; text: string; kind: LineKind; interruptible: boolean }
  | { type: "tool"; call: ToolArgs }
  | { type: "flag"; flag: CallFlag; detail?: string }
  | { type: "refused"; tool: ToolName; reason: string }
  | { type: "hangup" };

/** The question the agent is waiting on: it decides what "oui" and "non" mean. */
export type Pending =
  | { kind: "identity" }
  | { kind: "number_check" }
  | { kind: "pitch" }
  | { kind: "offer_link" }
  | { kind: "payment_date" }
  | { kind: "confirm_promise"; date: string; amountCents: number }
  | { kind: "confirm_plan"; instalments: number; instalmentCents: number; firstDate: string }
  | { kind: "offer_appointment" }
  | { kind: "awaiting_payment" }
  | { kind: "anything_else" };

export type Phase = "right_party" | "negotiate" | "awaiting_tool" | "ended";

export interface PolicyState {
  phase: Phase;
  /** The debtor confirmed who they are: only then may a debt detail be spoken. */
  rightParty: boolean;
  pending: Pending | null;
  /** The tool the session is running; the next event must be its result. */
  awaiting: ToolArgs | null;
  outcome: CallOutcome | null;
  reason: NonPaymentReason | null;
  flags: CallFlag[];
  silences: number;
  misunderstandings: number;
  debtorSpoke: boolean;
  lastSaid: string;
  /** The pending question's words, to ask again after a silence or an aside. */
  question: string;
}

export interface Step {
  state: PolicyState;
  actions: PolicyAction[];
}
