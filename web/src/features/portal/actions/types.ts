import type { PortalCase } from "../queries";

export type PortalAction =
  | "pay"
  | "plan"
  | "promise"
  | "dispute"
  | "callback"
  | "appointment"
  | "survey"
  | "contact";

/** What the confirmation screen says after an action. */
export type Done =
  | { kind: "plan"; instalments: { dueDate: string; amountCents: number }[] }
  | { kind: "promise"; dueDate: string; amountCents: number }
  | { kind: "dispute" }
  | { kind: "callback" }
  | { kind: "appointment"; when: string }
  | { kind: "survey" }
  | { kind: "contact" };

export interface ActionProps {
  token: string;
  session: string;
  data: PortalCase;
  onDone: (done: Done) => void;
  onCancel: () => void;
}
