CREATE UNIQUE INDEX "cases_id_creditor_key" ON "cases" USING btree ("id","creditor_id");--> statement-breakpoint
ALTER TABLE "timeline_events" DROP CONSTRAINT "timeline_events_creditor_id_creditors_id_fk";
--> statement-breakpoint
ALTER TABLE "timeline_events" DROP CONSTRAINT "timeline_events_case_id_cases_id_fk";
--> statement-breakpoint
ALTER TABLE "case_sequences" DROP CONSTRAINT "case_sequences_case_id_cases_id_fk";
--> statement-breakpoint
ALTER TABLE "case_sequences" DROP CONSTRAINT "case_sequences_creditor_id_creditors_id_fk";
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_creditor_id_creditors_id_fk";
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_case_id_cases_id_fk";
--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_case_creditor_fk" FOREIGN KEY ("case_id","creditor_id") REFERENCES "public"."cases"("id","creditor_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_sequences" ADD CONSTRAINT "case_sequences_case_creditor_fk" FOREIGN KEY ("case_id","creditor_id") REFERENCES "public"."cases"("id","creditor_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_case_creditor_fk" FOREIGN KEY ("case_id","creditor_id") REFERENCES "public"."cases"("id","creditor_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
