-- Timeline events are append-only: an event once written is evidence and never changes.
CREATE OR REPLACE FUNCTION relance_forbid_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'timeline_events is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER timeline_events_append_only
  BEFORE UPDATE OR DELETE ON timeline_events
  FOR EACH ROW EXECUTE FUNCTION relance_forbid_change();
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS case_reference_seq START 1;
--> statement-breakpoint
ALTER TABLE cases ADD CONSTRAINT cases_balance_nonnegative CHECK (balance_cents >= 0);
--> statement-breakpoint
ALTER TABLE claims ADD CONSTRAINT claims_principal_positive CHECK (principal_cents > 0);
--> statement-breakpoint
ALTER TABLE users ADD CONSTRAINT users_creditor_role CHECK (
  (role IN ('creditor_admin', 'creditor_viewer') AND creditor_id IS NOT NULL)
  OR (role IN ('admin', 'manager', 'agent') AND creditor_id IS NULL)
);
