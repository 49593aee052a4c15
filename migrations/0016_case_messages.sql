CREATE TABLE "case_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"creditor_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"author_user_id" uuid,
	"author_side" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_by_agency_at" timestamp with time zone,
	"read_by_creditor_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "case_messages" ADD CONSTRAINT "case_messages_case_creditor_fk" FOREIGN KEY ("case_id","creditor_id") REFERENCES "public"."cases"("id","creditor_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_messages_case_idx" ON "case_messages" USING btree ("case_id","created_at");