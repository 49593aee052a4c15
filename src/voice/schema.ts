import { bigint, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cases, creditors } from "../cases/schema";
import { ts } from "../platform/db/columns";
import type { Goal, PersonaKey, Tone, ToolName } from "./personas/persona";

export interface PersonaLines {
  opening: string[];
  pitch: string;
  closing: string[];
  voicemail: string;
}

/** Voice personas per agency and locale; the shipped ones are seeded and may be edited. */
export const voicePersonas = pgTable(
  "voice_personas",
  {
    id: uuid("id").primaryKey(),
    /** The agency row (single-agency deployments use 1); kept so a shared database can host several. */
    agencyId: integer("agency_id").notNull().default(1),
    key: text("key").$type<PersonaKey>().notNull(),
    locale: text("locale").$type<"fr" | "en">().notNull(),
    name: text("name").notNull(),
    voice: text("voice").notNull(),
    tone: text("tone").$type<Tone>().notNull(),
    description: text("description").notNull().default(""),
    goals: jsonb("goals").$type<Goal[]>().notNull(),
    allowedTools: jsonb("allowed_tools").$type<ToolName[]>().notNull(),
    lines: jsonb("lines").$type<PersonaLines>().notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("voice_personas_agency_key_locale_key").on(t.agencyId, t.key, t.locale)],
);

export interface TranscriptEntry {
  /** Milliseconds since the call was answered. */
  atMs: number;
  speaker: "agent" | "debtor" | "system";
  text: string;
}

/** Cost of one call in micro-units of the currency (1 € = 1 000 000): token prices are below a cent. */
export interface CallCost {
  currency: string;
  telephonyMicros: number;
  sttMicros: number;
  ttsMicros: number;
  llmMicros: number;
  totalMicros: number;
  usage: {
    telephonySeconds: number;
    sttSeconds: number;
    ttsCharacters: number;
    llmPromptTokens: number;
    llmCompletionTokens: number;
  };
}

/** One call attempt: what happened, what was said, what it cost. */
export const voiceCalls = pgTable(
  "voice_calls",
  {
    id: uuid("id").primaryKey(),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    /** The outbox row's idempotency key: a retried send finds the call it already placed. */
    idempotencyKey: text("idempotency_key"),
    personaKey: text("persona_key").notNull(),
    locale: text("locale").notNull(),
    provider: text("provider").notNull(),
    providerRef: text("provider_ref"),
    status: text("status").$type<"queued" | "in_progress" | "completed" | "failed">().notNull(),
    outcome: text("outcome"),
    nonPaymentReason: text("non_payment_reason"),
    summary: text("summary"),
    flags: jsonb("flags").$type<string[]>().notNull().default([]),
    transcript: jsonb("transcript").$type<TranscriptEntry[]>().notNull().default([]),
    cost: jsonb("cost").$type<CallCost>(),
    startedAt: ts("started_at").notNull(),
    answeredAt: ts("answered_at"),
    endedAt: ts("ended_at"),
    durationMs: bigint("duration_ms", { mode: "number" }),
    /** The provider's recording (Twilio RecordingSid), when the agency records calls; null once purged. */
    recordingRef: text("recording_ref"),
    recordingDurationMs: bigint("recording_duration_ms", { mode: "number" }),
    recordedAt: ts("recorded_at"),
    recordingPurgedAt: ts("recording_purged_at"),
    /** The collector the call was handed to (cold transfer), while or after it was dialled. */
    transferredToUserId: uuid("transferred_to_user_id"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("voice_calls_idempotency_key").on(t.idempotencyKey),
    index("voice_calls_case_idx").on(t.caseId, t.startedAt),
    index("voice_calls_provider_ref_idx").on(t.provider, t.providerRef),
    index("voice_calls_recorded_idx").on(t.recordedAt),
  ],
);
