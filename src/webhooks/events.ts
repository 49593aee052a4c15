import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { pgArray } from "../platform/db/bulk";
import type { Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";

// R124-5: the creditor hears of every payment by event, portal and signed webhook. Events are fanned
// out to the creditor's active endpoints inside the transaction that makes the change, so a
// rolled-back change sends nothing and a committed one is never forgotten.

export const WEBHOOK_EVENT_TYPES = [
  "payment.received",
  "payment.reversed",
  "case.status_changed",
  "promise.recorded",
  "plan.created",
  "dispute.opened",
  "remittance.prepared",
  "remittance.paid",
  "remittance.rejected",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by "send test delivery" only; no endpoint subscribes to it. */
export const TEST_EVENT_TYPE = "webhook.test";

export interface WebhookEvent {
  creditorId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  at: Date;
  /** Stable across retries and endpoints: receivers deduplicate on it (`webhook-id`). */
  id?: string;
}

/** The body every endpoint receives, in the Standard Webhooks shape. */
export interface WebhookEnvelope {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * One delivery per event and subscribed active endpoint. The subscriptions of the events' creditors are
 * read first (one indexed lookup), so a batch whose creditors listen to none of its events costs no
 * envelope at all; the rest go in one statement, where `on conflict` on `<event id>:<endpoint id>`
 * makes a repeated fan-out harmless.
 */
export async function enqueueWebhookEvents(tx: Executor, all: readonly WebhookEvent[]): Promise<void> {
  if (all.length === 0) return;
  const subscribed = await queryRows<{ creditorId: string; type: string }>(
    tx,
    sql`select distinct e.creditor_id as "creditorId", t.type
        from webhook_endpoints e cross join jsonb_array_elements_text(e.event_types) as t(type)
        where e.creditor_id = any(${pgArray([...new Set(all.map((e) => e.creditorId))])}::uuid[])
          and e.active and e.deleted_at is null`,
  );
  const wanted = new Set(subscribed.map((s) => `${s.creditorId} ${s.type}`));
  const events = all.filter((e) => wanted.has(`${e.creditorId} ${e.type}`));
  if (events.length === 0) return;
  const rows = events.map((e) => {
    const id = e.id ?? randomUUID();
    const envelope: WebhookEnvelope = { id, type: e.type, timestamp: e.at.toISOString(), data: e.data };
    return { id, creditor_id: e.creditorId, type: e.type, payload: envelope, at: e.at.toISOString() };
  });
  await tx.execute(sql`
    insert into webhook_deliveries (id, creditor_id, endpoint_id, event_id, event_type, payload, idempotency_key,
                                    state, attempts, max_attempts, next_attempt_at, created_at, updated_at)
    select gen_random_uuid(), e.creditor_id, e.id, ev.id, ev.type, ev.payload, ev.id::text || ':' || e.id::text,
           'pending', 0, ${DEFAULT_MAX_ATTEMPTS}, ev.at, ev.at, ev.at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           as ev(id uuid, creditor_id uuid, type text, payload jsonb, at timestamptz)
    join webhook_endpoints e on e.creditor_id = ev.creditor_id and e.active and e.deleted_at is null
                             and e.event_types ? ev.type
    on conflict (idempotency_key) do nothing`);
}
