import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { timelineEvents } from "../cases/schema";
import type { Db, Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import type { Channel, ChannelRegistry, OutboundAction, ProviderStatus, SendResult } from "./channel";
import type { ScenarioChannel } from "./scenario";
import { outbox } from "./schema";

export interface DispatchOptions {
  batchSize?: number;
  /** How long a claimed row may stay in "sending" before it is presumed lost and reconciled. */
  leaseMs?: number;
  maxAttempts?: number;
}

export interface DispatchResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

type Claimed = OutboundAction & { attempts: number };

/**
 * Sends due outbox rows. A row is first marked "sending" under a lease and committed; only then is the
 * provider called with the row's idempotency key; the result is recorded in a second transaction.
 * A crash between the two leaves the row in "sending": `reconcileOutbox` later asks the provider what
 * happened rather than sending again blindly.
 */
export async function dispatchOutbox(
  db: Db,
  channels: ChannelRegistry,
  now: () => Date,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const handled = (Object.keys(channels) as ScenarioChannel[]).filter((c) => channels[c]);
  const result: DispatchResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
  if (handled.length === 0) return result;
  const at = now();
  const claimed = await queryRows<Claimed>(
    db,
    sql`update outbox set state = 'sending', attempts = attempts + 1,
               lease_until = ${new Date(at.getTime() + leaseMs).toISOString()}::timestamptz,
               updated_at = ${at.toISOString()}::timestamptz
        where id in (
          select id from outbox
          where state = 'pending' and scheduled_at <= ${at.toISOString()}::timestamptz
            and channel = any(${`{${handled.join(",")}}`}::text[])
          order by scheduled_at
          limit ${batchSize}
          for update skip locked)
        returning id as "outboxId", idempotency_key as "idempotencyKey", creditor_id as "creditorId",
                  case_id as "caseId", channel, template, persona, attempt, payload, attempts`,
  );
  result.claimed = claimed.length;
  const byChannel = new Map<Channel, Claimed[]>();
  for (const row of claimed) {
    const channel = channels[row.channel]!;
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), row]);
  }
  await Promise.all(
    [...byChannel].map(([channel, rows]) =>
      inPool(rows, channel.concurrency, async (row) => {
        const outcome = await safeSend(channel, row);
        const kind = await recordSend(db, row, outcome, now(), maxAttempts);
        result[kind]++;
      }),
    ),
  );
  return result;
}

async function safeSend(channel: Channel, row: OutboundAction): Promise<SendResult> {
  try {
    return await channel.send(row);
  } catch (error) {
    // A thrown error is a transport failure whose effect is unknown; retrying is safe only because the
    // provider receives the same idempotency key again.
    return { status: "failed", provider: channel.provider, error: (error as Error).message, retryable: true };
  }
}

async function recordSend(
  db: Db,
  row: Claimed,
  send: SendResult,
  at: Date,
  maxAttempts: number,
): Promise<"sent" | "retried" | "failed"> {
  return db.transaction(async (tx) => {
    if (send.status === "sent") {
      await tx
        .update(outbox)
        .set({
          state: "sent",
          outcome: send.outcome ?? "sent",
          provider: send.provider,
          providerRef: send.providerRef,
          sentAt: at,
          leaseUntil: null,
          lastError: null,
          updatedAt: at,
        })
        .where(eq(outbox.id, row.outboxId));
      await event(tx, row, "action.sent", at, { provider: send.provider, attempt: row.attempts });
      await wakeCase(tx, row.caseId, at);
      return "sent";
    }
    if (send.retryable && row.attempts < maxAttempts) {
      // Exponential backoff: 1, 2, 4, 8… minutes.
      const retryAt = new Date(at.getTime() + 60_000 * 2 ** (row.attempts - 1));
      await tx
        .update(outbox)
        .set({
          state: "pending",
          scheduledAt: retryAt,
          leaseUntil: null,
          lastError: send.error,
          updatedAt: at,
        })
        .where(eq(outbox.id, row.outboxId));
      return "retried";
    }
    // Dead letter: the row keeps the reason; the planner moves on as if the message did not arrive.
    await tx
      .update(outbox)
      .set({
        state: "failed",
        outcome: "not_delivered",
        provider: send.provider,
        leaseUntil: null,
        lastError: send.error,
        updatedAt: at,
      })
      .where(eq(outbox.id, row.outboxId));
    await event(tx, row, "action.failed", at, {
      provider: send.provider,
      error: send.error,
      attempts: row.attempts,
    });
    await wakeCase(tx, row.caseId, at);
    return "failed";
  });
}

/**
 * Rows left in "sending" past their lease (the process died mid-send) become "unknown", then take the
 * provider's word: sent → recorded as sent, never sent → pending again (safe, the key is the same).
 */
export async function reconcileOutbox(
  db: Db,
  channels: ChannelRegistry,
  now: Date,
): Promise<{ reconciled: number }> {
  const stale = await queryRows<Claimed>(
    db,
    sql`update outbox set state = 'unknown', updated_at = ${now.toISOString()}::timestamptz
        where state = 'sending' and lease_until < ${now.toISOString()}::timestamptz
           or state = 'unknown'
        returning id as "outboxId", idempotency_key as "idempotencyKey", creditor_id as "creditorId",
                  case_id as "caseId", channel, template, persona, attempt, payload, attempts`,
  );
  for (const row of stale) {
    const channel = channels[row.channel];
    if (!channel) continue;
    const status: ProviderStatus = await channel
      .status(row.idempotencyKey)
      .catch(() => ({ status: "not_found" as const }));
    await db.transaction(async (tx) => {
      if (status.status === "sent" || status.status === "delivered") {
        await tx
          .update(outbox)
          .set({
            state: status.status,
            outcome: status.outcome ?? status.status,
            providerRef: status.providerRef,
            provider: channel.provider,
            sentAt: now,
            leaseUntil: null,
            updatedAt: now,
          })
          .where(eq(outbox.id, row.outboxId));
        await wakeCase(tx, row.caseId, now);
      } else if (status.status === "failed") {
        await tx
          .update(outbox)
          .set({
            state: "failed",
            outcome: "not_delivered",
            lastError: status.error,
            leaseUntil: null,
            updatedAt: now,
          })
          .where(eq(outbox.id, row.outboxId));
        await wakeCase(tx, row.caseId, now);
      } else {
        await tx
          .update(outbox)
          .set({ state: "pending", leaseUntil: null, updatedAt: now })
          .where(eq(outbox.id, row.outboxId));
      }
      await event(tx, row, "action.reconciled", now, { providerStatus: status.status });
    });
  }
  return { reconciled: stale.length };
}

async function event(
  tx: Executor,
  row: OutboundAction,
  type: string,
  at: Date,
  data: Record<string, unknown>,
) {
  await tx.insert(timelineEvents).values({
    id: randomUUID(),
    creditorId: row.creditorId,
    caseId: row.caseId,
    type,
    at,
    actorType: "system",
    actorId: null,
    data: { outboxId: row.outboxId, channel: row.channel, template: row.template, ...data },
  });
}

/** An action's outcome is known: let the scheduler look at the case again now, not at its recheck time. */
async function wakeCase(tx: Executor, caseId: string, at: Date): Promise<void> {
  await tx.execute(sql`update cases set next_action_at = ${at.toISOString()}::timestamptz
    where id = ${caseId} and status = 'active' and (next_action_at is null or next_action_at > ${at.toISOString()}::timestamptz)`);
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(size, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}
