CREATE TABLE "credit_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"creditor_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"claim_id" uuid NOT NULL,
	"dispute_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"claim_before_cents" bigint NOT NULL,
	"claim_after_cents" bigint NOT NULL,
	"balance_after_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"document_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_case_creditor_fk" FOREIGN KEY ("case_id","creditor_id") REFERENCES "public"."cases"("id","creditor_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notes_number_key" ON "credit_notes" USING btree ("creditor_id","year","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notes_dispute_key" ON "credit_notes" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "credit_notes_case_idx" ON "credit_notes" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "creditor_notifications_case_idx" ON "creditor_notifications" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_case_idx" ON "ledger_entries" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("event_id");