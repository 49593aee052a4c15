import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { timelineEvents } from "../cases/schema";
import type { Db, Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import {
  type Channel,
  type ChannelRegistry,
  isSandbox,
  type OutboundAction,
  type ProviderStatus,
  type SendResult,
} from "./channel";
import { type ContactGate, lawChannel } from "./contact-gate";
import type { ScenarioChannel } from "./scenario";
import { outbox } from "./schema";

export interface DispatchOptions {
  batchSize?: number;
  /** How long a claimed row may stay in "sending" before it is presumed lost and reconciled. */
  leaseMs?: number;
  maxAttempts?: number;
  /**
   * Asked again just before each send: a retry or a slow queue can push an action out of the window it
   * was planned in. History is not passed: the action was counted against the caps when it was planned.
   */
  gate?: ContactGate;
  /**
   * CPCE R124-2 (FR-02): what the agency still lacks to work for real (insurance, trust account,
   * declaration to the procureur) at this instant; empty when it may. While anything is missing, actions
   * bound for a real provider wait; the embedded sandbox providers still work, for demos and training.
   */
  readiness?: (at: Date) => Promise<readonly string[]>;
}

export interface DispatchResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  deferred: number;
}

type Claimed = OutboundAction & { attempts: number };

interface Debtor {
  timeZone: string;
  lawRegion: string;
  jurisdiction: "FR" | "US";
  debtorKind: "person" | "company";
}

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
  const result: DispatchResult = { claimed: 0, sent: 0, retried: 0, failed: 0, cancelled: 0, deferred: 0 };
  if (handled.length === 0) return result;
  const at = now();
  result.cancelled = await cancelHeldActions(db, at);
  const claimed = await queryRows<Claimed & Debtor>(
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
                  case_id as "caseId", channel, template, persona, attempt, payload, attempts,
                  (select json_build_object('timeZone', d.time_zone, 'lawRegion', d.law_region,
                                            'jurisdiction', d.jurisdiction, 'debtorKind', d.kind)
                     from cases c join debtors d on d.id = c.debtor_id where c.id = outbox.case_id) as debtor`,
  ).then((rows) => rows.map((r) => ({ ...r, ...(r as unknown as { debtor: Debtor }).debtor })));
  result.claimed = claimed.length;
  const missing = claimed.some((r) => !isSandbox(channels[r.channel]!)) ? await options.readiness?.(at) : [];
  const byChannel = new Map<Channel, Claimed[]>();
  for (const row of claimed) {
    const channel = channels[row.channel]!;
    if (missing?.length && !isSandbox(channel)) {
      await holdUntilReady(db, row, at, missing);
      result.deferred++;
      continue;
    }
    const nextAllowedAt = outOfWindow(options.gate, row, at);
    if (nextAllowedAt !== undefined) {
      await deferSend(db, row, at, nextAllowedAt);
      result.deferred++;
      continue;
    }
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

/** When the gate refuses this send now: the next time it may go (null: only a person can lift it). */
function outOfWindow(
  gate: ContactGate | undefined,
  row: Claimed & Debtor,
  at: Date,
): Date | null | undefined {
  const channel = lawChannel(row.channel);
  if (!gate || !channel) return undefined;
  const decision = gate({ ...row, channel, now: at, history: [], prescriptionDate: null });
  return decision.allowed ? undefined : decision.nextAllowedAt;
}

async function deferSend(db: Db, row: Claimed, at: Date, until: Date | null): Promise<void> {
  await db.transaction(async (tx) => {
    // The claim's attempt is given back: the provider was not called.
    const stamp = at.toISOString();
    await tx.execute(
      until
        ? sql`update outbox set state = 'pending', attempts = attempts - 1, lease_until = null,
                updated_at = ${stamp}::timestamptz, scheduled_at = ${until.toISOString()}::timestamptz
              where id = ${row.outboxId}`
        : sql`update outbox set state = 'cancelled', attempts = attempts - 1, lease_until = null,
                updated_at = ${stamp}::timestamptz, idempotency_key = idempotency_key || '~cancelled~' || id::text
              where id = ${row.outboxId}`,
    );
    await event(tx, row, until ? "action.deferred" : "action.cancelled", at, {
      reason: "outside_contact_window",
      until: until?.toISOString() ?? null,
    });
    if (!until) await wakeCase(tx, row.caseId, at);
  });
}

/** How long an action bound for a real provider waits before the agency's prerequisites are looked at again. */
const READINESS_RECHECK_MS = 3_600_000;

/**
 * The agency may not send for real yet (R124-2): the action goes back to the queue, untried, and is looked
 * at again in an hour. The case's timeline says why once, not at every recheck.
 */
async function holdUntilReady(db: Db, row: Claimed, at: Date, missing: readonly string[]): Promise<void> {
  const reason = `agency_not_ready: ${missing.join(", ")}`;
  await db.transaction(async (tx) => {
    const [before] = await queryRows<{ lastError: string | null }>(
      tx,
      sql`select last_error as "lastError" from outbox where id = ${row.outboxId}`,
    );
    await tx.execute(
      sql`update outbox set state = 'pending', attempts = attempts - 1, lease_until = null, last_error = ${reason},
            updated_at = ${at.toISOString()}::timestamptz,
            scheduled_at = ${new Date(at.getTime() + READINESS_RECHECK_MS).toISOString()}::timestamptz
          where id = ${row.outboxId}`,
    );
    if (before?.lastError !== reason)
      await event(tx, row, "action.deferred", at, { reason: "agency_not_ready", missing });
  });
}

/**
 * A case put on hold, closed or gone to court sends nothing more: its due actions are
 * cancelled here, before any claim, each with an event. Only actions never handed to a provider are
 * cancelled: one already tried (a retry, or a send a crash interrupted) is finished under its own
 * idempotency key, so the provider can tell it apart from a new action. A cancelled action frees its
 * key, so the scenario can plan the step again once the case is released. A reminder of the very
 * commitment that holds the case (payload `duringHold` equal to the case's hold reason: "promise" or
 * "payment_plan") is the exception: it goes out during that hold, and only that one.
 */
async function cancelHeldActions(db: Db, at: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await queryRows<{
      id: string;
      creditorId: string;
      caseId: string;
      channel: string;
      template: string;
      status: string;
      holdReason: string | null;
    }>(
      tx,
      sql`update outbox o set state = 'cancelled', lease_until = null, updated_at = ${at.toISOString()}::timestamptz,
                 idempotency_key = o.idempotency_key || '~cancelled~' || o.id::text
          from cases c
          where c.id = o.case_id and o.state = 'pending' and o.attempts = 0
            and o.scheduled_at <= ${at.toISOString()}::timestamptz
            and (c.status in ('on_hold', 'closed') or c.phase in ('judicial', 'closed'))
            and not (c.status = 'on_hold' and c.phase not in ('judicial', 'closed')
                     and o.payload->>'duringHold' is not null and o.payload->>'duringHold' = c.hold_reason)
          returning o.id, o.creditor_id as "creditorId", o.case_id as "caseId", o.channel, o.template,
                    c.status, c.hold_reason as "holdReason"`,
    );
    if (rows.length === 0) return 0;
    await tx.insert(timelineEvents).values(
      rows.map((r) => ({
        id: randomUUID(),
        creditorId: r.creditorId,
        caseId: r.caseId,
        type: "action.cancelled",
        at,
        actorType: "system" as const,
        actorId: null,
        data: {
          outboxId: r.id,
          channel: r.channel,
          template: r.template,
          reason: r.status === "on_hold" ? "case_on_hold" : "case_closed_or_judicial",
          caseStatus: r.status,
          ...(r.holdReason ? { holdReason: r.holdReason } : {}),
        },
      })),
    );
    return rows.length;
  });
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
            // The provider's time, not the reconciliation's: the planner and the caps read it.
            sentAt: status.sentAt && status.sentAt < now ? status.sentAt : now,
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
