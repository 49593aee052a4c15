import type { Channel as LawChannelName } from "../law/contact-policy";
import type { ScenarioChannel } from "./scenario";

// The scheduler asks one question before any contact: may we, now? The answer comes from the law kernel
// (src/law); collection only defines the shape of the question, so the rules stay pure and swappable.

export type LawChannel = LawChannelName;

export function lawChannel(channel: ScenarioChannel): LawChannel | null {
  switch (channel) {
    case "voice_call":
      return "call";
    case "sms":
      return "sms";
    case "email":
      return "email";
    case "letter":
      return "letter";
    case "registered_letter":
      return "registered_letter";
    case "agent_task":
      return null;
  }
}

export interface PastContact {
  channel: LawChannel;
  at: Date;
  /** A call that reached the debtor counts as a conversation (Reg F's 7-day rule, for instance). */
  kind: "attempt" | "conversation";
}

export interface GateInput {
  channel: LawChannel;
  now: Date;
  timeZone: string;
  lawRegion: string;
  jurisdiction: "FR" | "US";
  debtorKind: "person" | "company";
  history: readonly PastContact[];
  /** Earliest out-of-statute date among the case's open claims (YYYY-MM-DD). */
  prescriptionDate: string | null;
}

export type GateDecision = { allowed: true } | { allowed: false; reason: string; nextAllowedAt: Date | null };

export type ContactGate = (input: GateInput) => GateDecision;
