CREATE TABLE "remittance_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"execution_date" date NOT NULL,
	"transfer_count" integer NOT NULL,
	"total_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"trust_iban" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "remittance_runs_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
ALTER TABLE "remittances" ADD COLUMN "run_id" uuid;--> statement-breakpoint
ALTER TABLE "remittances" ADD COLUMN "creditor_iban" text;--> statement-breakpoint
ALTER TABLE "remittances" ADD COLUMN "creditor_bic" text;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_run_id_remittance_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."remittance_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_unremitted_idx" ON "payments" USING btree ("remittance_due_at") WHERE remittance_id is null;--> statement-breakpoint
CREATE INDEX "remittances_creditor_idx" ON "remittances" USING btree ("creditor_id","created_at");