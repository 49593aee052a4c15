import { z } from "zod";

// What GET /api/agency/cases/:caseId/money answers (payments/case-money.ts builds it).

const cents = z.number().int();

export const caseMoneySchema = z.object({
  currency: z.string(),
  payments: z.array(
    z.object({
      id: z.uuid(),
      provider: z.string(),
      amountCents: cents,
      allocatedCents: cents,
      overpaymentCents: cents,
      reversedCents: cents,
      currency: z.string(),
      status: z.string(),
      encashedAt: z.string(),
      remittanceDueAt: z.string(),
      receiptNumber: z.string(),
      receiptDocumentId: z.uuid().nullable(),
      remittance: z
        .object({ id: z.uuid(), reference: z.string(), status: z.string() })
        .nullable()
        .meta({ description: "The remittance that paid the funds over; null while they are held" }),
    }),
  ),
  plan: z
    .object({
      id: z.uuid(),
      status: z.string(),
      totalCents: cents,
      currency: z.string(),
      createdAt: z.string(),
      instalments: z.array(
        z.object({
          seq: z.number().int(),
          dueDate: z.string(),
          amountCents: cents,
          paidCents: cents,
          status: z.string(),
        }),
      ),
    })
    .nullable()
    .meta({ description: "The case's latest payment plan" }),
  promise: z
    .object({ amountCents: cents, currency: z.string(), dueDate: z.string(), status: z.string() })
    .nullable()
    .meta({ description: "The case's latest promise to pay" }),
  creditNotes: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      claimId: z.uuid(),
      amountCents: cents,
      balanceAfterCents: cents,
      currency: z.string(),
      documentId: z.uuid(),
      createdAt: z.string(),
    }),
  ),
  ledger: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      at: z.string(),
      paymentId: z.uuid().nullable(),
      currency: z.string(),
      lines: z.array(z.object({ account: z.string(), amountCents: cents })),
    }),
  ),
  notices: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      createdAt: z.string(),
      amountCents: cents.nullable(),
      webhooks: z
        .object({ delivered: z.number().int(), pending: z.number().int(), dead: z.number().int() })
        .meta({ description: "The notice's deliveries to the creditor's subscribed endpoints, by state" }),
    }),
  ),
});
export type CaseMoney = z.infer<typeof caseMoneySchema>;
