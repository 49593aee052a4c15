import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Channel, OutboundAction, ProviderStatus, SendResult } from "../collection/channel";
import type { Db } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import { sandboxMessages } from "./schema";

/**
 * The embedded provider for demos, `relance run` and tests: it accepts every action and keeps it in the
 * sandbox inbox. It honours idempotency keys the way real providers do.
 */
export function sandboxChannel(db: Db, provider: string, now: () => Date, concurrency = 8): Channel {
  return {
    provider,
    concurrency,
    async send(action: OutboundAction): Promise<SendResult> {
      const [row] = await queryRows<{ id: string }>(
        db,
        sql`insert into sandbox_messages (id, idempotency_key, channel, creditor_id, case_id, template, content, received_at)
            values (${randomUUID()}, ${action.idempotencyKey}, ${action.channel}, ${action.creditorId}, ${action.caseId},
                    ${action.template}, ${JSON.stringify({ persona: action.persona, attempt: action.attempt, ...action.payload })}::jsonb,
                    ${now().toISOString()}::timestamptz)
            on conflict (idempotency_key) do update set calls = sandbox_messages.calls + 1
            returning id`,
      );
      return { status: "sent", provider, providerRef: row!.id, outcome: "delivered" };
    },
    async status(idempotencyKey: string): Promise<ProviderStatus> {
      const [row] = await db
        .select()
        .from(sandboxMessages)
        .where(eq(sandboxMessages.idempotencyKey, idempotencyKey));
      return row
        ? { status: "delivered", providerRef: row.id, outcome: "delivered" }
        : { status: "not_found" };
    },
  };
}
