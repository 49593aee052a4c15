ALTER TABLE "remittances" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "remittances" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "remittances" ADD COLUMN "executed_on" date;--> statement-breakpoint
ALTER TABLE "remittances" ADD COLUMN "rejected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "remittances" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
CREATE INDEX "remittances_run_idx" ON "remittances" USING btree ("run_id");