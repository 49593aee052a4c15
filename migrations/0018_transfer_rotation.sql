ALTER TABLE "voice_calls" ADD COLUMN "transferred_to_user_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_transfer_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "transfer_busy_until" timestamp with time zone;