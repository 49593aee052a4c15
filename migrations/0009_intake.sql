CREATE TABLE "debtor_match_keys" (
	"creditor_id" uuid NOT NULL,
	"key" text NOT NULL,
	"debtor_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"creditor_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"file_sha256" text,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text NOT NULL,
	"failure_reason" text,
	"rows" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"debtors_created" integer DEFAULT 0 NOT NULL,
	"debtors_merged" integer DEFAULT 0 NOT NULL,
	"report" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "intake_mappings" (
	"creditor_id" uuid NOT NULL,
	"format" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_mappings" ADD CONSTRAINT "intake_mappings_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "debtor_match_keys_creditor_key" ON "debtor_match_keys" USING btree ("creditor_id","key");--> statement-breakpoint
CREATE INDEX "imports_creditor_created_idx" ON "imports" USING btree ("creditor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_mappings_creditor_format_key" ON "intake_mappings" USING btree ("creditor_id","format");--> statement-breakpoint
CREATE INDEX "cases_debtor_idx" ON "cases" USING btree ("debtor_id");