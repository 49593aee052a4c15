import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Channel, OutboundAction, ProviderStatus, SendResult } from "../collection/channel";
import type { Db, Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import { sandboxMessages } from "./schema";

/**
 * Keeps a message in the sandbox inbox, once per idempotency key as a real idempotent provider would:
 * a repeated key is not delivered again, `calls` counts it. Returns the inbox row id.
 */
export async function storeInSandbox(
  db: Executor,
  action: OutboundAction,
  content: Record<string, unknown>,
  at: Date,
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into sandbox_messages (id, idempotency_key, channel, creditor_id, case_id, template, content, received_at)
        values (${randomUUID()}, ${action.idempotencyKey}, ${action.channel}, ${action.creditorId}, ${action.caseId},
                ${action.template}, ${JSON.stringify(content)}::jsonb, ${at.toISOString()}::timestamptz)
        on conflict (idempotency_key) do update set calls = sandbox_messages.calls + 1
        returning id`,
  );
  return row!.id;
}

/** The sandbox inbox row for a key, if the sandbox received it. */
export async function sandboxReceived(
  db: Executor,
  idempotencyKey: string,
): Promise<{ id: string; receivedAt: Date } | null> {
  const [row] = await db
    .select({ id: sandboxMessages.id, receivedAt: sandboxMessages.receivedAt })
    .from(sandboxMessages)
    .where(eq(sandboxMessages.idempotencyKey, idempotencyKey));
  return row ?? null;
}

/**
 * The embedded provider for demos, `relance run` and tests when no rendering is wanted: it accepts every
 * action and keeps its payload in the sandbox inbox.
 */
export function sandboxChannel(db: Db, provider: string, now: () => Date, concurrency = 8): Channel {
  return {
    provider,
    concurrency,
    async send(action: OutboundAction): Promise<SendResult> {
      const id = await storeInSandbox(
        db,
        action,
        { persona: action.persona, attempt: action.attempt, ...action.payload },
        now(),
      );
      return { status: "sent", provider, providerRef: id, outcome: "delivered" };
    },
    async status(idempotencyKey: string): Promise<ProviderStatus> {
      const got = await sandboxReceived(db, idempotencyKey);
      return got
        ? { status: "delivered", providerRef: got.id, outcome: "delivered", sentAt: got.receivedAt }
        : { status: "not_found" };
    },
  };
}
