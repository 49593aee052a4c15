ALTER TABLE "disputes" ADD COLUMN "answer" jsonb;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "answered_at" timestamp with time zone;