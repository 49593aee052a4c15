import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import { unseal } from "../platform/secret-box";
import { webhookAttempts, webhookDeliveries } from "./schema";
import { signatureHeaders } from "./sign";

export const SECRET_PURPOSE = "webhook-endpoint-secret";

export interface DeliveryOptions {
  /** RELANCE_SECRET: unseals the endpoints' signing secrets. */
  secret: string;
  batchSize?: number;
  concurrency?: number;
  timeoutMs?: number;
  leaseMs?: number;
  /** First retry delay; each further one doubles it, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /**
   * The signature's timestamp. Receivers check it against their own clock, so it is wall-clock time
   * even when the engine runs on a virtual clock (`relance run --until`).
   */
  signedAt?: () => Date;
  /** Only this delivery (a test delivery sent while the creditor waits). */
  deliveryId?: string;
}

export interface DeliveryResult {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
}

interface Claimed {
  id: string;
  creditorId: string;
  endpointId: string;
  eventId: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  url: string;
  secretSealed: string;
}

/** Exponential backoff: backoff · 2^(attempt−1), capped. */
export function retryDelayMs(attempt: number, backoffMs = 60_000, maxBackoffMs = 6 * 3_600_000): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Delivers due webhook rows: claimed under a lease with SKIP LOCKED (any number of workers), POSTed
 * signed, and recorded with the HTTP status and duration. A 2xx delivers; anything else (or no answer)
 * is retried with backoff until the row's attempts run out, then it is dead-lettered. A row whose
 * worker died mid-request is claimed again after its lease: the receiver sees the same `webhook-id`.
 */
export async function deliverWebhooks(db: Db, now: Date, options: DeliveryOptions): Promise<DeliveryResult> {
  const leaseMs = options.leaseMs ?? 60_000;
  const stamp = now.toISOString();
  const claimed = await queryRows<Claimed>(
    db,
    sql`update webhook_deliveries d set state = 'sending', attempts = d.attempts + 1, updated_at = ${stamp}::timestamptz,
               lease_until = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz
        from webhook_endpoints e
        where e.id = d.endpoint_id and d.id in (
          -- A disabled endpoint's deliveries wait, unclaimed, until it is enabled again.
          select w.id from webhook_deliveries w
          join webhook_endpoints we on we.id = w.endpoint_id and we.active and we.deleted_at is null
          where ((w.state = 'pending' and w.next_attempt_at <= ${stamp}::timestamptz)
             or (w.state = 'sending' and w.lease_until < ${stamp}::timestamptz))
            and (${options.deliveryId ?? null}::uuid is null or w.id = ${options.deliveryId ?? null}::uuid)
          order by w.next_attempt_at
          limit ${options.batchSize ?? 100}
          for update of w skip locked)
        returning d.id, d.creditor_id as "creditorId", d.endpoint_id as "endpointId", d.event_id as "eventId",
                  d.payload, d.attempts, d.max_attempts as "maxAttempts", e.url, e.secret_sealed as "secretSealed"`,
  );
  const result: DeliveryResult = { claimed: claimed.length, delivered: 0, retried: 0, dead: 0 };
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const row = claimed[next++]!;
      const outcome = await post(row, options);
      result[await record(db, row, outcome, now, options)]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, claimed.length) }, worker));
  return result;
}

interface PostOutcome {
  status: number | null;
  durationMs: number;
  error: string | null;
}

async function post(row: Claimed, options: DeliveryOptions): Promise<PostOutcome> {
  const body = JSON.stringify(row.payload);
  const started = performance.now();
  try {
    const secret = unseal(options.secret, SECRET_PURPOSE, row.secretSealed);
    const res = await fetch(row.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Relance-Webhooks/1",
        ...signatureHeaders(secret, row.eventId, body, options.signedAt?.() ?? new Date()),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    // The answer's body is read and dropped: it is the receiver's, and it is never logged.
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status, durationMs: Math.round(performance.now() - started), error: null };
  } catch (error) {
    // Only the transport's reason is kept (ECONNREFUSED, timeout…), never anything the receiver said.
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === "TimeoutError" ? "timeout" : (e.cause?.code ?? e.cause?.message ?? e.name);
    return { status: null, durationMs: Math.round(performance.now() - started), error: String(reason) };
  }
}

async function record(
  db: Db,
  row: Claimed,
  outcome: PostOutcome,
  now: Date,
  options: DeliveryOptions,
): Promise<"delivered" | "retried" | "dead"> {
  const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  const error = ok ? null : (outcome.error ?? `HTTP ${outcome.status}`);
  const kind = ok ? "delivered" : row.attempts < row.maxAttempts ? "retried" : "dead";
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      id: randomUUID(),
      creditorId: row.creditorId,
      deliveryId: row.id,
      attempt: row.attempts,
      at: now,
      status: outcome.status,
      durationMs: outcome.durationMs,
      error,
    });
    await tx
      .update(webhookDeliveries)
      .set({
        state: kind === "retried" ? "pending" : kind,
        leaseUntil: null,
        lastStatus: outcome.status,
        lastDurationMs: outcome.durationMs,
        lastError: error,
        updatedAt: now,
        ...(kind === "delivered" ? { deliveredAt: now } : {}),
        ...(kind === "retried"
          ? {
              nextAttemptAt: new Date(
                now.getTime() + retryDelayMs(row.attempts, options.backoffMs, options.maxBackoffMs),
              ),
            }
          : {}),
      })
      .where(eq(webhookDeliveries.id, row.id));
  });
  return kind;
}
