CREATE TABLE "voice_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"creditor_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"idempotency_key" text,
	"persona_key" text NOT NULL,
	"locale" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"status" text NOT NULL,
	"outcome" text,
	"non_payment_reason" text,
	"summary" text,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"transcript" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cost" jsonb,
	"started_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_ms" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_personas" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agency_id" integer DEFAULT 1 NOT NULL,
	"key" text NOT NULL,
	"locale" text NOT NULL,
	"name" text NOT NULL,
	"voice" text NOT NULL,
	"tone" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"goals" jsonb NOT NULL,
	"allowed_tools" jsonb NOT NULL,
	"lines" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "voice_calls" ADD CONSTRAINT "voice_calls_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_calls" ADD CONSTRAINT "voice_calls_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "voice_calls_idempotency_key" ON "voice_calls" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "voice_calls_case_idx" ON "voice_calls" USING btree ("case_id","started_at");--> statement-breakpoint
CREATE INDEX "voice_calls_provider_ref_idx" ON "voice_calls" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "voice_personas_agency_key_locale_key" ON "voice_personas" USING btree ("agency_id","key","locale");