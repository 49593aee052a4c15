import { randomUUID } from "node:crypto";
import type { Executor } from "../platform/db/client";
import { creditorNotifications } from "./schema";

// R124-5 (FR-08): the creditor hears of every payment, even partial, and of any debtor proposal
// other than immediate payment. Each notice is a timeline event the creditor sees plus a row in this
// outbox, committed with the change; a deliverer (signed webhook, email digest) drains the outbox.

export type CreditorNoticeType =
  | "payment.received"
  | "payment.refunded"
  | "payment.charged_back"
  | "promise.recorded"
  | "plan.created"
  | "dispute.opened"
  | "remittance.prepared";

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
  await tx.insert(creditorNotifications).values({
    id: randomUUID(),
    creditorId: notice.creditorId,
    caseId: notice.caseId,
    type: notice.type,
    payload: notice.payload,
    status: "pending",
    createdAt: notice.at,
  });
}
