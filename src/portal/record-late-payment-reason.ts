import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type Actor, appendEvent } from "../cases/timeline";
import { lockCase } from "../payments/case-balance";
import type { Db } from "../platform/db/client";
import { latePaymentReasons } from "./schema";

/** The short survey's answers; reporting groups cases by them. */
export const LATE_PAYMENT_REASONS = [
  "forgot",
  "cash_flow",
  "job_loss_or_illness",
  "invoice_not_received",
  "disagreement",
  "waiting_for_customer_payment",
  "other",
] as const;

export const surveyInputSchema = z.object({
  reason: z.enum(LATE_PAYMENT_REASONS),
  comment: z.string().trim().max(1000).optional(),
});

export async function recordLatePaymentReason(
  db: Db,
  caseId: string,
  input: z.infer<typeof surveyInputSchema>,
  actor: Actor,
  now: Date,
): Promise<{ answerId: string }> {
  return db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    const id = randomUUID();
    await tx.insert(latePaymentReasons).values({
      id,
      creditorId: row.creditorId,
      caseId,
      reason: input.reason,
      comment: input.comment ?? null,
      source: actor.type,
      createdAt: now,
    });
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId,
      type: "survey.late_payment_reason",
      at: now,
      actor,
      data: { reason: input.reason },
    });
    return { answerId: id };
  });
}
