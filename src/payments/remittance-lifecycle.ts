import type { RemittanceStatus } from "./schema";

// Pure: a remittance's life after the run that prepared it (no I/O).
//
//   prepared ──sent──► sent ──paid──► paid ──rejected──► returned
//      │  └────────paid───────────────▲
//      └──rejected──► rejected ◄──rejected── sent
//
// "paid" straight from "prepared" is allowed: the bank statement proving the execution may arrive
// before anyone marked the file as handed over. A transfer refused before execution is "rejected"; one
// sent back by the creditor's bank after execution (a SEPA return) is "returned". Both are final and
// put the money back as held for the creditor.

export type RemittanceMark =
  | { kind: "sent" }
  | { kind: "paid"; executedOn: string }
  | { kind: "rejected"; reason: string };

export type Transition =
  | { ok: true; to: RemittanceStatus }
  | { ok: false; reason: "already" | "final" | "not_after_paid" };

export function transition(from: RemittanceStatus, mark: RemittanceMark["kind"]): Transition {
  switch (from) {
    case "prepared":
      return { ok: true, to: mark === "rejected" ? "rejected" : mark };
    case "sent":
      return mark === "sent" ? { ok: false, reason: "already" } : { ok: true, to: mark };
    case "paid":
      if (mark === "rejected") return { ok: true, to: "returned" };
      return { ok: false, reason: mark === "paid" ? "already" : "not_after_paid" };
    case "rejected":
    case "returned":
      return { ok: false, reason: "final" };
  }
}

/** Whether the remittance's money still counts as paid over (or on its way): not once it came back. */
export function countsAsRemitted(status: RemittanceStatus): boolean {
  return status !== "rejected" && status !== "returned";
}
