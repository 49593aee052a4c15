import { z } from "zod";
import { CLOSED_REASONS, HOLD_REASONS, PHASES, STATUSES } from "./case-lifecycle";

// Response shapes shared by the creditor API and the agency API; they feed OpenAPI.

export const moneySchema = z.object({
  amount: z.number().int().meta({ description: "Integer minor units (cents)" }),
  currency: z.string(),
});

export const caseSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  externalRef: z.string().nullable(),
  creditor: z.object({ id: z.uuid(), name: z.string() }),
  debtor: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(["person", "company"]) }),
  phase: z.enum(PHASES),
  status: z.enum(STATUSES),
  closedReason: z.enum(CLOSED_REASONS).nullable(),
  hold: z.object({ reason: z.enum(HOLD_REASONS), until: z.string().nullable() }).nullable(),
  balance: moneySchema,
  nextActionAt: z.string().nullable(),
  assignedAgentId: z.uuid().nullable(),
  createdAt: z.string(),
  unreadMessages: z.number().int().meta({
    description: "Messages in the case's thread from the other side, not yet read by the asking side",
  }),
});

export const claimViewSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  issueDate: z.string(),
  dueDate: z.string(),
  principal: moneySchema,
  paid: moneySchema,
  interestTerms: z.object({ kind: z.string(), rateBp: z.number().optional() }),
  b2bIndemnity: z.boolean(),
  outOfStatuteDate: z.string(),
});

export const timelineEventSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  at: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
  data: z.record(z.string(), z.unknown()),
});

export const balanceSchema = z.object({
  principal: moneySchema,
  indemnity: moneySchema.meta({ description: "40 € per late invoice owed by a business debtor (D441-5)" }),
  paid: moneySchema,
  outstanding: moneySchema,
});

export const caseDetailSchema = caseSummarySchema.extend({
  firstLetter: z.object({ reference: z.string(), date: z.string() }).nullable(),
  mandateId: z.uuid(),
  claims: z.array(claimViewSchema),
  balanceBreakdown: balanceSchema,
  timeline: z.array(timelineEventSchema),
});

export const caseListSchema = z.object({
  items: z.array(caseSummarySchema),
  nextCursor: z.string().nullable(),
});

export type CaseSummary = z.infer<typeof caseSummarySchema>;
export type CaseDetail = z.infer<typeof caseDetailSchema>;
export type CaseList = z.infer<typeof caseListSchema>;
