import { type ContactPolicy, DEFAULT_FR_POLICY, US_REG_F_POLICY } from "../law/contact-policy";
import { mayContact } from "../law/may-contact";
import type { LawRegion } from "../law/region";
import type { ContactGate } from "./contact-gate";

export type Policies = { FR: ContactPolicy; US: ContactPolicy };

/**
 * The contact gate backed by the law kernel. Case-level holds and per-channel opt-outs are already
 * applied by the scheduler (a held case is not claimed; an opted-out contact point is not reachable),
 * so the kernel judges windows, holidays, caps, quiet periods and prescription.
 */
export function lawGate(
  policiesIn: Policies | (() => Policies) = { FR: DEFAULT_FR_POLICY, US: US_REG_F_POLICY },
): ContactGate {
  const current = typeof policiesIn === "function" ? policiesIn : () => policiesIn;
  return (input) => {
    const policies = current();
    const decision = mayContact(
      {
        jurisdiction: input.jurisdiction,
        timeZone: input.timeZone,
        region: input.lawRegion as LawRegion,
        channel: input.channel,
        policy: policies[input.jurisdiction],
        holds: [],
        optOuts: [],
        history: input.history,
        prescriptionDates: input.prescriptionDate ? [input.prescriptionDate] : [],
      },
      input.now,
    );
    if (decision.allowed) return decision;
    return { allowed: false, reason: decision.reason, nextAllowedAt: decision.nextAllowedAt ?? null };
  };
}
