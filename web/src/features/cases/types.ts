import type { Money } from "../../shared/format";

// Mirrors src/cases/case-views.ts (the server's response schemas).

export const PHASES = ["amicable", "pre_litigation", "judicial", "closed"] as const;
export type Phase = (typeof PHASES)[number];

export const STATUSES = ["new", "active", "on_hold", "awaiting_creditor", "closed"] as const;
export type Status = (typeof STATUSES)[number];

export interface CaseSummary {
  id: string;
  reference: string;
  externalRef: string | null;
  creditor: { id: string; name: string };
  debtor: { id: string; name: string; kind: "person" | "company" };
  phase: Phase;
  status: Status | (string & {});
  closedReason?: string | null;
  hold: { reason: string; until: string | null } | null;
  balance: Money;
  nextActionAt: string | null;
  createdAt: string;
  /** Thread messages from the other side not yet read by the viewer. */
  unreadMessages: number;
}

export interface CaseList {
  items: CaseSummary[];
  nextCursor: string | null;
}

export interface Claim {
  id: string;
  number: string;
  issueDate: string;
  dueDate: string;
  principal: Money;
  paid?: Money;
}

export interface TimelineEvent {
  id: string;
  type: string;
  at: string;
  actor: { type: string; id: string | null } | null;
  data: Record<string, unknown>;
}

export interface CaseDetail extends CaseSummary {
  claims: Claim[];
  timeline: TimelineEvent[];
  assignedAgentId?: string | null;
  balanceBreakdown?: { principal: Money; indemnity: Money; paid: Money; outstanding: Money };
}

export interface ContactPoint {
  id: string;
  kind: "phone" | "email" | "postal";
  value: string;
  phoneType: string | null;
  label: string | null;
  status: "valid" | "invalid" | "unverified";
  optOuts: { channel: string; at: string }[];
}

export interface CaseDocument {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
}

/** Which API a screen reads: the agency sees every creditor, a creditor only its own cases. */
export type CaseScope = "agency" | "creditor";

export interface CaseFilters {
  q?: string;
  phase?: Phase;
  status?: Status;
}
