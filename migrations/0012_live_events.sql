-- Live events: every committed timeline insert tells listeners which cases changed (ids and the event
-- type only, never personal data). NOTIFY inside a transaction is delivered at commit, and not at all
-- on rollback, so listeners never see a change that did not happen. One notification per case for
-- small statements; a bulk statement (imports, scheduler batches) sends one per creditor instead, so
-- a million-row import does not queue a million notifications.
CREATE OR REPLACE FUNCTION relance_live_timeline() RETURNS trigger AS $$
DECLARE
  r record;
BEGIN
  IF (SELECT count(DISTINCT case_id) FROM new_events) <= 20 THEN
    FOR r IN
      SELECT case_id, creditor_id,
             (array_agg(type ORDER BY visible_to_creditor DESC, at DESC))[1] AS kind,
             bool_or(visible_to_creditor) AS visible
      FROM new_events GROUP BY case_id, creditor_id
    LOOP
      PERFORM pg_notify('relance_live', json_build_object(
        'type', 'case.updated', 'caseId', r.case_id, 'creditorId', r.creditor_id,
        'kind', r.kind, 'creditorVisible', r.visible)::text);
    END LOOP;
  ELSE
    FOR r IN SELECT DISTINCT creditor_id FROM new_events LOOP
      PERFORM pg_notify('relance_live', json_build_object(
        'type', 'cases.changed', 'creditorId', r.creditor_id)::text);
    END LOOP;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER timeline_events_live
  AFTER INSERT ON timeline_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION relance_live_timeline();
