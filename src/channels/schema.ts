import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { creditors } from "../cases/schema";

/**
 * What the sandbox providers received: the demo inbox, and the proof in tests that nothing was delivered
 * twice. Like a real idempotent provider, a repeated key is not delivered again; `calls` counts them.
 */
export const sandboxMessages = pgTable(
  "sandbox_messages",
  {
    id: uuid("id").primaryKey(),
    idempotencyKey: text("idempotency_key").notNull(),
    channel: text("channel").notNull(),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    caseId: uuid("case_id").notNull(),
    template: text("template").notNull(),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    calls: integer("calls").notNull().default(1),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("sandbox_messages_key").on(t.idempotencyKey),
    index("sandbox_messages_case_idx").on(t.caseId),
  ],
);
