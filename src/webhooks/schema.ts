import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { creditors } from "../cases/schema";
import { ts } from "../platform/db/columns";

const creditorRef = () =>
  uuid("creditor_id")
    .notNull()
    .references(() => creditors.id);

/** Where a creditor wants to hear of its cases' events (R124-5). The signing secret is kept sealed. */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** AES-256-GCM under a key derived from RELANCE_SECRET: shown once in clear, needed to sign. */
    secretSealed: text("secret_sealed").notNull(),
    eventTypes: jsonb("event_types").$type<string[]>().notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
    deletedAt: ts("deleted_at"),
  },
  (t) => [index("webhook_endpoints_creditor_idx").on(t.creditorId)],
);

export const WEBHOOK_DELIVERY_STATES = ["pending", "sending", "delivered", "dead"] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

/** One row per event × endpoint; the idempotency key makes a second fan-out of the same event a no-op. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    eventId: uuid("event_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    state: text("state").$type<WebhookDeliveryState>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** A test delivery is tried once and never retried. */
    maxAttempts: integer("max_attempts").notNull(),
    nextAttemptAt: ts("next_attempt_at").notNull(),
    leaseUntil: ts("lease_until"),
    lastStatus: integer("last_status"),
    lastDurationMs: integer("last_duration_ms"),
    lastError: text("last_error"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
    deliveredAt: ts("delivered_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_key").on(t.idempotencyKey),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`state = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
    // The case page shows what became of each notice's deliveries.
    index("webhook_deliveries_event_idx").on(t.eventId),
  ],
);

/** Each try: when, the HTTP status and how long it took. Never the request or response body. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: uuid("id").primaryKey(),
    creditorId: creditorRef(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: integer("attempt").notNull(),
    at: ts("at").notNull(),
    status: integer("status"),
    durationMs: integer("duration_ms").notNull(),
    error: text("error"),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId)],
);
