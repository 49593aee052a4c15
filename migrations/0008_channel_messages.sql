CREATE TABLE "channel_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"creditor_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"contact_point_id" uuid,
	"template" text NOT NULL,
	"lang" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"first_letter" boolean DEFAULT false NOT NULL,
	"segments" integer,
	"cost_cents" integer,
	"error" text,
	"attempts" integer DEFAULT 1 NOT NULL,
	"opened_at" timestamp with time zone,
	"clicked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_messages" ADD CONSTRAINT "channel_messages_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_messages_key" ON "channel_messages" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "channel_messages_provider_ref_idx" ON "channel_messages" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE INDEX "channel_messages_case_idx" ON "channel_messages" USING btree ("case_id");