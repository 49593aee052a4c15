import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { caseOfCreditor } from "../cases/schema";
import { ts } from "../platform/db/columns";
import type { Scenario } from "./scenario";

/** Scenario versions: immutable once written; a change is a new version. */
export const scenarios = pgTable(
  "scenarios",
  {
    id: uuid("id").primaryKey(),
    key: text("key").notNull(),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<Scenario>().notNull(),
    /** Hash of the definition: re-seeding an unchanged default creates no new version. */
    contentHash: text("content_hash").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("scenarios_key_version_key").on(t.key, t.version)],
);

/** Where a case stands in its scenario. Owned by collection; the case row keeps next_action_at. */
export const caseSequences = pgTable(
  "case_sequences",
  {
    caseId: uuid("case_id").primaryKey(),
    creditorId: uuid("creditor_id").notNull(),
    scenarioId: uuid("scenario_id")
      .notNull()
      .references(() => scenarios.id),
    startedAt: ts("started_at").notNull(),
    completedAt: ts("completed_at"),
  },
  (t) => [caseOfCreditor("case_sequences", t)],
);

export const OUTBOX_STATES = [
  "pending",
  "sending",
  "sent",
  "delivered",
  "failed",
  "unknown",
  "cancelled",
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** One row per intended action. The idempotency key makes "plan twice" and "send twice" impossible. */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey(),
    creditorId: uuid("creditor_id").notNull(),
    caseId: uuid("case_id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    scenarioId: uuid("scenario_id"),
    stepId: text("step_id"),
    attempt: integer("attempt").notNull().default(1),
    channel: text("channel").notNull(),
    template: text("template").notNull(),
    persona: text("persona"),
    state: text("state").$type<OutboxState>().notNull().default("pending"),
    /** Latest outcome reported for the action (delivered, opened, no_answer, …); null while unknown. */
    outcome: text("outcome"),
    scheduledAt: ts("scheduled_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    leaseUntil: ts("lease_until"),
    provider: text("provider"),
    providerRef: text("provider_ref"),
    lastError: text("last_error"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
    sentAt: ts("sent_at"),
  },
  (t) => [
    uniqueIndex("outbox_idempotency_key").on(t.idempotencyKey),
    index("outbox_due_idx").on(t.scheduledAt).where(sql`state = 'pending'`),
    index("outbox_case_idx").on(t.caseId, t.createdAt),
    index("outbox_inflight_idx").on(t.leaseUntil).where(sql`state in ('sending', 'unknown')`),
    caseOfCreditor("outbox", t),
  ],
);
