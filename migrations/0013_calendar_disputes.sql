CREATE TABLE "agent_absences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_calendars" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"week" jsonb NOT NULL,
	"slot_minutes" integer DEFAULT 15 NOT NULL,
	"bookable" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"creditor_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"booked_by" text NOT NULL,
	"status" text NOT NULL,
	"phone" text,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "appointments_time_order" CHECK (ends_at > starts_at)
);
--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "answer" jsonb;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agent_absences" ADD CONSTRAINT "agent_absences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_calendars" ADD CONSTRAINT "agent_calendars_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_absences_user_idx" ON "agent_absences" USING btree ("user_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_agent_start_key" ON "appointments" USING btree ("agent_id","starts_at") WHERE status <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_case_booked_key" ON "appointments" USING btree ("case_id") WHERE status = 'booked';--> statement-breakpoint
CREATE INDEX "appointments_agent_time_idx" ON "appointments" USING btree ("agent_id","starts_at");