import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
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

export const MESSAGE_STATUSES = ["sending", "sent", "delivered", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * Every message a real or sandbox provider was asked to carry, keyed by the outbox idempotency key: what
 * was sent, to which contact point, the provider's reference and what the provider later reported
 * (delivery, bounce, open, click, cost). The dispatcher's reconciliation reads it after a crash.
 */
export const channelMessages = pgTable(
  "channel_messages",
  {
    id: uuid("id").primaryKey(),
    idempotencyKey: text("idempotency_key").notNull(),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    caseId: uuid("case_id").notNull(),
    channel: text("channel").notNull(),
    provider: text("provider").notNull(),
    providerRef: text("provider_ref"),
    contactPointId: uuid("contact_point_id"),
    template: text("template").notNull(),
    lang: text("lang").notNull(),
    status: text("status").$type<MessageStatus>().notNull(),
    /** Latest outcome reported for the message: delivered, not_delivered, opened, clicked. */
    outcome: text("outcome"),
    /** Links the message carries (email click tracking redirects to these by index). */
    links: jsonb("links").$type<string[]>().notNull().default([]),
    /** This message is the case's R124-4 first letter: its sending records the reference and date. */
    firstLetter: boolean("first_letter").notNull().default(false),
    segments: integer("segments"),
    costCents: integer("cost_cents"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(1),
    openedAt: timestamp("opened_at", { withTimezone: true, mode: "date" }),
    clickedAt: timestamp("clicked_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("channel_messages_key").on(t.idempotencyKey),
    index("channel_messages_provider_ref_idx").on(t.provider, t.providerRef),
    index("channel_messages_case_idx").on(t.caseId),
  ],
);
