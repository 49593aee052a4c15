import { randomUUID } from "node:crypto";
import type { Executor } from "../platform/db/client";
import { enqueueWebhookEvents, type WebhookEventType } from "../webhooks/events";
import { creditorNotifications } from "./schema";

// R124-5 (FR-08): the creditor hears of every payment, even partial, and of any debtor proposal
// other than immediate payment. Each notice is a timeline event the creditor sees plus a row in this
// outbox, committed with the change, and one signed webhook delivery per subscribed endpoint.

export type CreditorNoticeType =
  | "payment.received"
  | "payment.refunded"
  | "payment.charged_back"
  | "promise.recorded"
  | "plan.created"
  | "dispute.opened"
  | "remittance.prepared"
  | "remittance.paid"
  | "remittance.rejected";

export async function notifyCreditor(
  tx: Executor,
  notice: {
    creditorId: string;
    caseId: string | null;
    type: CreditorNoticeType;
    payload: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  const id = randomUUID();
  await tx.insert(creditorNotifications).values({
    id,
    creditorId: notice.creditorId,
    caseId: notice.caseId,
    type: notice.type,
    payload: notice.payload,
    status: "pending",
    createdAt: notice.at,
  });
  await enqueueWebhookEvents(tx, [
    {
      id,
      creditorId: notice.creditorId,
      type: WEBHOOK_TYPE[notice.type],
      at: notice.at,
      data: {
        ...(notice.caseId ? { caseId: notice.caseId } : {}),
        ...(notice.type === "payment.refunded" || notice.type === "payment.charged_back"
          ? { reversal: notice.type === "payment.refunded" ? "refund" : "chargeback" }
          : {}),
        ...notice.payload,
      },
    },
  ]);
}

/** Refunds and chargebacks are both a `payment.reversed` to the creditor; `data.reversal` says which. */
const WEBHOOK_TYPE: Record<CreditorNoticeType, WebhookEventType> = {
  "payment.received": "payment.received",
  "payment.refunded": "payment.reversed",
  "payment.charged_back": "payment.reversed",
  "promise.recorded": "promise.recorded",
  "plan.created": "plan.created",
  "dispute.opened": "dispute.opened",
  "remittance.prepared": "remittance.prepared",
  "remittance.paid": "remittance.paid",
  "remittance.rejected": "remittance.rejected",
};
