ALTER TABLE "agency" ADD COLUMN "record_calls" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "voice_calls" ADD COLUMN "recording_ref" text;--> statement-breakpoint
ALTER TABLE "voice_calls" ADD COLUMN "recording_duration_ms" bigint;--> statement-breakpoint
ALTER TABLE "voice_calls" ADD COLUMN "recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "voice_calls" ADD COLUMN "recording_purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "available_for_transfers" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "voice_calls_recorded_idx" ON "voice_calls" USING btree ("recorded_at");