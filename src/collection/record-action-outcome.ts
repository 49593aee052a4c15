import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { timelineEvents } from "../cases/schema";
import type { Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import type { StepOutcome } from "./scenario";

// What became of an action after it was sent (delivered, bounced, opened, clicked) comes back from the
// providers' callbacks. The outbox row takes the outcome, so that scenario conditions see it; the timeline
// records it; the case wakes so the scheduler looks at it now.

/** A later, stronger signal replaces a weaker one; "not delivered" never hides an open or a click. */
const RANK: Partial<Record<StepOutcome, number>> = {
  sent: 0,
  not_delivered: 1,
  delivered: 1,
  opened: 2,
  clicked: 3,
};

export interface ReportedOutcome {
  idempotencyKey: string;
  outcome: "delivered" | "not_delivered" | "opened" | "clicked";
  at: Date;
  /** Timeline event type, e.g. email.opened, sms.delivered. */
  event: string;
  data?: Record<string, unknown>;
  actorType?: "provider" | "debtor";
}

export async function recordActionOutcome(tx: Executor, report: ReportedOutcome): Promise<boolean> {
  const [row] = await queryRows<{
    id: string;
    caseId: string;
    creditorId: string;
    outcome: StepOutcome | null;
    state: string;
    channel: string;
    template: string;
  }>(
    tx,
    sql`select id, case_id as "caseId", creditor_id as "creditorId", outcome, state, channel, template
        from outbox where idempotency_key = ${report.idempotencyKey} for update`,
  );
  if (!row) return false;
  const current = row.outcome ? (RANK[row.outcome] ?? 0) : -1;
  const next = RANK[report.outcome] ?? 0;
  const stronger = next > current || (report.outcome === "not_delivered" && current <= 1);
  if (stronger && row.outcome !== report.outcome) {
    const state =
      report.outcome === "not_delivered" ? "failed" : row.state === "sent" ? "delivered" : row.state;
    const at = report.at.toISOString();
    await tx.execute(sql`update outbox set outcome = ${report.outcome}, state = ${state}, updated_at = ${at}::timestamptz
      where id = ${row.id}`);
    await tx.execute(sql`update cases set next_action_at = ${at}::timestamptz
      where id = ${row.caseId} and status = 'active' and (next_action_at is null or next_action_at > ${at}::timestamptz)`);
  }
  await tx.insert(timelineEvents).values({
    id: randomUUID(),
    creditorId: row.creditorId,
    caseId: row.caseId,
    type: report.event,
    at: report.at,
    actorType: report.actorType ?? "provider",
    actorId: null,
    data: { outboxId: row.id, channel: row.channel, template: row.template, ...report.data },
  });
  return true;
}
